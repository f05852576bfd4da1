using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using RoleTrust.Internal;
using RoleTrust.Paths;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Parameters and flow shared by Test-AssumeRolePath and Get-RoleTrustGap: bind one source/role pair (from
    /// parameters or the pipeline), run the path checks, hand the results to the derived cmdlet.
    /// </summary>
    public abstract class AssumeRolePathCommandBase : PSCmdlet
    {
        private readonly Dictionary<string, Snapshot> _loaded = new Dictionary<string, Snapshot>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Arn")]
        [ValidateNotNullOrEmpty]
        public string RoleArn { get; set; } = "";

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Source", "PrincipalArn")]
        public string? SourceArn { get; set; }

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Snapshot { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)] public string? ExternalId { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? RoleSessionName { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public int? DurationSeconds { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? SourceIdentity { get; set; }
        [Parameter] public Hashtable? SessionTag { get; set; }
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

        protected abstract void WriteResults(IReadOnlyList<PathCheck> checks);

        protected override void ProcessRecord()
        {
            var snapshot = ResolveSnapshot();
            if (snapshot == null) return;
            if (string.IsNullOrEmpty(SourceArn))
            {
                WriteError(ErrorRecords.Create("SourceArnRequired", ErrorCategory.InvalidArgument,
                    "-SourceArn is required with -Snapshot: name the user, role or assumed-role session that assumes the role.", RoleArn));
                return;
            }
            PathRequest request;
            try { request = BuildRequest(); }
            catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, RoleArn)); return; }
            catch (ArgumentException ex) { WriteError(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument, ex.Message, RoleArn, ex)); return; }
            IReadOnlyList<PathCheck> checks;
            try { checks = PathDiagnosis.Run(request, snapshot.Source, snapshot.Policies); }
            catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, ex.OffendingValue ?? RoleArn)); return; }
            WriteVerbose($"{SourceArn} -> {RoleArn}: {checks.Count} checks.");
            WriteResults(checks);
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
                case null:
                    ThrowTerminatingError(ErrorRecords.Create("SnapshotRequired", ErrorCategory.NotImplemented,
                        "Live AWS diagnosis is not available in this version: pass -Snapshot <folder> (see Import-RoleTrustSnapshot).", RoleArn));
                    return null;
                default:
                    ThrowTerminatingError(ErrorRecords.Create("InvalidSnapshotArgument", ErrorCategory.InvalidArgument,
                        $"-Snapshot takes a folder path or the output of Import-RoleTrustSnapshot, not {value.GetType().Name}.", value));
                    return null;
            }
        }

        private PathRequest BuildRequest()
        {
            var r = new PathRequest
            {
                SourceArn = SourceArn!.Trim(), RoleArn = RoleArn.Trim(), ExternalId = ExternalId, RoleSessionName = RoleSessionName, DurationSeconds = DurationSeconds,
                SourceIdentity = SourceIdentity, SerialNumber = SerialNumber, TokenCode = TokenCode, SourceIp = SourceIp, SourceVpce = SourceVpce,
                Console = Console.IsPresent, Now = DateTimeOffset.UtcNow,
                MfaPresent = MyInvocation.BoundParameters.ContainsKey(nameof(MfaPresent)) ? MfaPresent.IsPresent : (bool?)null,
                SessionPolicy = PolicyText(SessionPolicy), CallerSessionPolicy = PolicyText(CallerSessionPolicy),
            };
            if (SessionTag != null)
                foreach (DictionaryEntry e in SessionTag) r.SessionTags[Convert.ToString(e.Key)!] = Convert.ToString(e.Value) ?? "";
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
    [OutputType(typeof(PathCheck), typeof(bool))]
    public sealed class TestAssumeRolePathCommand : AssumeRolePathCommandBase
    {
        /// <summary>Return only $true (path open) or $false.</summary>
        [Parameter] public SwitchParameter Quiet { get; set; }

        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            if (Quiet)
            {
                bool open = true;
                foreach (var c in checks) open &= c.Passed;
                WriteObject(open);
                return;
            }
            foreach (var c in checks) WriteObject(c);
        }
    }

    /// <summary>Get-RoleTrustGap: only what blocks the path (Fail and Unknown), each with the exact change.</summary>
    [Cmdlet(VerbsCommon.Get, "RoleTrustGap")]
    [OutputType(typeof(TrustGap))]
    public sealed class GetRoleTrustGapCommand : AssumeRolePathCommandBase
    {
        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            foreach (var c in checks)
                if (c.Status == CheckStatus.Fail || c.Status == CheckStatus.Unknown) WriteObject(new TrustGap(c));
        }
    }
}
