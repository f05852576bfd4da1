using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RoleTrust.Engine.Policies;
using RoleTrust.Errors;
using RoleTrust.Internal;
using RoleTrust.Paths;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Resolve-AssumeRoleError: reads an AssumeRole-family error as users have it (a message, an exception, an
    /// ErrorRecord such as $Error[0] from Use-STSRole) into a RoleTrust.AssumeRoleError, and runs the path checks
    /// for the caller and role it names on -Snapshot. -ParseOnly reads only and calls nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "AssumeRoleError", DefaultParameterSetName = ByMessage)]
    [OutputType(typeof(AssumeRoleError))]
    public sealed class ResolveAssumeRoleErrorCommand : PSCmdlet
    {
        private const string ByMessage = "Message";
        private const string ByObject = "InputObject";
        private readonly Dictionary<string, Snapshot> _loaded = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        private bool _liveReported;

        /// <summary>The error text as pasted: wrapped lines, log prefixes, JSON escapes and error bodies included.</summary>
        [Parameter(ParameterSetName = ByMessage, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Message { get; set; } = "";

        /// <summary>An ErrorRecord ($Error[0]), an exception, or an object from ConvertFrom-Json (a CloudTrail record).</summary>
        [Parameter(ParameterSetName = ByObject, Mandatory = true, ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        /// <summary>Only read the error: no path checks, no AWS call, no snapshot.</summary>
        [Parameter] public SwitchParameter ParseOnly { get; set; }

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot, to run the path checks on.</summary>
        [Parameter] public object? Snapshot { get; set; }

        protected override void ProcessRecord()
        {
            string? errorCode = null;
            object? target = ParameterSetName == ByMessage ? Message : InputObject;
            var texts = ParameterSetName == ByMessage ? new List<string> { Message } : ErrorTextCollector.From(InputObject, out errorCode);
            var reading = AssumeRoleErrorReader.Read(texts, errorCode);
            if (!reading.IsAssumeRoleError)
            {
                WriteError(ErrorRecords.Create("UnreadableAssumeRoleError", ErrorCategory.InvalidData,
                    "This is not an AssumeRole error RoleTrust can read: " + reading.Reason, target));
                return;
            }
            var error = reading.Error;
            WriteVerbose($"Read {error.ErrorCode}{(error.Layer.Length > 0 ? " naming " + error.Layer : "")}; the text does not carry: {(error.Missing.Count == 0 ? "nothing" : error.Missing.ToString())}.");
            if (ParseOnly) { WriteObject(error); return; }

            if (Snapshot == null)
            {
                if (!_liveReported)
                    WriteError(ErrorRecords.Create("LiveNotAvailableYet", ErrorCategory.NotImplemented,
                        "Resolve-AssumeRoleError cannot run the path checks against AWS yet: pass -Snapshot <folder or Import-RoleTrustSnapshot result> to check the path offline, or -ParseOnly to only read the error. The errors are read and written without checks.",
                        target));
                _liveReported = true;
                WriteObject(error);
                return;
            }

            var snapshot = ResolveSnapshot();
            if (snapshot == null) return;
            var gaps = AssumeRoleErrorReader.MissingForPathChecks(error);
            if (gaps.Count > 0)
            {
                WriteError(ErrorRecords.Create("IncompleteAssumeRoleError", ErrorCategory.InvalidData,
                    $"The path checks need the caller's and the role's full ARNs; this error text lacks: {string.Join(", ", gaps)}. Run Test-AssumeRolePath with -SourceArn and -RoleArn instead. The error is written without checks.",
                    target));
                WriteObject(error);
                return;
            }

            IReadOnlyList<PathCheck> checks;
            try
            {
                checks = PathDiagnosis.Run(new PathRequest { SourceArn = error.Caller, RoleArn = error.Resource, Now = DateTimeOffset.UtcNow },
                    snapshot.Source, snapshot.Policies);
            }
            catch (PolicyFormatException ex)
            {
                WriteError(ErrorRecords.FromPolicy(ex, error.Resource));
                WriteObject(error);
                return;
            }
            var failing = checks.Where(c => !c.Passed).Select(c => $"{c.Check} ({c.Status})").ToList();
            WriteVerbose($"AWS named {(error.Layer.Length > 0 ? error.Layer : "no layer")}; on the snapshot {(failing.Count == 0 ? "no check blocks the path" : "these checks do not pass: " + string.Join(", ", failing))}.");
            WriteObject(error.WithChecks(checks));
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
                        $"-Snapshot takes a folder path or the output of Import-RoleTrustSnapshot, not {value?.GetType().Name ?? "null"}.", value));
                    return null;
            }
        }
    }
}
