using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>Import-RoleTrustSnapshot: loads and indexes a snapshot folder once, for many questions.</summary>
    [Cmdlet(VerbsData.Import, "RoleTrustSnapshot", HelpUri = HelpLinks.Base + "Import-RoleTrustSnapshot.md")]
    [OutputType(typeof(Snapshot))]
    public sealed class ImportRoleTrustSnapshotCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        protected override void ProcessRecord()
        {
            Snapshot? snapshot;
            try { snapshot = SnapshotLoader.Load(this, Path, _cancellation.Token); }
            catch (OperationCanceledException) { return; /* Ctrl+C */ }
            if (snapshot != null) WriteObject(snapshot);
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }

    /// <summary>Loading shared by Import-RoleTrustSnapshot and every -Snapshot parameter.</summary>
    internal static class SnapshotLoader
    {
        /// <summary>Warnings written per file; the Snapshot's Problems property lists them all.</summary>
        internal const int WarningsPerFile = 20;

        /// <summary>Progress record id of snapshot loads (any cmdlet that loads a -Snapshot path).</summary>
        private const int ProgressId = 0x52540d;

        /// <summary>
        /// Loads a folder. A file that cannot be used at all is a non-terminating InvalidSnapshotFile error (its account,
        /// or the organization, counts as missing); every other problem is a warning naming the file and the JSON path.
        /// Throws a terminating SnapshotNotFound when there is no snapshot to load.
        /// The load runs on a worker thread, writing progress (megabytes of account files read). Ctrl+C stops it:
        /// <paramref name="cancellationToken"/> (the cmdlet's StopProcessing) cancels the load, and so does the pipeline
        /// stopping while progress is written; either way the caller gets OperationCanceledException or PipelineStoppedException.
        /// </summary>
        public static Snapshot? Load(PSCmdlet cmdlet, string path, CancellationToken cancellationToken = default)
        {
            string folder = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            SnapshotSource? source = null;
            Exception? failure = null;
            using (var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                try
                {
                    source = BackgroundWork.Run(cmdlet, ProgressId, cmdlet.MyInvocation.MyCommand.Name, "Reading account files (MB)", progress =>
                    {
                        try { return SnapshotSource.Load(folder, (done, total) => progress((int)(done >> 20), (int)(total >> 20)), load.Token); }
                        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { failure = ex; return null; }
                    }, load.Token);
                }
                catch (PipelineStoppedException) { load.Cancel(); throw; }
            }
            if (source == null)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(failure, "SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
                return null;
            }
            var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var issue in source.Issues)
            {
                if (issue.FileUnusable)
                {
                    cmdlet.WriteError(new ErrorRecord(new InvalidDataException(issue.Message), "InvalidSnapshotFile", ErrorCategory.InvalidData, issue.FullPath));
                    continue;
                }
                perFile.TryGetValue(issue.File, out int count);
                perFile[issue.File] = ++count;
                if (count <= WarningsPerFile) cmdlet.WriteWarning(issue.Message);
            }
            foreach (var file in perFile)
                if (file.Value > WarningsPerFile)
                    cmdlet.WriteWarning($"{file.Key}: {file.Value - WarningsPerFile} more problems (the snapshot's Problems property lists all {file.Value}).");
            cmdlet.WriteVerbose($"Loaded {source.Accounts.Count} account(s), {source.Bytes:N0} characters, in {source.LoadTime.TotalMilliseconds:N0} ms from {source.Path}.");
            return new Snapshot(source);
        }
    }
}
