using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using RoleTrust.Engine.Model;
using RoleTrust.Graph;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Find-AssumeRolePath: who can reach a role (-To), or what a principal can reach (-From), directly or through chains
    /// of roles up to -MaxDepth hops, on a snapshot. Edges are exactly the paths Test-AssumeRolePath opens (docs/graph.md).
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "AssumeRolePath", DefaultParameterSetName = ToSet, HelpUri = HelpLinks.Base + "Find-AssumeRolePath.md")]
    [OutputType(typeof(AssumeRolePath))]
    public sealed class FindAssumeRolePathCommand : PSCmdlet, IDisposable
    {
        private const string ToSet = "To", FromSet = "From";
        private const int ProgressId = 0x52540a;
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly Dictionary<string, Snapshot> _loaded = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        private readonly GraphProblemLog _log = new GraphProblemLog();
        private readonly HashSet<TrustGraph> _reportedIndexProblems = new HashSet<TrustGraph>();

        /// <summary>The role (ARN) to find every source of.</summary>
        [Parameter(ParameterSetName = ToSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleArn", "Arn")]
        [ValidateNotNullOrEmpty]
        public string To { get; set; } = "";

        /// <summary>The principal (user, role or role session ARN; another account's principal; a service; "*") to find every reachable role of.</summary>
        [Parameter(ParameterSetName = FromSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SourceArn", "PrincipalArn")]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = "";

        /// <summary>The most hops a path may have: 1 finds direct edges only; each further hop passes through a role (role chaining).</summary>
        [Parameter]
        [ValidateRange(1, 10)]
        public int MaxDepth { get; set; } = 3;

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot (its index is built once and reused).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public object Snapshot { get; set; } = null!;

        protected override void ProcessRecord()
        {
            var snapshot = ResolveSnapshot();
            TrustGraph graph;
            try { graph = SnapshotGraphs.For(this, snapshot, ProgressId, "Find-AssumeRolePath", _cancellation.Token); }
            catch (OperationCanceledException) { return; }
            ReportIndexProblems(graph);
            try
            {
                IReadOnlyList<AssumeRolePath> paths = ParameterSetName == ToSet ? FindTo(graph) : FindFrom(graph);
                foreach (var p in paths) WriteObject(p);
            }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        private IReadOnlyList<AssumeRolePath> FindTo(TrustGraph graph)
        {
            string role = To.Trim();
            if (!Arn.TryParse(role, out var arn) || arn.Service != "iam" || !Arn.IsAccountId(arn.Account) || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
            {
                WriteError(ErrorRecords.Create("InvalidArn", ErrorCategory.InvalidArgument, $"-To '{To}' is not a role ARN (arn:aws:iam::123456789012:role/path/Name).", To));
                return new AssumeRolePath[0];
            }
            if (!graph.HasRole(role))
            {
                WriteError(ErrorRecords.Create("NotInSnapshot", ErrorCategory.ObjectNotFound,
                    graph.HoldsAccount(arn.Account) ? $"The snapshot has no role {role} in account {arn.Account} (check the path and the name's case)."
                        : $"The snapshot holds no data for account {arn.Account} (accounts/{arn.Account}.json), so it cannot tell who reaches {role}.", To));
                return new AssumeRolePath[0];
            }
            var paths = PathSearch.To(graph, role, MaxDepth, _cancellation.Token, _log);
            WriteVerbose($"-To {role}: {paths.Count} path(s) up to {MaxDepth} hop(s).");
            return paths;
        }

        private IReadOnlyList<AssumeRolePath> FindFrom(TrustGraph graph)
        {
            string source = From.Trim();
            if (source != "*" && !graph.HasDirectSource(source))
            {
                if (!PrincipalIdentity.TryParse(source, out var principal, out var error))
                {
                    WriteError(ErrorRecords.Create("InvalidArn", ErrorCategory.InvalidArgument, $"-From '{From}': {error}", From));
                    return new AssumeRolePath[0];
                }
                if (principal.AccountId != null && graph.HoldsAccount(principal.AccountId) && graph.ResolvePrincipal(source) == null)
                {
                    WriteError(ErrorRecords.Create("NotInSnapshot", ErrorCategory.ObjectNotFound,
                        $"The snapshot has no user or role {source} in account {principal.AccountId} (check the path and the name's case).", From));
                    return new AssumeRolePath[0];
                }
            }
            var paths = PathSearch.From(graph, source, MaxDepth, _cancellation.Token, _log);
            WriteVerbose($"-From {source}: {paths.Count} path(s) up to {MaxDepth} hop(s).");
            return paths;
        }

        protected override void EndProcessing()
        {
            // Pairs the path checks could not decide, one line per check for the whole command.
            foreach (var line in _log.Lines) WriteWarning(line + " Those pairs have no edge; Test-AssumeRolePath on one of them says what is missing.");
        }

        private void ReportIndexProblems(TrustGraph graph)
        {
            if (graph.IndexProblems.Count == 0 || !_reportedIndexProblems.Add(graph)) return;
            var first = graph.IndexProblems.Take(3).ToList();
            WriteWarning($"{graph.IndexProblems.Count} role(s) have a trust policy that is missing or cannot be evaluated, so no edge leads into them: "
                + string.Join("; ", first) + (graph.IndexProblems.Count > first.Count ? $"; and {graph.IndexProblems.Count - first.Count} more." : "."));
        }

        private Snapshot ResolveSnapshot()
        {
            object? value = Snapshot is PSObject pso ? pso.BaseObject : Snapshot;
            if (value is string path && path.Length > 0)
            {
                if (!_loaded.TryGetValue(path, out var loaded)) _loaded[path] = loaded = SnapshotArgument.Resolve(this, path);
                return loaded;
            }
            return SnapshotArgument.Resolve(this, Snapshot);
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }
}
