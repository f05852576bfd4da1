using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using RoleTrust.Internal;
using RoleTrust.Paths;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Parameters and flow shared by Test-AssumeRolePath and Get-RoleTrustGap: bind one source/role pair (from
    /// parameters or the pipeline), run the path checks on a snapshot or live, hand the results to the derived cmdlet.
    /// </summary>
    public abstract class AssumeRolePathCommandBase : AccountReadingCmdlet
    {
        private readonly Dictionary<string, Snapshot> _loaded = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        private readonly PolicyCache _livePolicies = new PolicyCache();
        /// <summary>Live mode: one diagnosis (credentials, clients, data cache) per set of credential parameters; pipeline rows share it.</summary>
        private readonly Dictionary<string, LiveDiagnosis> _live = new Dictionary<string, LiveDiagnosis>(StringComparer.Ordinal);
        private LiveDiagnosis? _current;

        // An empty RoleArn binds, so that a blank cell in one row of an audit is reported with that row (an error and an
        // Unknown result) instead of failing the binding and leaving the row out of the output.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string RoleArn { get; set; } = "";

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Source", "PrincipalArn")]
        [BlankAsAbsent]
        [ArgumentCompleter(typeof(Completion.PrincipalArnCompleter))]
        public string? SourceArn { get; set; }

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Snapshot { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)][BlankAsAbsent] public string? ExternalId { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)][BlankAsAbsent] public string? RoleSessionName { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)][BlankAsAbsent(WholeNumber = true)] public int? DurationSeconds { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)][BlankAsAbsent] public string? SourceIdentity { get; set; }
        /// <summary>Tags passed with this AssumeRole call: they tag the new session.</summary>
        [Parameter] public Hashtable? SessionTag { get; set; }
        /// <summary>The tags of the calling session itself (its session tags and inherited transitive tags), which IAM cannot return.</summary>
        [Parameter] public Hashtable? CallerSessionTag { get; set; }
        [Parameter] public string[]? TransitiveTagKey { get; set; }
        [Parameter] public object? SessionPolicy { get; set; }
        [Parameter] public object? CallerSessionPolicy { get; set; }
        [Parameter] public SwitchParameter MfaPresent { get; set; }
        [Parameter] public string? SerialNumber { get; set; }
        [Parameter] public string? TokenCode { get; set; }
        [Parameter] public string? SourceIp { get; set; }
        [Parameter] public string? SourceVpce { get; set; }
        [Parameter] public Hashtable? Context { get; set; }
        [Parameter] public SwitchParameter Console { get; set; }

        /// <summary>A profile whose credentials read another account (whichever account they belong to), typically the role's.</summary>
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))] [Parameter] public string? TargetProfileName { get; set; }
        /// <summary>Credentials that read another account (whichever account they belong to), typically the role's.</summary>
        [Parameter] public Amazon.Runtime.AWSCredentials? TargetCredential { get; set; }

        protected abstract void WriteResults(IReadOnlyList<PathCheck> checks);

        /// <summary>
        /// A row that could not be evaluated (its error record is written just before): the derived cmdlet still writes
        /// a result for it, so that the output has one answer per row and never reads as "open" by omission.
        /// </summary>
        protected abstract void WriteUnevaluated(PathCheck unknown);

        /// <summary>Live mode: the diagnosis of the current row, for cmdlets that add to the checks (Test-AssumeRolePath -Probe).</summary>
        protected LiveDiagnosis? Live => _current;

        protected override void BeginProcessing()
        {
            // A null or empty -Snapshot usually means an earlier Import-RoleTrustSnapshot failed: never read AWS instead.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Snapshot)) && IsEmpty(Snapshot))
                ThrowTerminatingError(ErrorRecords.Create("EmptySnapshot", ErrorCategory.InvalidArgument, EmptySnapshotMessage, null));
        }

        private const string EmptySnapshotMessage =
            "-Snapshot is null or empty (did an earlier Import-RoleTrustSnapshot fail?). RoleTrust does not fall back to reading AWS: " +
            "pass a snapshot folder or the output of Import-RoleTrustSnapshot, or leave -Snapshot out to use live AWS.";

        private static bool IsEmpty(object? value)
        {
            object? v = value is PSObject pso ? pso.BaseObject : value;
            return v == null || (v is string s && s.Trim().Length == 0);
        }

        protected override void ProcessRecord()
        {
            BlankAwsParametersAsAbsent();
            if (string.IsNullOrWhiteSpace(RoleArn))
            {
                FailRow(ErrorRecords.Create(PolicyErrorIds.InvalidArn, ErrorCategory.InvalidArgument,
                    "RoleArn is empty: give the ARN of the role to assume (arn:aws:iam::123456789012:role/path/Name).", RoleArn), CheckName.TargetRole);
                return;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Snapshot)) && IsEmpty(Snapshot))
            {
                // Bound from this input row (a blank Snapshot column): the row is not evaluated, the others go on.
                FailRow(ErrorRecords.Create("EmptySnapshot", ErrorCategory.InvalidArgument, EmptySnapshotMessage, RoleArn), CheckName.SourcePrincipal);
                return;
            }
            if (Snapshot == null) { ProcessLive(); return; }
            var snapshot = ResolveSnapshot();
            if (snapshot == null) return;
            if (string.IsNullOrEmpty(SourceArn))
            {
                FailRow(ErrorRecords.Create("SourceArnRequired", ErrorCategory.InvalidArgument,
                    "-SourceArn is required with -Snapshot: name the user, role or assumed-role session that assumes the role.", RoleArn), CheckName.SourcePrincipal);
                return;
            }
            var request = TryBuildRequest(SourceArn!.Trim());
            if (request != null) RunChecks(request, snapshot.Source, snapshot.Policies);
        }

        /// <summary>
        /// The AWS.Tools parameters bind by property name too: a blank cell of an input row means "not stated", as for
        /// the request parameters (see <see cref="BlankAsAbsentAttribute"/>).
        /// </summary>
        private void BlankAwsParametersAsAbsent()
        {
            static string? Blank(string? value) => value != null && value.Trim().Length == 0 ? null : value;
            ProfileName = Blank(ProfileName); ProfileLocation = Blank(ProfileLocation); AccessKey = Blank(AccessKey);
            SecretKey = Blank(SecretKey); SessionToken = Blank(SessionToken); Region = Blank(Region); EndpointUrl = Blank(EndpointUrl);
        }

        /// <summary>A row that cannot be evaluated: a non-terminating error, and an Unknown result naming the check it stopped at.</summary>
        private void FailRow(ErrorRecord error, CheckName check)
        {
            WriteError(error);
            string fix = $"Correct the input ({error.FullyQualifiedErrorId.Split(',')[0]}) and run again; until then this path is not known to be open.";
            WriteUnevaluated(new PathCheck(check, CheckStatus.Unknown, SourceArn ?? "", RoleArn ?? "", "Not evaluated: " + error.Exception.Message, fix: fix));
        }

        private PathRequest? TryBuildRequest(string source)
        {
            try { return BuildRequest(source); }
            catch (PolicyFormatException ex) { FailRow(ErrorRecords.FromPolicy(ex, RoleArn), CheckName.RequestParameters); }
            catch (CaseFormatException ex) { FailRow(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument, ex.Message, RoleArn, ex), CheckName.RequestParameters); }
            catch (ArgumentException ex) { FailRow(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument, ex.Message, RoleArn, ex), CheckName.RequestParameters); }
            return null;
        }

        /// <summary>The path checks on any data source, then the derived cmdlet's output.</summary>
        private void RunChecks(PathRequest request, Engine.Model.IAccountDataSource data, PolicyCache cache, Paths.Facts.StsObservation? sts = null)
        {
            IReadOnlyList<PathCheck> checks;
            try { checks = PathDiagnosis.Run(request, data, cache, sts); }
            catch (PolicyFormatException ex)
            {
                bool source = ex.OffendingValue != null && ex.OffendingValue == request.SourceArn;
                FailRow(ErrorRecords.FromPolicy(ex, ex.OffendingValue ?? RoleArn), source ? CheckName.SourcePrincipal : CheckName.TargetRole);
                return;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is PipelineStoppedException))
            {
                // Not expected: still one row's problem, never the end of an audit.
                FailRow(ErrorRecords.Create("PathEvaluationFailed", ErrorCategory.NotSpecified,
                    $"RoleTrust could not evaluate {request.SourceArn} -> {request.RoleArn} ({ex.GetType().Name}: {ex.Message}).", RoleArn, ex), CheckName.CallerIdentity);
                return;
            }
            WriteVerbose($"{request.SourceArn} -> {request.RoleArn}: {checks.Count} checks.");
            WriteResults(checks);
        }

        private void ProcessLive()
        {
            try
            {
                var live = Connect();
                // With an explicit source the data reads need not wait for GetCallerIdentity: both start at once.
                string? named = string.IsNullOrEmpty(SourceArn) ? null : SourceArn!.Trim();
                var prefetch = named != null ? live.PrefetchAsync(named, RoleArn.Trim()) : null;
                var probe = live.CallerProbeAsync().GetAwaiter().GetResult();
                string? source = named ?? probe.CallerArn;
                if (source == null)
                {
                    WriteUnreachable(live.TakeUnreachable(), RoleArn);
                    if (probe.Error?.IsUnreachable != true)
                        FailRow(ErrorRecords.Create("CallerUnknown", ErrorCategory.AuthenticationError,
                            $"Cannot tell who the caller is: {probe.FailureText}. Fix the credentials, or name the source with -SourceArn.", RoleArn), CheckName.CallerIdentity);
                    return;
                }
                var request = TryBuildRequest(source);
                if (request == null) return;
                (prefetch ?? live.PrefetchAsync(source, request.RoleArn)).GetAwaiter().GetResult();
                RunChecks(request, live.Data, _livePolicies, LiveChecks.Observe(probe, sourceDefaultedToCaller: named == null));
                WriteUnreachable(live.TakeUnreachable(), RoleArn);
            }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        /// <summary>
        /// The diagnosis for this row's credential parameters (they may come from the pipeline): made once per distinct
        /// set, so a pipeline of paths shares one data cache.
        /// </summary>
        private LiveDiagnosis Connect()
        {
            string key = string.Join("\u0001", ProfileName, ProfileLocation, AccessKey, SecretKey?.GetHashCode(), SessionToken?.GetHashCode(),
                Credential == null ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Credential).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Region, EndpointUrl);
            if (!_live.TryGetValue(key, out var live))
            {
                var credentials = ResolveLiveCredentials(TargetProfileName, TargetCredential);
                _live[key] = live = new LiveDiagnosis(credentials, new AwsClientOptions { EndpointUrl = EndpointUrl }, CancellationToken);
            }
            return _current = live;
        }

        protected override void EndProcessing()
        {
            foreach (var live in _live.Values) live.Dispose();
            _live.Clear();
            _current = null;
        }

        private Snapshot? ResolveSnapshot()
        {
            object? value = Snapshot is PSObject pso ? pso.BaseObject : Snapshot;
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
                        $"-Snapshot takes a folder path or the output of Import-RoleTrustSnapshot, not {value?.GetType().Name}.", value));
                    return null;
            }
        }

        private PathRequest BuildRequest(string sourceArn)
        {
            var r = new PathRequest
            {
                SourceArn = sourceArn, RoleArn = RoleArn.Trim(), ExternalId = ExternalId, RoleSessionName = RoleSessionName, DurationSeconds = DurationSeconds,
                SourceIdentity = SourceIdentity, SerialNumber = SerialNumber, TokenCode = TokenCode, SourceIp = SourceIp, SourceVpce = SourceVpce,
                Console = Console.IsPresent, Now = DateTimeOffset.UtcNow,
                MfaPresent = MyInvocation.BoundParameters.ContainsKey(nameof(MfaPresent)) ? MfaPresent.IsPresent : (bool?)null,
                SessionPolicy = PolicyText(SessionPolicy), CallerSessionPolicy = PolicyText(CallerSessionPolicy),
            };
            if (SessionTag != null)
                foreach (DictionaryEntry e in SessionTag) r.SessionTags[Convert.ToString(e.Key)!] = Convert.ToString(e.Value) ?? "";
            if (CallerSessionTag != null)
                foreach (DictionaryEntry e in CallerSessionTag) r.CallerSessionTags[Convert.ToString(e.Key)!] = Convert.ToString(e.Value) ?? "";
            if (TransitiveTagKey != null) foreach (var k in TransitiveTagKey) r.TransitiveTagKeys.Add(k);
            if (Context != null)
            {
                var node = PSObjectConverter.ToJson(Context);
                foreach (var e in Engine.Cases.PolicyCaseBuilder.BuildContext(node).Entries) r.Context.Set(e.Key, e.Value);
            }
            return r;
        }

        private static string? PolicyText(object? value)
        {
            if (value == null) return null;
            var node = PSObjectConverter.ToJson(value);
            return node.Kind == JsonKind.String ? node.Text : JsonWriter.Write(node);
        }
    }

    /// <summary>Test-AssumeRolePath: every check of the AssumeRole path, one RoleTrust.PathCheck each.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AssumeRolePath")]
    [OutputType(typeof(PathCheck), typeof(bool), typeof(ProbeOutcome))]
    public sealed class TestAssumeRolePathCommand : AssumeRolePathCommandBase
    {
        /// <summary>Return only $true (path open) or $false.</summary>
        [Parameter] public SwitchParameter Quiet { get; set; }

        /// <summary>Live only: really call sts:AssumeRole once (900 seconds, credentials discarded) and report the outcome beside the prediction.</summary>
        [Parameter] public SwitchParameter Probe { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Probe && Snapshot != null)
                ThrowTerminatingError(ErrorRecords.Create("ProbeNeedsLive", ErrorCategory.InvalidArgument, "-Probe calls AWS and cannot be combined with -Snapshot.", Snapshot));
        }

        /// <summary>-Quiet answers every row: a row that cannot be evaluated is not known to be open.</summary>
        protected override void WriteUnevaluated(PathCheck unknown)
        {
            if (Quiet) WriteObject(false);
        }

        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            bool open = true;
            foreach (var c in checks) open &= c.Passed;
            if (Quiet) WriteObject(open);
            else foreach (var c in checks) WriteObject(c);
            if (Probe && Live != null) ProbeAssumeRole(checks, open);
        }

        private void ProbeAssumeRole(IReadOnlyList<PathCheck> checks, bool predictedOpen)
        {
            var caller = checks[0];
            if (caller.GetStatus() != CheckStatus.Pass)
            {
                WriteWarning($"-Probe skipped: the credentials in use are not those of {caller.Source} (see CallerIdentity), so a real call would test another path.");
                return;
            }
            ProbeOutcome outcome;
            try
            {
                Live!.CallerSts.ProbeAssumeRoleAsync(caller.Role, RoleSessionName ?? "RoleTrustProbe", ExternalId, SourceIdentity, CancellationToken).GetAwaiter().GetResult();
                outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, true, "Succeeded", "sts:AssumeRole returned credentials (discarded).");
            }
            catch (AwsServiceException ex) { outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, false, ex.Code, ex.IsUnreachable ? $"{ex.ServiceMessage} ({ex.Endpoint})" : ex.ServiceMessage); }
            catch (AwsCredentialsNotFoundException ex) { outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, false, "CredentialsUnavailable", ex.Message); }
            if (Quiet) WriteVerbose($"Probe: {outcome}");
            else WriteObject(outcome);
            if (!outcome.Agrees) WriteWarning($"The real AssumeRole call {(outcome.Succeeded ? "succeeded" : "failed with " + outcome.Result)} but RoleTrust predicted the path {(predictedOpen ? "open" : "blocked")}: {outcome.Message}");
        }
    }

    /// <summary>Get-RoleTrustGap: only what blocks the path (Fail and Unknown), each with the exact change.</summary>
    [Cmdlet(VerbsCommon.Get, "RoleTrustGap")]
    [OutputType(typeof(TrustGap))]
    public sealed class GetRoleTrustGapCommand : AssumeRolePathCommandBase
    {
        /// <summary>A row that cannot be evaluated is a gap too: "no output" must keep meaning "every path open".</summary>
        protected override void WriteUnevaluated(PathCheck unknown) => WriteObject(new TrustGap(unknown));

        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            foreach (var c in checks)
                if (c.Blocking) WriteObject(new TrustGap(c));
        }
    }
}
