using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Json;
using RoleTrust.Paths;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// A fake AWS serving one snapshot folder, with keys for a user in every account of the folder and in the management
    /// account, and live diagnoses made from them as the cmdlets make them (<see cref="LiveCredentials"/> to
    /// <see cref="LiveDiagnosis"/>). Every run has a timeout, so a hang fails fast.
    /// </summary>
    internal sealed class LiveHarness : IDisposable
    {
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public LiveHarness(string folder)
        {
            Folder = folder;
            Fake = new FakeAws(folder);
            Accounts = Directory.GetFiles(Path.Combine(folder, "accounts"), "*.json").Select(Path.GetFileNameWithoutExtension).OrderBy(a => a, StringComparer.Ordinal).ToList()!;
            string orgFile = Path.Combine(folder, "organization.json");
            ManagementAccount = File.Exists(orgFile) ? JsonParser.Parse(File.ReadAllText(orgFile)).Get("Organization")?.Get("ManagementAccountId")?.Text : null;
            foreach (var a in KeyedAccounts) Fake.AddKey(AccessKey(a), Secret(a), null, UserArn(a));
        }

        public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "paths-fixtures", name);

        public string Folder { get; }
        public FakeAws Fake { get; }
        /// <summary>Accounts with an accounts/&lt;id&gt;.json file.</summary>
        public List<string> Accounts { get; }
        public string? ManagementAccount { get; }
        public AwsRequestLog Log { get; } = new AwsRequestLog();
        public IEnumerable<string> KeyedAccounts => Accounts.Concat(ManagementAccount != null ? new[] { ManagementAccount } : new string[0]).Distinct();

        public static string AccessKey(string account) => "AKIDFAKE" + account;
        public static string Secret(string account) => "secret/" + account + "/K7MDENG+bPxRfiCYEXAMPLE";
        /// <summary>The user each account's key belongs to (not in the snapshot: an operator, not a principal diagnosed).</summary>
        public static string UserArn(string account) => $"arn:aws:iam::{account}:user/roletrust-test";
        public static AWSCredentials Credentials(string account) => new BasicAWSCredentials(AccessKey(account), Secret(account));
        public IEnumerable<string> Secrets => KeyedAccounts.Select(Secret);

        /// <summary>Registers a key for a principal and returns its credentials (a role session gets a session token).</summary>
        public AWSCredentials Key(string accessKey, string principalArn)
        {
            string secret = "secret/" + accessKey + "/K7MDENG+bPxRfiCYEXAMPLE";
            string? token = principalArn.Contains(":assumed-role/") ? "token/" + accessKey + "/FwoGZXIvYXdzEXAMPLE" : null;
            Fake.AddKey(accessKey, secret, token, principalArn);
            return token == null ? new BasicAWSCredentials(accessKey, secret) : new SessionAWSCredentials(accessKey, secret, token);
        }

        public AwsClientOptions Options(int maxAttempts = 3) => Fixtures.Options(Fake, Log, maxAttempts);

        /// <summary>
        /// A live diagnosis as the cmdlets make one: the caller's credentials (an account's key, or <paramref name="callerCredentials"/>),
        /// optionally -TargetCredential and -OrganizationCredential (accounts' keys), and whatever <paramref name="configure"/> adds.
        /// </summary>
        public LiveDiagnosis Live(string? caller, string? target = null, string? organization = null, Action<LiveCredentials>? configure = null,
            int maxAttempts = 3, AWSCredentials? callerCredentials = null)
        {
            var credentials = new LiveCredentials(callerCredentials ?? Credentials(caller!), "us-east-1");
            if (target != null) credentials.Target = Credentials(target);
            if (organization != null) credentials.Organization = Credentials(organization);
            configure?.Invoke(credentials);
            return Track(new LiveDiagnosis(credentials, Options(maxAttempts)));
        }

        public IamClient Iam(string account, int maxAttempts = 3) => Track(new IamClient(Credentials(account), "us-east-1", Options(maxAttempts)));
        public OrganizationsClient Organizations(string account, int maxAttempts = 3) => Track(new OrganizationsClient(Credentials(account), "us-east-1", Options(maxAttempts)));
        public StsReader Sts(AWSCredentials credentials, string region = "us-east-1") => Track(new StsReader(credentials, region, Options()));

        private T Track<T>(T client) where T : IDisposable { lock (_owned) _owned.Add(client); return client; }

        public SnapshotSource Snapshot() => SnapshotSource.Load(Folder);

        public static PathRequest Request(string source, string role, Action<PathRequest>? configure = null)
        {
            var r = new PathRequest { SourceArn = source, RoleArn = role, Now = Now };
            configure?.Invoke(r);
            return r;
        }

        /// <summary>One path as the cmdlet runs it (identities and reads at once, then the checks), failing the test if it takes longer than <see cref="Timeout"/>.</summary>
        public static IReadOnlyList<PathCheck> RunLive(LiveDiagnosis live, PathRequest request)
        {
            var run = Task.Run(async () =>
            {
                var probe = live.CallerProbeAsync();
                await live.PrefetchAsync(request.SourceArn, request.RoleArn).ConfigureAwait(false);
                return PathDiagnosis.Run(request, live.Data, null, LiveChecks.Observe(await probe.ConfigureAwait(false), sourceDefaultedToCaller: false));
            });
            if (!run.Wait(Timeout)) throw new TimeoutException($"{request.SourceArn} -> {request.RoleArn} did not finish within {Timeout.TotalSeconds} s");
            return run.Result;
        }

        public static string Show(IEnumerable<PathCheck> checks) =>
            string.Join("\n", checks.Select(c => $"    {c.Check} {c.Status}: {c.Summary}"));

        public static PathCheck Check(IEnumerable<PathCheck> checks, string name) => checks.Single(c => c.Check == name);
        public static CheckStatus Status(IEnumerable<PathCheck> checks, string name) => Check(checks, name).GetStatus();

        /// <summary>The fake's requests signed with an account's key (what was read with those credentials).</summary>
        public IEnumerable<FakeRequest> RequestsBy(string accessKey) =>
            Fake.Requests.Where(r => r.Headers.TryGetValue("Authorization", out var a) && a.Contains("Credential=" + accessKey + "/"));

        public void Dispose()
        {
            lock (_owned) foreach (var c in _owned) c.Dispose();
            Fake.Dispose();
        }
    }

    /// <summary>The requests compared on each fixture: every source against every role, plus the scenarios' parameterised requests.</summary>
    internal static class PathRequests
    {
        public const string A = "111111111111", B = "222222222222", X = "333333333333", M = "999999999999";
        static string User(string account, string name) => $"arn:aws:iam::{account}:user/{name}";
        static string Role(string account, string name) => $"arn:aws:iam::{account}:role/{name}";
        static string Session(string account, string role, string name = "ops") => $"arn:aws:sts::{account}:assumed-role/{role}/{name}";

        public static List<(string Label, PathRequest Request)> For(string fixture, string folder)
        {
            var sources = new List<string>();
            var roles = new List<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(folder, "accounts"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                string account = Path.GetFileNameWithoutExtension(file);
                var root = JsonParser.Parse(File.ReadAllText(file));
                foreach (var u in root.Get("UserDetailList")?.Items ?? new List<JsonNode>()) sources.Add(u.Get("Arn")!.Text!);
                foreach (var r in root.Get("RoleDetailList")?.Items ?? new List<JsonNode>())
                {
                    string arn = r.Get("Arn")!.Text!;
                    string name = r.Get("RoleName")!.Text!;
                    roles.Add(arn);
                    sources.Add(arn);
                    sources.Add(Session(account, name));
                }
            }
            var first = roles.FirstOrDefault();
            if (first != null)
            {
                var account = first.Split(':')[4];
                string name = first.Substring(first.LastIndexOf('/') + 1);
                roles.Add(Role(account, name.ToLowerInvariant()));   // case: TargetRole suggests the real name (ListRoles)
                roles.Add(Role(account, "DoesNotExist"));
            }
            roles.Add(Role("444444444444", "Anything"));              // an account with no data and no credentials
            sources.Add(User("444444444444", "Nobody"));
            sources.Add($"arn:aws:iam::{A}:root");

            var list = new List<(string, PathRequest)>();
            foreach (var s in sources)
                foreach (var r in roles)
                    list.Add(($"{fixture}: {s} -> {r}", LiveHarness.Request(s, r)));

            void Add(string source, string role, Action<PathRequest> configure, string what) => list.Add(($"{fixture}: {source} -> {role} ({what})", LiveHarness.Request(source, role, configure)));
            switch (fixture)
            {
                case "cross-account":
                    Add(User(A, "Carol"), Role(B, "Vendor"), r => r.ExternalId = "Ext-1234", "ExternalId");
                    Add(User(A, "Carol"), Role(B, "Vendor"), r => r.Console = true, "console");
                    Add(User(A, "Carol"), Role(B, "MfaRole"), r => { r.SerialNumber = $"arn:aws:iam::{A}:mfa/Carol"; r.TokenCode = "123456"; }, "MFA");
                    Add(Session(A, "Deployer"), Role(B, "MfaRole"), r => r.MfaPresent = true, "chained MFA");
                    Add(Role(A, "Deployer"), Role(B, "AliceAccount"), r => r.DurationSeconds = 7200, "chained duration");
                    Add(User(A, "Carol"), Role(B, "AliceAccount"), r => r.DurationSeconds = 43200, "long duration");
                    Add(User(A, "Carol"), Role(B, "AliceAccount"), r => r.RoleSessionName = "team/alice", "bad session name");
                    break;
                case "same-account":
                case "no-org":
                    Add(User(A, "Hank"), Role(A, "NetFenced"), r => r.SourceVpce = "vpce-0123456789abcdef0", "vpce");
                    Add(Session(A, "Chainer"), Role(A, "SourceIdRole"), r => r.SourceIdentity = "alice", "source identity");
                    Add($"arn:aws:iam::{A}:root", Role(A, "AcctTrust"), r => r.Console = true, "root console");
                    Add(User(A, "Hank"), Role(A, "NoMax"), r => r.DurationSeconds = 7200, "no MaxSessionDuration");
                    Add(User(A, "Bob"), Role(A, "Tagged"), r => r.SessionTags["project"] = "apollo", "tags");
                    break;
            }
            return list;
        }
    }
}

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// How a live result may differ from the snapshot's for the same path: each check equal, or Unknown with a reason
    /// (data that could not be read); never a different Pass or Fail. CallerIdentity and StsEndpoint are live-only.
    /// </summary>
    internal static class Equivalence
    {
        public static readonly HashSet<string> LiveOnly = new HashSet<string> { "CallerIdentity", "StsEndpoint" };

        /// <param name="unknownAllowed">Whether a check may be Unknown live where the snapshot decides (data some credentials cannot read).</param>
        public static List<string> Differences(IReadOnlyList<PathCheck> expected, IReadOnlyList<PathCheck> actual, bool unknownAllowed)
        {
            var diffs = new List<string>();
            if (!expected.Select(c => c.Check).SequenceEqual(actual.Select(c => c.Check))) { diffs.Add("check lists differ"); return diffs; }
            for (int i = 0; i < expected.Count; i++)
            {
                var s = expected[i]; var l = actual[i];
                if (LiveOnly.Contains(s.Check)) continue;
                if (l.GetStatus() == s.GetStatus())
                {
                    // With every datum read, a failure is told in the same words (where some are missing, a hedge may differ).
                    if (s.GetStatus() == CheckStatus.Fail && !unknownAllowed && l.Summary != s.Summary) diffs.Add($"{s.Check} summary: '{s.Summary}' -> '{l.Summary}'");
                    continue;
                }
                if (l.GetStatus() == CheckStatus.Unknown && unknownAllowed)
                {
                    if (l.Summary.Length == 0 || l.Fix.Length == 0) diffs.Add($"{s.Check}: Unknown without a reason and a remedy");
                    continue;
                }
                // Where the snapshot has no organization data, AWS itself can tell (for example: in no organization).
                if ((s.Check == "ServiceControlPolicy" || s.Check == "ResourceControlPolicy") && s.GetStatus() == CheckStatus.Unknown
                    && (l.GetStatus() == CheckStatus.NotApplicable || l.GetStatus() == CheckStatus.Pass)) continue;
                diffs.Add($"{s.Check}: snapshot {s.Status}, live {l.Status}: {l.Summary}");
            }
            return diffs;
        }
    }
}
