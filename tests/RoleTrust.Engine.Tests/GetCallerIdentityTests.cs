using System.Linq;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "sts:GetCallerIdentity" (AWS STS API Reference, GetCallerIdentity): the call needs no
    /// permission and an explicit deny does not stop it.
    /// </summary>
    public class GetCallerIdentityTests
    {
        private const string Action = "sts:GetCallerIdentity";

        [Fact]
        public void NeedsNoPolicyAtAll()
        {
            var r = Run(UserBob, resource: "*", action: Action);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Null(r.ErrorText);
        }

        [Fact]
        public void IdentityPolicyDeny_CannotDenyIt()
        {
            var r = Run(UserBob, resource: "*", action: Action, identity: Deny("sts:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Empty(r.Denying);
            Assert.Equal(LayerOutcome.Exempt, r.OutcomeOf(PolicyLayer.IdentityPolicy));
        }

        [Fact]
        public void SessionPolicyDeny_CannotDenyIt()
        {
            var r = Run(SessionCaller, resource: "*", action: Action, identity: FullAccess, session: Deny("*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void BoundaryDeny_AndBoundaryWithoutAllow_CannotDenyIt()
        {
            Assert.Equal(Decision.Allowed, Run(RoleCaller, resource: "*", action: Action, identity: FullAccess, boundary: Deny("*")).Decision);
            Assert.Equal(Decision.Allowed, Run(RoleCaller, resource: "*", action: Action, identity: FullAccess, boundary: Allow("s3:*")).Decision);
        }

        [Fact]
        public void ScpAndRcpDenies_CannotDenyIt()
        {
            string rcp = ResourcePolicy("\"*\"", "*", effect: "Deny");
            var r = Run(UserBob, resource: "*", action: Action, scps: "[[" + Deny("*") + "]]", rcps: "[[" + rcp + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.All(r.Layers, l => Assert.Equal(LayerOutcome.Exempt, l.Outcome));
        }

        [Fact]
        public void AnonymousCaller_HasNoIdentityToReturn_AndIsNotExempt()
        {
            Assert.Equal(Decision.ImplicitlyDenied, Run("*", resource: "*", action: Action).Decision);
        }

        [Fact]
        public void OtherStsActions_AreNotExempt()
        {
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, resource: "*", action: "sts:GetSessionToken", identity: "[" + FullAccess + "," + Deny("sts:*") + "]").Decision);
        }
    }
}
