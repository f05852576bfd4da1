using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// The fake refuses what AWS refuses for each credential, so a routing mistake (reading an account with credentials
    /// of another) shows in the tests instead of reading the wrong data quietly.
    /// </summary>
    public class FakeAwsTests
    {
        [Fact]
        public async Task IAM_reads_only_the_account_of_the_key_and_refuses_another_accounts_policy()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            using var iam111 = h.Iam("111111111111");
            // The name of a role of 222222222222 means nothing to 111111111111's credentials: NoSuchEntity, as in AWS.
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam111.GetRoleAsync("Alice"));
            Assert.Equal("NoSuchEntity", e.Code);
            e = await Assert.ThrowsAsync<AwsServiceException>(() => iam111.GetPolicyAsync("arn:aws:iam::222222222222:policy/Anything"));
            Assert.True(e.IsAccessDenied, e.Code);
            Assert.Equal("Alice", (await h.Iam("222222222222").GetRoleAsync("Alice")).RoleName);
        }

        [Fact]
        public async Task Organizations_is_described_to_members_read_by_the_management_account_and_not_in_use_outside()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("rcp-perimeter"));
            using var member = h.Organizations("222222222222");
            Assert.Equal("o-exampleorgid", (await member.DescribeOrganizationAsync()).Id);
            var denied = await Assert.ThrowsAsync<AwsServiceException>(() => member.ListParentsAsync("222222222222"));
            Assert.Equal("AccessDeniedException", denied.Code);
            Assert.NotEmpty(await h.Organizations("999999999999").ListParentsAsync("222222222222"));
            var outside = await Assert.ThrowsAsync<AwsServiceException>(() => h.Organizations("333333333333").DescribeOrganizationAsync());
            Assert.Equal("AWSOrganizationsNotInUseException", outside.Code);
            h.Fake.DelegatedAdministrators.Add("222222222222");
            Assert.NotEmpty(await member.ListParentsAsync("222222222222"));
        }

        [Fact]
        public async Task An_assumed_role_session_reads_the_account_of_the_role()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            using var sts = h.Sts(LiveHarness.Credentials("999999999999"));
            var session = await sts.AssumeRoleForReadingAsync("arn:aws:iam::222222222222:role/Alice", "test");
            Assert.Equal("arn:aws:sts::222222222222:assumed-role/Alice/test", session.AssumedRoleArn);
            using var iam = new IamClient(session.Credentials, "us-east-1", h.Options());
            Assert.Equal("Alice", (await iam.GetRoleAsync("Alice")).RoleName);
        }
    }
}
