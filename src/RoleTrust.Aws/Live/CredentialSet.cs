using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// One set of credentials as given (the caller's, -TargetCredential, -OrganizationCredential, a profile of
    /// -AccountProfileName, an audit role's session), the account it belongs to (learnt with one GetCallerIdentity,
    /// never assumed), and the clients and caches that read with it. Data read with these credentials is cached here,
    /// keyed by the credentials, so a read is never attributed to an account the credentials do not belong to. Its
    /// clients belong to the command's <see cref="LiveClients"/>, which disposes them.
    /// </summary>
    public sealed class CredentialSet
    {
        private readonly LiveClients _clients;
        private readonly CancellationToken _cancel;
        private readonly object _gate = new object();
        private Task<StsProbe>? _probe;
        private StsReader? _sts;
        private IamClient? _iam;
        private OrganizationsClient? _organizations;
        private IamEntityCache? _entities;
        private OrganizationView? _organizationView;

        internal CredentialSet(string label, AWSCredentials credentials, LiveClients clients, CancellationToken cancel, StsProbe? known = null)
        {
            Label = label; Credentials = credentials; _clients = clients; _cancel = cancel;
            if (known != null) _probe = Task.FromResult(known);
        }

        /// <summary>How the user gave these credentials, for messages: "the caller's credentials", "-TargetCredential", "profile 'audit' (-AccountProfileName)".</summary>
        public string Label { get; }
        internal AWSCredentials Credentials { get; }

        /// <summary>GetCallerIdentity at the regional STS endpoint (us-east-1 when the region refuses), once.</summary>
        public Task<StsProbe> ProbeAsync()
        {
            lock (_gate)
            {
                if (_probe != null) return _probe;
                Func<StsReader>? fallback = _clients.Region == "us-east-1" || _clients.Partition != AwsEndpoints.Aws ? null : () => _clients.Sts(Credentials, "us-east-1");
                return _probe = LiveChecks.ProbeAsync(Sts, fallback, _cancel);
            }
        }

        /// <summary>The account these credentials belong to; null when STS could not tell (see <see cref="ProbeAsync"/>).</summary>
        public async Task<string?> AccountAsync() => (await ProbeAsync().ConfigureAwait(false)).CallerAccount;

        /// <summary>The account, if GetCallerIdentity has already answered.</summary>
        internal bool TryGetAccount(out string? account)
        {
            var p = _probe;
            account = p != null && p.Status == TaskStatus.RanToCompletion ? p.Result.CallerAccount : null;
            return p != null && p.Status == TaskStatus.RanToCompletion;
        }

        public StsReader Sts { get { lock (_gate) return _sts ??= _clients.Sts(Credentials, _clients.Region); } }
        /// <summary>IAM read with these credentials (one client per credential set).</summary>
        public IIamReader Iam { get { lock (_gate) return _iam ??= _clients.Iam(Credentials); } }
        /// <summary>AWS Organizations read with these credentials.</summary>
        public IOrganizationsReader Organizations { get { lock (_gate) return _organizations ??= _clients.Organizations(Credentials); } }

        /// <summary>The IAM entities read with these credentials (in the account they belong to).</summary>
        internal IamEntityCache Entities { get { lock (_gate) return _entities ??= new IamEntityCache(Iam, Label, _clients.AwsManagedPolicies, _cancel); } }

        /// <summary>What these credentials see of AWS Organizations.</summary>
        internal OrganizationView OrganizationView { get { lock (_gate) return _organizationView ??= new OrganizationView(Organizations, Label, _cancel); } }

        public override string ToString() => Label;
    }
}
