using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Graph;

namespace RoleTrust.Internal
{
    /// <summary>
    /// One trust graph index per loaded snapshot, kept as long as the snapshot object lives: the index is built the first
    /// time a command asks a snapshot about paths, and every later command on the same object reuses it (and the pairs
    /// its queries have already decided). A build stopped by Ctrl+C leaves nothing behind.
    /// </summary>
    internal static class SnapshotGraphs
    {
        private sealed class Holder { public TrustGraph? Graph; }
        private static readonly ConditionalWeakTable<Snapshot, Holder> Graphs = new ConditionalWeakTable<Snapshot, Holder>();

        /// <summary>The snapshot's index: reused, or built now on a worker thread while this cmdlet writes progress.</summary>
        public static TrustGraph For(PSCmdlet cmdlet, Snapshot snapshot, int progressId, string activity, CancellationToken cancellationToken)
        {
            var holder = Graphs.GetValue(snapshot, _ => new Holder());
            lock (holder)
            {
                if (holder.Graph != null)
                {
                    cmdlet.WriteVerbose($"Reusing the trust graph index of {snapshot.Path} ({holder.Graph.PrincipalCount:N0} principals, {holder.Graph.RoleCount:N0} roles).");
                    return holder.Graph;
                }
                holder.Graph = BackgroundWork.Run(cmdlet, progressId, activity, "Indexing the trust graph (principals and roles)",
                    progress => TrustGraphBuilder.Build(snapshot.Source.Accounts, snapshot.Source, DateTimeOffset.UtcNow, progress, cancellationToken), cancellationToken);
                cmdlet.WriteVerbose($"Indexed the trust graph of {snapshot.Path} in {holder.Graph.BuildTime.TotalMilliseconds:N0} ms: {holder.Graph.PrincipalCount:N0} principals in {holder.Graph.ProfileCount:N0} caller profiles, {holder.Graph.RoleCount:N0} roles.");
                return holder.Graph;
            }
        }
    }
}
