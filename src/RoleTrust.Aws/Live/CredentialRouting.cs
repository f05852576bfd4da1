using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>Which credentials read one account, or why none can.</summary>
    public sealed class CredentialRoute
    {
        private CredentialRoute(string accountId, CredentialSet? credentials, DataGapCause cause, string? operation, string? detail)
        {
            AccountId = accountId; Credentials = credentials; Cause = cause; Operation = operation; Detail = detail;
        }

        public string AccountId { get; }
        /// <summary>Credentials that belong to the account (their GetCallerIdentity says so, or they are a session of a role there).</summary>
        public CredentialSet? Credentials { get; }
        /// <summary>When there are none: why (NoCredentials, or the audit role's AssumeRole was denied ...).</summary>
        public DataGapCause Cause { get; }
        public string? Operation { get; }
        public string? Detail { get; }

        internal static CredentialRoute To(string account, CredentialSet credentials) => new CredentialRoute(account, credentials, DataGapCause.NoCredentials, null, null);
        internal static CredentialRoute None(string account, DataGapCause cause, string detail, string? operation = null) =>
            new CredentialRoute(account, null, cause, operation, detail);

        /// <summary>The gap of an entity that cannot be read for lack of credentials.</summary>
        public DataGap Gap(DataGapKind kind, string subject) => new DataGap(kind, Cause, AccountId, subject, Operation, Detail);

        public override string ToString() => Credentials != null ? $"{AccountId}: {Credentials.Label}" : $"{AccountId}: none ({Detail})";
    }

    /// <summary>
    /// Decides which credentials read which account. Credentials are keyed by what they hold, never by the account they
    /// were meant for: each set's account is learnt with one GetCallerIdentity, so -TargetCredential serves whichever
    /// account it belongs to. For an account, in order: the profile -AccountProfileName names for it (checked to belong
    /// to it), any given credentials that belong to it (the caller's, -TargetCredential, -OrganizationCredential), a
    /// session of -AuditRoleName assumed there with the caller's credentials; otherwise none, with the reason. Shared by
    /// the path cmdlets and Save-RoleTrustSnapshot.
    /// </summary>
    public sealed class CredentialRouting : IDisposable
    {
        private readonly LiveCredentials _given;
        private readonly LiveClients _clients;
        private readonly CancellationToken _cancel;
        private readonly ConcurrentDictionary<string, Lazy<Task<CredentialRoute>>> _routes = new ConcurrentDictionary<string, Lazy<Task<CredentialRoute>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<CredentialSet?>> _profiles = new ConcurrentDictionary<string, Lazy<CredentialSet?>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _profileProblems = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public CredentialRouting(LiveCredentials given, AwsClientOptions options, CancellationToken cancellationToken = default)
            : this(given, new LiveClients(given.Region, options ?? new AwsClientOptions()), cancellationToken, ownsClients: true) { }

        internal CredentialRouting(LiveCredentials given, LiveClients clients, CancellationToken cancellationToken, bool ownsClients = false)
        {
            _given = given ?? throw new ArgumentNullException(nameof(given));
            _clients = clients;
            _ownsClients = ownsClients;
            _cancel = cancellationToken;
            Caller = new CredentialSet("the caller's credentials", given.Caller, clients, cancellationToken);
            if (given.Target != null) Target = new CredentialSet(given.TargetLabel, given.Target, clients, cancellationToken);
            if (given.Organization != null) Organization = new CredentialSet(given.OrganizationLabel, given.Organization, clients, cancellationToken);
        }

        private readonly bool _ownsClients;

        public CredentialSet Caller { get; }
        public CredentialSet? Target { get; }
        public CredentialSet? Organization { get; }
        public string Region => _clients.Region;
        public string Partition => _clients.Partition;
        internal LiveClients Clients => _clients;

        /// <summary>The caller's, the target and the organization credentials, in that order.</summary>
        public IEnumerable<CredentialSet> Given
        {
            get
            {
                yield return Caller;
                if (Target != null) yield return Target;
                if (Organization != null) yield return Organization;
            }
        }

        /// <summary>The accounts -AccountProfileName gives a profile for.</summary>
        public IEnumerable<string> ProfileAccounts => _given.AccountProfiles.Keys;

        /// <summary>Starts GetCallerIdentity for every given credential set at once (each is made once).</summary>
        public void StartIdentities()
        {
            foreach (var set in Given) _ = set.ProbeAsync();
        }

        /// <summary>The credentials that read <paramref name="accountId"/>, decided once per account.</summary>
        public Task<CredentialRoute> ForAccountAsync(string accountId) =>
            _routes.GetOrAdd(accountId, a => new Lazy<Task<CredentialRoute>>(() => SafeRouteAsync(a))).Value;

        /// <summary>A route never fails: whatever goes wrong deciding it makes the account unreadable, with the reason.</summary>
        private async Task<CredentialRoute> SafeRouteAsync(string accountId)
        {
            try { return await RouteAsync(accountId).ConfigureAwait(false); }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return CredentialRoute.None(accountId, DataGapCause.ServiceError, $"which credentials read account {accountId} could not be decided: {e.Message}");
            }
        }

        /// <summary>
        /// The credentials most likely to belong to <paramref name="accountId"/> before GetCallerIdentity has answered:
        /// reads may start with them at once, and their results are used only once <see cref="ForAccountAsync"/> confirms
        /// the account. The caller's for the source's account, the target credentials for the role's.
        /// </summary>
        public CredentialSet? Expected(string accountId, bool roleSide)
        {
            if (_given.AccountProfiles.ContainsKey(accountId)) return ProfileSet(accountId);
            if (_routes.TryGetValue(accountId, out var decided) && decided.IsValueCreated && decided.Value.Status == TaskStatus.RanToCompletion)
                return decided.Value.Result.Credentials;
            foreach (var set in Given)
                if (set.TryGetAccount(out var account) && account == accountId) return set;
            var hint = roleSide ? Target ?? Caller : Caller;
            if (hint.TryGetAccount(out _)) return null; // its account is known, and it is not this one
            return hint;
        }

        private async Task<CredentialRoute> RouteAsync(string accountId)
        {
            StartIdentities();
            if (_given.AccountProfiles.TryGetValue(accountId, out var profile))
            {
                var set = ProfileSet(accountId);
                if (set == null)
                    return CredentialRoute.None(accountId, DataGapCause.NoCredentials, $"profile '{profile}' given for account {accountId} (-AccountProfileName) cannot be used: {_profileProblems[accountId]}");
                var probe = await set.ProbeAsync().ConfigureAwait(false);
                if (probe.CallerAccount == accountId) return CredentialRoute.To(accountId, set);
                if (probe.CallerAccount == null)
                    return CredentialRoute.None(accountId, LiveChecks.CredentialsRejected(probe) ? DataGapCause.CredentialsRejected : DataGapCause.ServiceError,
                        $"the account of profile '{profile}' (-AccountProfileName) could not be told: {probe.FailureText}", "sts:GetCallerIdentity");
                return CredentialRoute.None(accountId, DataGapCause.NoCredentials,
                    $"profile '{profile}' given for account {accountId} (-AccountProfileName) holds credentials of account {probe.CallerAccount}");
            }

            var seen = new List<string>();
            StsProbe? unidentified = null;
            foreach (var set in Given)
            {
                var probe = await set.ProbeAsync().ConfigureAwait(false);
                if (probe.CallerAccount == accountId) return CredentialRoute.To(accountId, set);
                seen.Add(probe.CallerAccount != null ? $"{set.Label}: account {probe.CallerAccount}" : $"{set.Label}: {probe.FailureText}");
                if (probe.CallerAccount == null) unidentified ??= probe;
            }

            if (!string.IsNullOrWhiteSpace(_given.AuditRoleName))
            {
                string roleArn = $"arn:{Partition}:iam::{accountId}:role/{_given.AuditRoleName!.Trim().Trim('/')}";
                try
                {
                    var session = await Caller.Sts.AssumeRoleForReadingAsync(roleArn, _given.AuditSessionName, cancellationToken: _cancel).ConfigureAwait(false);
                    var known = new StsProbe(Region, Caller.Sts.Endpoint.Url.ToString(),
                        new CallerIdentity { Account = accountId, Arn = session.AssumedRoleArn }, null);
                    return CredentialRoute.To(accountId, new CredentialSet($"role {roleArn} (-AuditRoleName)", session.Credentials, _clients, _cancel, known));
                }
                catch (AwsServiceException e)
                {
                    var cause = LiveFailures.Cause(e);
                    return CredentialRoute.None(accountId, cause == DataGapCause.AccessDenied ? DataGapCause.AccessDenied : cause,
                        $"sts:AssumeRole on {roleArn} (-AuditRoleName) with the caller's credentials failed: {e.Code}{(e.ServiceMessage.Length > 0 ? ": " + e.ServiceMessage : "")}",
                        "sts:AssumeRole");
                }
                catch (AwsCredentialsNotFoundException e)
                {
                    return CredentialRoute.None(accountId, DataGapCause.CredentialsRejected, $"sts:AssumeRole on {roleArn} (-AuditRoleName) could not be signed: {e.Message}", "sts:AssumeRole");
                }
            }

            // Credentials whose account could not be told might be the ones: that is a failure to tell, not a lack of credentials.
            if (unidentified != null)
                return CredentialRoute.None(accountId, LiveChecks.CredentialsRejected(unidentified) ? DataGapCause.CredentialsRejected : DataGapCause.ServiceError,
                    $"which credentials read account {accountId} cannot be told ({string.Join("; ", seen)})", "sts:GetCallerIdentity");
            return CredentialRoute.None(accountId, DataGapCause.NoCredentials, $"no credentials given can read account {accountId} ({string.Join("; ", seen)})");
        }

        /// <summary>The credentials of the profile named for an account, resolved once; null when the profile cannot be used.</summary>
        private CredentialSet? ProfileSet(string accountId) =>
            _profiles.GetOrAdd(accountId, a => new Lazy<CredentialSet?>(() =>
            {
                string profile = _given.AccountProfiles[a];
                try
                {
                    var credentials = _given.ResolveProfile != null
                        ? _given.ResolveProfile(profile)
                        : AwsCredentialResolver.ResolveCredentials(new AwsCredentialOptions { ProfileName = profile, EndpointUrl = _clients.Options.EndpointUrl, Environment = _clients.Options.Environment }, out _);
                    return new CredentialSet($"profile '{profile}' (-AccountProfileName)", credentials, _clients, _cancel);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    _profileProblems[a] = e.Message;
                    return null;
                }
            })).Value;

        public void Dispose()
        {
            if (_ownsClients) _clients.Dispose();
        }
    }
}
