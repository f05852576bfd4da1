using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using RoleTrust.Engine.Audit;
using RoleTrust.Graph;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Compare-RoleTrustSnapshot: the assume edges and trust findings added and removed between two snapshots, one
    /// RoleTrust.TrustChange each; unchanged relationships are not written.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "RoleTrustSnapshot", HelpUri = HelpLinks.Base + "Compare-RoleTrustSnapshot.md")]
    [OutputType(typeof(TrustChange))]
    public sealed class CompareRoleTrustSnapshotCommand : PSCmdlet, IDisposable
    {
        private const int ProgressId = 0x52540c;
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        /// <summary>The earlier snapshot (yesterday's): a folder path or Import-RoleTrustSnapshot's result.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public object Reference { get; set; } = null!;

        /// <summary>The later snapshot (today's).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public object Difference { get; set; } = null!;

        /// <summary>Only changes of this kind: Edge or Finding (default both).</summary>
        [Parameter]
        [ValidateSet("Edge", "Finding", IgnoreCase = true)]
        public string[]? Kind { get; set; }

        protected override void EndProcessing()
        {
            var before = SnapshotArgument.Resolve(this, Reference);
            var after = SnapshotArgument.Resolve(this, Difference);
            bool edges = Kind == null || Kind.Any(k => k.Equals("Edge", StringComparison.OrdinalIgnoreCase));
            bool findings = Kind == null || Kind.Any(k => k.Equals("Finding", StringComparison.OrdinalIgnoreCase));
            try
            {
                var changes = new List<TrustChange>();
                if (edges) changes.AddRange(EdgeChanges(before, after));
                if (findings) changes.AddRange(SnapshotComparison.FindingChanges(Findings(before), Findings(after)));
                WriteVerbose($"{changes.Count} change(s) from {before.Path} to {after.Path}.");
                foreach (var c in changes) WriteObject(c);
            }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        private IReadOnlyList<TrustChange> EdgeChanges(Snapshot reference, Snapshot difference)
        {
            var referenceGraph = SnapshotGraphs.For(this, reference, ProgressId, "Compare-RoleTrustSnapshot", _cancellation.Token);
            var differenceGraph = SnapshotGraphs.For(this, difference, ProgressId, "Compare-RoleTrustSnapshot", _cancellation.Token);
            var referenceLog = new GraphProblemLog();
            var differenceLog = new GraphProblemLog();
            var changes = BackgroundWork.Run(this, ProgressId, "Compare-RoleTrustSnapshot", "Comparing the edges into every role",
                progress => SnapshotComparison.EdgeChanges(referenceGraph, differenceGraph, _cancellation.Token, referenceLog, differenceLog, progress), _cancellation.Token);
            Warn("reference", referenceGraph, referenceLog);
            Warn("difference", differenceGraph, differenceLog);
            return changes;
        }

        private void Warn(string which, TrustGraph graph, GraphProblemLog log)
        {
            foreach (var line in log.Lines) WriteWarning($"{which} snapshot: {line} Those pairs have no edge, so a change there is not reported.");
            if (graph.IndexProblems.Count > 0)
                WriteWarning($"{which} snapshot: {graph.IndexProblems.Count} role(s) have a trust policy that is missing or cannot be evaluated; no edge leads into them: {string.Join("; ", graph.IndexProblems.Take(3))}.");
        }

        private IEnumerable<TrustFinding> Findings(Snapshot snapshot) =>
            TrustAudit.AuditAccounts(snapshot.Source.Accounts, SnapshotAudits.For(snapshot), _cancellation.Token).SelectMany(a => a.Findings).ToList();

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }
}
