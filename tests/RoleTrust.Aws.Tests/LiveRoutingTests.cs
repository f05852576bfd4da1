using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Model;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// Which credentials read which account: credentials are keyed by the account GetCallerIdentity says they belong to,
    /// never by the account they were meant for; an account no credentials can read is Unknown at once; a command reads
    /// each entity once. Run on examples/bob-alice (Bob and Carol in 111111111111, Alice and ci/Deploy in 222222222222,
    /// management account 999999999999).
    /// </summary>
    public class LiveRoutingTests
    {
        private const string A = PathRequests.A, B = PathRequests.B, M = PathRequests.M;
        private const string Bob = "arn:aws:iam::111111111111:user/Bob", Carol = "arn:aws:iam::111111111111:user/Carol";
        private const string Alice = "arn:aws:iam::222222222222:role/Alice", Deploy = "arn:aws:iam::222222222222:role/ci/Deploy";

        private static void AssertEquivalent(LiveHarness h, PathRequest request, System.Collections.Generic.IReadOnlyList<PathCheck> live, bool unknownAllowed)
        {
            var diffs = Equivalence.Differences(PathDiagnosis.Run(request, h.Snapshot()), live, unknownAllowed);
            Assert.True(diffs.Count == 0, string.Join("\n", diffs) + "\n" + LiveHarness.Show(live));
        }

        [Fact]
        public void Target_credentials_serve_the_account_they_belong_to_even_when_it_is_the_source_account()
        {
            // Bob asks about ci/Deploy -> Alice, both in 222222222222, with -TargetCredential for 222222222222: both are read with it.
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            var bob = h.Key("AKIDBOB0000000000001", Bob);
            var live = h.Live(null, target: B, organization: M, callerCredentials: bob);
            var request = LiveHarness.Request(Deploy, Alice);
            var checks = LiveHarness.RunLive(live, request);

            AssertEquivalent(h, request, checks, unknownAllowed: false);
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "SourcePrincipal"));
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "TargetRole"));
            Assert.Equal(CheckStatus.Fail, LiveHarness.Status(checks, "CallerIdentity")); // Bob's keys are not Deploy's
            Assert.Equal("-TargetCredential", live.Routing.ForAccountAsync(B).Result.Credentials!.Label);
            var target = h.RequestsBy(LiveHarness.AccessKey(B)).Where(r => r.Operation == "GetRole").Select(r => r.Parameters["RoleName"]).ToList();
            Assert.Contains("Deploy", target);
            Assert.Contains("Alice", target);
        }

        [Fact]
        public void A_role_source_no_credentials_can_read_is_Unknown_at_once_not_awaited_forever()
        {
            // Bob's keys only: nothing can read 222222222222, where the source role is.
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            var bob = h.Key("AKIDBOB0000000000001", Bob);
            var watch = Stopwatch.StartNew();
            var checks = LiveHarness.RunLive(h.Live(null, callerCredentials: bob), LiveHarness.Request(Deploy, Alice));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
            var source = LiveHarness.Check(checks, "SourcePrincipal");
            Assert.Equal(CheckStatus.Unknown, source.GetStatus());
            Assert.Contains("no credentials given can read account 222222222222", source.Summary);
            Assert.Contains("the caller's credentials: account 111111111111", source.Summary);
            Assert.Contains("-AuditRoleName", source.Fix);
            Assert.Contains("-AccountProfileName @{ '222222222222' = '<profile>' }", source.Fix);
            foreach (var name in new[] { "IdentityPolicy", "TargetRole", "TrustPolicy" }) Assert.Equal(CheckStatus.Unknown, LiveHarness.Status(checks, name));
        }

        [Fact]
        public void An_administrator_asking_what_if_for_a_member_user_gets_the_role_side_with_the_target_credentials()
        {
            // The management account's administrator, -TargetCredential for the role's account: the trust policy and the RCPs
            // are evaluated; the member user's own side cannot be read and is Unknown, never guessed.
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            var request = LiveHarness.Request(Bob, Alice);
            var checks = LiveHarness.RunLive(h.Live(M, target: B), request);
            AssertEquivalent(h, request, checks, unknownAllowed: true);
            Assert.Equal(CheckStatus.Fail, LiveHarness.Status(checks, "TrustPolicy"));
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "ResourceControlPolicy"));
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "ServiceControlPolicy")); // the management account reads the organization
            Assert.Equal(CheckStatus.Unknown, LiveHarness.Status(checks, "SourcePrincipal"));
            Assert.Equal(CheckStatus.Unknown, LiveHarness.Status(checks, "IdentityPolicy"));
        }

        [Fact]
        public void An_audit_role_is_assumed_once_per_account_and_reads_there_like_the_account_itself()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            h.Fake.RolesInEveryAccount.Add("OrganizationAccountAccessRole");
            var live = h.Live(M, configure: c => c.AuditRoleName = "OrganizationAccountAccessRole");
            foreach (var source in new[] { Bob, Carol })
            {
                var request = LiveHarness.Request(source, Alice);
                var checks = LiveHarness.RunLive(live, request);
                AssertEquivalent(h, request, checks, unknownAllowed: false);
                foreach (var c in checks)
                    foreach (var text in new[] { c.Summary, c.Evidence, c.Fix, c.ErrorText })
                    {
                        Assert.DoesNotContain("fakeAssumedSecretKeyDoNotLeak", text);
                        Assert.DoesNotContain("FakeAssumedSessionTokenDoNotLeak", text);
                    }
            }
            var assumed = h.Fake.Requests.Where(r => r.Operation == "AssumeRole").Select(r => r.Parameters["RoleArn"]).OrderBy(a => a).ToList();
            Assert.Equal(new[] { $"arn:aws:iam::{A}:role/OrganizationAccountAccessRole", $"arn:aws:iam::{B}:role/OrganizationAccountAccessRole" }, assumed);
            Assert.StartsWith("role arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", live.Routing.ForAccountAsync(A).Result.Credentials!.Label);
            // The management account is read with the caller's own credentials: no role is assumed there.
            Assert.Same(live.Routing.Caller, live.Routing.ForAccountAsync(M).Result.Credentials);
        }

        [Fact]
        public void A_refused_audit_role_is_Unknown_naming_the_role_and_what_would_let_the_caller_assume_it()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            h.Fake.RolesInEveryAccount.Add("Audit");
            h.Fake.InjectError("AssumeRole", 403, "AccessDenied", "User: arn:aws:iam::999999999999:user/roletrust-test is not authorized to perform: sts:AssumeRole");
            var checks = LiveHarness.RunLive(h.Live(M, target: B, configure: c => c.AuditRoleName = "Audit"), LiveHarness.Request(Bob, Alice));
            var source = LiveHarness.Check(checks, "SourcePrincipal");
            Assert.Equal(CheckStatus.Unknown, source.GetStatus());
            Assert.Contains($"sts:AssumeRole on arn:aws:iam::{A}:role/Audit (-AuditRoleName) with the caller's credentials failed: AccessDenied", source.Summary);
            Assert.Contains("Let the caller assume the audit role in account 111111111111", source.Fix);
            Assert.Equal(CheckStatus.Fail, LiveHarness.Status(checks, "TrustPolicy")); // the role's side is read with -TargetCredential
        }

        [Fact]
        public void Account_profiles_read_their_accounts_and_a_profile_of_another_account_is_refused()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            string file = Path.Combine(Path.GetTempPath(), "roletrust-profiles-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(file, string.Join("\n", new[] { A, B }.Select(a =>
                $"[p{a}]\naws_access_key_id = {LiveHarness.AccessKey(a)}\naws_secret_access_key = {LiveHarness.Secret(a)}\n")));
            try
            {
                AWSCredentialsFrom Resolve = name => AwsCredentialResolver.ResolveCredentials(new AwsCredentialOptions { ProfileName = name, ProfileLocation = file }, out _);
                var request = LiveHarness.Request(Bob, Alice);
                var live = h.Live(M, configure: c => { c.AccountProfiles[A] = "p" + A; c.AccountProfiles[B] = "p" + B; c.ResolveProfile = n => Resolve(n); });
                AssertEquivalent(h, request, LiveHarness.RunLive(live, request), unknownAllowed: false);
                Assert.Equal($"profile 'p{B}' (-AccountProfileName)", live.Routing.ForAccountAsync(B).Result.Credentials!.Label);

                var swapped = h.Live(M, configure: c => { c.AccountProfiles[A] = "p" + B; c.ResolveProfile = n => Resolve(n); });
                var checks = LiveHarness.RunLive(swapped, request);
                var source = LiveHarness.Check(checks, "SourcePrincipal");
                Assert.Equal(CheckStatus.Unknown, source.GetStatus());
                Assert.Contains($"profile 'p{B}' given for account {A} (-AccountProfileName) holds credentials of account {B}", source.Summary);
            }
            finally { File.Delete(file); }
        }

        private delegate Amazon.Runtime.AWSCredentials AWSCredentialsFrom(string profile);

        [Fact]
        public void A_command_reads_each_entity_once_however_many_paths_ask_for_it()
        {
            // The four rows of examples/bob-alice/expected-paths.csv through one diagnosis, as Import-Csv | Get-RoleTrustGap runs them.
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            var live = h.Live(A, target: B, organization: M);
            var paths = new[] { (Bob, Alice), (Carol, Alice), ("arn:aws:iam::111111111111:role/ci/ci-runner", Deploy), (Bob, "arn:aws:iam::222222222222:role/Deploy") };
            foreach (var (source, role) in paths) LiveHarness.RunLive(live, LiveHarness.Request(source, role));
            foreach (var (source, role) in paths) LiveHarness.RunLive(live, LiveHarness.Request(source, role)); // and again

            var byKeyAndEntity = h.Fake.Requests
                .GroupBy(r => (r.Headers["Authorization"].Split("Credential=")[1].Split('/')[0], r.Operation, string.Join("&", r.Parameters.Where(p => p.Key != "Action" && p.Key != "Version").Select(p => p.Key + "=" + p.Value)) + r.Body))
                .Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(byKeyAndEntity.Count == 0, "read more than once: " + string.Join("; ", byKeyAndEntity));
            Assert.Equal(3, h.Fake.Requests.Count(r => r.Operation == "GetCallerIdentity")); // one per credential set
            Assert.Single(h.Fake.Requests, r => r.Operation == "GetRole" && r.Parameters["RoleName"] == "Alice");
        }
    }
}
