using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue section E, the scenarios that are pure policy decisions (1, 2, 3, 5, 11, 12, 13, 14, 15, 17).</summary>
    public class CatalogueScenarioTests
    {
        private const string Org = "o-exampleorg1";
        private const string PartnerUser = "arn:aws:iam::444455556666:user/Partner";

        [Fact]
        public void E01_SameAccountUserArnInTrust_NoIdentityPolicy_IsAllowed()
        {
            var r = Run(UserBob, trust: Trust(UserBob));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void E01_SameAccountRootInTrust_NoIdentityPolicy_IsIdentityImplicitDeny()
        {
            var r = Run(UserBob, trust: Trust("arn:aws:iam::111122223333:root"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.EndsWith("because no identity-based policy allows the sts:AssumeRole action", r.ErrorText);
        }

        [Fact]
        public void E02_CrossAccountTrustNamesAccount_CallerLacksIdentityAllow_IsIdentityImplicitDeny()
        {
            var r = Run(PartnerUser, trust: Trust("arn:aws:iam::444455556666:root"), identity: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.ResourcePolicy));
        }

        [Fact]
        public void E03_IdentityResourceWithoutPath_RoleAtPath_IsIdentityImplicitDeny()
        {
            const string role = "arn:aws:iam::111122223333:role/ci/Deploy";
            var r = Run(PartnerUser, resource: role, trust: Trust(B), identity: Allow(resource: "arn:aws:iam::111122223333:role/Deploy"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
            Assert.Equal(Decision.Allowed, Run(PartnerUser, resource: role, trust: Trust(B), identity: Allow(resource: role)).Decision);
        }

        [Fact]
        public void E05_TrustDenyOutsideOrg_StandaloneCaller_IsTrustExplicitDeny()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"444455556666\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"" + Org + "\"}}}]}";
            var standalone = Run(PartnerUser, trust: trust, identity: FullAccess);
            Assert.Equal(Decision.ExplicitlyDenied, standalone.Decision);
            Assert.EndsWith("with an explicit deny in the role trust policy", standalone.ErrorText);
            var member = Run(PartnerUser, trust: trust, identity: FullAccess, context: "{\"aws:PrincipalOrgID\":\"" + Org + "\"}");
            Assert.Equal(Decision.Allowed, member.Decision);
        }

        private static readonly string DenyListScp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"," +
            "\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/Admin\"}}}]}";

        [Fact]
        public void E11_DenyListScpOnCallerOu_IsScpExplicitDeny()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: "[[" + FullAccess + "],[" + FullAccess + "," + DenyListScp + "],[" + FullAccess + "]]");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ServiceControlPolicy, r.DecidingLayer);
            Assert.Contains("with an explicit deny in a service control policy", r.ErrorText);
        }

        [Fact]
        public void E11_DenyListScp_AdminPrincipalArnException_IsAllowed()
        {
            var r = Run("arn:aws:sts::111122223333:assumed-role/Admin/ops", trust: Trust("arn:aws:iam::111122223333:role/Admin"), identity: FullAccess,
                scps: "[[" + FullAccess + "],[" + FullAccess + "," + DenyListScp + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void E11_ManagementAccountCaller_HasNoScps_IsAllowed()
        {
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: Trust(UserBob)).Decision);
        }

        [Fact]
        public void E12_AllowListScp_IntermediateOuLacksSts_IsScpDeny()
        {
            var r = Run(UserBob, trust: Trust(UserBob), scps: "[[" + FullAccess + "],[" + Allow("s3:*") + "," + Allow("ec2:*") + "],[" + Allow("sts:*") + "]]");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ServiceControlPolicy, r.DecidingLayer);
            Assert.EndsWith("because no service control policy allows the sts:AssumeRole action", r.ErrorText);
        }

        private static readonly string PerimeterRcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"," +
            "\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"" + Org + "\"},\"BoolIfExists\":{\"aws:PrincipalIsAWSService\":\"false\"}}}]}";

        [Fact]
        public void E13_RcpIdentityPerimeter_ExternalPartner_IsRcpExplicitDeny()
        {
            var r = Run(PartnerUser, trust: Trust(B), identity: FullAccess, rcps: "[[],[" + PerimeterRcp + "]]",
                context: "{\"aws:PrincipalOrgID\":\"o-partnerorg\"}");
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourceControlPolicy, r.DecidingLayer);
            Assert.EndsWith("with an explicit deny in a resource control policy", r.ErrorText);
        }

        [Fact]
        public void E13_RcpIdentityPerimeter_OrgMember_IsAllowed()
        {
            var r = Run(PartnerUser, trust: Trust(B), identity: FullAccess, rcps: "[[" + PerimeterRcp + "]]", context: "{\"aws:PrincipalOrgID\":\"" + Org + "\"}");
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void E13_RoleInManagementAccount_NoRcps_IsAllowed()
        {
            Assert.Equal(Decision.Allowed, Run(PartnerUser, trust: Trust(B), identity: FullAccess, context: "{\"aws:PrincipalOrgID\":\"o-partnerorg\"}").Decision);
        }

        [Fact]
        public void E13_RcpPerimeter_ServiceCaller_IsNotDenied()
        {
            var r = Run("ec2.amazonaws.com", trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"), rcps: "[[" + PerimeterRcp + "]]");
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void E14_BoundaryLacksAssumeRole_TrustNamesAccount_IsBoundaryImplicitDeny()
        {
            var r = Run(UserBob, trust: Trust(A), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.EndsWith("because no permissions boundary allows the sts:AssumeRole action", r.ErrorText);
        }

        [Fact]
        public void E14_BoundaryLacksAssumeRole_TrustNamesUserSameAccount_IsAllowed()
        {
            var r = Run(UserBob, trust: Trust(UserBob), identity: FullAccess, boundary: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.PermissionsBoundary));
        }

        [Fact]
        public void E15_CallerSessionPolicyOnlyS3_ChainedAssume_IsSessionImplicitDeny()
        {
            var r = Run(SessionCaller, resource: "arn:aws:iam::444455556666:role/Next", trust: Trust(A), identity: FullAccess, session: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
            Assert.EndsWith("because no session policy allows the sts:AssumeRole action", r.ErrorText);
        }

        [Fact]
        public void E17_TrustDenyNotIpAddress_CallViaVpcEndpoint_IsTrustExplicitDeny()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}]}";
            var viaEndpoint = Run(UserBob, trust: trust, context: "{\"aws:SourceVpce\":\"vpce-0abc\",\"aws:SourceVpc\":\"vpc-1\"}");
            Assert.Equal(Decision.ExplicitlyDenied, viaEndpoint.Decision);
            Assert.EndsWith("with an explicit deny in the role trust policy", viaEndpoint.ErrorText);
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: trust, context: "{\"aws:SourceIp\":\"203.0.113.10\"}").Decision);
        }

        [Fact]
        public void E17_NotIpAddressIfExists_InDeny_StillFiresWhenSourceIpMissing()
        {
            // IfExists turns a missing key into true, so in a Deny it does not help endpoint traffic.
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"NotIpAddressIfExists\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}]}";
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, trust: trust, context: "{\"aws:SourceVpce\":\"vpce-0abc\"}").Decision);
        }

        [Fact]
        public void E17_DenyLimitedToNonEndpointTraffic_CallViaVpcEndpoint_IsAllowed()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"},\"Null\":{\"aws:SourceVpce\":\"true\"}}}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: trust, context: "{\"aws:SourceVpce\":\"vpce-0abc\"}").Decision);
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, trust: trust, context: "{\"aws:SourceIp\":\"198.51.100.7\"}").Decision);
        }
    }
}
