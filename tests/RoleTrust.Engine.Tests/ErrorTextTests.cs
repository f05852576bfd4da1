using RoleTrust.Engine.Evaluation;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue section A: the exact AccessDenied texts.</summary>
    public class ErrorTextTests
    {
        private const string Head = "User: arn:aws:iam::111122223333:user/Bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Target ";

        [Theory]
        [InlineData(PolicyLayer.IdentityPolicy, "because no identity-based policy allows the sts:AssumeRole action")]
        [InlineData(PolicyLayer.PermissionsBoundary, "because no permissions boundary allows the sts:AssumeRole action")]
        [InlineData(PolicyLayer.SessionPolicy, "because no session policy allows the sts:AssumeRole action")]
        [InlineData(PolicyLayer.ServiceControlPolicy, "because no service control policy allows the sts:AssumeRole action")]
        [InlineData(PolicyLayer.VpcEndpointPolicy, "because no VPC endpoint policy allows the sts:AssumeRole action")]
        public void ImplicitDenyPhrases(PolicyLayer layer, string tail)
        {
            Assert.Equal(Head + tail, ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, layer, false, roleTrust: true));
        }

        [Fact]
        public void ImplicitDeny_RoleTrust_And_GenericResourcePolicy()
        {
            Assert.Equal(Head + "because no role trust policy allows the sts:AssumeRole action",
                ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, PolicyLayer.ResourcePolicy, false, roleTrust: true));
            Assert.EndsWith("because no resource-based policy allows the s3:GetObject action",
                ErrorTexts.AccessDenied(UserBob, "s3:GetObject", "arn:aws:s3:::b/k", PolicyLayer.ResourcePolicy, false, roleTrust: false));
        }

        [Theory]
        [InlineData(PolicyLayer.IdentityPolicy, "with an explicit deny in an identity-based policy")]
        [InlineData(PolicyLayer.PermissionsBoundary, "with an explicit deny in a permissions boundary")]
        [InlineData(PolicyLayer.SessionPolicy, "with an explicit deny in a session policy")]
        [InlineData(PolicyLayer.ServiceControlPolicy, "with an explicit deny in a service control policy")]
        [InlineData(PolicyLayer.ResourceControlPolicy, "with an explicit deny in a resource control policy")]
        [InlineData(PolicyLayer.VpcEndpointPolicy, "with an explicit deny in a VPC endpoint policy")]
        public void ExplicitDenyPhrases(PolicyLayer layer, string tail)
        {
            Assert.Equal(Head + tail, ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, layer, true, roleTrust: true));
        }

        [Fact]
        public void ExplicitDeny_RoleTrust_And_GenericResourcePolicy()
        {
            Assert.Equal(Head + "with an explicit deny in the role trust policy",
                ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, PolicyLayer.ResourcePolicy, true, roleTrust: true));
            Assert.EndsWith("with an explicit deny in a resource-based policy",
                ErrorTexts.AccessDenied(UserBob, "s3:GetObject", "arn:aws:s3:::b/k", PolicyLayer.ResourcePolicy, true, roleTrust: false));
        }

        [Fact]
        public void ExplicitDeny_AppendsPolicyArn()
        {
            const string arn = "arn:aws:organizations::999999999999:policy/o-exampleorgid/service_control_policy/p-12345678";
            Assert.Equal(Head + "with an explicit deny in a service control policy: " + arn,
                ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, PolicyLayer.ServiceControlPolicy, true, true, arn));
        }

        [Fact]
        public void ImplicitDeny_NeverAppendsPolicyArn()
        {
            Assert.DoesNotContain("arn:aws:iam::aws:policy", ErrorTexts.AccessDenied(UserBob, "sts:AssumeRole", RoleTarget, PolicyLayer.IdentityPolicy, false, true, "arn:aws:iam::aws:policy/X"));
        }

        [Fact]
        public void NonAuthorizationMessages_AreVerbatim()
        {
            Assert.Equal("Roles may not be assumed by root accounts.", ErrorTexts.RootCannotAssume);
            Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", ErrorTexts.DurationExceedsMax);
            Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", ErrorTexts.DurationExceedsChaining);
            Assert.Equal("Invalid information in one or more fields. Check your information or contact your administrator.", ErrorTexts.ConsoleInvalidInformation);
        }

        [Fact]
        public void ValidationMessages_FollowAwsPattern()
        {
            Assert.Equal("1 validation error detected: Value 'team/alice' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                ErrorTexts.ValidationPattern("team/alice", "roleSessionName", "[\\w+=,.@-]*"));
            Assert.EndsWith("Member must have length less than or equal to 64",
                ErrorTexts.ValidationLength(new string('a', 65), "roleSessionName", 2, 64));
            Assert.EndsWith("Member must have length greater than or equal to 2",
                ErrorTexts.ValidationLength("a", "roleSessionName", 2, 64));
        }

        // ---- Through the evaluator
        [Fact]
        public void Evaluator_IdentityImplicit_Text()
        {
            Assert.Equal(Head + "because no identity-based policy allows the sts:AssumeRole action", Run(UserBob, trust: Trust(A)).ErrorText);
        }

        [Fact]
        public void Evaluator_TrustImplicit_Text()
        {
            Assert.Equal(Head + "because no role trust policy allows the sts:AssumeRole action", Run(UserBob, trust: Trust("arn:aws:iam::111122223333:user/Other"), identity: FullAccess).ErrorText);
        }

        [Fact]
        public void Evaluator_TrustExplicit_Text_HasNoPolicyArn()
        {
            Assert.Equal(Head + "with an explicit deny in the role trust policy", Run(UserBob, trust: Trust(UserBob, effect: "Deny"), identity: FullAccess).ErrorText);
        }

        [Fact]
        public void Evaluator_ScpExplicit_Text_CarriesPolicyArn()
        {
            const string arn = "arn:aws:organizations::999999999999:policy/o-exampleorgid/service_control_policy/p-deny";
            string scps = "[[" + FullAccess + ",{\"PolicyName\":\"DenyAssume\",\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + Deny() + "}]]";
            Assert.Equal(Head + "with an explicit deny in a service control policy: " + arn, Run(UserBob, trust: Trust(UserBob), scps: scps).ErrorText);
        }

        [Fact]
        public void Evaluator_BoundaryImplicit_Text()
        {
            Assert.Equal(Head + "because no permissions boundary allows the sts:AssumeRole action",
                Run(UserBob, trust: Trust(A), identity: FullAccess, boundary: Allow("s3:*")).ErrorText);
        }

        [Fact]
        public void Evaluator_SessionImplicit_Text_UsesSessionArn()
        {
            Assert.Equal("User: " + SessionCaller + " is not authorized to perform: sts:AssumeRole on resource: " + RoleTarget + " because no session policy allows the sts:AssumeRole action",
                Run(SessionCaller, trust: Trust(RoleCaller), identity: FullAccess, session: Allow("s3:*")).ErrorText);
        }

        [Fact]
        public void Evaluator_RcpExplicit_Text()
        {
            string rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
            Assert.Equal(Head + "with an explicit deny in a resource control policy", Run(UserBob, trust: Trust(UserBob), rcps: "[[" + rcp + "]]").ErrorText);
        }

        [Fact]
        public void Evaluator_VpceImplicit_Text()
        {
            string vpce = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
            Assert.Equal(Head + "because no VPC endpoint policy allows the sts:AssumeRole action", Run(UserBob, trust: Trust(UserBob), vpce: vpce).ErrorText);
        }

        [Fact]
        public void Evaluator_IdentityExplicit_Text_CarriesManagedPolicyArn()
        {
            const string arn = "arn:aws:iam::111122223333:policy/NoAssume";
            string identity = "[{\"PolicyName\":\"NoAssume\",\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + Deny() + "}]";
            Assert.Equal(Head + "with an explicit deny in an identity-based policy: " + arn, Run(UserBob, trust: Trust(UserBob), identity: identity).ErrorText);
        }

        [Theory]
        [InlineData("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "Federated")]
        [InlineData("sts:AssumeRoleWithSAML", "arn:aws:iam::111122223333:saml-provider/Corp", "Federated")]
        public void FederatedAssumeDenials_NameNoLayer(string action, string provider, string type)
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"" + type + "\":\"" + provider + "\"},\"Action\":\"" + action + "\",\"Condition\":{\"StringEquals\":{\"x:aud\":\"expected\"}}}]}";
            var d = Decide("{\"principal\":\"" + provider + "\",\"action\":\"" + action + "\",\"resource\":\"" + RoleTarget + "\",\"trustPolicy\":" + trust + "}");
            Assert.Equal("ImplicitlyDenied", d.Decision);
            Assert.Equal("Not authorized to perform " + action, d.ErrorText);
        }
    }
}
