using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Who can reach a role, and what a principal can reach, directly or through chains of roles. One path per end (the
    /// fewest hops; among those, the fewest conditional hops). Only roles of the data can be passed through: a chain hop
    /// starts from a role session, which the edges already model (no MFA carried, for instance). Breadth first, one hop
    /// count at a time; the edges of one level are found in parallel and merged in a fixed order, so results do not
    /// depend on timing. A source (or role) already reached by a shorter or unconditional path is not decided again.
    /// </summary>
    public static class PathSearch
    {
        /// <summary>Every principal that can reach <paramref name="roleArn"/> in at most <paramref name="maxDepth"/> hops.</summary>
        public static IReadOnlyList<AssumeRolePath> To(TrustGraph graph, string roleArn, int maxDepth,
            CancellationToken cancellationToken = default, GraphProblemLog? log = null)
        {
            var best = new Dictionary<string, Reached>(StringComparer.Ordinal);
            var frontier = new List<string> { roleArn };
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                int level = depth;
                var found = Expand(frontier, cancellationToken, target =>
                {
                    int tailConditional = target == roleArn ? 0 : best[target].Conditional;
                    return graph.Into(target, source => source != roleArn && !Settled(best, source, level, tailConditional), cancellationToken, log);
                });
                var next = new List<string>();
                for (int i = 0; i < frontier.Count; i++)
                {
                    string target = frontier[i];
                    var tail = target == roleArn ? new List<TrustEdge>() : best[target].Edges;
                    foreach (var e in found[i])
                    {
                        if (e.Source.Id == roleArn || tail.Any(t => t.Source.Id == e.Source.Id)) continue; // no cycles
                        var candidate = new List<TrustEdge>(tail.Count + 1) { e };
                        candidate.AddRange(tail);
                        if (Offer(best, e.Source.Id, candidate) && graph.IsRoleInData(e.Source.Id)) next.Add(e.Source.Id);
                    }
                }
                frontier = next;
            }
            return best.Values.Select(p => new AssumeRolePath(p.Edges)).OrderBy(p => p.Depth).ThenBy(p => p.Source, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Every role <paramref name="principalArn"/> can reach in at most <paramref name="maxDepth"/> hops. A role session
        /// stands for its role (the role's path comes from the data).
        /// </summary>
        public static IReadOnlyList<AssumeRolePath> From(TrustGraph graph, string principalArn, int maxDepth,
            CancellationToken cancellationToken = default, GraphProblemLog? log = null)
        {
            string start = graph.ResolvePrincipal(principalArn) ?? principalArn;
            var best = new Dictionary<string, Reached>(StringComparer.Ordinal);
            var frontier = new List<string> { start };
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                int level = depth;
                var found = Expand(frontier, cancellationToken, source =>
                {
                    int headConditional = source == start ? 0 : best[source].Conditional;
                    return graph.OutOf(source, role => role != start && !Settled(best, role, level, headConditional), cancellationToken, log);
                });
                var next = new List<string>();
                for (int i = 0; i < frontier.Count; i++)
                {
                    string source = frontier[i];
                    var head = source == start ? new List<TrustEdge>() : best[source].Edges;
                    foreach (var e in found[i])
                    {
                        if (e.Role.Id == start || head.Any(h => h.Role.Id == e.Role.Id)) continue;
                        var candidate = new List<TrustEdge>(head.Count + 1);
                        candidate.AddRange(head);
                        candidate.Add(e);
                        if (Offer(best, e.Role.Id, candidate)) next.Add(e.Role.Id);
                    }
                }
                frontier = next;
            }
            return best.Values.Select(p => new AssumeRolePath(p.Edges)).OrderBy(p => p.Depth).ThenBy(p => p.Role, StringComparer.Ordinal).ToList();
        }

        private sealed class Reached
        {
            public Reached(List<TrustEdge> edges) { Edges = edges; Conditional = edges.Count(e => e.Conditional); }
            public List<TrustEdge> Edges { get; }
            public int Conditional { get; }
        }

        /// <summary>
        /// A node needs no new path at this level when it was reached in fewer hops, or in as many with no more conditional
        /// hops than any path through the current frontier node can have.
        /// </summary>
        private static bool Settled(Dictionary<string, Reached> best, string id, int level, int frontierConditional) =>
            best.TryGetValue(id, out var known) && (known.Edges.Count < level || known.Conditional <= frontierConditional);

        /// <summary>Keeps the candidate when it is the first path to the node or a better one; true when the node is new.</summary>
        private static bool Offer(Dictionary<string, Reached> best, string id, List<TrustEdge> candidate)
        {
            if (!best.TryGetValue(id, out var known))
            {
                best[id] = new Reached(candidate);
                return true;
            }
            var c = new Reached(candidate);
            if (c.Edges.Count < known.Edges.Count || (c.Edges.Count == known.Edges.Count && c.Conditional < known.Conditional)) best[id] = c;
            return false;
        }

        /// <summary>The edges of every frontier node, found in parallel, in frontier order.</summary>
        private static IReadOnlyList<TrustEdge>[] Expand(List<string> frontier, CancellationToken ct, Func<string, IReadOnlyList<TrustEdge>> edgesOf)
        {
            var found = new IReadOnlyList<TrustEdge>[frontier.Count];
            if (frontier.Count == 1) found[0] = edgesOf(frontier[0]);
            else Parallel.For(0, frontier.Count, new ParallelOptions { CancellationToken = ct }, i => found[i] = edgesOf(frontier[i]));
            ct.ThrowIfCancellationRequested();
            return found;
        }
    }
}
