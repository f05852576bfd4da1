using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>Every SCP level from the root to the source's account allows the actions and none denies.</summary>
    internal sealed class ServiceControlPolicyCheck : OrganizationPolicyRule
    {
        public override CheckName Name => CheckName.ServiceControlPolicy;
        protected override PolicyLayer Layer => PolicyLayer.ServiceControlPolicy;
        protected override string Kind => "service control policy";
        protected override OrganizationSideFacts Side(PathFacts f) => f.ServiceControlPolicies;
        protected override string PassSummary(string account) => $"Every SCP level from the root to account {account} allows the request and none denies it.";
    }
}
