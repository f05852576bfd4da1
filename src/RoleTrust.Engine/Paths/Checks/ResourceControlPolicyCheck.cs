using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>No RCP on the path to the role's account denies (RCPFullAWSAccess allows the rest).</summary>
    internal sealed class ResourceControlPolicyCheck : OrganizationPolicyRule
    {
        public override CheckName Name => CheckName.ResourceControlPolicy;
        protected override PolicyLayer Layer => PolicyLayer.ResourceControlPolicy;
        protected override string Kind => "resource control policy";
        protected override OrganizationSideFacts Side(PathFacts f) => f.ResourceControlPolicies;
        protected override string PassSummary(string account) => $"No RCP on the path to account {account} denies the request (RCPFullAWSAccess allows the rest).";
    }
}
