using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Model;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>Injected faults: results stay equal, or the affected checks become Unknown with a useful reason; never Pass where the snapshot says Fail.</summary>
    public class LiveSourceFaultTests
    {
        private const string A = PathRequests.A, B = PathRequests.B;

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
            else
            {
                yield return LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Target");
                yield return LiveHarness.Request($"arn:aws:iam::{PathRequests.M}:user/Mona", $"arn:aws:iam::{B}:role/Target");
            }
        }

        public static IEnumerable<object[]> Faults() => new[]
        {
            new object[] { "throttling that retries absorb", "cross-account" },
            new object[] { "AccessDenied on GetRole", "cross-account" },
            new object[] { "AccessDenied on GetUser", "cross-account" },
            new object[] { "AccessDenied on GetUserPolicy", "cross-account" },
            new object[] { "AccessDenied on ListPoliciesForTarget", "scp-denylist" },
            new object[] { "5xx beyond retries on ListAttachedRolePolicies", "cross-account" },
            new object[] { "5xx beyond retries on DescribePolicy", "scp-denylist" },
            new object[] { "throttling beyond retries on GetPolicyVersion", "bob-alice" },
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
                case "5xx beyond retries on ListAttachedRolePolicies": fake.InjectServerError("ListAttachedRolePolicies", 1000, 503); break;
                case "5xx beyond retries on DescribePolicy": fake.InjectServerError("DescribePolicy", 1000, 500); break;
                case "throttling beyond retries on GetPolicyVersion": fake.InjectThrottling("GetPolicyVersion", 1000); break;
                default: throw new ArgumentException(fault);
            }
        }

        [Theory]
        [MemberData(nameof(Faults))]
        public void Faults_give_equal_results_or_Unknown_never_a_false_Pass(string fault, string fixture)
        {
            using var h = new LiveHarness(LiveHarness.Fixture(fixture));
            var snapshot = h.Snapshot();
            Inject(h.Fake, fault);
            var problems = new List<string>();
            int unknownChecks = 0;
            var requests = fixture == "bob-alice"
                ? new[] { LiveHarness.Request($"arn:aws:iam::{A}:user/Bob", $"arn:aws:iam::{B}:role/Alice"), LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Alice") }
                : Requests(fixture).ToArray();
            foreach (var request in requests)
            {
                var live = h.Source(h.CallerFor(request.SourceArn)); // fresh cache: every request meets the fault
                var expected = PathDiagnosis.Run(request, snapshot);
                var actual = LiveHarness.RunLive(live, request);
                bool strict = fault == "throttling that retries absorb";
                var diffs = LiveEquivalenceTests.Compare(fixture, request, expected, actual, strict);
                if (diffs.Count > 0) problems.Add($"{request.SourceArn} -> {request.RoleArn}: {string.Join("; ", diffs)}\n{LiveHarness.Show(actual)}");
                foreach (var c in actual.Where(c => c.GetStatus() == CheckStatus.Unknown && !LiveEquivalenceTests.LiveOnly.Contains(c.Check)))
                {
                    unknownChecks++;
                    foreach (var secret in h.Secrets) Assert.DoesNotContain(secret, c.Summary + c.Evidence + c.Fix + c.ErrorText);
                    Assert.DoesNotContain("AKIDFAKE", c.Summary);
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            if (fault == "throttling that retries absorb")
                Assert.Contains(h.Log.Entries, e => e.ErrorCode == "Throttling" || e.ErrorCode == "TooManyRequestsException");
            else
                Assert.True(unknownChecks > 0, "the fault must make some check Unknown");
            Assert.All(h.Fake.Requests, r => Assert.True(AwsRequestLog.IsReadOnlyOperation(r.Operation), r.ToString()));
        }

        [Fact]
        public void AccessDenied_on_the_target_role_names_the_permission_and_the_target_credential_parameters()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            h.Fake.InjectAccessDenied("GetRole");
            var live = h.Source(A);
            var checks = LiveHarness.RunLive(live, LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Alice"));
            var target = checks.Single(c => c.Check == "TargetRole");
            Assert.Equal(CheckStatus.Unknown, target.GetStatus());
            Assert.Contains($"iam:GetRole on arn:aws:iam::{B}:role/Alice was denied (AccessDenied)", target.Summary);
            Assert.Contains($"-TargetProfileName/-TargetCredential for account {B}", target.Summary);
            Assert.Equal(CheckStatus.Unknown, checks.Single(c => c.Check == "TrustPolicy").GetStatus());
            Assert.False(checks.All(c => c.Passed));
        }

        [Fact]
        public void Missing_credentials_for_an_account_say_which_parameter_to_pass()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            var live = new LiveSource(A, h.Iam(A), h.Organizations(A));
            var role = live.GetRole(B, "Alice");
            Assert.Equal(LookupStatus.Unavailable, role.Status);
            Assert.Equal(DataGapCause.NoCredentials, role.Gap!.Cause);
            Assert.Equal($"no credentials for account {B}: pass -TargetProfileName or -TargetCredential", role.Gap.Detail);
            Assert.DoesNotContain(h.Fake.Requests, r => r.Operation == "GetRole");
        }

        [Fact]
        public void A_failing_inline_policy_read_makes_the_user_Unavailable_not_Found()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            h.Fake.InjectServerError("GetUserPolicy", 1000, 500);
            var live = h.Source(A, maxAttempts: 2);
            var bob = live.GetUser(A, "Carol");
            Assert.Equal(LookupStatus.Unavailable, bob.Status);
            Assert.Equal("iam:GetUserPolicy", bob.Gap!.Operation);
            Assert.Contains("after 2 attempt(s)", bob.Gap.Detail);
            Assert.Null(bob.Value);
        }

        [Fact]
        public void NoSuchEntity_is_NotFound_and_the_case_insensitive_search_uses_ListRoles_only_then()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            var live = h.Source(A);
            Assert.Equal(LookupStatus.NotFound, live.GetUser(A, "Nobody").Status);
            Assert.Equal(LookupStatus.Found, live.GetRole(B, "Alice").Status);
            Assert.Equal(LookupStatus.Found, live.FindRoleIgnoringCase(B, "Alice").Status);
            Assert.DoesNotContain(h.Fake.Requests, r => r.Operation == "ListRoles");
            var similar = live.FindRoleIgnoringCase(B, "alice");
            Assert.Equal($"arn:aws:iam::{B}:role/Alice", similar.Value!.Arn);
            Assert.Single(h.Fake.Requests, r => r.Operation == "ListRoles");
            // Cached: asking again reads nothing.
            int before = h.Fake.Requests.Count;
            live.GetRole(B, "Alice"); live.FindRoleIgnoringCase(B, "alice"); live.GetUser(A, "Nobody");
            Assert.Equal(before, h.Fake.Requests.Count);
        }

        [Fact]
        public void Organizations_not_in_use_for_every_account_means_standalone_not_unknown()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("no-org"));
            var live = h.Source(A);
            var membership = live.GetMembership(A);
            Assert.Equal(LookupStatus.Found, membership.Status);
            Assert.Equal(MembershipKind.Standalone, membership.Value!.Kind);
            var checks = LiveHarness.RunLive(live, LiveHarness.Request($"arn:aws:iam::{A}:user/Bob", $"arn:aws:iam::{A}:role/Alice"));
            Assert.Equal(CheckStatus.NotApplicable, checks.Single(c => c.Check == "ServiceControlPolicy").GetStatus());
        }

        [Fact]
        public void No_organizations_reader_leaves_SCPs_Unknown()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("scp-denylist"));
            var live = new LiveSource(A, h.Iam(A), null, new Dictionary<string, IIamReader> { [B] = h.Iam(B) });
            var checks = LiveHarness.RunLive(live, LiveHarness.Request($"arn:aws:iam::{A}:user/Carol", $"arn:aws:iam::{B}:role/Target"));
            Assert.Equal(CheckStatus.Unknown, checks.Single(c => c.Check == "ServiceControlPolicy").GetStatus());
            Assert.Equal(CheckStatus.Unknown, checks.Single(c => c.Check == "ResourceControlPolicy").GetStatus());
        }
    }
}
