using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using RoleTrust.Graph;
using RoleTrust.Graph.Rendering;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Export-RoleTrustGraph: draws the trust graph of a snapshot, or the paths piped in from Find-AssumeRolePath, as
    /// Mermaid, Graphviz DOT or one self-contained HTML file (docs/graph.md).
    /// </summary>
    [Cmdlet(VerbsData.Export, "RoleTrustGraph", DefaultParameterSetName = SnapshotSet, HelpUri = HelpLinks.Base + "Export-RoleTrustGraph.md")]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportRoleTrustGraphCommand : PSCmdlet, IDisposable
    {
        private const string SnapshotSet = "Snapshot", PathsSet = "Paths";
        private const int ProgressId = 0x52540b;
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly List<AssumeRolePath> _paths = new List<AssumeRolePath>();

        /// <summary>Paths from Find-AssumeRolePath: only their hops are drawn, and the HTML lists them for highlighting.</summary>
        [Parameter(ParameterSetName = PathsSet, Mandatory = true, ValueFromPipeline = true)]
        public AssumeRolePath[] InputObject { get; set; } = new AssumeRolePath[0];

        /// <summary>The snapshot to draw whole (a folder path or Import-RoleTrustSnapshot's result); with piped paths, where account names and role descriptions come from.</summary>
        [Parameter(ParameterSetName = SnapshotSet, Mandatory = true)]
        [Parameter(ParameterSetName = PathsSet)]
        public object? Snapshot { get; set; }

        /// <summary>Mermaid (a flowchart), Dot (Graphviz) or Html (one self-contained file).</summary>
        [Parameter(Mandatory = true)]
        [ValidateSet("Mermaid", "Dot", "Html", IgnoreCase = true)]
        public string Format { get; set; } = "Html";

        /// <summary>Write to this file (UTF-8) instead of the pipeline; the file's FileInfo is written.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The HTML page's title.</summary>
        [Parameter]
        public string? Title { get; set; }

        /// <summary>
        /// The most edges a drawing of a whole snapshot may have: a file of some hundred megabytes, made in seconds. An
        /// organization of hundreds of accounts has tens of millions, which would fill memory before any file is written.
        /// </summary>
        internal const int DrawableEdges = 500_000;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathsSet) foreach (var p in InputObject) if (p != null) _paths.Add(p);
        }

        protected override void EndProcessing()
        {
            // Refused before the drawing is made, which can take seconds on an organization.
            string? file = Path == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (file != null && Directory.Exists(file))
                ThrowTerminatingError(ErrorRecords.Create("ExportFileFailed", ErrorCategory.WriteError,
                    $"'{file}' is a folder: -Path names the file to write, for example {System.IO.Path.Combine(file, "trust." + Format.ToLowerInvariant())}.", Path));
            Snapshot? snapshot = Snapshot == null ? null : SnapshotArgument.Resolve(this, Snapshot);
            GraphDocument document;
            try
            {
                var accounts = snapshot?.Source.Accounts ?? (IReadOnlyCollection<Engine.Model.AccountData>)new Engine.Model.AccountData[0];
                var names = snapshot?.Source.Organization?.Names;
                if (ParameterSetName == SnapshotSet)
                {
                    var graph = SnapshotGraphs.For(this, snapshot!, ProgressId, "Export-RoleTrustGraph", _cancellation.Token);
                    var log = new GraphProblemLog();
                    IReadOnlyList<TrustEdge> edges;
                    try
                    {
                        edges = BackgroundWork.Run(this, ProgressId, "Export-RoleTrustGraph", "Finding every edge (roles)",
                            progress => graph.AllEdges(_cancellation.Token, log, progress, DrawableEdges), _cancellation.Token);
                    }
                    catch (TrustGraphTooLargeException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.Create("GraphTooLarge", ErrorCategory.LimitsExceeded, ex.Message, Snapshot, ex));
                        return;
                    }
                    foreach (var line in log.Lines) WriteWarning(line + " Those pairs have no edge in the drawing.");
                    if (graph.IndexProblems.Count > 0)
                        WriteWarning($"{graph.IndexProblems.Count} role(s) have a trust policy that is missing or cannot be evaluated; no edge leads into them: {string.Join("; ", graph.IndexProblems.Take(3))}.");
                    document = GraphDocument.FromEdges(edges, accounts, names);
                }
                else document = GraphDocument.FromPaths(_paths, accounts, names);
            }
            catch (OperationCanceledException) { return; }

            string title = Title ?? (ParameterSetName == SnapshotSet ? $"RoleTrust: {snapshot!.Path}" : $"RoleTrust: {_paths.Count} path(s)");
            string text = Format.ToLowerInvariant() switch
            {
                "mermaid" => MermaidWriter.Write(document),
                "dot" => DotWriter.Write(document),
                _ => HtmlWriter.Write(document, title),
            };
            WriteVerbose($"{document.Nodes.Count} node(s), {document.Edges.Count} edge(s), {document.Accounts.Count} account(s).");
            if (file == null) { WriteObject(text); return; }
            try { File.WriteAllText(file, text, new UTF8Encoding(false)); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ExportFileFailed", ErrorCategory.WriteError, Path));
                return;
            }
            WriteObject(new FileInfo(file));
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }
}
