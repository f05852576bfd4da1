using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Service control policies" and "Resource control policies" (AWS Organizations User Guide,
    /// SCPs and RCPs; IAM User Guide, policy evaluation logic): whom and what the organization's policies reach.
    /// </summary>
    public class OrganizationPolicyScopeTests
    {
        private const string Mgmt = "999999999999";
        private static readonly string DenyAll = "[[" + FullAccess + "," + Deny("*") + "]]";
        private static string Rcp(string action, string? condition = null) => "[[" + ResourcePolicy("\"*\"", action, effect: "Deny", condition: condition) + "]]";

        [Fact]
        public void Scp_DoesNotAffectPrincipalsOfTheManagementAccount()
        {
            const string admin = "arn:aws:iam::999999999999:user/Admin";
            var r = Run(admin, resource: "arn:aws:iam::999999999999:role/Target", trust: Trust(admin), scps: DenyAll, managementAccount: Mgmt);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Exempt, r.OutcomeOf(PolicyLayer.ServiceControlPolicy));
        }

        [Fact]
        public void Scp_AffectsMemberAccountPrincipals_WhenTheManagementAccountIsAnother()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: DenyAll, managementAccount: Mgmt);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ServiceControlPolicy, r.DecidingLayer);
        }

        [Fact]
        public void Scp_AffectsTheRootUserOfAMemberAccount_ButNotOfTheManagementAccount()
        {
            Assert.Equal(Decision.ExplicitlyDenied, Run("arn:aws:iam::111122223333:root", resource: "arn:aws:iam::111122223333:user/Bob", action: "iam:GetUser", scps: DenyAll, managementAccount: Mgmt).Decision);
            Assert.Equal(Decision.Allowed, Run("arn:aws:iam::999999999999:root", resource: "arn:aws:iam::999999999999:user/Bob", action: "iam:GetUser", scps: DenyAll, managementAccount: Mgmt).Decision);
        }

        [Fact]
        public void Scp_DoesNotAffectServicePrincipals()
        {
            var r = Run("ec2.amazonaws.com", trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"), scps: DenyAll);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotPresent, r.OutcomeOf(PolicyLayer.ServiceControlPolicy));
        }

        [Fact]
        public void Scp_DoesNotAffectWebIdentityCallers_WhoAreNoIamPrincipals()
        {
            const string provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
            string trust = Trust("{\"Federated\":\"" + provider + "\"}", action: "sts:AssumeRoleWithWebIdentity");
            var r = Run(provider, action: "sts:AssumeRoleWithWebIdentity", trust: trust, scps: DenyAll);
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void Rcp_DoesNotAffectResourcesOfTheManagementAccount()
        {
            const string mgmtRole = "arn:aws:iam::999999999999:role/Target";
            var r = Run(UserBob, resource: mgmtRole, trust: Trust(A), identity: Allow(), rcps: Rcp("sts:AssumeRole"), managementAccount: Mgmt);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Exempt, r.OutcomeOf(PolicyLayer.ResourceControlPolicy));
        }

        [Fact]
        public void Rcp_AffectsResourcesOfMemberAccounts()
        {
            var r = Run(UserBob, trust: Trust(UserBob), rcps: Rcp("sts:AssumeRole"), managementAccount: Mgmt);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourceControlPolicy, r.DecidingLayer);
        }

        [Fact]
        public void Rcp_AppliesOnlyToTheServicesThatSupportIt()
        {
            var ec2 = Run(UserBob, resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", action: "ec2:TerminateInstances", identity: Allow("ec2:*"), rcps: Rcp("*"));
            Assert.Equal(Decision.Allowed, ec2.Decision);
            Assert.Equal(LayerOutcome.Exempt, ec2.OutcomeOf(PolicyLayer.ResourceControlPolicy));
            var s3 = Run(UserBob, resource: "arn:aws:s3:::bucket/key", action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), rcps: Rcp("*"));
            Assert.Equal(Decision.ExplicitlyDenied, s3.Decision);
        }

        [Fact]
        public void Rcp_AppliesToCallersOutsideTheOrganization()
        {
            string perimeter = Rcp("sts:AssumeRole", "{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-exampleorgid\"}}");
            var outsider = Run(ExtUser, trust: Trust(B), identity: Allow(resource: RoleTarget), rcps: perimeter, context: "{\"aws:PrincipalOrgID\":\"o-otherorgid\"}");
            Assert.Equal(Decision.ExplicitlyDenied, outsider.Decision);
            var insider = Run(ExtUser, trust: Trust(B), identity: Allow(resource: RoleTarget), rcps: perimeter, context: "{\"aws:PrincipalOrgID\":\"o-exampleorgid\"}");
            Assert.Equal(Decision.Allowed, insider.Decision);
        }

        [Fact]
        public void Rcp_AppliesToServicePrincipals()
        {
            var r = Run("ec2.amazonaws.com", trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"), rcps: Rcp("sts:AssumeRole"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }
    }
}
