using System;
using System.Collections.Generic;
using System.Management.Automation;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Model;
using RoleTrust.Internal;
using RoleTrust.Paths;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// What the cmdlets that run the path checks share (Test-AssumeRolePath, Get-RoleTrustGap, Resolve-AssumeRoleError):
    /// snapshots loaded once per path, and live mode: one <see cref="LiveDiagnosis"/> per set of credential parameters,
    /// so a pipeline shares its data cache; the caller's GetCallerIdentity and the data reads going out together.
    /// </summary>
    public abstract class PathDiagnosisCmdlet : AccountReadingCmdlet
    {
        private readonly Dictionary<string, Snapshot> _loaded = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        private readonly Dictionary<string, LiveDiagnosis> _live = new Dictionary<string, LiveDiagnosis>(StringComparer.Ordinal);
        private LiveDiagnosis? _current;

        /// <summary>Live mode: parsed policies shared by every path of the command.</summary>
        protected PolicyCache LivePolicies { get; } = new PolicyCache();

        /// <summary>A profile whose credentials read another account (whichever account they belong to), typically the role's.</summary>
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))] [Parameter] public string? TargetProfileName { get; set; }
        /// <summary>Credentials that read another account (whichever account they belong to), typically the role's.</summary>
        [Parameter] public Amazon.Runtime.AWSCredentials? TargetCredential { get; set; }

        /// <summary>Live mode: the diagnosis of the current row.</summary>
        protected LiveDiagnosis? Live => _current;

        /// <summary>A -Snapshot value: a loaded snapshot, or a folder path loaded once per command; anything else stops the command.</summary>
        protected Snapshot? ResolveSnapshot(object? snapshot)
        {
            object? value = snapshot is PSObject pso ? pso.BaseObject : snapshot;
            switch (value)
            {
                case Snapshot s: return s;
                case string path when path.Length > 0:
                    if (!_loaded.TryGetValue(path, out var loaded))
                    {
                        loaded = SnapshotLoader.Load(this, path)!;
                        _loaded[path] = loaded;
                    }
                    return loaded;
                default:
                    ThrowTerminatingError(ErrorRecords.Create("InvalidSnapshotArgument", ErrorCategory.InvalidArgument,
                        $"-Snapshot takes a folder path or the output of Import-RoleTrustSnapshot, not {value?.GetType().Name ?? "null"}.", value));
                    return null;
            }
        }

        /// <summary>
        /// The diagnosis for this row's credential parameters (they may come from the pipeline): made once per distinct
        /// set, so a pipeline of paths shares one data cache.
        /// </summary>
        protected LiveDiagnosis Connect()
        {
            string key = string.Join("\u0001", ProfileName, ProfileLocation, AccessKey, SecretKey?.GetHashCode(), SessionToken?.GetHashCode(),
                Credential == null ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Credential).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Region, EndpointUrl);
            if (!_live.TryGetValue(key, out var live))
            {
                var credentials = ResolveLiveCredentials(TargetProfileName, TargetCredential);
                _live[key] = live = new LiveDiagnosis(credentials, ClientOptions(), CancellationToken);
            }
            return _current = live;
        }

        /// <summary>A live path made ready: the request, what STS said of the credentials in use, and the diagnosis that reads the data.</summary>
        protected sealed class LivePath
        {
            internal LivePath(LiveDiagnosis diagnosis, PathRequest request, StsObservation sts) { Diagnosis = diagnosis; Request = request; Sts = sts; }
            public LiveDiagnosis Diagnosis { get; }
            public PathRequest Request { get; }
            public StsObservation Sts { get; }
        }

        /// <summary>
        /// Live mode for one path: GetCallerIdentity and, with a named source (or a web identity or SAML request, which
        /// needs none), the data reads start at once; without one the source is the caller. <paramref name="build"/> makes
        /// the request for the source (null when it cannot: it has written its error). Returns null, with the error
        /// written through <paramref name="fail"/>, when no request can be made.
        /// </summary>
        /// <param name="onlyReading">The credentials only read the data of a call the source made with its own (Resolve-AssumeRoleError).</param>
        protected LivePath? PrepareLive(string? namedSource, string roleArn, bool federated, Func<string, PathRequest?> build,
            Action<ErrorRecord> fail, bool onlyReading = false)
        {
            var live = Connect();
            var prefetch = namedSource != null || federated ? live.PrefetchAsync(namedSource ?? "", roleArn, federated) : null;
            var probe = live.CallerProbeAsync().GetAwaiter().GetResult();
            string? source = federated ? "" : namedSource ?? probe.CallerArn;
            if (source == null)
            {
                WriteUnreachable(live.TakeUnreachable(), roleArn);
                if (probe.Error?.IsUnreachable != true)
                    fail(ErrorRecords.Create("CallerUnknown", ErrorCategory.AuthenticationError,
                        $"Cannot tell who the caller is: {probe.FailureText}. Fix the credentials, or name the source with -SourceArn.", roleArn));
                return null;
            }
            var request = build(source);
            if (request == null) return null;
            (prefetch ?? live.PrefetchAsync(source, request.RoleArn, federated)).GetAwaiter().GetResult();
            return new LivePath(live, request, LiveChecks.Observe(probe, sourceDefaultedToCaller: namedSource == null && !federated, onlyReading));
        }

        /// <summary>The account a console Switch Role link's alias names, from the data the command reads (snapshot or live).</summary>
        protected static Lookup<string> FindAccountByAlias(IAccountDataSource data, string alias) =>
            data is IFederationDataSource federation ? federation.FindAccountByAlias(alias)
                : Lookup<string>.Unavailable(new DataGap(DataGapKind.AccountAlias, DataGapCause.NotCollected, null, alias));

        protected override void EndProcessing()
        {
            foreach (var live in _live.Values) live.Dispose();
            _live.Clear();
            _current = null;
        }
    }
}
