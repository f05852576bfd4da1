using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Roles as resources" (IAM User Guide, How IAM roles differ from resource-based policies;
    /// Granting a user permissions to pass a role): a role's trust policy governs only assuming the role. Any other action
    /// on a role (iam:PassRole, iam:GetRole ...) is decided by the caller's identity-based policies, so it never reaches a
    /// role in another account.
    /// </summary>
    public class RoleActionTests
    {
        private const string ForeignRole = "arn:aws:iam::444455556666:role/Deploy";

        [Fact]
        public void PassRole_OnARoleInAnotherAccount_IsNeverAllowed()
        {
            var r = Run(UserBob, resource: ForeignRole, action: "iam:PassRole", identity: Allow("iam:PassRole"), trust: Trust(A, action: "*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Contains("another account", r[PolicyLayer.ResourcePolicy]!.Note);
        }

        [Fact]
        public void GetRole_OnARoleInAnotherAccount_IsImplicitlyDenied()
        {
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: ForeignRole, action: "iam:GetRole", identity: Allow("iam:*")).Decision);
        }

        [Fact]
        public void PassRole_InTheSameAccount_IsDecidedByIdentityPolicies_NotByTheTrustPolicy()
        {
            string denyingTrust = Trust("{\"AWS\":\"*\"}", effect: "Deny", action: "*");
            var r = Run(UserBob, resource: RoleTarget, action: "iam:PassRole", identity: Allow("iam:PassRole"), trust: denyingTrust);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.ResourcePolicy));
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: RoleTarget, action: "iam:PassRole", trust: Trust(UserBob, action: "*")).Decision);
        }

        [Fact]
        public void AssumeRole_IsStillGovernedByTheTrustPolicy()
        {
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, identity: FullAccess, trust: Trust("{\"AWS\":\"*\"}", effect: "Deny", action: "*")).Decision);
        }
    }
}
