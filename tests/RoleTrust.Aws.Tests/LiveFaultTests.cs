using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Model;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>Injected faults: results stay equal, or the affected checks become Unknown with a useful reason; never a Pass or Fail the snapshot does not give.</summary>
    public class LiveFaultTests
    {
        private const string A = PathRequests.A, B = PathRequests.B, M = PathRequests.M;

        /// <summary>A spread of open and blocked cross-account paths (users, a role session, a case mismatch, SCP-relevant).</summary>
        private static IEnumerable<PathRequest> Requests(string fixture)
        {
            if (fixture == "cross-account")
            {
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Alice");
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Bob", $"arn:aws:iam::{B}:role/AliceAccount");
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Vendor", r => r.ExternalId = "Ext-1234");
                yield return LiveHarness.Request($"arn:aws:iam::{A}:role/Deployer", $"arn:aws:iam::{B}:role/Orphan");
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/alice");
            }
            else if (fixture == "bob-alice")
            {
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Bob", $"arn:aws:iam::{B}:role/Alice");
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Alice");
            }
            else
            {
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Target");
                yield return LiveHarness.Request($"arn:aws:iam::{M}:user/Mona", $"arn:aws:iam::{B}:role/Target");
            }
        }

        /// <summary>Each fault, the fixture it is tried on, and whether it must leave some check Unknown (or must change nothing).</summary>
        public static IEnumerable<object[]> Faults() => new[]
        {
            new object[] { "throttling that retries absorb", "cross-account", false },
            new object[] { "AccessDenied on GetRole", "cross-account", true },
            new object[] { "AccessDenied on GetUser", "cross-account", true },
            new object[] { "AccessDenied on GetUserPolicy", "cross-account", true },
            new object[] { "AccessDenied on ListPoliciesForTarget", "scp-denylist", true },
            // Every level of scp-denylist carries an SCP, which AWS allows only while SCPs are enabled: no need for ListRoots.
            new object[] { "AccessDenied on ListRoots", "scp-denylist", false },
            new object[] { "5xx beyond retries on ListAttachedRolePolicies", "cross-account", true },
            new object[] { "5xx beyond retries on DescribePolicy", "scp-denylist", true },
            new object[] { "throttling beyond retries on GetPolicyVersion", "bob-alice", true },
            new object[] { "5xx beyond retries on GetCallerIdentity", "cross-account", true },
        };

        private static void Inject(FakeAws fake, string fault)
        {
            switch (fault)
            {
                case "throttling that retries absorb":
                    foreach (var op in new[] { "GetRole", "GetUser", "ListGroupsForUser", "GetUserPolicy", "ListPoliciesForTarget", "ListParents", "DescribePolicy", "GetPolicyVersion" })
                        fake.InjectThrottling(op, 2);
                    break;
                case "AccessDenied on GetRole": fake.InjectAccessDenied("GetRole"); break;
                case "AccessDenied on GetUser": fake.InjectAccessDenied("GetUser"); break;
                case "AccessDenied on GetUserPolicy": fake.InjectAccessDenied("GetUserPolicy"); break;
                case "AccessDenied on ListPoliciesForTarget": fake.InjectAccessDenied("ListPoliciesForTarget"); break;
                case "AccessDenied on ListRoots": fake.InjectAccessDenied("ListRoots"); break;
                case "5xx beyond retries on ListAttachedRolePolicies": fake.InjectServerError("ListAttachedRolePolicies", 1000, 503); break;
                case "5xx beyond retries on DescribePolicy": fake.InjectServerError("DescribePolicy", 1000, 500); break;
                case "throttling beyond retries on GetPolicyVersion": fake.InjectThrottling("GetPolicyVersion", 1000); break;
                case "5xx beyond retries on GetCallerIdentity": fake.InjectServerError("GetCallerIdentity", 1000, 500); break;
                default: throw new ArgumentException(fault);
            }
        }

        [Theory]
        [MemberData(nameof(Faults))]
        public void Faults_give_equal_results_or_Unknown_never_another_Pass_or_Fail(string fault, string fixture, bool makesUnknown)
        {
            using var h = new LiveHarness(LiveHarness.Fixture(fixture));
            var snapshot = h.Snapshot();
            Inject(h.Fake, fault);
            var problems = new List<string>();
            int unknownChecks = 0;
            foreach (var request in Requests(fixture))
            {
                // The caller is the source, with target credentials for the role's account and the management account's for Organizations;
                // a fresh diagnosis per request, so every request meets the fault.
                string caller = request.SourceArn.Split(':')[4];
                var live = h.Live(caller, target: B, organization: M, maxAttempts: makesUnknown ? 2 : 3);
                var expected = PathDiagnosis.Run(request, snapshot);
                var actual = LiveHarness.RunLive(live, request);
                var diffs = Equivalence.Differences(expected, actual, unknownAllowed: makesUnknown);
                if (diffs.Count > 0) problems.Add($"{request.SourceArn} -> {request.RoleArn}: {string.Join("; ", diffs)}\n{LiveHarness.Show(actual)}");
                foreach (var c in actual.Where(c => c.GetStatus() == CheckStatus.Unknown && !Equivalence.LiveOnly.Contains(c.Check)))
                {
                    unknownChecks++;
                    foreach (var secret in h.Secrets) Assert.DoesNotContain(secret, c.Summary + c.Evidence + c.Fix + c.ErrorText);
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            if (fault == "throttling that retries absorb")
                Assert.Contains(h.Log.Entries, e => e.ErrorCode == "Throttling" || e.ErrorCode == "TooManyRequestsException");
            if (makesUnknown) Assert.True(unknownChecks > 0, "the fault must make some check Unknown");
            else Assert.Equal(0, unknownChecks);
            Assert.All(h.Fake.Requests, r => Assert.True(AwsRequestLog.IsReadOnlyOperation(r.Operation), r.ToString()));
        }

        [Fact]
        public void AccessDenied_on_the_target_role_names_the_permission_the_credentials_and_the_parameters()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            h.Fake.InjectAccessDenied("GetRole");
            var checks = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Alice"));
            var target = LiveHarness.Check(checks, "TargetRole");
            Assert.Equal(CheckStatus.Unknown, target.GetStatus());
            Assert.Contains($"iam:GetRole on arn:aws:iam::{B}:role/Alice was denied (AccessDenied) for -TargetCredential", target.Summary);
            Assert.Contains("Grant iam:GetRole", target.Fix);
            Assert.Contains("-TargetProfileName or -TargetCredential", target.Fix);
            Assert.Contains("-AccountProfileName", target.Fix);
            Assert.Contains("-AuditRoleName", target.Fix);
            Assert.Equal(CheckStatus.Unknown, LiveHarness.Status(checks, "TrustPolicy"));
        }

        [Fact]
        public void A_failing_inline_policy_read_makes_the_user_Unavailable_not_Found()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            h.Fake.InjectServerError("GetUserPolicy", 1000, 500);
            var live = h.Live(A, maxAttempts: 2);
            var carol = live.Data.GetUser(A, "Carol");
            Assert.Equal(LookupStatus.Unavailable, carol.Status);
            Assert.Equal("iam:GetUserPolicy", carol.Gap!.Operation);
            Assert.Equal(DataGapCause.ServiceError, carol.Gap.Cause);
            Assert.Contains("after 2 attempt(s)", carol.Gap.Detail);
            Assert.Null(carol.Value);
        }

        [Fact]
        public void NoSuchEntity_is_NotFound_and_the_case_insensitive_search_uses_ListRoles_only_then()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            var live = h.Live(A, target: B);
            Assert.Equal(LookupStatus.NotFound, live.Data.GetUser(A, "Nobody").Status);
            Assert.Equal(LookupStatus.Found, live.Data.GetRole(B, "Alice").Status);
            Assert.Equal(LookupStatus.Found, live.Data.FindRoleIgnoringCase(B, "Alice").Status);
            Assert.DoesNotContain(h.Fake.Requests, r => r.Operation == "ListRoles");
            var similar = live.Data.FindRoleIgnoringCase(B, "alice");
            Assert.Equal($"arn:aws:iam::{B}:role/Alice", similar.Value!.Arn);
            Assert.Single(h.Fake.Requests, r => r.Operation == "ListRoles");
            // Cached: asking again reads nothing.
            int before = h.Fake.Requests.Count;
            live.Data.GetRole(B, "Alice"); live.Data.FindRoleIgnoringCase(B, "alice"); live.Data.GetUser(A, "Nobody");
            Assert.Equal(before, h.Fake.Requests.Count);
        }
    }
}
