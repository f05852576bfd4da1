using System.Linq;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "What the engine does not model" (IAM User Guide, AWS managed policies; IAM Identity
    /// Center User Guide; KMS Developer Guide, aliases): some resources in an account belong to AWS. Nobody can change an
    /// AWS managed policy, the roles IAM Identity Center keeps under the path /aws-reserved/sso.amazonaws.com/ are
    /// managed by that service, and aliases beginning alias/aws/ are reserved for AWS managed keys. AWS refuses changes to
    /// them whatever the policies allow. RoleTrust does not model which calls are refused, so an allowed change to such a
    /// resource carries a warning instead of a confident Allowed; reading them is ordinary.
    /// </summary>
    public class AwsReservedResourceTests
    {
        private const string ManagedPolicy = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        private const string SsoRole = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_0123456789abcdef";
        private const string ManagedAlias = "arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs";

        private static string[] Warnings(string action, string resource) =>
            Run(UserBob, resource: resource, action: action, identity: FullAccess).Warnings.ToArray();

        [Theory]
        [InlineData("iam:CreatePolicyVersion", ManagedPolicy)]
        [InlineData("iam:TagPolicy", ManagedPolicy)]
        [InlineData("iam:PutRolePolicy", SsoRole)]
        [InlineData("iam:UpdateAssumeRolePolicy", SsoRole)]
        [InlineData("iam:PassRole", SsoRole)]
        [InlineData("kms:DeleteAlias", ManagedAlias)]
        public void AllowedChange_ToAnAwsReservedResource_IsFlagged(string action, string resource)
        {
            var r = Run(UserBob, resource: resource, action: action, identity: FullAccess);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Contains(r.Warnings, w => w.Contains("reserved") && w.Contains(resource));
        }

        [Theory]
        [InlineData("iam:GetPolicyVersion", ManagedPolicy)]
        [InlineData("iam:ListEntitiesForPolicy", ManagedPolicy)]
        [InlineData("iam:GetRole", SsoRole)]
        [InlineData("kms:ListAliases", ManagedAlias)]
        [InlineData("iam:PutRolePolicy", "arn:aws:iam::111122223333:role/Ordinary")]
        [InlineData("kms:DeleteAlias", "arn:aws:kms:eu-west-1:111122223333:alias/team-key")]
        public void Reading_OrAnOrdinaryResource_IsNotFlagged(string action, string resource) =>
            Assert.Empty(Warnings(action, resource));

        [Fact]
        public void AssumingAnIdentityCenterRole_IsNotFlagged()
        {
            var r = Run(UserBob, resource: SsoRole, action: "sts:AssumeRole", identity: FullAccess, trust: Trust(UserBob));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void ADeniedChange_NeedsNoWarning()
        {
            var r = Run(UserBob, resource: ManagedPolicy, action: "iam:DeletePolicy", identity: Allow("s3:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Empty(r.Warnings);
        }
    }
}
