using System.Management.Automation;
using RoleTrust.Cmdlets;

namespace RoleTrust.Internal
{
    /// <summary>What a -Snapshot parameter holds: a folder path (loaded now) or a snapshot from Import-RoleTrustSnapshot.</summary>
    internal static class SnapshotArgument
    {
        /// <summary>The snapshot, or a terminating InvalidSnapshotArgument / SnapshotNotFound error.</summary>
        public static Snapshot Resolve(PSCmdlet cmdlet, object? argument)
        {
            object? value = argument is PSObject pso ? pso.BaseObject : argument;
            switch (value)
            {
                case Snapshot s: return s;
                case string path when path.Length > 0: return SnapshotLoader.Load(cmdlet, path)!;
                default:
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create("InvalidSnapshotArgument", ErrorCategory.InvalidArgument,
                        $"-Snapshot takes a folder path or the output of Import-RoleTrustSnapshot, not {value?.GetType().Name ?? "null"}.", value));
                    return null!;
            }
        }
    }
}
