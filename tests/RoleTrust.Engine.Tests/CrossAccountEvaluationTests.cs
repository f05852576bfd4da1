using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Requests across accounts" (IAM User Guide: Cross-account policy evaluation logic;
    /// Identity-based policies and resource-based policies): the caller's account and the resource's account must both
    /// allow, so identity permission alone never reaches a resource in another account.
    /// </summary>
    public class CrossAccountEvaluationTests
    {
        private const string Object = "arn:aws:s3:::partner-data/report.csv";
        private const string Queue = "arn:aws:sqs:us-east-1:444455556666:orders";

        private static string BucketPolicy(string principal, string effect = "Allow") => ResourcePolicy(principal, "s3:GetObject", "arn:aws:s3:::partner-data/*", effect);

        [Fact]
        public void IdentityAllowAlone_WithoutResourcePolicy_IsImplicitlyDeniedByTheResourceSide()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, identity: Allow("s3:GetObject"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.IdentityPolicy));
            Assert.Contains("another account", r[PolicyLayer.ResourcePolicy]!.Note);
            Assert.EndsWith("because no resource-based policy allows the s3:GetObject action", r.ErrorText);
        }

        [Fact]
        public void ResourceAccountTakenFromTheArn_MakesTheRequestCrossAccount()
        {
            var r = Run(UserBob, resource: Queue, action: "sqs:SendMessage", identity: Allow("sqs:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.False(r.SameAccount);
        }

        [Fact]
        public void SameAccount_IdentityAllowAlone_IsEnough()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, identity: Allow("s3:GetObject"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotPresent, r.OutcomeOf(PolicyLayer.ResourcePolicy));
        }

        [Fact]
        public void ResourcePolicyAndIdentityPolicy_BothAllowing_IsAllowed()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, identity: Allow("s3:GetObject"), trust: BucketPolicy(UserBob));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void ResourcePolicyNamingTheCallerDirectly_StillNeedsTheCallersIdentityAllow()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, trust: BucketPolicy(UserBob));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        [Fact]
        public void ResourcePolicyNamingTheCallersAccount_DelegatesToTheCallersIdentityPolicies()
        {
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, trust: BucketPolicy(A)).Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, trust: BucketPolicy(A), identity: Allow("s3:*")).Decision);
        }

        [Fact]
        public void ResourcePolicyNamingSomeoneElse_DoesNotAllow_EvenWithTheIdentityAllow()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, trust: BucketPolicy(ExtUser), identity: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void ExplicitDenyInTheResourceAccountsPolicy_Wins()
        {
            string policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + Inner(BucketPolicy(UserBob)) + "," + Inner(BucketPolicy(A, "Deny")) + "]}";
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: B, trust: policy, identity: Allow("s3:*"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void ServicePrincipal_WithoutResourcePolicy_IsImplicitlyDenied()
        {
            var r = Run("sns.amazonaws.com", resource: Queue, action: "sqs:SendMessage");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        /// <summary>The statement object of a one-statement policy, to combine statements.</summary>
        internal static string Inner(string policy)
        {
            int start = policy.IndexOf("[{") + 1;
            return policy.Substring(start, policy.LastIndexOf("}]") + 1 - start);
        }
    }
}
