using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Audit;

namespace RoleTrust.Graph
{
    /// <summary>
    /// What changed between two snapshots: assume edges and trust findings added and removed. An edge is the same when
    /// its source, role, conditionality and conditions are; one that became conditional (or changed conditions) is the
    /// old edge removed and the new one added. A finding is the same when its identity is (<see cref="FindingIdentity"/>).
    /// Unchanged relationships are not reported.
    /// </summary>
    public static class SnapshotComparison
    {
        /// <summary>
        /// The edge changes, role by role in ARN order (sources in ARN order within a role), the added ones first. One
        /// role's edges at a time: at organization scale a snapshot has tens of millions of edges (a role that trusts an
        /// account or "*" is open to every principal whose identity policies allow it), far more than memory holds,
        /// while the changes between two days are few. The same graph on both sides has no changes.
        /// </summary>
        public static IReadOnlyList<TrustChange> EdgeChanges(TrustGraph reference, TrustGraph difference, CancellationToken cancellationToken,
            GraphProblemLog? referenceLog = null, GraphProblemLog? differenceLog = null, Action<int, int>? progress = null)
        {
            if (ReferenceEquals(reference, difference)) return new TrustChange[0];
            var roles = reference.RoleArns.Union(difference.RoleArns, StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToArray();
            var added = new List<TrustChange>?[roles.Length];
            var removed = new List<TrustChange>?[roles.Length];
            int done = 0;
            for (int start = 0; start < roles.Length; start += RolesPerBatch)
            {
                Parallel.For(start, Math.Min(start + RolesPerBatch, roles.Length), new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var before = Keyed(reference.Into(roles[i], cancellationToken, referenceLog));
                    var after = Keyed(difference.Into(roles[i], cancellationToken, differenceLog));
                    added[i] = Missing(after, before, "Added");
                    removed[i] = Missing(before, after, "Removed");
                    int n = Interlocked.Increment(ref done);
                    if (progress != null && (n % 200 == 0 || n == roles.Length)) progress(n, roles.Length);
                });
                reference.LimitRememberedVerdicts(RememberedVerdicts);
                difference.LimitRememberedVerdicts(RememberedVerdicts);
            }
            var changes = new List<TrustChange>();
            foreach (var list in added) if (list != null) changes.AddRange(list);
            foreach (var list in removed) if (list != null) changes.AddRange(list);
            return changes;
        }

        // Between batches of roles each graph forgets its verdicts beyond this many: a walk
        // over every role of an organization otherwise keeps one per distinct pair key, gigabytes at a hundred thousand roles.
        private const int RolesPerBatch = 1000;
        private const long RememberedVerdicts = 2_000_000;

        /// <summary>The finding changes, the added ones first, each by role and rule id.</summary>
        public static IReadOnlyList<TrustChange> FindingChanges(IEnumerable<TrustFinding> referenceFindings, IEnumerable<TrustFinding> differenceFindings)
        {
            var changes = new List<TrustChange>();
            var oldFindings = Findings(referenceFindings);
            var newFindings = Findings(differenceFindings);
            foreach (var f in newFindings.Where(f => !oldFindings.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Role, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                changes.Add(TrustChange.ForFinding("Added", f));
            foreach (var f in oldFindings.Where(f => !newFindings.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Role, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                changes.Add(TrustChange.ForFinding("Removed", f));
            return changes;
        }

        /// <summary>The edges of <paramref name="these"/> that <paramref name="others"/> lacks, by source; null when none.</summary>
        private static List<TrustChange>? Missing(Dictionary<string, AssumeRoleHop> these, Dictionary<string, AssumeRoleHop> others, string change)
        {
            List<TrustChange>? list = null;
            foreach (var e in these.OrderBy(e => e.Value.Source, StringComparer.Ordinal))
                if (!others.ContainsKey(e.Key)) (list ??= new List<TrustChange>()).Add(TrustChange.ForEdge(change, e.Value, e.Key));
            return list;
        }

        private static Dictionary<string, AssumeRoleHop> Keyed(IEnumerable<TrustEdge> edges)
        {
            var map = new Dictionary<string, AssumeRoleHop>(StringComparer.Ordinal);
            foreach (var e in edges)
            {
                var hop = new AssumeRoleHop(e);
                map[$"{hop.Source} -> {hop.Role} [{hop.Conditions}]"] = hop;
            }
            return map;
        }

        private static Dictionary<string, TrustFinding> Findings(IEnumerable<TrustFinding> findings)
        {
            var map = new Dictionary<string, TrustFinding>(StringComparer.Ordinal);
            foreach (var f in findings) map[FindingIdentity.Key(f)] = f;
            return map;
        }
    }
}
