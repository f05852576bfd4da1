using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>Progress of a collection: account <see cref="Index"/> of <see cref="Count"/> started or finished.</summary>
    public sealed class SnapshotProgress
    {
        public SnapshotProgress(int index, int count, string accountId, bool finished, string? failure)
        { Index = index; Count = count; AccountId = accountId; Finished = finished; Failure = failure; }
        /// <summary>1-based.</summary>
        public int Index { get; }
        public int Count { get; }
        public string AccountId { get; }
        public bool Finished { get; }
        public string? Failure { get; }
        public override string ToString() => $"account {Index} of {Count}: {AccountId}{(Finished ? Failure == null ? " written" : " failed: " + Failure : "")}";
    }

    public sealed class SnapshotFailure
    {
        public SnapshotFailure(string target, string reason) { Target = target; Reason = reason; }
        /// <summary>An account ID, or "organization".</summary>
        public string Target { get; }
        public string Reason { get; }
        public override string ToString() => $"{Target}: {Reason}";
    }

    /// <summary>What <see cref="SnapshotCollector.CollectAsync"/> wrote (the Save-RoleTrustSnapshot summary).</summary>
    public sealed class SnapshotCollectionResult
    {
        public string Folder { get; internal set; } = "";
        public ReadableList<string> AccountsWritten { get; internal set; } = ReadableList<string>.Empty;
        public ReadableList<SnapshotFailure> Failures { get; internal set; } = ReadableList<SnapshotFailure>.Empty;
        public ReadableList<string> Files { get; internal set; } = ReadableList<string>.Empty;
        public long Bytes { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        public bool OrganizationWritten { get; internal set; }
        /// <summary>Why organization.json is absent, when it is (not asked for, not in use, denied ...).</summary>
        public string? OrganizationNote { get; internal set; }
        public bool Complete => Failures.Count == 0;
    }

    /// <summary>
    /// Collects the snapshot format (README: Snapshot format, version 1) from live AWS: accounts/&lt;id&gt;.json
    /// (GetAccountAuthorizationDetails plus MaxSessionDuration and Description from ListRoles, and AccountAliases from
    /// ListAccountAliases) and providers/&lt;id&gt;.json (the OIDC and SAML providers) for the caller's account and
    /// any other accounts (each read with its own <see cref="IIamReader"/>, e.g. credentials of an audit role assumed by the
    /// cmdlet), and organization.json through the Organizations reader. A failing account is reported and the others are
    /// still written. Files are written whole (temporary file, then renamed), so a folder never holds a half-written file.
    /// </summary>
    public sealed class SnapshotCollector
    {
        private readonly string _callerAccountId;
        private readonly IIamReader _callerIam;
        private readonly Func<string, Task<IIamReader>>? _readerForAccount;
        private readonly IOrganizationsReader? _organizations;

        /// <param name="readerForAccount">Makes the IAM reader of another account (may throw; the account is then reported as failed).</param>
        public SnapshotCollector(string callerAccountId, IIamReader callerIam, Func<string, Task<IIamReader>>? readerForAccount = null,
            IOrganizationsReader? organizations = null)
        {
            if (!Arn.IsAccountId(callerAccountId)) throw new ArgumentException("The caller's account must be a 12-digit account ID.", nameof(callerAccountId));
            _callerAccountId = callerAccountId;
            _callerIam = callerIam ?? throw new ArgumentNullException(nameof(callerIam));
            _readerForAccount = readerForAccount;
            _organizations = organizations;
        }

        /// <summary>Accounts read at the same time.</summary>
        public int MaxParallelAccounts { get; set; } = 4;

        /// <param name="folder">Created if needed; existing account files of the accounts collected are replaced.</param>
        /// <param name="accountIds">Accounts to collect; null or empty: the caller's account only. The caller's account is read with the caller's reader.</param>
        /// <param name="includeOrganization">Also write organization.json.</param>
        /// <param name="progress">Called when each account starts and finishes (account i of n).</param>
        public async Task<SnapshotCollectionResult> CollectAsync(string folder, IEnumerable<string>? accountIds = null, bool includeOrganization = true,
            Action<SnapshotProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            var accounts = (accountIds ?? Array.Empty<string>()).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (accounts.Count == 0) accounts.Add(_callerAccountId);
            var bad = accounts.FirstOrDefault(a => !Arn.IsAccountId(a));
            if (bad != null) throw new ArgumentException($"'{bad}' is not a 12-digit account ID.", nameof(accountIds));

            string accountsDir = Path.Combine(folder, "accounts");
            string providersDir = Path.Combine(folder, "providers");
            Directory.CreateDirectory(accountsDir);
            var written = new List<string>();
            var files = new List<string>();
            var failures = new List<SnapshotFailure>();
            long bytes = 0;
            var gate = new object();
            using var throttle = new SemaphoreSlim(Math.Max(1, MaxParallelAccounts));

            Task<bool>? orgTask = null;
            string? orgNote = includeOrganization ? null : "not requested";
            if (includeOrganization && _organizations != null)
                orgTask = Task.Run(async () =>
                {
                    try
                    {
                        string json = await _organizations.GetOrganizationSnapshotJsonAsync(cancellationToken).ConfigureAwait(false);
                        string path = Path.Combine(folder, "organization.json");
                        long n = WriteWhole(path, json);
                        lock (gate) { files.Add(path); bytes += n; }
                        return true;
                    }
                    catch (AwsServiceException e) when (e.Code == "AWSOrganizationsNotInUseException")
                    {
                        orgNote = $"account {_callerAccountId} is not in an organization (AWSOrganizationsNotInUseException); without organization.json SCP and RCP checks are Unknown";
                        return false;
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        string reason = Describe(e, "reading the organization");
                        lock (gate) failures.Add(new SnapshotFailure("organization", reason));
                        orgNote = reason;
                        return false;
                    }
                });
            else if (includeOrganization) orgNote = "no Organizations reader was given";

            int started = 0;
            var tasks = accounts.Select(async account =>
            {
                await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    int index = Interlocked.Increment(ref started);
                    progress?.Invoke(new SnapshotProgress(index, accounts.Count, account, false, null));
                    string? failure = null;
                    try
                    {
                        IIamReader reader;
                        if (account == _callerAccountId) reader = _callerIam;
                        else if (_readerForAccount == null) throw new InvalidOperationException($"no credentials for account {account}: pass -TargetProfileName or -TargetCredential (or an audit role name)");
                        else reader = await _readerForAccount(account).ConfigureAwait(false);
                        // The aliases and the identity providers are read beside the account; without them the account file
                        // is still written, and the failure says which part is missing.
                        var aliases = reader.ListAccountAliasesAsync(cancellationToken);
                        var providers = IdentityProviderList.ReadAsync(reader, cancellationToken);
                        string json = await AccountJsonAsync(reader, cancellationToken).ConfigureAwait(false);
                        var partial = new List<string>();
                        try { json = WithAliases(json, await aliases.ConfigureAwait(false)); }
                        catch (Exception e) when (!(e is OperationCanceledException)) { partial.Add("AccountAliases not written: " + Describe(e, "reading account " + account)); }
                        string path = Path.Combine(accountsDir, account + ".json");
                        long n = WriteWhole(path, json);
                        lock (gate) { written.Add(account); files.Add(path); bytes += n; }
                        try
                        {
                            string providersJson = (await providers.ConfigureAwait(false)).ToSnapshotJson();
                            Directory.CreateDirectory(providersDir);
                            string providersPath = Path.Combine(providersDir, account + ".json");
                            long p = WriteWhole(providersPath, providersJson);
                            lock (gate) { files.Add(providersPath); bytes += p; }
                        }
                        catch (Exception e) when (!(e is OperationCanceledException) && !(e is IOException))
                        {
                            partial.Add($"providers/{account}.json not written: " + Describe(e, "reading the identity providers of account " + account));
                        }
                        if (partial.Count > 0)
                        {
                            failure = string.Join("; ", partial);
                            lock (gate) failures.Add(new SnapshotFailure(account, failure));
                        }
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        failure = Describe(e, "reading account " + account);
                        lock (gate) failures.Add(new SnapshotFailure(account, failure));
                    }
                    progress?.Invoke(new SnapshotProgress(index, accounts.Count, account, true, failure));
                }
                finally { throttle.Release(); }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            bool orgWritten = orgTask != null && await orgTask.ConfigureAwait(false);

            return new SnapshotCollectionResult
            {
                Folder = Path.GetFullPath(folder),
                AccountsWritten = ReadableList.From(written.OrderBy(a => a, StringComparer.Ordinal)),
                Failures = ReadableList.From(failures.OrderBy(f => f.Target, StringComparer.Ordinal)),
                Files = ReadableList.From(files.OrderBy(f => f, StringComparer.Ordinal)),
                Bytes = bytes,
                Duration = watch.Elapsed,
                OrganizationWritten = orgWritten,
                OrganizationNote = orgNote,
            };
        }

        /// <summary>The account file: GetAccountAuthorizationDetails (all pages) with MaxSessionDuration and Description from ListRoles.</summary>
        public static async Task<string> AccountJsonAsync(IIamReader reader, CancellationToken cancellationToken = default)
        {
            if (reader is IamClient client) return await client.GetSnapshotAccountJsonAsync(cancellationToken).ConfigureAwait(false);
            var gaad = reader.GetAccountAuthorizationDetailsJsonAsync(cancellationToken);
            var roles = reader.ListRolesAsync(null, cancellationToken);
            await Task.WhenAll(gaad, roles).ConfigureAwait(false);
            return GaadJson.AddRoleDetails(gaad.Result, roles.Result);
        }

        /// <summary>The account file with AccountAliases (ListAccountAliases) after the four lists, as README's Snapshot format gives it.</summary>
        public static string WithAliases(string accountJson, IReadOnlyList<string> aliases)
        {
            var node = Engine.Json.JsonParser.Parse(accountJson);
            var members = node.Members!.Where(m => m.Key != "AccountAliases").ToList();
            members.Add(new KeyValuePair<string, Engine.Json.JsonNode>("AccountAliases",
                Engine.Json.JsonNode.Array(aliases.Select(a => Engine.Json.JsonNode.String(a)).ToList())));
            return CliJson.Write(Engine.Json.JsonNode.Object(members));
        }

        private static long WriteWhole(string path, string text)
        {
            var data = new UTF8Encoding(false).GetBytes(text);
            string temp = path + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            File.WriteAllBytes(temp, data);
            // Replace, not delete then move: a reader (or another worker filling the same folder) never sees the file missing.
            if (File.Exists(path)) File.Replace(temp, path, null);
            else File.Move(temp, path);
            return data.Length;
        }

        private static string Describe(Exception e, string what) => e switch
        {
            AwsServiceException a when a.IsAccessDenied =>
                $"{(a.Service == "organizations" ? "organizations" : a.Service)}:{a.Operation} was denied ({a.Code}) while {what}; grant it to the credentials used",
            AwsServiceException a => $"{a.Service}:{a.Operation} failed with {a.Code}{(a.StatusCode > 0 ? $" (HTTP {a.StatusCode})" : "")} after {a.Attempts} attempt(s) while {what}",
            _ => $"{e.Message} ({what})",
        };
    }
}
