using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Within one account" (IAM User Guide, How AWS enforcement code logic evaluates requests,
    /// table "Resource-based policies and implicit denies in other policy types (same account)"), for an ordinary
    /// resource-based policy (a bucket policy): which implicit denies a grant in the resource policy overrides depends on
    /// the principal it names.
    /// </summary>
    public class SameAccountResourcePolicyTests
    {
        private const string Object = "arn:aws:s3:::team-data/file.txt";
        private const string Fed = "arn:aws:sts::111122223333:federated-user/Bob";

        private static Evaluation.EvaluationResult Bucket(string caller, string named, string? identity = null, string? boundary = null, string? session = null) =>
            Run(caller, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy(named, "s3:GetObject"), identity: identity, boundary: boundary, session: session);

        [Fact]
        public void EitherSideAllowing_IsEnough()
        {
            Assert.Equal(Decision.Allowed, Bucket(UserBob, UserBob).Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), trust: ResourcePolicy(ExtUser, "s3:GetObject")).Decision);
        }

        [Fact]
        public void NamingTheUser_OverridesImplicitDeniesInIdentityPoliciesAndBoundary()
        {
            var r = Bucket(UserBob, UserBob, identity: Allow("ec2:*"), boundary: Allow("ec2:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.PermissionsBoundary));
        }

        [Fact]
        public void NamingTheRoleArn_OverridesAnImplicitDenyInIdentityPolicies()
        {
            Assert.Equal(Decision.Allowed, Bucket(SessionCaller, RoleCaller).Decision);
        }

        [Fact]
        public void NamingTheRoleArn_IsLimitedByTheBoundary()
        {
            var r = Bucket(SessionCaller, RoleCaller, boundary: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void NamingTheRoleArn_IsLimitedByTheSessionPolicy()
        {
            var r = Bucket(SessionCaller, RoleCaller, session: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
        }

        [Fact]
        public void NamingTheSession_OverridesImplicitDeniesInIdentityPoliciesBoundaryAndSessionPolicy()
        {
            var r = Bucket(SessionCaller, SessionCaller, identity: Allow("ec2:*"), boundary: Allow("ec2:*"), session: Allow("ec2:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void NamingTheFederatedUserSession_OverridesImplicitDeniesInIdentityPoliciesBoundaryAndSessionPolicy()
        {
            Assert.Equal(Decision.Allowed, Bucket(Fed, Fed, identity: Allow("ec2:*"), boundary: Allow("ec2:*"), session: Allow("ec2:*")).Decision);
        }

        [Fact]
        public void NamingTheAccount_DelegatesToIdentityPolicies()
        {
            var r = Bucket(UserBob, A);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
            Assert.Equal(Decision.Allowed, Bucket(UserBob, A, identity: Allow("s3:GetObject")).Decision);
        }

        // AWS's table has no row for "*": RoleTrust reads it like the role ARN (limited by the boundary and the session
        // policy) and, when that reading alone decides, says that the other reading would allow.
        [Fact]
        public void NamingEveryone_IsLimitedByTheBoundary_AndTheResultSaysAwsDoesNotDocumentIt()
        {
            var r = Bucket(UserBob, "\"*\"", identity: Allow("s3:GetObject"), boundary: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
            Assert.Contains(r.Warnings, w => w.Contains("\"*\"") && w.Contains("PermissionsBoundary") && w.Contains("Allowed"));
        }

        [Fact]
        public void NamingEveryone_IsLimitedByTheSessionPolicy_AndTheResultSaysAwsDoesNotDocumentIt()
        {
            var r = Bucket(SessionCaller, "{\"AWS\":\"*\"}", session: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
            Assert.Contains(r.Warnings, w => w.Contains("\"*\"") && w.Contains("SessionPolicy") && w.Contains("Allowed"));
        }

        [Fact]
        public void NamingEveryone_NoWarning_WhenSomethingElseDeniesAnyway()
        {
            // An SCP level without an allow denies whichever way "*" is read.
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy("\"*\"", "s3:GetObject"),
                boundary: Allow("ec2:*"), scps: "[[" + Allow("ec2:*") + "]]");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Empty(r.Warnings);
            // Across accounts the boundary always limits: nothing undocumented to report.
            var x = Run(ExtUser, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy("\"*\"", "s3:GetObject"),
                identity: Allow("s3:GetObject"), boundary: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, x.Decision);
            Assert.Empty(x.Warnings);
        }

        [Fact]
        public void ExplicitDenies_AreNeverOverridden()
        {
            Assert.Equal(Decision.ExplicitlyDenied, Bucket(UserBob, UserBob, identity: Deny("s3:*")).Decision);
            Assert.Equal(Decision.ExplicitlyDenied, Bucket(SessionCaller, SessionCaller, session: Deny("s3:*")).Decision);
        }
    }
}
