using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// A snapshot folder loaded once and indexed: accounts/&lt;id&gt;.json (get-account-authorization-details output)
    /// and an optional organization.json. Data the folder lacks is reported as Unavailable, never guessed.
    /// </summary>
    public sealed class SnapshotSource : IAccountDataSource
    {
        private readonly Dictionary<string, AccountData> _accounts;
        private readonly Dictionary<string, string> _unreadable;
        private readonly OrganizationData? _organization;
        private readonly DataGap _organizationGap;

        private SnapshotSource(string path, Dictionary<string, AccountData> accounts, Dictionary<string, string> unreadable,
            OrganizationData? organization, DataGap organizationGap, long bytes, TimeSpan loadTime)
        {
            Path = path; _accounts = accounts; _unreadable = unreadable; _organization = organization; _organizationGap = organizationGap;
            Bytes = bytes; LoadTime = loadTime;
        }

        public string Path { get; }
        public IReadOnlyCollection<AccountData> Accounts => _accounts.Values;
        public OrganizationData? Organization => _organization;
        /// <summary>Files that could not be read, with the reason; their accounts count as missing.</summary>
        public IReadOnlyDictionary<string, string> Problems => _unreadable;
        public long Bytes { get; }
        public TimeSpan LoadTime { get; }

        public static SnapshotSource Load(string folder)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Snapshot folder '{folder}' does not exist.");
            string accountsDir = System.IO.Path.Combine(folder, "accounts");
            var files = Directory.Exists(accountsDir) ? Directory.GetFiles(accountsDir, "*.json") : new string[0];
            if (files.Length == 0) throw new FileNotFoundException($"Snapshot folder '{folder}' has no accounts/<12-digit-id>.json files.");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var loaded = new ConcurrentDictionary<string, AccountData>(StringComparer.Ordinal);
            var problems = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            long bytes = 0;
            // Each worker reuses one byte and one char buffer: account files are large enough to land on the
            // large-object heap, and allocating two per file there makes the load GC-bound.
            Parallel.ForEach(files, () => new FileBuffers(), (file, _, buffers) =>
            {
                string id = System.IO.Path.GetFileNameWithoutExtension(file);
                if (!Arn.IsAccountId(id)) { problems[file] = "the file name is not a 12-digit account ID"; return buffers; }
                try
                {
                    int length = buffers.Read(file);
                    System.Threading.Interlocked.Add(ref bytes, length);
                    loaded[id] = GaadReader.Read(JsonParser.Parse(buffers.Chars, length, GaadReader.PolicyMembers), id);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonSyntaxException || ex is FormatException
                    || ex is System.Text.DecoderFallbackException)
                {
                    problems[file] = ex is System.Text.DecoderFallbackException ? "the file is not valid UTF-8" : ex.Message;
                }
                return buffers;
            }, _ => { });

            OrganizationData? org = null;
            var orgGap = new DataGap(DataGapKind.Organization, DataGapCause.NotCollected);
            string orgFile = System.IO.Path.Combine(folder, "organization.json");
            if (File.Exists(orgFile))
            {
                try
                {
                    string text = File.ReadAllText(orgFile);
                    bytes += text.Length;
                    org = OrganizationReader.Read(JsonParser.Parse(text));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonSyntaxException || ex is FormatException)
                {
                    problems[orgFile] = ex.Message;
                    orgGap = new DataGap(DataGapKind.Organization, DataGapCause.Malformed, detail: "the file could not be read: " + ex.Message);
                }
            }

            return new SnapshotSource(System.IO.Path.GetFullPath(folder), new Dictionary<string, AccountData>(loaded), new Dictionary<string, string>(problems),
                org, orgGap, bytes, watch.Elapsed);
        }

        /// <summary>A worker's reusable read buffers: the file's UTF-8 bytes and their decoded characters.</summary>
        private sealed class FileBuffers
        {
            private byte[] _bytes = new byte[1 << 16];
            public char[] Chars = new char[1 << 16];

            /// <summary>Reads and decodes a whole file; returns the number of characters.</summary>
            public int Read(string path)
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    long size = stream.Length;
                    if (size > int.MaxValue / 2) throw new IOException($"{path} is too large to be an account file.");
                    if (_bytes.Length < size) _bytes = new byte[Math.Max(size, _bytes.Length * 2L)];
                    int read = 0, n;
                    while (read < size && (n = stream.Read(_bytes, read, (int)size - read)) > 0) read += n;
                    int start = read >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF ? 3 : 0;
                    int chars = Utf8.GetCharCount(_bytes, start, read - start);
                    if (Chars.Length < chars) Chars = new char[Math.Max(chars, Chars.Length * 2)];
                    return Utf8.GetChars(_bytes, start, read - start, Chars, 0);
                }
            }

            private static readonly System.Text.Encoding Utf8 = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        }

        public IDataGapPhrasing Phrasing => SnapshotPhrasing.Instance;

        private Lookup<AccountData> Account(string accountId)
        {
            if (_accounts.TryGetValue(accountId, out var a)) return Lookup<AccountData>.Found(a);
            foreach (var problem in _unreadable)
                if (System.IO.Path.GetFileNameWithoutExtension(problem.Key) == accountId)
                    return Lookup<AccountData>.Unavailable(new DataGap(DataGapKind.Account, DataGapCause.Malformed, accountId, detail: problem.Value));
            return Lookup<AccountData>.Unavailable(new DataGap(DataGapKind.Account, DataGapCause.NotCollected, accountId));
        }

        /// <summary>NotFound, unless the list the entity would be in is malformed: then whether it exists is not known.</summary>
        private static Lookup<T> Missing<T>(AccountData account, EntityList list, string reason) where T : class =>
            account.ListProblems.TryGetValue(list, out var gap) ? Lookup<T>.Unavailable(gap) : Lookup<T>.NotFound(reason);

        public Lookup<IamUser> GetUser(string accountId, string userName)
        {
            var a = Account(accountId);
            if (a.Value == null) return Lookup<IamUser>.Unavailable(a.Gap!);
            return a.Value.Users.TryGetValue(userName, out var u) ? Lookup<IamUser>.Found(u)
                : Missing<IamUser>(a.Value, EntityList.Users, $"account {accountId} has no IAM user named '{userName}'");
        }

        public Lookup<IamRole> GetRole(string accountId, string roleName)
        {
            var a = Account(accountId);
            if (a.Value == null) return Lookup<IamRole>.Unavailable(a.Gap!);
            return a.Value.Roles.TryGetValue(roleName, out var r) ? Lookup<IamRole>.Found(r)
                : Missing<IamRole>(a.Value, EntityList.Roles, $"account {accountId} has no role named '{roleName}'");
        }

        public Lookup<IamRole> FindRoleIgnoringCase(string accountId, string roleName)
        {
            var a = Account(accountId);
            if (a.Value == null) return Lookup<IamRole>.Unavailable(a.Gap!);
            var r = a.Value.FindRoleIgnoringCase(roleName);
            return r != null ? Lookup<IamRole>.Found(r) : Missing<IamRole>(a.Value, EntityList.Roles, $"account {accountId} has no role named like '{roleName}'");
        }

        public Lookup<IamGroup> GetGroup(string accountId, string groupName)
        {
            var a = Account(accountId);
            if (a.Value == null) return Lookup<IamGroup>.Unavailable(a.Gap!);
            if (a.Value.Groups.TryGetValue(groupName, out var g)) return Lookup<IamGroup>.Found(g);
            // A user's group that the data does not hold: the user's permissions are incomplete, whatever the reason.
            return Lookup<IamGroup>.Unavailable(a.Value.ListProblems.TryGetValue(EntityList.Groups, out var gap) ? gap
                : new DataGap(DataGapKind.Group, DataGapCause.NotCollected, accountId, groupName));
        }

        public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId)
        {
            if (_accounts.TryGetValue(viewingAccountId, out var own) && own.Policies.TryGetValue(policyArn, out var p) && (p.DefaultVersion != null || p.Problem != null))
                return Lookup<ManagedPolicy>.Found(p);
            // AWS-managed policies are the same everywhere: any account's copy will do.
            if (policyArn.StartsWith("arn:aws", StringComparison.Ordinal) && policyArn.Contains(":iam::aws:policy/"))
                foreach (var a in _accounts.Values)
                    if (a.Policies.TryGetValue(policyArn, out var shared) && shared.DefaultVersion != null) return Lookup<ManagedPolicy>.Found(shared);
            if (own != null && own.ListProblems.TryGetValue(EntityList.Policies, out var gap)) return Lookup<ManagedPolicy>.Unavailable(gap);
            return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.NotCollected, viewingAccountId, policyArn));
        }

        public Lookup<OrganizationMembership> GetMembership(string accountId) =>
            _organization != null ? _organization.MembershipOf(accountId) : Lookup<OrganizationMembership>.Unavailable(_organizationGap);
    }
}
