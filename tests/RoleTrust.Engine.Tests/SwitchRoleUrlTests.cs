using System;
using RoleTrust.ConsoleSignIn;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Console Switch Role links: the partition's sign-in host, account id or alias, role path and name (docs/federation.md).</summary>
    public class SwitchRoleUrlTests
    {
        [Theory]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=Admin&displayName=Prod%20admin", "aws", "444455556666", "/", "Admin", "Prod admin")]
        [InlineData("https://signin.amazonaws-us-gov.com/switchrole?roleName=Sandbox_Administrator&account=444455556666", "aws-us-gov", "444455556666", "/", "Sandbox_Administrator", "")]
        [InlineData("https://signin.amazonaws.cn/switchrole?account=example-cn&roleName=ops/ReadOnly", "aws-cn", "example-cn", "/ops/", "ReadOnly", "")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=example-corp&roleName=division%2Fsub%2FroleName&displayName=Corp+view", "aws", "example-corp", "/division/sub/", "roleName", "Corp view")]
        [InlineData("https://SIGNIN.aws.amazon.com/switchrole/?account=444455556666&roleName=/leading/Slash", "aws", "444455556666", "/leading/", "Slash", "")]
        public void ALink_Parses_IntoPartitionAccountPathNameAndDisplayName(string url, string partition, string account, string path, string name, string display)
        {
            var link = SwitchRoleUrl.Parse(url);

            Assert.Equal((partition, account, path, name, display), (link.Partition, link.Account, link.RolePath, link.RoleName, link.DisplayName));
        }

        [Fact]
        public void RoleNameWithPath_IsWhatTheConsoleFieldTakes()
        {
            var link = SwitchRoleUrl.Parse("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=division/sub/roleName");

            Assert.Equal("division/sub/roleName", link.RoleNameWithPath);
            Assert.Equal("arn:aws:iam::444455556666:role/division/sub/roleName", link.RoleArn());
        }

        [Fact]
        public void AnAlias_NeedsItsAccountId_ForTheRoleArn()
        {
            var link = SwitchRoleUrl.Parse("https://signin.amazonaws-us-gov.com/switchrole?account=gov-prod&roleName=Auditor");

            Assert.False(link.IsAccountId);
            Assert.Throws<ArgumentException>(() => link.RoleArn());
            Assert.Equal("arn:aws-us-gov:iam::444455556666:role/Auditor", link.RoleArn("444455556666"));
        }

        [Fact]
        public void ARegionalSignInHost_IsTheAwsPartition()
        {
            var link = SwitchRoleUrl.Parse("https://eu-central-1.signin.aws.amazon.com/switchrole?account=444455556666&roleName=Admin");

            Assert.Equal(("aws", "eu-central-1"), (link.Partition, link.Region));
        }

        [Fact]
        public void ColorAndRedirect_AreKept()
        {
            var link = SwitchRoleUrl.Parse("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=Admin&color=F2B0A9&redirect_uri=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3");

            Assert.Equal(("F2B0A9", "https://console.aws.amazon.com/s3"), (link.Color, link.RedirectUri));
        }

        [Theory]
        [InlineData("not a url", "not a URL")]
        [InlineData("http://signin.aws.amazon.com/switchrole?account=444455556666&roleName=Admin", "https")]
        [InlineData("https://console.aws.amazon.com/switchrole?account=444455556666&roleName=Admin", "not an AWS sign-in host")]
        [InlineData("https://signin.aws.amazon.com.example.net/switchrole?account=444455556666&roleName=Admin", "not an AWS sign-in host")]
        [InlineData("https://signin.aws.amazon.com:8443/switchrole?account=444455556666&roleName=Admin", "not an AWS sign-in host")]
        [InlineData("https://signin.aws.amazon.com/console?account=444455556666&roleName=Admin", "not /switchrole")]
        [InlineData("https://signin.aws.amazon.com/switchrole?roleName=Admin", "names no account")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=444455556666", "names no role")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=", "names no role")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=Bad_Alias&roleName=Admin", "neither a 12-digit account id nor an account alias")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=Admin%20Role", "does not end in a role name")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=ops//Admin", "empty part")]
        [InlineData("https://signin.aws.amazon.com/switchrole?account=1&account=2&roleName=Admin", "twice")]
        public void WhatIsNoSwitchRoleLink_IsAnError_WithAStableId(string url, string says)
        {
            var ex = Assert.Throws<PolicyFormatException>(() => SwitchRoleUrl.Parse(url));

            Assert.Equal("InvalidSwitchRoleUrl", ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }

        [Theory]
        [InlineData("aws", "https://signin.aws.amazon.com/switchrole?account=444455556666&roleName=division/sub/roleName&displayName=Prod%20admin")]
        [InlineData("aws-us-gov", "https://signin.amazonaws-us-gov.com/switchrole?account=444455556666&roleName=division/sub/roleName&displayName=Prod%20admin")]
        [InlineData("aws-cn", "https://signin.amazonaws.cn/switchrole?account=444455556666&roleName=division/sub/roleName&displayName=Prod%20admin")]
        public void Build_UsesThePartitionsOwnSignInHost(string partition, string url)
        {
            Assert.Equal(url, SwitchRoleUrl.Build(partition, "444455556666", "/division/sub/roleName", "Prod admin"));
        }

        [Fact]
        public void Build_FromARoleArn_RoundTripsThroughParse()
        {
            string url = SwitchRoleUrl.Build("arn:aws-us-gov:iam::444455556666:role/team+a/Deploy@prod", "Deploy (prod)");
            var link = SwitchRoleUrl.Parse(url);

            Assert.Equal("arn:aws-us-gov:iam::444455556666:role/team+a/Deploy@prod", link.RoleArn());
            Assert.Equal("Deploy (prod)", link.DisplayName);
        }

        [Fact]
        public void Build_RefusesWhatHasNoSwitchRoleLink()
        {
            Assert.Throws<ArgumentException>(() => SwitchRoleUrl.Build("aws-iso", "444455556666", "Admin"));
            Assert.Throws<ArgumentException>(() => SwitchRoleUrl.Build("arn:aws:iam::444455556666:user/Bob"));
        }
    }
}
