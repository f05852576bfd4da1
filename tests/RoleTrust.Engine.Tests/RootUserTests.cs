using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "The root user" (IAM User Guide, How AWS enforcement code logic evaluates requests): the
    /// root user has full access within its own account unless a policy denies, and like any principal it needs the
    /// resource's account to allow it across accounts.
    /// </summary>
    public class RootUserTests
    {
        private const string Root = "arn:aws:iam::111122223333:root";
        private const string OwnObject = "arn:aws:s3:::own-bucket/key";
        private const string ForeignObject = "arn:aws:s3:::partner-bucket/key";

        [Fact]
        public void InItsOwnAccount_NeedsNoPolicy()
        {
            var r = Run(Root, resource: OwnObject, action: "s3:DeleteObject", resourceAccount: A);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.IdentityPolicy));
        }

        [Fact]
        public void InItsOwnAccount_AResourcePolicyThatDoesNotMentionIt_DoesNotStopIt()
        {
            var r = Run(Root, resource: OwnObject, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy(UserBob, "s3:GetObject"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void AnExplicitDenyInTheResourcePolicy_DeniesIt()
        {
            var r = Run(Root, resource: OwnObject, action: "s3:GetObject", resourceAccount: A, trust: ResourcePolicy("\"*\"", "s3:*", effect: "Deny"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }

        [Fact]
        public void InAnotherAccount_NeedsThatAccountsResourcePolicy()
        {
            var none = Run(Root, resource: ForeignObject, action: "s3:GetObject", resourceAccount: B);
            Assert.Equal(Decision.ImplicitlyDenied, none.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, none.DecidingLayer);
            Assert.Equal(Decision.Allowed, Run(Root, resource: ForeignObject, action: "s3:GetObject", resourceAccount: B, trust: ResourcePolicy(A, "s3:GetObject")).Decision);
        }
    }
}
