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
    /// A fake AWS serving one snapshot folder, with a key per account of the folder (and the management account), and
    /// LiveSources built from it: each account read with its own credentials, as target-account credentials would be.
    /// </summary>
    internal sealed class LiveHarness : IDisposable
    {
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        private readonly List<IDisposable> _clients = new List<IDisposable>();

        public LiveHarness(string folder)
        {
            Folder = folder;
            Fake = new FakeAws(folder);
            Accounts = Directory.GetFiles(Path.Combine(folder, "accounts"), "*.json").Select(Path.GetFileNameWithoutExtension).OrderBy(a => a, StringComparer.Ordinal).ToList()!;
            string orgFile = Path.Combine(folder, "organization.json");
            ManagementAccount = File.Exists(orgFile) ? JsonParser.Parse(File.ReadAllText(orgFile)).Get("Organization")?.Get("ManagementAccountId")?.Text : null;
            foreach (var a in KeyedAccounts) Fake.AddKey(AccessKey(a), Secret(a), null, $"arn:aws:iam::{a}:user/roletrust-test");
        }

        public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "paths-fixtures", name);

        public static IEnumerable<string> FixtureNames =>
            Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "paths-fixtures")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

        public string Folder { get; }
        public FakeAws Fake { get; }
        /// <summary>Accounts with an accounts/&lt;id&gt;.json file.</summary>
        public List<string> Accounts { get; }
        public string? ManagementAccount { get; }
        public AwsRequestLog Log { get; } = new AwsRequestLog();
        public IEnumerable<string> KeyedAccounts => Accounts.Concat(ManagementAccount != null ? new[] { ManagementAccount } : new string[0]).Distinct();

        public static string AccessKey(string account) => "AKIDFAKE" + account;
        public static string Secret(string account) => "secret/" + account + "/K7MDENG+bPxRfiCYEXAMPLE";
        public static AWSCredentials Credentials(string account) => new BasicAWSCredentials(AccessKey(account), Secret(account));
        public IEnumerable<string> Secrets => KeyedAccounts.Select(Secret);

        public AwsClientOptions Options(int maxAttempts = 3) => Fixtures.Options(Fake, Log, maxAttempts);

        public IamClient Iam(string account, int maxAttempts = 3) => Track(new IamClient(Credentials(account), "us-east-1", Options(maxAttempts)));
        public OrganizationsClient Organizations(string account, int maxAttempts = 3) => Track(new OrganizationsClient(Credentials(account), "us-east-1", Options(maxAttempts)));
        public StsReader Sts(AWSCredentials credentials, string region = "us-east-1") => Track(new StsReader(credentials, region, Options()));

        private T Track<T>(T client) where T : IDisposable { lock (_clients) _clients.Add(client); return client; }

        /// <summary>The caller: the source's account when the folder has it, else the first account.</summary>
        public string CallerFor(string sourceArn)
        {
            var parts = sourceArn.Split(':');
            return parts.Length > 4 && Accounts.Contains(parts[4]) ? parts[4] : Accounts[0];
        }

        /// <summary>A live source with the caller's readers and, for every other keyed account, target-account readers.</summary>
        public LiveSource Source(string callerAccount, int maxAttempts = 3)
        {
            var iam = KeyedAccounts.Where(a => a != callerAccount).ToDictionary(a => a, a => (IIamReader)Iam(a, maxAttempts));
            var orgs = KeyedAccounts.Where(a => a != callerAccount).ToDictionary(a => a, a => (IOrganizationsReader)Organizations(a, maxAttempts));
            return new LiveSource(callerAccount, Iam(callerAccount, maxAttempts), Organizations(callerAccount, maxAttempts), iam, orgs);
        }

        public SnapshotSource Snapshot() => SnapshotSource.Load(Folder);

        public static PathRequest Request(string source, string role, Action<PathRequest>? configure = null)
        {
            var r = new PathRequest { SourceArn = source, RoleArn = role, Now = Now };
            configure?.Invoke(r);
            return r;
        }

        public static IReadOnlyList<PathCheck> RunLive(LiveSource live, PathRequest request)
        {
            live.PrefetchAsync(request.SourceArn, request.RoleArn).GetAwaiter().GetResult();
            return PathDiagnosis.Run(request, live.ForPath(request.SourceArn, request.RoleArn));
        }

        public static string Show(IEnumerable<PathCheck> checks) =>
            string.Join("\n", checks.Select(c => $"    {c.Check} {c.Status}: {c.Summary}"));

        public void Dispose()
        {
            lock (_clients) foreach (var c in _clients) c.Dispose();
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
