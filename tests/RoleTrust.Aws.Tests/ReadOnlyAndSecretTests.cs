using System;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    public class ReadOnlyAndSecretTests
    {
        private static bool IsReadOperation(string op) =>
            op.StartsWith("Get") || op.StartsWith("List") || op.StartsWith("Describe");

        [Fact]
        public async Task Request_log_of_a_full_collection_contains_only_read_operations()
        {
            using var fake = Fixtures.NewFake();
            fake.PageSize = 2;
            var log = new AwsRequestLog();
            var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
            log.Recorded += r => seen.Add(r.Operation);
            var options = Fixtures.Options(fake, log);

            using (var sts = new StsReader(TestKeys.Alice, "us-east-1", options)) await sts.GetCallerIdentityAsync();
            using (var iam = new IamClient(TestKeys.Alice, "us-east-1", options))
            {
                await iam.GetSnapshotAccountJsonAsync();
                await iam.GetRoleAsync("OrgAudit");
                await iam.GetUserAsync("alice");
                await iam.ListGroupsForUserAsync("alice");
                await iam.ListUserPoliciesAsync("alice");
                await iam.GetUserPolicyAsync("alice", "AssumeAudit");
                await iam.ListAttachedUserPoliciesAsync("alice");
                await iam.ListRolePoliciesAsync("OrgAudit");
                await iam.GetRolePolicyAsync("OrgAudit", "Inline1");
                await iam.ListAttachedRolePoliciesAsync("OrgAudit");
                await iam.GetGroupAsync("Auditors");
                await iam.ListGroupPoliciesAsync("Auditors");
                await iam.GetGroupPolicyAsync("Auditors", "DenyDelete");
                await iam.ListAttachedGroupPoliciesAsync("Auditors");
                await iam.GetPolicyAsync("arn:aws:iam::111111111111:policy/Boundary");
                await iam.GetPolicyVersionAsync("arn:aws:iam::111111111111:policy/Boundary", "v1");
                await iam.ListAccountAliasesAsync();
            }
            using (var org = new OrganizationsClient(TestKeys.Management, "us-east-1", options))
            {
                await org.GetOrganizationSnapshotJsonAsync();
                await org.ListAccountsAsync();
                await org.ListParentsAsync("111111111111");
                await org.ListPoliciesForTargetAsync("r-ab12", OrganizationsClient.ResourceControlPolicy);
            }

            Assert.True(log.Entries.Count > 30);
            Assert.All(log.Entries, e => Assert.True(AwsRequestLog.IsReadOnlyOperation(e.Operation), e.ToString()));
            Assert.All(fake.Requests, r => Assert.True(IsReadOperation(r.Operation), r.ToString())); // what really went on the wire
            Assert.Equal(log.Entries.Count, seen.Count);
            Assert.Equal(new[] { "iam", "organizations", "sts" }, log.Entries.Select(e => e.Service).Distinct().OrderBy(s => s));
            Assert.False(AwsRequestLog.IsReadOnlyOperation("AssumeRole"));
            Assert.False(AwsRequestLog.IsReadOnlyOperation("UpdateAssumeRolePolicy"));
        }

        [Fact]
        public async Task Secret_key_and_session_token_never_appear_in_exception_messages_or_logs()
        {
            using var fake = Fixtures.NewFake();
            var log = new AwsRequestLog();
            // Right key id and token, wrong secret: the fake answers SignatureDoesNotMatch quoting the canonical request,
            // which (as in real AWS) contains the x-amz-security-token header value.
            const string wrongSecret = "wrongSecret/K7MDENG+bPxRfiCYEXAMPLE9999";
            var creds = new SessionAWSCredentials(TestKeys.SessionAccessKey, wrongSecret, TestKeys.SessionToken);
            using var iam = new IamClient(creds, "us-east-1", Fixtures.Options(fake, log));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync("OrgAudit"));
            Assert.Equal("SignatureDoesNotMatch", e.Code);
            Assert.Contains("x-amz-security-token:****", e.ServiceMessage); // the fake did send it; the client scrubbed it

            using var org = new OrganizationsClient(creds, "us-east-1", Fixtures.Options(fake, log));
            var e2 = await Assert.ThrowsAsync<AwsServiceException>(() => org.ListRootsAsync());

            using var sts = new StsReader(creds, "us-east-1", Fixtures.Options(fake, log));
            var e3 = await Assert.ThrowsAsync<AwsServiceException>(() => sts.GetCallerIdentityAsync());
            Assert.Equal("SignatureDoesNotMatch", e3.Code);

            foreach (var text in new[] { e.Message, e.ToString(), e.ServiceMessage, e2.Message, e2.ToString(), e3.Message, e3.ToString() }
                         .Concat(log.Entries.Select(x => x.ToString() + x.Endpoint + x.ErrorCode)))
            {
                Assert.DoesNotContain(wrongSecret, text);
                Assert.DoesNotContain(TestKeys.SessionToken, text);
                Assert.DoesNotContain(TestKeys.SessionSecret, text);
            }
        }
    }
}
