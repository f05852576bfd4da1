using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    public class LiveChecksTests
    {
        private const string A = PathRequests.A, B = PathRequests.B;
        private const string Role = "arn:aws:iam::222222222222:role/Alice";

        /// <summary>One check of the diagnosis of the caller (or <paramref name="source"/>) to Alice, with what the probe observed.</summary>
        private static PathCheck Check(LiveHarness h, StsProbe probe, string? source, CheckName name) =>
            PathDiagnosis.Run(LiveHarness.Request(source ?? probe.CallerArn!, Role), h.Snapshot(), null, LiveChecks.Observe(probe, source == null))
                .Single(c => c.GetName() == name);

        private static (LiveHarness H, StsReader Sts) Caller(string arn, string? token = null)
        {
            var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            h.Fake.AddKey("AKIDCALLER0000000001", "callerSecret/K7MDENG+bPxRfiCYEXAMPLE", token, arn);
            AWSCredentials creds = token == null ? new BasicAWSCredentials("AKIDCALLER0000000001", "callerSecret/K7MDENG+bPxRfiCYEXAMPLE")
                : new SessionAWSCredentials("AKIDCALLER0000000001", "callerSecret/K7MDENG+bPxRfiCYEXAMPLE", token);
            return (h, h.Sts(creds, "eu-west-1"));
        }

        [Fact]
        public async Task Caller_matching_the_source_passes_and_the_caller_arn_is_exposed()
        {
            var (h, sts) = Caller($"arn:aws:iam::{A}:user/Carol");
            using (h)
            {
                var probe = await LiveChecks.ProbeAsync(sts);
                Assert.Equal($"arn:aws:iam::{A}:user/Carol", probe.CallerArn);
                Assert.Equal(CheckStatus.Pass, Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.CallerIdentity).GetStatus());
                Assert.Equal(CheckStatus.Pass, Check(h, probe, null, CheckName.CallerIdentity).GetStatus()); // -SourceArn defaults to the caller
                var other = Check(h, probe, $"arn:aws:iam::{A}:user/Bob", CheckName.CallerIdentity);
                Assert.Equal(CheckStatus.Fail, other.GetStatus());
                Assert.Contains("not to the source", other.Summary);
                var sts2 = Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.StsEndpoint);
                Assert.Equal(CheckStatus.Pass, sts2.GetStatus());
                Assert.Equal("eu-west-1", probe.Region);
            }
        }

        [Fact]
        public async Task A_session_of_role_R_matches_role_R()
        {
            var (h, sts) = Caller($"arn:aws:sts::{A}:assumed-role/Deployer/ops", "FwoGZXIvYXdzEXAMPLECALLERTOKEN");
            using (h)
            {
                var probe = await LiveChecks.ProbeAsync(sts);
                Assert.Equal(CheckStatus.Pass, Check(h, probe, $"arn:aws:iam::{A}:role/Deployer", CheckName.CallerIdentity).GetStatus());
                Assert.Equal(CheckStatus.Pass, Check(h, probe, $"arn:aws:sts::{A}:assumed-role/Deployer/ops", CheckName.CallerIdentity).GetStatus());
                Assert.Equal(CheckStatus.Fail, Check(h, probe, $"arn:aws:iam::{A}:role/Other", CheckName.CallerIdentity).GetStatus());
            }
        }

        [Fact]
        public async Task Root_credentials_fail_with_the_documented_text()
        {
            var (h, sts) = Caller($"arn:aws:iam::{A}:root");
            using (h)
            {
                var check = Check(h, await LiveChecks.ProbeAsync(sts), null, CheckName.CallerIdentity);
                Assert.Equal(CheckStatus.Fail, check.GetStatus());
                Assert.Equal(ErrorTexts.RootCannotAssume, check.ErrorText);
                Assert.Equal("Roles may not be assumed by root accounts.", check.ErrorText);
            }
        }

        [Theory]
        [InlineData("ExpiredToken", "The security token included in the request is expired")]
        [InlineData("InvalidClientTokenId", "The security token included in the request is invalid.")]
        [InlineData("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")]
        public async Task Credential_problems_are_a_Fail_with_the_code_never_a_denial(string code, string message)
        {
            var (h, sts) = Caller($"arn:aws:iam::{A}:user/Carol");
            using (h)
            {
                h.Fake.InjectError("GetCallerIdentity", 403, code, message);
                var probe = await LiveChecks.ProbeAsync(sts);
                var check = Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.CallerIdentity);
                Assert.Equal(CheckStatus.Fail, check.GetStatus());
                Assert.Contains(code, check.Summary);
                Assert.Contains("sync the clock", check.Fix, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("not authorized", check.Summary);
                Assert.DoesNotContain("callerSecret", check.Summary + check.ErrorText + check.Evidence);
                Assert.NotEqual(CheckStatus.Pass, Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.StsEndpoint).GetStatus());
            }
        }

        [Fact]
        public async Task Region_disabled_fails_StsEndpoint_with_the_documented_message()
        {
            var (h, sts) = Caller($"arn:aws:iam::{A}:user/Carol");
            using (h)
            {
                h.Fake.InjectError("GetCallerIdentity", 403, "RegionDisabledException",
                    $"STS is not activated in this region for account:{A}. Your account administrator can activate STS in this region using the IAM Console.", times: 1);
                var fallback = h.Sts(new BasicAWSCredentials("AKIDCALLER0000000001", "callerSecret/K7MDENG+bPxRfiCYEXAMPLE"), "us-east-1");
                var probe = await LiveChecks.ProbeAsync(sts, fallback);
                var check = Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.StsEndpoint);
                Assert.Equal(CheckStatus.Fail, check.GetStatus());
                Assert.Equal($"STS is not activated in this region for account:{A}. Your account administrator can activate STS in this region using the IAM Console.", check.ErrorText);
                Assert.Equal(CheckStatus.Pass, Check(h, probe, $"arn:aws:iam::{A}:user/Carol", CheckName.CallerIdentity).GetStatus()); // read at the fallback endpoint
            }
        }

        [Fact]
        public async Task Live_checks_plug_into_the_diagnosis_in_catalogue_order_and_only_read()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            var carol = h.Key("AKIDCALLER0000000001", $"arn:aws:iam::{A}:user/Carol");
            var live = h.Live(null, target: B, callerCredentials: carol);
            var probe = await live.CallerProbeAsync();
            string source = probe.CallerArn!;
            await live.PrefetchAsync(source, Role);
            var checks = PathDiagnosis.Run(LiveHarness.Request(source, Role), live.Data, null, LiveChecks.Observe(probe, sourceDefaultedToCaller: true));
            Assert.Equal(CheckCatalogue.Names.Select(n => n.ToString()), checks.Select(c => c.Check));
            Assert.Equal(CheckStatus.Pass, checks.Single(c => c.GetName() == CheckName.CallerIdentity).GetStatus());
            Assert.Equal(CheckStatus.Pass, checks.Single(c => c.GetName() == CheckName.StsEndpoint).GetStatus());
            Assert.All(h.Fake.Requests, r => Assert.True(AwsRequestLog.IsReadOnlyOperation(r.Operation), r.ToString()));
            Assert.DoesNotContain(h.Log.Entries, e => e.Operation == "AssumeRole");
            Assert.Contains(h.Log.Entries, e => e.Operation == "GetCallerIdentity");
        }
    }

    public class SnapshotCollectorTests
    {
        [Theory]
        [InlineData("cross-account")]
        [InlineData("scp-denylist")]
        [InlineData("rcp-perimeter")]
        [InlineData("bob-alice")]
        public async Task Collected_snapshot_loads_and_gives_the_original_path_results(string fixture)
        {
            using var h = new LiveHarness(LiveHarness.Fixture(fixture));
            h.Fake.PageSize = 3; // pages are merged
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-collect-" + Guid.NewGuid().ToString("N"));
            try
            {
                string caller = h.Accounts[0];
                var progress = new ConcurrentBag<SnapshotProgress>();
                var collector = new SnapshotCollector(caller, h.Iam(caller), a => Task.FromResult<IIamReader>(h.Iam(a)), h.Organizations(h.ManagementAccount!));
                var result = await collector.CollectAsync(folder, h.Accounts, true, progress.Add);
                Assert.True(result.Complete, string.Join("; ", result.Failures));
                Assert.Equal(h.Accounts, result.AccountsWritten);
                Assert.True(result.OrganizationWritten);
                // An account file and a providers file per account, and organization.json.
                Assert.Equal(2 * h.Accounts.Count + 1, result.Files.Count);
                Assert.Equal(result.Files.Sum(f => new FileInfo(f).Length), result.Bytes);
                Assert.Equal(2 * h.Accounts.Count, progress.Count);
                Assert.Equal(Enumerable.Range(1, h.Accounts.Count), progress.Where(p => p.Finished).Select(p => p.Index).OrderBy(i => i));
                Assert.All(progress, p => Assert.Equal(h.Accounts.Count, p.Count));

                var original = h.Snapshot();
                var collected = SnapshotSource.Load(folder);
                Assert.Empty(collected.Problems);
                foreach (var (label, request) in PathRequests.For(fixture, h.Folder))
                {
                    var expected = PathDiagnosis.Run(request, original);
                    var actual = PathDiagnosis.Run(request, collected);
                    Assert.True(expected.Select(c => (c.Check, c.Status, c.Summary)).SequenceEqual(actual.Select(c => (c.Check, c.Status, c.Summary))),
                        $"{label}\nexpected:\n{LiveHarness.Show(expected)}\nactual:\n{LiveHarness.Show(actual)}");
                }
                Assert.All(h.Fake.Requests, r => Assert.True(AwsRequestLog.IsReadOnlyOperation(r.Operation), r.ToString()));
            }
            finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
        }

        [Fact]
        public async Task A_failing_account_is_reported_and_the_others_are_written()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("cross-account"));
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-collect-" + Guid.NewGuid().ToString("N"));
            try
            {
                var collector = new SnapshotCollector(PathRequests.A, h.Iam(PathRequests.A), a => a == PathRequests.X
                    ? throw new InvalidOperationException($"could not assume OrganizationAuditRole in {a}: AccessDenied")
                    : Task.FromResult<IIamReader>(h.Iam(a)), h.Organizations(PathRequests.M));
                var result = await collector.CollectAsync(folder, new[] { PathRequests.A, PathRequests.B, PathRequests.X, "444444444444" });
                Assert.Equal(new[] { PathRequests.A, PathRequests.B }, result.AccountsWritten);
                Assert.Equal(new[] { PathRequests.X, "444444444444" }, result.Failures.Select(f => f.Target));
                Assert.Contains("OrganizationAuditRole", result.Failures[0].Reason);
                Assert.Contains("GetAccountAuthorizationDetails", result.Failures[1].Reason);
                Assert.False(result.Complete);
                foreach (var secret in h.Secrets) Assert.DoesNotContain(secret, string.Join(" ", result.Failures));
                var loaded = SnapshotSource.Load(folder);
                Assert.Equal(2, loaded.Accounts.Count);
                Assert.NotNull(loaded.Organization);
            }
            finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
        }
    }

    /// <summary>Timings are measured alone: other tests running at the same time would delay calls on the two cores.</summary>
    [CollectionDefinition("Timing", DisableParallelization = true)]
    public class TimingCollection { }

    [Collection("Timing")]
    public class RoundTripTests
    {
        /// <summary>
        /// With -SourceArn, the caller's GetCallerIdentity and the data reads start together; reads start with the credentials
        /// expected for each account while their identities are confirmed, so identities cost no round trip of their own.
        /// </summary>
        [Fact]
        public async Task One_cross_account_diagnosis_takes_four_sequential_round_trips_and_the_diagnosis_reads_nothing_more()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            string source = $"arn:aws:iam::{PathRequests.A}:user/Bob", role = $"arn:aws:iam::{PathRequests.B}:role/Alice";
            var bob = h.Key("AKIDBOB0000000000001", source);
            // A first run warms up the SDK and the connections (first calls are slow); a second diagnosis, fresh cache, is measured.
            LiveHarness.RunLive(h.Live(null, target: PathRequests.B, organization: PathRequests.M, callerCredentials: bob), LiveHarness.Request(source, role));
            h.Log.Clear();
            h.Fake.Latency = TimeSpan.FromMilliseconds(80);
            var live = h.Live(null, target: PathRequests.B, organization: PathRequests.M, callerCredentials: bob);
            var probe = live.CallerProbeAsync();
            await live.PrefetchAsync(source, role);
            await probe;
            int afterPrefetch = h.Log.Entries.Count;
            var checks = PathDiagnosis.Run(LiveHarness.Request(source, role), live.Data);
            Assert.Equal(afterPrefetch, h.Log.Entries.Count); // everything the engine asked for was prefetched
            int trips = h.Log.SequentialRoundTrips();
            Assert.True(trips <= 4, $"{trips} sequential round trips:\n" + string.Join("\n", h.Log.Entries.OrderBy(e => e.Start).Select(e => $"{e.Start:HH:mm:ss.fff}-{e.Time:ss.fff} {e}")));
            Assert.True(trips >= 3, $"{trips}: the org walk alone needs ListParents, ListPoliciesForTarget and DescribePolicy in sequence");
            Assert.True(afterPrefetch > 15);
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "ServiceControlPolicy"));
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(checks, "TargetRole"));
        }

        /// <summary>
        /// A web identity diagnosis reads the role's side and its account's identity providers at once: the provider list
        /// and each provider's details are the only chain the providers add, shorter than the organization walk.
        /// </summary>
        [Fact]
        public async Task A_web_identity_diagnosis_reads_the_providers_beside_the_role_in_at_most_four_sequential_round_trips()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("federation"));
            string role = $"arn:aws:iam::{PathRequests.B}:role/GitHubDeploy";
            PathRequest Request() => new PathRequest
            {
                RoleArn = role, Now = LiveHarness.Now,
                WebIdentity = Federation.WebIdentityClaims.FromJson(Engine.Json.JsonParser.Parse(
                    "{\"iss\":\"https://token.actions.githubusercontent.com\",\"sub\":\"repo:Org/app:ref:refs/heads/main\",\"aud\":\"sts.amazonaws.com\"}")),
            };
            // Warm up the SDK and the connections, then measure a fresh diagnosis.
            var warm = h.Live(PathRequests.A, target: PathRequests.B, organization: "999999999999");
            await warm.PrefetchAsync("", role, identityProviders: true);
            h.Log.Clear();
            h.Fake.Latency = TimeSpan.FromMilliseconds(80);
            var live = h.Live(PathRequests.A, target: PathRequests.B, organization: "999999999999");
            var probe = live.CallerProbeAsync();
            await live.PrefetchAsync("", role, identityProviders: true);
            await probe;
            int afterPrefetch = h.Log.Entries.Count;
            var checks = PathDiagnosis.Run(Request(), live.Data, null, LiveChecks.Observe(await probe, sourceDefaultedToCaller: false));
            Assert.Equal(afterPrefetch, h.Log.Entries.Count); // everything the engine asked for was prefetched
            Assert.True(checks.All(c => c.Passed), LiveHarness.Show(checks));
            int trips = h.Log.SequentialRoundTrips();
            Assert.True(trips <= 4, $"{trips} sequential round trips:\n" + string.Join("\n", h.Log.Entries.OrderBy(e => e.Start).Select(e => $"{e.Start:HH:mm:ss.fff}-{e.Time:ss.fff} {e}")));
            Assert.Contains(h.Log.Entries, e => e.Operation == "GetOpenIDConnectProvider");
        }

        [Fact]
        public void Sequential_round_trips_count_chains_not_calls()
        {
            var t0 = DateTimeOffset.UtcNow;
            AwsRequestRecord R(int startMs, int endMs) => new TestRecord(t0, startMs, endMs).Record;
            var records = new[] { R(0, 50), R(1, 51), R(2, 52), R(52, 100), R(53, 101), R(101, 150) };
            Assert.Equal(3, AwsRequestLog.SequentialRoundTrips(records.Select(r => r)));
        }

        private sealed class TestRecord
        {
            public TestRecord(DateTimeOffset t0, int startMs, int endMs)
            {
                Record = new AwsRequestRecord("iam", "GetRole", 1, 200, null, TimeSpan.FromMilliseconds(endMs - startMs), "http://x/");
                // Shift the record's end to t0 + endMs (records take their end time from the clock).
                var field = typeof(AwsRequestRecord).GetProperty(nameof(AwsRequestRecord.Time))!.GetBackingField();
                field.SetValue(Record, t0.AddMilliseconds(endMs));
            }
            public AwsRequestRecord Record { get; }
        }
    }

    internal static class ReflectionExtensions
    {
        public static System.Reflection.FieldInfo GetBackingField(this System.Reflection.PropertyInfo p) =>
            p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
    }
}
