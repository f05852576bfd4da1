using System;
using System.IO;
using System.Management.Automation;
using RoleTrust.Aws.Snapshot;

namespace RoleTrust.Cmdlets
{
    /// <summary>Import-RoleTrustSnapshot: loads and indexes a snapshot folder once, for many questions.</summary>
    [Cmdlet(VerbsData.Import, "RoleTrustSnapshot")]
    [OutputType(typeof(Snapshot))]
    public sealed class ImportRoleTrustSnapshotCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        protected override void ProcessRecord()
        {
            var snapshot = SnapshotLoader.Load(this, Path);
            if (snapshot != null) WriteObject(snapshot);
        }
    }

    /// <summary>Loading shared by Import-RoleTrustSnapshot and every -Snapshot parameter.</summary>
    internal static class SnapshotLoader
    {
        /// <summary>Loads a folder, writing unreadable files as non-terminating errors; throws a terminating error when nothing loads.</summary>
        public static Snapshot? Load(PSCmdlet cmdlet, string path)
        {
            string folder = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            SnapshotSource source;
            try { source = SnapshotSource.Load(folder); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
                return null;
            }
            foreach (var problem in source.Problems)
                cmdlet.WriteError(new ErrorRecord(new InvalidDataException($"{problem.Key}: {problem.Value}"), "InvalidSnapshotFile", ErrorCategory.InvalidData, problem.Key));
            cmdlet.WriteVerbose($"Loaded {source.Accounts.Count} account(s), {source.Bytes:N0} characters, in {source.LoadTime.TotalMilliseconds:N0} ms from {source.Path}.");
            return new Snapshot(source);
        }
    }
}
