using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// A snapshot folder loaded once and indexed: accounts/&lt;id&gt;.json (get-account-authorization-details output),
    /// an optional organization.json and optional providers/&lt;id&gt;.json (identity providers). Data the folder lacks
    /// is reported as Unavailable, never guessed.
    /// </summary>
    public sealed class SnapshotSource : IAccountDataSource, IPartitionAwareSource, IFederationDataSource
    {
        private readonly Dictionary<string, AccountData> _accounts;
        private readonly Dictionary<string, string> _unreadable;
        private readonly OrganizationData? _organization;
        private readonly DataGap _organizationGap;
        private readonly Dictionary<string, Lookup<IdentityProviderSet>> _providers;

        private SnapshotSource(string path, Dictionary<string, AccountData> accounts, Dictionary<string, string> unreadable,
            OrganizationData? organization, DataGap organizationGap, Dictionary<string, Lookup<IdentityProviderSet>> providers,
            IReadOnlyList<SnapshotIssue> issues, long bytes, TimeSpan loadTime)
        {
            Path = path; _accounts = accounts; _unreadable = unreadable; _organization = organization; _organizationGap = organizationGap;
            _providers = providers; Issues = issues; Bytes = bytes; LoadTime = loadTime;
        }

        public string Path { get; }
        public IReadOnlyCollection<AccountData> Accounts => _accounts.Values;
        public OrganizationData? Organization => _organization;
        /// <summary>Files that could not be used at all (full path to the reason); their accounts count as missing.</summary>
        public IReadOnlyDictionary<string, string> Problems => _unreadable;
        /// <summary>Everything found wrong while loading, files that cannot be used first, then by file and position.</summary>
        public IReadOnlyList<SnapshotIssue> Issues { get; }
        public long Bytes { get; }
        public TimeSpan LoadTime { get; }

        public static SnapshotSource Load(string folder) => Load(folder, null, CancellationToken.None);

        /// <summary>
        /// Loads a snapshot folder, account files in parallel (one worker per core).
        /// </summary>
        /// <param name="progress">Called now and then with (bytes of account files read, bytes in all), from any worker.</param>
        /// <param name="cancellationToken">Checked between files and inside large ones; a cancelled load throws <see cref="OperationCanceledException"/>.</param>
        public static SnapshotSource Load(string folder, Action<long, long>? progress, CancellationToken cancellationToken)
        {
            if (File.Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' is a file, not a snapshot folder: give the folder that holds organization.json and accounts/.");
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Snapshot folder '{folder}' does not exist.");
            string accountsDir = System.IO.Path.Combine(folder, "accounts");
            var files = Directory.Exists(accountsDir) ? Directory.GetFiles(accountsDir, "*.json") : new string[0];
            if (files.Length == 0) throw new FileNotFoundException($"Snapshot folder '{folder}' has no accounts/<12-digit-id>.json files.");
            cancellationToken.ThrowIfCancellationRequested();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var loaded = new ConcurrentDictionary<string, AccountData>(StringComparer.Ordinal);
            var problems = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var issues = new ConcurrentBag<(string file, int order, SnapshotIssue issue)>();
            long bytes = 0, read = 0;
            // Policy documents, stored once each and without their indentation (the policy parser's length limit is
            // applied to the text as written, so longer documents are kept as they are).
            var documents = new RawTextPool(Engine.Policies.PolicyParser.MaxPolicyLength);
            // Largest files first, so that the workers finish together; sizes also measure progress.
            var sized = files.Select(f => (file: f, size: SizeOf(f))).OrderByDescending(f => f.size).ThenBy(f => f.file, StringComparer.Ordinal).ToArray();
            long total = sized.Sum(f => f.size);
            int next = -1;
            void LoadFiles()
            {
                // Each worker reuses one byte and one char buffer: account files are large enough to land on the
                // large-object heap, and allocating two per file there makes the load GC-bound.
                var buffers = new FileBuffers();
                int i;
                while ((i = Interlocked.Increment(ref next)) < sized.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    LoadAccount(sized[i].file, buffers);
                    long done = Interlocked.Add(ref read, sized[i].size);
                    progress?.Invoke(done, total);
                }
            }
            void LoadAccount(string file, FileBuffers buffers)
            {
                string relative = "accounts/" + System.IO.Path.GetFileName(file);
                string id = System.IO.Path.GetFileNameWithoutExtension(file);
                if (!Arn.IsAccountId(id))
                {
                    problems[file] = "the file name is not a 12-digit account ID";
                    issues.Add((relative, -1, Unusable(relative, file, problems[file])));
                    return;
                }
                try
                {
                    int length = buffers.Read(file, out string? encoding);
                    Interlocked.Add(ref bytes, length);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (encoding != null) issues.Add((relative, 0, new SnapshotIssue(relative, file, null, $"{relative}: {encoding}", false)));
                    AccountData account;
                    IReadOnlyList<DataGap> found;
                    try
                    {
                        buffers.Tape.Parse(buffers.Chars, length, GaadReader.PolicyMembers, documents);
                        account = GaadReader.Read(buffers.Tape, id, out found);
                    }
                    finally { buffers.Tape.Clear(); }
                    loaded[id] = account;
                    for (int k = 0; k < found.Count; k++) issues.Add((relative, k + 1, FieldIssue(relative, file, found[k])));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonSyntaxException || ex is FormatException
                    || ex is System.Text.DecoderFallbackException)
                {
                    problems[file] = ex is System.Text.DecoderFallbackException ? $"the file is not valid {buffers.LastEncoding} text" : ex.Message;
                    issues.Add((relative, -1, Unusable(relative, file, problems[file])));
                }
            }
            int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, sized.Length));
            var others = new Task[workers - 1];
            for (int w = 0; w < others.Length; w++) others[w] = Task.Factory.StartNew(LoadFiles, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try { LoadFiles(); }
            finally
            {
                // The other workers stop at their next file (or check) once this one has failed or been cancelled.
                if (others.Length > 0) Interlocked.Exchange(ref next, sized.Length);
                try { Task.WaitAll(others); }
                catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException)) { }
            }
            cancellationToken.ThrowIfCancellationRequested();

            OrganizationData? org = null;
            var orgGap = new DataGap(DataGapKind.Organization, DataGapCause.NotCollected);
            string orgFile = System.IO.Path.Combine(folder, "organization.json");
            if (File.Exists(orgFile))
            {
                const string relative = "organization.json";
                var buffers = new FileBuffers();
                try
                {
                    int length = buffers.Read(orgFile, out string? encoding);
                    bytes += length;
                    if (encoding != null) issues.Add((relative, 0, new SnapshotIssue(relative, orgFile, null, $"{relative}: {encoding}", false)));
                    org = OrganizationReader.Read(JsonParser.Parse(buffers.Chars, length), out var found);
                    for (int i = 0; i < found.Count; i++) issues.Add((relative, i + 1, FieldIssue(relative, orgFile, found[i])));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonSyntaxException || ex is FormatException
                    || ex is System.Text.DecoderFallbackException)
                {
                    string reason = ex is System.Text.DecoderFallbackException ? $"the file is not valid {buffers.LastEncoding} text" : ex.Message;
                    problems[orgFile] = reason;
                    issues.Add((relative, -1, Unusable(relative, orgFile, reason)));
                    orgGap = new DataGap(DataGapKind.Organization, DataGapCause.Malformed, detail: "the file could not be read: " + reason);
                }
            }
            var providers = new Dictionary<string, Lookup<IdentityProviderSet>>(StringComparer.Ordinal);
            string providersDir = System.IO.Path.Combine(folder, "providers");
            if (Directory.Exists(providersDir))
            {
                var buffers = new FileBuffers();
                foreach (var file in Directory.GetFiles(providersDir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
                {
                    string relative = "providers/" + System.IO.Path.GetFileName(file);
                    string id = System.IO.Path.GetFileNameWithoutExtension(file);
                    if (!Arn.IsAccountId(id))
                    {
                        problems[file] = "the file name is not a 12-digit account ID";
                        issues.Add((relative, -1, Unusable(relative, file, problems[file])));
                        continue;
                    }
                    try
                    {
                        int length = buffers.Read(file, out string? encoding);
                        bytes += length;
                        if (encoding != null) issues.Add((relative, 0, new SnapshotIssue(relative, file, null, $"{relative}: {encoding}", false)));
                        var set = ProvidersReader.Read(JsonParser.Parse(buffers.Chars, length), id, out var found);
                        providers[id] = Lookup<IdentityProviderSet>.Found(set);
                        for (int i = 0; i < found.Count; i++) issues.Add((relative, i + 1, FieldIssue(relative, file, found[i])));
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonSyntaxException || ex is FormatException
                        || ex is System.Text.DecoderFallbackException)
                    {
                        string reason = ex is System.Text.DecoderFallbackException ? $"the file is not valid {buffers.LastEncoding} text" : ex.Message;
                        problems[file] = reason;
                        issues.Add((relative, -1, Unusable(relative, file, reason)));
                        providers[id] = Lookup<IdentityProviderSet>.Unavailable(new DataGap(DataGapKind.IdentityProviders, DataGapCause.Malformed, id, detail: reason));
                    }
                }
            }
            foreach (var stray in StrayFiles(folder, accountsDir))
                issues.Add((stray.relative, 0, new SnapshotIssue(stray.relative, stray.full, null,
                    $"{stray.relative}: not part of the snapshot format (accounts/<12-digit-id>.json, organization.json, providers/<12-digit-id>.json), so it was not read", false)));

            var ordered = new List<(string file, int order, SnapshotIssue issue)>(issues);
            ordered.Sort((a, b) =>
            {
                int c = b.issue.FileUnusable.CompareTo(a.issue.FileUnusable);
                if (c == 0) c = string.CompareOrdinal(a.file, b.file);
                return c != 0 ? c : a.order.CompareTo(b.order);
            });
            return new SnapshotSource(System.IO.Path.GetFullPath(folder), new Dictionary<string, AccountData>(loaded), new Dictionary<string, string>(problems),
                org, orgGap, providers, ordered.ConvertAll(i => i.issue), bytes, watch.Elapsed);
        }

        private static long SizeOf(string file)
        {
            try { return new FileInfo(file).Length; }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { return 0; }
        }

        private static SnapshotIssue Unusable(string relative, string full, string reason) => new SnapshotIssue(relative, full, null, $"{relative}: {reason}", true);

        private static SnapshotIssue FieldIssue(string relative, string full, DataGap gap) =>
            new SnapshotIssue(relative, full, gap.Subject, SnapshotPhrasing.Instance.Describe(gap), false);

        /// <summary>Files a snapshot might hold by mistake (a renamed organization file, an account file saved as .txt): named, never read.</summary>
        private static IEnumerable<(string relative, string full)> StrayFiles(string folder, string accountsDir)
        {
            foreach (var f in Directory.GetFiles(folder, "*.json"))
                if (!string.Equals(System.IO.Path.GetFileName(f), "organization.json", StringComparison.Ordinal)) yield return (System.IO.Path.GetFileName(f), f);
            if (Directory.Exists(accountsDir))
                foreach (var f in Directory.GetFiles(accountsDir))
                    if (!f.EndsWith(".json", StringComparison.Ordinal)) yield return ("accounts/" + System.IO.Path.GetFileName(f), f);
            string providersDir = System.IO.Path.Combine(folder, "providers");
            if (Directory.Exists(providersDir))
                foreach (var f in Directory.GetFiles(providersDir))
                    if (!f.EndsWith(".json", StringComparison.Ordinal)) yield return ("providers/" + System.IO.Path.GetFileName(f), f);
        }

        /// <summary>A worker's reusable read buffers: the file's bytes, their decoded characters, and the parsed values.</summary>
        private sealed class FileBuffers
        {
            private byte[] _bytes = new byte[1 << 16];
            public char[] Chars = new char[1 << 16];
            public readonly JsonTape Tape = new JsonTape();
            /// <summary>The encoding the last file was decoded with, for error messages.</summary>
            public string LastEncoding { get; private set; } = "UTF-8";

            /// <summary>
            /// Reads and decodes a whole file; returns the number of characters. UTF-8 (with or without BOM) is the
            /// format; UTF-16 and UTF-32 (what Windows PowerShell 5.1's > and Out-File write) are decoded too, and
            /// <paramref name="note"/> then says so. Only the first bytes are inspected to tell.
            /// </summary>
            public int Read(string path, out string? note)
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    long size = stream.Length;
                    if (size > int.MaxValue / 2) throw new IOException($"{path} is too large to be a snapshot file.");
                    if (_bytes.Length < size) _bytes = new byte[Math.Max(size, _bytes.Length * 2L)];
                    int read = 0, n;
                    while (read < size && (n = stream.Read(_bytes, read, (int)size - read)) > 0) read += n;
                    var encoding = TextFileEncoding.Detect(_bytes, read);
                    LastEncoding = encoding.Name;
                    note = encoding.IsUtf8 ? null
                        : $"the file is {encoding.Name} text (Windows PowerShell 5.1's > and Out-File write UTF-16); it was decoded as such. Save snapshot files as UTF-8 (Out-File -Encoding utf8).";
                    // At most as many characters as bytes (in every encoding read): sized by that rather than counted,
                    // which would decode the file twice.
                    int start = encoding.PreambleLength, chars = read - start;
                    if (Chars.Length < chars) Chars = new char[Math.Max(chars, Chars.Length * 2)];
                    return encoding.Encoding.GetChars(_bytes, start, read - start, Chars, 0);
                }
            }
        }

        /// <summary>The partition the account's data is in (from its ARNs); null when the snapshot does not hold the account.</summary>
        public string? PartitionOf(string accountId) => _accounts.TryGetValue(accountId, out var a) ? a.Partition : null;

        public IDataGapPhrasing Phrasing => SnapshotPhrasing.Instance;

        private Lookup<AccountData> Account(string accountId)
        {
            if (_accounts.TryGetValue(accountId, out var a)) return Lookup<AccountData>.Found(a);
            foreach (var problem in _unreadable)
                if (System.IO.Path.GetFileNameWithoutExtension(problem.Key) == accountId
                    && System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(problem.Key)) == "accounts")
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
                return p.FoundLookup;
            // AWS-managed policies are the same everywhere: any account's copy will do.
            if (policyArn.StartsWith("arn:aws", StringComparison.Ordinal) && policyArn.Contains(":iam::aws:policy/"))
                foreach (var a in _accounts.Values)
                    if (a.Policies.TryGetValue(policyArn, out var shared) && shared.DefaultVersion != null) return shared.FoundLookup;
            if (own != null && own.ListProblems.TryGetValue(EntityList.Policies, out var gap)) return Lookup<ManagedPolicy>.Unavailable(gap);
            return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.NotCollected, viewingAccountId, policyArn));
        }

        /// <summary>The account's identity providers from providers/&lt;id&gt;.json; without that file they are not known.</summary>
        public Lookup<IdentityProviderSet> GetIdentityProviders(string accountId) =>
            _providers.TryGetValue(accountId, out var found) ? found
                : Lookup<IdentityProviderSet>.Unavailable(new DataGap(DataGapKind.IdentityProviders, DataGapCause.NotCollected, accountId));

        /// <summary>
        /// The account whose file lists the alias in AccountAliases. When none does, the alias may still belong to an
        /// account whose file carries no usable AccountAliases: then which account it names is not known.
        /// </summary>
        public Lookup<string> FindAccountByAlias(string alias)
        {
            var owners = new List<string>();
            var without = new List<string>();
            DataGap? malformed = null;
            foreach (var a in _accounts.Values.OrderBy(a => a.AccountId, StringComparer.Ordinal))
            {
                if (a.AccountAliasesProblem != null) malformed ??= a.AccountAliasesProblem;
                else if (a.AccountAliases == null) without.Add(a.AccountId);
                else if (a.AccountAliases.Contains(alias)) owners.Add(a.AccountId);
            }
            if (owners.Count == 1) return Lookup<string>.Found(owners[0]);
            if (owners.Count > 1)
                return Lookup<string>.Unavailable(new DataGap(DataGapKind.AccountAlias, DataGapCause.Malformed, null, alias,
                    detail: $"accounts {string.Join(" and ", owners)} both list it, and an alias names one account"));
            if (malformed != null)
                return Lookup<string>.Unavailable(new DataGap(DataGapKind.AccountAlias, DataGapCause.Malformed, malformed.AccountId, alias,
                    detail: SnapshotPhrasing.Instance.Describe(malformed)));
            if (without.Count > 0)
                return Lookup<string>.Unavailable(new DataGap(DataGapKind.AccountAlias, DataGapCause.NotCollected, null, alias,
                    detail: string.Join(", ", without.Select(id => $"accounts/{id}.json")) + (without.Count == 1 ? " carries" : " carry") + " no AccountAliases"));
            return Lookup<string>.NotFound($"no account of the snapshot has the alias '{alias}' (AccountAliases of {string.Join(", ", _accounts.Keys.OrderBy(k => k, StringComparer.Ordinal))})");
        }

        public Lookup<OrganizationMembership> GetMembership(string accountId) =>
            _organization != null ? _organization.MembershipOf(accountId) : Lookup<OrganizationMembership>.Unavailable(_organizationGap);
    }
}
