using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
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
                int done = 0, total = 1;
                var build = Task.Run(() => TrustGraphBuilder.Build(snapshot.Source.Accounts, snapshot.Source, DateTimeOffset.UtcNow,
                    (d, t) => { Volatile.Write(ref total, t); Volatile.Write(ref done, d); }, cancellationToken), cancellationToken);
                var progress = new ProgressRecord(progressId, activity, "Indexing the trust graph");
                try
                {
                    // The pipeline thread alone may write progress: it waits in short steps and reports the worker's count.
                    while (!build.Wait(100))
                    {
                        int t = Volatile.Read(ref total), d = Volatile.Read(ref done);
                        progress.StatusDescription = $"Indexing the trust graph: {d:N0} of {t:N0} principals and roles";
                        progress.PercentComplete = t == 0 ? 0 : Math.Min(100, 100 * d / t);
                        cmdlet.WriteProgress(progress);
                    }
                    holder.Graph = build.Result;
                }
                catch (AggregateException ex) when (ex.InnerException is OperationCanceledException) { throw ex.InnerException; }
                finally
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    cmdlet.WriteProgress(progress);
                }
                cmdlet.WriteVerbose($"Indexed the trust graph of {snapshot.Path} in {holder.Graph.BuildTime.TotalMilliseconds:N0} ms: {holder.Graph.PrincipalCount:N0} principals in {holder.Graph.ProfileCount:N0} caller profiles, {holder.Graph.RoleCount:N0} roles.");
                return holder.Graph;
            }
        }
    }
}
