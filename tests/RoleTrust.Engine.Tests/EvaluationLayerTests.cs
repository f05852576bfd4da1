using System.Linq;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B2: decision order and the gates of each layer.</summary>
    public class EvaluationLayerTests
    {
        private const string SlRole = "arn:aws:iam::111122223333:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM";

        // ---------- Explicit deny anywhere
        [Fact]
        public void ExplicitDeny_InIdentityPolicy_BeatsDirectTrust()
        {
            var r = Run(UserBob, trust: Trust(UserBob), identity: "[" + FullAccess + "," + Deny() + "]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        [Fact]
        public void ExplicitDeny_InTrustPolicy_BeatsAllow()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:*\"}]}";
            var r = Run(UserBob, trust: trust, identity: FullAccess);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Single(r.Denying);
            Assert.Equal(1, r.Denying[0].Index);
        }

        [Fact]
        public void ExplicitDeny_InBoundary_EvenWhenBoundaryWaived()
        {
            var r = Run(UserBob, trust: Trust(UserBob), boundary: Deny());
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void ExplicitDeny_InSessionPolicy_EvenWhenSessionNamedDirectly()
        {
            var r = Run(SessionCaller, trust: Trust(SessionCaller), session: Deny());
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
        }

        [Fact]
        public void ExplicitDeny_BeatsImplicitDenyElsewhere_ForNaming()
        {
            // SCP implicitly denies (no allow at one level), the trust explicitly denies: the result is explicit.
            var r = Run(UserBob, trust: Trust(UserBob, effect: "Deny"), scps: "[[" + Allow("s3:*") + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        // ---------- SCP
        [Fact]
        public void Scp_EveryLevelAllows_IsAllowed()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: "[[" + FullAccess + "],[" + FullAccess + "],[" + Allow("sts:*") + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.ServiceControlPolicy));
        }

        [Fact]
        public void Scp_OneLevelWithoutAllow_ImplicitlyDenies_AndNamesTheLevel()
        {
            string scps = "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]},{\"id\":\"ou-mid\",\"policies\":[" + Allow("s3:*") + "]},{\"id\":\"111122223333\",\"policies\":[" + FullAccess + "]}]";
            var r = Run(UserBob, trust: Trust(UserBob), scps: scps);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ServiceControlPolicy, r.DecidingLayer);
            Assert.Contains("ou-mid", r[PolicyLayer.ServiceControlPolicy]!.Note);
        }

        [Fact]
        public void Scp_AllowAtEveryLevelButAccount_ImplicitlyDenies()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: "[[" + FullAccess + "],[" + FullAccess + "],[" + Allow("ec2:*") + "]]");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        }

        [Fact]
        public void Scp_DenyAtAnyLevel_ExplicitlyDenies()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: "[[" + FullAccess + "],[" + FullAccess + "," + Deny("sts:AssumeRole") + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ServiceControlPolicy, r.DecidingLayer);
        }

        [Fact]
        public void Scp_AppliesToRootUserOfMemberAccount()
        {
            var r = Run("arn:aws:iam::111122223333:root", resource: "arn:aws:s3:::bucket", action: "s3:GetObject",
                scps: "[[" + FullAccess + "," + Deny("s3:*") + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }

        [Fact]
        public void Scp_ConditionsInAllow_AreEvaluated()
        {
            string scp = Allow("*", condition: "{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}");
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, trust: Trust(UserBob), scps: "[[" + scp + "]]", context: "{\"aws:RequestedRegion\":\"us-east-1\"}").Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: Trust(UserBob), scps: "[[" + scp + "]]", context: "{\"aws:RequestedRegion\":\"eu-west-1\"}").Decision);
        }

        // ---------- RCP
        [Fact]
        public void Rcp_WithoutAllowStatements_DoesNotImplicitlyDeny()
        {
            // RCPFullAWSAccess is implied, so an RCP holding only an unrelated Deny allows.
            string rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
            var r = Run(UserBob, trust: Trust(UserBob), rcps: "[[" + rcp + "],[" + rcp + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.ResourceControlPolicy));
        }

        [Fact]
        public void Rcp_MatchingDeny_ExplicitlyDenies()
        {
            string rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
            var r = Run(UserBob, trust: Trust(UserBob), rcps: "[[" + rcp + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourceControlPolicy, r.DecidingLayer);
        }

        [Fact]
        public void Rcp_AppliesToRootUser()
        {
            string rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
            var r = Run("arn:aws:iam::111122223333:root", resource: "arn:aws:s3:::bucket", action: "s3:GetObject", rcps: "[[" + rcp + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }

        // ---------- VPC endpoint
        [Fact]
        public void VpcEndpoint_NotAllowing_ImplicitlyDenies()
        {
            var r = Run(UserBob, trust: Trust(UserBob), vpce: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:GetCallerIdentity\",\"Resource\":\"*\"}]}");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.VpcEndpointPolicy, r.DecidingLayer);
        }

        [Fact]
        public void VpcEndpoint_Allowing_Passes_AndDenyDenies()
        {
            string allow = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: Trust(UserBob), vpce: allow).Decision);
            string deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
            var r = Run(UserBob, trust: Trust(UserBob), vpce: deny);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.VpcEndpointPolicy, r.DecidingLayer);
        }

        [Fact]
        public void VpcEndpoint_Absent_IsNotALayer()
        {
            Assert.Equal(LayerOutcome.NotPresent, Run(UserBob, trust: Trust(UserBob)).OutcomeOf(PolicyLayer.VpcEndpointPolicy));
        }

        // ---------- Trust must allow
        [Fact]
        public void Trust_MustAllow_EvenSameAccountWithIdentityAllow()
        {
            var r = Run(UserBob, trust: Trust("arn:aws:iam::111122223333:user/Other"), identity: FullAccess);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void Trust_WithWrongAction_DoesNotAllow()
        {
            var r = Run(UserBob, trust: Trust(UserBob, action: "sts:AssumeRoleWithWebIdentity"), identity: FullAccess);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void Trust_ServicePrincipalOnly_DeniesIamCallers()
        {
            var r = Run(UserBob, trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"), identity: FullAccess);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void Trust_ServicePrincipal_AllowsThatService()
        {
            var r = Run("ec2.amazonaws.com", trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotPresent, r.OutcomeOf(PolicyLayer.IdentityPolicy));
        }

        // ---------- Same-account direct principal
        [Theory]
        [InlineData(UserBob, UserBob)]
        [InlineData(RoleCaller, SessionCaller)]
        [InlineData(SessionCaller, SessionCaller)]
        public void SameAccount_TrustNamingCallerDirectly_NeedsNoIdentityAllow(string trusted, string caller)
        {
            var r = Run(caller, trust: Trust(trusted));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.IdentityPolicy));
        }

        [Theory]
        [InlineData("arn:aws:iam::111122223333:root")]
        [InlineData("111122223333")]
        public void SameAccount_AccountDelegation_NeedsIdentityAllow(string trusted)
        {
            var denied = Run(UserBob, trust: Trust(trusted));
            Assert.Equal(Decision.ImplicitlyDenied, denied.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, denied.DecidingLayer);
            Assert.Equal(PrincipalMatch.Account, denied.TrustMatch);
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: Trust(trusted), identity: Allow(resource: RoleTarget)).Decision);
        }

        [Fact]
        public void SameAccount_WildcardTrust_NeedsNoIdentityAllow()
        {
            var r = Run(UserBob, trust: Trust("{\"AWS\":\"*\"}"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(PrincipalMatch.Wildcard, r.TrustMatch);
        }

        // ---------- Cross-account
        [Fact]
        public void CrossAccount_TrustAndIdentity_BothRequired()
        {
            Assert.Equal(Decision.Allowed, Run(ExtUser, trust: Trust(B), identity: Allow(resource: RoleTarget)).Decision);

            var noIdentity = Run(ExtUser, trust: Trust(B));
            Assert.Equal(PolicyLayer.IdentityPolicy, noIdentity.DecidingLayer);

            var noTrust = Run(ExtUser, trust: Trust(UserBob), identity: Allow(resource: RoleTarget));
            Assert.Equal(Decision.ImplicitlyDenied, noTrust.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, noTrust.DecidingLayer);
        }

        [Fact]
        public void CrossAccount_TrustNamingUserDirectly_StillNeedsIdentityAllow()
        {
            var r = Run(ExtUser, trust: Trust(ExtUser));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
            Assert.False(r.SameAccount);
        }

        [Fact]
        public void CrossAccount_WildcardTrust_StillNeedsIdentityAllow()
        {
            Assert.Equal(Decision.ImplicitlyDenied, Run(ExtUser, trust: Trust("{\"AWS\":\"*\"}")).Decision);
        }

        [Fact]
        public void ResourceAccount_Overrides_ResourceArnAccount()
        {
            var r = Run(UserBob, resource: "arn:aws:s3:::bucket/key", action: "s3:GetObject", resourceAccount: B,
                trust: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        // ---------- Boundary
        [Fact]
        public void Boundary_SameAccountTrustNamingUser_NotLimitedByImplicitDeny()
        {
            var r = Run(UserBob, trust: Trust(UserBob), boundary: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.PermissionsBoundary));
        }

        [Fact]
        public void Boundary_SameAccountTrustNamingSession_NotLimitedByImplicitDeny()
        {
            var r = Run(SessionCaller, trust: Trust(SessionCaller), boundary: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void Boundary_SameAccountTrustNamingRoleArn_IsStillLimited()
        {
            var r = Run(SessionCaller, trust: Trust(RoleCaller), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void Boundary_AccountTrust_IsLimited()
        {
            var r = Run(UserBob, trust: Trust(A), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void Boundary_CrossAccountTrustNamingUser_IsLimited()
        {
            var r = Run(ExtUser, trust: Trust(ExtUser), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void Boundary_WildcardTrust_IsLimited_NoDirectNaming()
        {
            // The exception needs the user or session ARN itself (catalogue B2.7, IAM User Guide evaluation table).
            var r = Run(UserBob, trust: Trust("{\"AWS\":\"*\"}"), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void Boundary_Allowing_Passes()
        {
            Assert.Equal(LayerOutcome.Allowed, Run(UserBob, trust: Trust(A), identity: FullAccess, boundary: Allow("sts:*")).OutcomeOf(PolicyLayer.PermissionsBoundary));
        }

        // ---------- Session policy
        [Fact]
        public void SessionPolicy_ExactSessionArnInTrust_IsException()
        {
            var r = Run(SessionCaller, trust: Trust(SessionCaller), session: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.SessionPolicy));
        }

        [Fact]
        public void SessionPolicy_RoleArnInTrust_IsNotException()
        {
            var r = Run(SessionCaller, trust: Trust(RoleCaller), identity: FullAccess, session: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
        }

        [Fact]
        public void SessionPolicy_WildcardTrust_IsNotException()
        {
            var r = Run(SessionCaller, trust: Trust("{\"AWS\":\"*\"}"), identity: FullAccess, session: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
        }

        [Fact]
        public void SessionPolicy_OtherSessionNameInTrust_DoesNotMatch()
        {
            var r = Run(SessionCaller, trust: Trust("arn:aws:sts::111122223333:assumed-role/Caller/other"), identity: FullAccess);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void SessionPolicy_Allowing_Passes()
        {
            Assert.Equal(Decision.Allowed, Run(SessionCaller, trust: Trust(RoleCaller), identity: FullAccess, session: Allow("sts:AssumeRole")).Decision);
        }

        [Fact]
        public void SessionPolicy_FederatedUserArnInResourcePolicy_IsException()
        {
            const string fed = "arn:aws:sts::111122223333:federated-user/Bob";
            string bucket = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + fed + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
            var r = Run(fed, resource: "arn:aws:s3:::bucket/key", action: "s3:GetObject", resourceAccount: A, trust: bucket, session: Allow("ec2:*"), boundary: Allow("ec2:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.SessionPolicy));
        }

        // ---------- Service-linked roles
        [Fact]
        public void ServiceLinkedRole_IsExemptFromScps()
        {
            var r = Run(SlRole, trust: Trust(SlRole), scps: "[[" + Deny("*") + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Exempt, r.OutcomeOf(PolicyLayer.ServiceControlPolicy));
        }

        [Fact]
        public void ServiceLinkedRole_IsExemptFromRcps()
        {
            string rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            var r = Run(SlRole, trust: Trust(SlRole), rcps: "[[" + rcp + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Exempt, r.OutcomeOf(PolicyLayer.ResourceControlPolicy));
        }

        [Fact]
        public void OrdinaryRole_IsNotExempt()
        {
            Assert.Equal(Decision.ExplicitlyDenied, Run(RoleCaller, trust: Trust(RoleCaller), scps: "[[" + Deny("*") + "]]").Decision);
        }

        // ---------- Root
        [Fact]
        public void RootPrincipal_CannotAssumeRoles_EvenWhenTrusted()
        {
            var r = Run("arn:aws:iam::111122223333:root", trust: Trust(A));
            Assert.NotEqual(Decision.Allowed, r.Decision);
            Assert.Equal("Roles may not be assumed by root accounts.", r.ErrorText);
        }

        [Fact]
        public void RootPrincipal_BareAccountId_CannotAssumeRoles()
        {
            var r = Run(A, trust: Trust(A));
            Assert.NotEqual(Decision.Allowed, r.Decision);
            Assert.Equal(Evaluation.ErrorTexts.RootCannotAssume, r.ErrorText);
        }

        [Fact]
        public void RootPrincipal_AssumeRole_ExplicitDenyStaysExplicit()
        {
            var r = Run("arn:aws:iam::111122223333:root", trust: Trust(A, effect: "Deny"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(Evaluation.ErrorTexts.RootCannotAssume, r.ErrorText);
        }

        [Fact]
        public void RootPrincipal_IsAllowedOtherActionsInItsOwnAccount_WithoutPolicies()
        {
            var r = Run("arn:aws:iam::111122223333:root", resource: "arn:aws:iam::111122223333:user/Bob", action: "iam:GetUser");
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        // ---------- Evidence
        [Fact]
        public void AllowingStatements_AreReported_WithIndexes()
        {
            string identity = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Sid\":\"Assume\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
            var r = Run(ExtUser, trust: Trust(B), identity: identity);
            var idAllow = r.Allowing.Single(s => s.Layer == PolicyLayer.IdentityPolicy);
            Assert.Equal(1, idAllow.Index);
            Assert.Equal("Assume", idAllow.Sid);
        }

        [Fact]
        public void Allowed_HasNoErrorText_AndNoDecidingLayer()
        {
            var r = Run(UserBob, trust: Trust(UserBob));
            Assert.Null(r.ErrorText);
            Assert.Null(r.DecidingLayer);
        }

        [Fact]
        public void ConditionsInIdentityPolicy_GateTheAllow()
        {
            string identity = Allow(condition: "{\"StringEquals\":{\"aws:PrincipalTag/department\":\"ops\"}}");
            Assert.Equal(Decision.ImplicitlyDenied, Run(ExtUser, trust: Trust(B), identity: identity).Decision);
            Assert.Equal(Decision.Allowed, Run(ExtUser, trust: Trust(B), identity: identity, context: "{\"aws:PrincipalTag/department\":\"ops\"}").Decision);
        }
    }
}
