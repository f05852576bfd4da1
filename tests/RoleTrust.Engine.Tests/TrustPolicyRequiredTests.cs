using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B2.5: a role's trust policy must always allow; a case without one is never Allowed.</summary>
    public class TrustPolicyRequiredTests
    {
        [Fact]
        public void AssumeRole_WithoutTrustPolicy_IsImplicitlyDeniedByTheTrustLayer()
        {
            var d = Decide($@"{{""principal"":""{UserBob}"",""resource"":""{RoleTarget}"",""identityPolicies"":[{Allow()}]}}");
            Assert.Equal("ImplicitlyDenied", d.Decision);
            Assert.Equal("ResourcePolicy", d.DecidingLayer);
            Assert.EndsWith("because no role trust policy allows the sts:AssumeRole action", d.ErrorText);
        }

        [Fact]
        public void OtherActionOnRole_WithoutResourcePolicy_NeedsOnlyTheIdentityAllow()
        {
            var d = Decide($@"{{""principal"":""{UserBob}"",""action"":""iam:GetRole"",""resource"":""{RoleTarget}"",""identityPolicies"":[{Allow("iam:GetRole")}]}}");
            Assert.Equal("Allowed", d.Decision);
        }

        [Fact]
        public void TagSession_WithoutTrustPolicy_IsImplicitlyDenied()
        {
            var d = Decide($@"{{""principal"":""{UserBob}"",""action"":""sts:TagSession"",""resource"":""{RoleTarget}"",""identityPolicies"":[{Allow("sts:*")}]}}");
            Assert.Equal("ImplicitlyDenied", d.Decision);
        }
    }
}
