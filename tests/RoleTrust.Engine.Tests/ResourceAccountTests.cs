using System.Linq;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "Which account owns the resource": taken from the request, else from the ARN; an ARN
    /// without an account (S3) is evaluated in the caller's account, with a warning whenever another account would
    /// change the decision; "*" and AWS-owned resources are decided by the caller's identity-based policies.
    /// </summary>
    public class ResourceAccountTests
    {
        private const string Object = "arn:aws:s3:::some-bucket/key";

        [Fact]
        public void ArnWithoutAccount_IsEvaluatedInTheCallersAccount_WithAWarningWhenThatDecides()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", identity: Allow("s3:GetObject"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.False(r.SameAccount);
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("names no account", warning);
            Assert.Contains("111122223333", warning);
            Assert.Contains("ImplicitlyDenied", warning);
        }

        [Fact]
        public void ArnWithoutAccount_NoWarning_WhenEitherAccountGivesTheSameDecision()
        {
            var both = Run(UserBob, resource: Object, action: "s3:GetObject", identity: Allow("s3:GetObject"), trust: ResourcePolicy(UserBob, "s3:GetObject"));
            Assert.Equal(Decision.Allowed, both.Decision);
            Assert.Empty(both.Warnings);
            var denied = Run(UserBob, resource: Object, action: "s3:GetObject", identity: Deny("s3:*"));
            Assert.Empty(denied.Warnings);
        }

        [Fact]
        public void GivenResourceAccount_SettlesIt()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", identity: Allow("s3:GetObject"), resourceAccount: B);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void AwsOwnedResource_NeedsOnlyTheIdentityAllow()
        {
            var r = Run(UserBob, resource: "arn:aws:iam::aws:policy/ReadOnlyAccess", action: "iam:GetPolicyVersion", identity: Allow("iam:Get*"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void StarResource_IsDecidedInTheCallersAccount()
        {
            var r = Run(UserBob, resource: "*", action: "s3:ListAllMyBuckets", identity: Allow("s3:ListAllMyBuckets"));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void Warning_ReachesThePolicyDecision()
        {
            var d = Decide(CaseJson(UserBob, resource: Object, action: "s3:GetObject", identity: Allow("s3:GetObject")));
            Assert.Contains(d.Warnings, w => w.Contains("names no account"));
        }
    }
}
