using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Session policies" (IAM User Guide, Session policies and Policy evaluation for requests
    /// within a single account; AWS STS API Reference, GetFederationToken): a session's permissions are the intersection
    /// of its identity-based policies and its session policy, and a federated user session made without a policy has none.
    /// </summary>
    public class SessionPolicyRuleTests
    {
        private const string Fed = "arn:aws:sts::111122223333:federated-user/Bob";
        private const string Object = "arn:aws:s3:::team-data/file.txt";

        [Fact]
        public void FederatedUserSession_WithoutSessionPolicy_HasNoPermissions()
        {
            var r = Run(Fed, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
            Assert.Contains("without a session policy", r[PolicyLayer.SessionPolicy]!.Note);
        }

        [Fact]
        public void FederatedUserSession_WithSessionPolicy_GetsTheIntersection()
        {
            Assert.Equal(Decision.Allowed, Run(Fed, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), session: Allow("s3:GetObject")).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(Fed, resource: Object, action: "s3:PutObject", resourceAccount: A, identity: Allow("s3:*"), session: Allow("s3:GetObject")).Decision);
        }

        [Fact]
        public void FederatedUserSession_WithoutSessionPolicy_IsGrantedByAResourcePolicyNamingTheSession()
        {
            var r = Run(Fed, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy(Fed, "s3:GetObject"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.SessionPolicy));
        }

        // A permissions boundary and a session policy are each one policy document; an empty list of them is no policy,
        // so it neither limits a role session nor counts as a session policy for a federated user.
        [Fact]
        public void EmptyBoundaryOrSessionPolicyList_IsNoPolicy()
        {
            Assert.Equal(Decision.Allowed, Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), boundary: "[]").Decision);
            Assert.Equal(Decision.Allowed, Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), session: "[]").Decision);
            var fed = Run(Fed, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"), session: "[]");
            Assert.Equal(Decision.ImplicitlyDenied, fed.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, fed.DecidingLayer);
        }

        [Fact]
        public void RoleSession_WithoutSessionPolicy_KeepsTheRolesPermissions()
        {
            var r = Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotPresent, r.OutcomeOf(PolicyLayer.SessionPolicy));
        }

        [Fact]
        public void SessionPolicy_CannotGrantMoreThanTheIdentityPolicies()
        {
            var r = Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("ec2:*"), session: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        [Fact]
        public void CrossAccount_ResourcePolicyNamingTheSession_IsStillLimitedByTheSessionPolicy()
        {
            const string Foreign = "arn:aws:s3:::partner-data/file.txt";
            var r = Run(SessionCaller, resource: Foreign, action: "s3:GetObject", resourceAccount: B, identity: Allow("s3:*"), session: Allow("ec2:*"),
                trust: ResourcePolicy(SessionCaller, "s3:GetObject"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.SessionPolicy, r.DecidingLayer);
        }
    }
}
