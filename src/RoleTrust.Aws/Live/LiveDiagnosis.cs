using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Live mode for one command: decides, for the source's account, the role's account and the organizations, which
    /// credentials read what (<see cref="CredentialRouting"/>), and hands the engine one <see cref="IAccountDataSource"/>
    /// whose cache lives as long as the command, so a pipeline of paths reads each account's data once. Every read
    /// that cannot happen is Unavailable at once with the reason; nothing waits on a read that will not come.
    /// </summary>
    public sealed class LiveDiagnosis : IDisposable
    {
        private readonly LiveClients _clients;
        private readonly CancellationToken _cancel;
        private readonly LiveMemberships _memberships;
        private readonly LiveAccountData _data;
        private readonly ConcurrentQueue<AwsServiceException> _unreachable = new ConcurrentQueue<AwsServiceException>();

        /// <param name="options">Client options (endpoint override, retries, request log); the unreachable hook is set here.</param>
        public LiveDiagnosis(LiveCredentials credentials, AwsClientOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new AwsClientOptions();
            var outer = options.Unreachable;
            options.Unreachable = e => { _unreachable.Enqueue(e); outer?.Invoke(e); };
            _clients = new LiveClients(credentials.Region, options);
            _cancel = cancellationToken;
            Routing = new CredentialRouting(credentials, _clients, cancellationToken);
            _memberships = new LiveMemberships(Routing);
            _data = new LiveAccountData(Routing, _memberships);
        }

        public CredentialRouting Routing { get; }
        public string Region => _clients.Region;
        public string Partition => _clients.Partition;

        /// <summary>The data source of every path of this command.</summary>
        public IAccountDataSource Data => _data;

        /// <summary>GetCallerIdentity with the caller's credentials (the CallerIdentity and StsEndpoint checks, and the default source).</summary>
        public Task<StsProbe> CallerProbeAsync() => Routing.Caller.ProbeAsync();

        /// <summary>STS with the caller's credentials (Test-AssumeRolePath -Probe).</summary>
        public StsReader CallerSts => Routing.Caller.Sts;

        /// <summary>Calls that got no answer at all since the last time this was asked (for one EndpointUnreachable error per endpoint).</summary>
        public IReadOnlyList<AwsServiceException> TakeUnreachable()
        {
            var list = new List<AwsServiceException>();
            while (_unreachable.TryDequeue(out var e)) list.Add(e);
            return list;
        }

        /// <summary>
        /// Starts every read one path needs at once and returns when they are done: the source's side (user with groups,
        /// inline, managed and boundary policies; or the source role with its policies), the role's side, and both
        /// accounts' organization membership. Reads of an account start with the credentials expected to belong to it
        /// while GetCallerIdentity confirms which account each credential set belongs to; a read is used only for the
        /// account its credentials are confirmed for. Never throws for AWS errors; ARNs that do not parse are skipped (a web
        /// identity or SAML request has no source ARN). <paramref name="identityProviders"/>: also the role account's
        /// identity providers.
        /// </summary>
        public async Task PrefetchAsync(string sourceArn, string roleArn, bool identityProviders = false)
        {
            var work = new List<Task>();
            if (identityProviders && Arn.TryParse(roleArn, out var providerAccount) && Arn.IsAccountId(providerAccount.Account))
                work.Add(_data.IdentityProvidersAsync(providerAccount.Account));
            if (PrincipalIdentity.TryParse(sourceArn, out var source, out _) && source.AccountId != null && Arn.IsAccountId(source.AccountId) && source.Name != null)
            {
                string name = source.Name;
                if (source.Kind == PrincipalKind.User) work.Add(Side(source.AccountId, roleSide: false, set => set.Entities.UserWithDependents(name)));
                else if (source.Kind == PrincipalKind.Role || source.Kind == PrincipalKind.AssumedRole)
                    work.Add(Side(source.AccountId, roleSide: false, set => set.Entities.RoleWithDependents(name)));
                work.Add(_memberships.OfAsync(source.AccountId));
            }
            if (Arn.TryParse(roleArn, out var role) && Arn.IsAccountId(role.Account) && role.Resource.StartsWith("role/", StringComparison.Ordinal))
            {
                string name = role.Resource.Substring(role.Resource.LastIndexOf('/') + 1);
                work.Add(Side(role.Account, roleSide: true, set => set.Entities.Role(name)));
                work.Add(_memberships.OfAsync(role.Account));
            }
            // The identities that confirm which credentials read which account go out right after the reads.
            Routing.StartIdentities();
            var all = Task.WhenAll(work);
            if (_cancel.CanBeCanceled)
            {
                var cancelled = new TaskCompletionSource<bool>();
                using (_cancel.Register(() => cancelled.TrySetCanceled()))
                    await Task.WhenAny(all, cancelled.Task).ConfigureAwait(false);
                _cancel.ThrowIfCancellationRequested();
            }
            await all.ConfigureAwait(false);
        }

        /// <summary>Reads one side with the credentials expected for its account at once, and with the confirmed ones if they differ.</summary>
        private async Task Side(string account, bool roleSide, Func<CredentialSet, Task> read)
        {
            var expected = Routing.Expected(account, roleSide);
            var speculative = expected != null ? read(expected) : null;
            speculative?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var route = await Routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return; // the engine reports the gap; a speculative read just ends on its own
            if (route.Credentials == expected) await speculative!.ConfigureAwait(false);
            else await read(route.Credentials).ConfigureAwait(false);
        }

        public void Dispose()
        {
            Routing.Dispose();
            _clients.Dispose();
        }
    }
}
