using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// The live clients of one cmdlet invocation: STS, IAM and Organizations for the caller, and IAM/Organizations for
    /// other accounts and the organization reader when their credentials were given. Builds a <see cref="LiveSource"/>
    /// per path, sharing HTTP clients across the pipeline.
    /// </summary>
    public sealed class LiveConnection : IDisposable
    {
        private readonly ResolvedAwsCredentials _caller;
        private readonly Func<string, ResolvedAwsCredentials?>? _targetCredentials;
        private readonly ResolvedAwsCredentials? _organization;
        private readonly AwsClientOptions _options;
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly Dictionary<string, IIamReader> _iam = new Dictionary<string, IIamReader>(StringComparer.Ordinal);
        private readonly Dictionary<string, IOrganizationsReader> _orgs = new Dictionary<string, IOrganizationsReader>(StringComparer.Ordinal);
        private Task<StsProbe>? _probe;

        /// <param name="targetCredentials">Credentials for a role's account other than the caller's (-TargetProfileName), or null.</param>
        /// <param name="organization">Credentials in the management or delegated-admin account, or null to use the caller's.</param>
        public LiveConnection(ResolvedAwsCredentials caller, Func<string, ResolvedAwsCredentials?>? targetCredentials, ResolvedAwsCredentials? organization, AwsClientOptions options)
        {
            _caller = caller; _targetCredentials = targetCredentials; _organization = organization; _options = options;
            Region = caller.Region ?? "us-east-1";
            Partition = AwsEndpoints.PartitionOf(Region);
            Sts = Own(new StsReader(caller.Credentials, Region, options));
        }

        public string Region { get; }
        public string Partition { get; }
        public StsReader Sts { get; }

        private T Own<T>(T disposable) where T : IDisposable { _owned.Add(disposable); return disposable; }

        /// <summary>GetCallerIdentity on the regional endpoint, once per invocation (us-east-1 as fallback when the region refuses).</summary>
        public Task<StsProbe> ProbeAsync(CancellationToken ct)
        {
            if (_probe != null) return _probe;
            StsReader? fallback = Region == "us-east-1" || Partition != "aws" ? null : Own(new StsReader(_caller.Credentials, "us-east-1", _options));
            return _probe = LiveChecks.ProbeAsync(Sts, fallback, ct);
        }

        /// <summary>A data source for one path: the caller's readers plus the target account's when its credentials exist.</summary>
        public LiveSource SourceFor(string callerAccount, string roleAccount, CancellationToken ct)
        {
            var callerIam = IamFor(callerAccount, _caller);
            var orgReader = OrganizationsFor("org", _organization ?? _caller);
            var accountReaders = new Dictionary<string, IIamReader>(StringComparer.Ordinal);
            var accountOrgs = new Dictionary<string, IOrganizationsReader>(StringComparer.Ordinal);
            if (roleAccount != callerAccount && _targetCredentials?.Invoke(roleAccount) is ResolvedAwsCredentials target)
            {
                accountReaders[roleAccount] = IamFor(roleAccount, target);
                accountOrgs[roleAccount] = OrganizationsFor(roleAccount, target);
            }
            return new LiveSource(callerAccount, callerIam, orgReader, accountReaders, accountOrgs, Partition, ct);
        }

        private IIamReader IamFor(string account, ResolvedAwsCredentials creds)
        {
            if (!_iam.TryGetValue(account, out var reader)) _iam[account] = reader = Own(new IamClient(creds.Credentials, Region, _options));
            return reader;
        }

        private IOrganizationsReader OrganizationsFor(string key, ResolvedAwsCredentials creds)
        {
            if (!_orgs.TryGetValue(key, out var reader)) _orgs[key] = reader = Own(new OrganizationsClient(creds.Credentials, Region, _options));
            return reader;
        }

        public void Dispose()
        {
            foreach (var d in _owned) d.Dispose();
            _owned.Clear();
        }
    }
}
