using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Who can reach a role, and what a principal can reach, directly or through chains of roles. One path per end (the
    /// fewest hops; among those, the fewest conditional hops). Only roles can be passed through: a chain hop starts from
    /// a role session, which the edges already model (no MFA carried, for instance).
    /// </summary>
    public static class PathSearch
    {
        /// <summary>Every principal that can reach <paramref name="roleArn"/> in at most <paramref name="maxDepth"/> hops.</summary>
        public static IReadOnlyList<AssumeRolePath> To(TrustGraph graph, string roleArn, int maxDepth)
        {
            // Backwards from the role: best[n] = the path from n to the role.
            var best = new Dictionary<string, List<TrustEdge>>(StringComparer.Ordinal);
            var frontier = new List<string> { roleArn };
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                var next = new List<string>();
                foreach (var target in frontier)
                {
                    var tail = target == roleArn ? new List<TrustEdge>() : best[target];
                    foreach (var e in graph.Into(target))
                    {
                        if (e.Source.Id == roleArn || tail.Any(t => t.Source.Id == e.Source.Id)) continue; // no cycles
                        var candidate = new List<TrustEdge> { e };
                        candidate.AddRange(tail);
                        if (!best.TryGetValue(e.Source.Id, out var known) || Better(candidate, known))
                        {
                            bool isNew = known == null;
                            best[e.Source.Id] = candidate;
                            if (isNew && e.Source.Kind == TrustNodeKind.Role) next.Add(e.Source.Id);
                        }
                    }
                }
                frontier = next;
            }
            return best.Values.Select(p => new AssumeRolePath(p)).OrderBy(p => p.Depth).ThenBy(p => p.Source, StringComparer.Ordinal).ToList();
        }

        /// <summary>Every role <paramref name="principalArn"/> can reach in at most <paramref name="maxDepth"/> hops.</summary>
        public static IReadOnlyList<AssumeRolePath> From(TrustGraph graph, string principalArn, int maxDepth)
        {
            string start = NodeIdOf(principalArn);
            var best = new Dictionary<string, List<TrustEdge>>(StringComparer.Ordinal);
            var frontier = new List<string> { start };
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                var next = new List<string>();
                foreach (var source in frontier)
                {
                    var head = source == start ? new List<TrustEdge>() : best[source];
                    foreach (var e in graph.OutOf(source))
                    {
                        if (e.Role.Id == start || head.Any(h => h.Role.Id == e.Role.Id)) continue;
                        var candidate = new List<TrustEdge>(head) { e };
                        if (!best.TryGetValue(e.Role.Id, out var known) || Better(candidate, known))
                        {
                            bool isNew = known == null;
                            best[e.Role.Id] = candidate;
                            if (isNew) next.Add(e.Role.Id);
                        }
                    }
                }
                frontier = next;
            }
            return best.Values.Select(p => new AssumeRolePath(p)).OrderBy(p => p.Depth).ThenBy(p => p.Role, StringComparer.Ordinal).ToList();
        }

        /// <summary>A role session stands for its role: the node of arn:aws:sts::A:assumed-role/R/s is R's ARN (path from the data).</summary>
        private static string NodeIdOf(string principalArn) =>
            PrincipalIdentity.TryParse(principalArn, out var p, out _) && p.Kind == PrincipalKind.AssumedRole ? p.RoleArn! : principalArn;

        private static bool Better(List<TrustEdge> candidate, List<TrustEdge> known) =>
            candidate.Count < known.Count || (candidate.Count == known.Count && candidate.Count(e => e.Conditional) < known.Count(e => e.Conditional));
    }
}
