using System;
using System.Collections.Generic;
using System.Linq;
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
        public static IReadOnlyList<TrustChange> Compare(IEnumerable<TrustEdge> referenceEdges, IEnumerable<TrustEdge> differenceEdges,
            IEnumerable<TrustFinding> referenceFindings, IEnumerable<TrustFinding> differenceFindings)
        {
            var before = Edges(referenceEdges);
            var after = Edges(differenceEdges);
            var changes = new List<TrustChange>();
            foreach (var e in after.Where(e => !before.ContainsKey(e.Key)).OrderBy(e => e.Value.Role, StringComparer.Ordinal).ThenBy(e => e.Value.Source, StringComparer.Ordinal))
                changes.Add(TrustChange.ForEdge("Added", e.Value, e.Key));
            foreach (var e in before.Where(e => !after.ContainsKey(e.Key)).OrderBy(e => e.Value.Role, StringComparer.Ordinal).ThenBy(e => e.Value.Source, StringComparer.Ordinal))
                changes.Add(TrustChange.ForEdge("Removed", e.Value, e.Key));
            var oldFindings = Findings(referenceFindings);
            var newFindings = Findings(differenceFindings);
            foreach (var f in newFindings.Where(f => !oldFindings.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Role, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                changes.Add(TrustChange.ForFinding("Added", f));
            foreach (var f in oldFindings.Where(f => !newFindings.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Role, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                changes.Add(TrustChange.ForFinding("Removed", f));
            return changes;
        }

        private static Dictionary<string, AssumeRoleHop> Edges(IEnumerable<TrustEdge> edges)
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
