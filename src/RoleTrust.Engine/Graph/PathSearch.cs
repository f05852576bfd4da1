using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Who can reach a role, and what a principal can reach, directly or through chains of roles. One path per end: the
    /// fewest hops; among those, the first found through the frontier nodes with the fewest conditional hops (among edges
    /// found in the same group, the one with fewer conditional hops). Only roles of the data can be passed through: a chain hop starts from a
    /// role session, which the edges already model (no MFA carried, for instance). Breadth first, one hop count at a time,
    /// in small groups found in parallel and merged in a fixed order, so results do not depend on timing. A node already
    /// reached in fewer hops (or as many, unconditionally) is not decided again.
    /// </summary>
    public static class PathSearch
    {
        /// <summary>Every principal that can reach <paramref name="roleArn"/> in at most <paramref name="maxDepth"/> hops.</summary>
        public static IReadOnlyList<AssumeRolePath> To(TrustGraph graph, string roleArn, int maxDepth,
            CancellationToken cancellationToken = default, GraphProblemLog? log = null)
        {
            var best = new Dictionary<string, Reached>(StringComparer.Ordinal);
            var frontier = new List<string> { roleArn };
            int level = 0;
            Func<string, bool> wanted = source => source != roleArn && !Settled(best, source, level);
            // A caller once settled stays settled (levels only grow, paths only get shorter), so the callers' lists can
            // be pruned of them rather than walked past them for every role expanded: anew at each level, and within a
            // level once enough callers were reached since the last pruning (each pruning walks the lists once).
            var pruning = new CandidatePruning<GraphPrincipal>(p => wanted(p.Arn));
            const int PruneAfter = 2048;
            int reached = 0;
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                level = depth;
                pruning.Narrowed();
                reached = 0;
                var next = new List<string>();
                foreach (var chunk in Chunks(Ordered(frontier, best, roleArn)))
                {
                    if (reached >= PruneAfter) { pruning.Narrowed(); reached = 0; }
                    var found = Expand(chunk, cancellationToken, target => graph.Into(target, wanted, cancellationToken, log, pruning));
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        string target = chunk[i];
                        var tail = target == roleArn ? new List<TrustEdge>() : best[target].Edges;
                        foreach (var e in found[i])
                        {
                            if (e.Source.Id == roleArn || tail.Any(t => t.Source.Id == e.Source.Id)) continue; // no cycles
                            var candidate = new List<TrustEdge>(tail.Count + 1) { e };
                            candidate.AddRange(tail);
                            if (!Offer(best, e.Source.Id, candidate)) continue;
                            reached++;
                            if (graph.IsRoleInData(e.Source.Id)) next.Add(e.Source.Id);
                        }
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
            int level = 0;
            Func<string, bool> wanted = role => role != start && !Settled(best, role, level);
            // As in To: the lists of roles to consider are pruned of the roles already settled.
            var pruning = new CandidatePruning<GraphRole>(r => wanted(r.Arn));
            const int PruneAfter = 2048;
            int reached = 0;
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                level = depth;
                pruning.Narrowed();
                reached = 0;
                var next = new List<string>();
                foreach (var chunk in Chunks(Ordered(frontier, best, start)))
                {
                    if (reached >= PruneAfter) { pruning.Narrowed(); reached = 0; }
                    var found = Expand(chunk, cancellationToken, source => graph.OutOf(source, wanted, cancellationToken, log, pruning));
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        string source = chunk[i];
                        var head = source == start ? new List<TrustEdge>() : best[source].Edges;
                        foreach (var e in found[i])
                        {
                            if (e.Role.Id == start || head.Any(h => h.Role.Id == e.Role.Id)) continue;
                            var candidate = new List<TrustEdge>(head.Count + 1);
                            candidate.AddRange(head);
                            candidate.Add(e);
                            if (!Offer(best, e.Role.Id, candidate)) continue;
                            reached++;
                            next.Add(e.Role.Id);
                        }
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
        /// A node needs no new path once it has one of at most this many hops: frontier nodes are expanded in order of
        /// their own conditional hops, so the first path found at a level goes through a frontier node with the fewest.
        /// </summary>
        private static bool Settled(Dictionary<string, Reached> best, string id, int level) =>
            best.TryGetValue(id, out var known) && known.Edges.Count <= level;

        /// <summary>The frontier, nodes reached through fewer conditional hops first, then by ID.</summary>
        private static List<string> Ordered(List<string> frontier, Dictionary<string, Reached> best, string start) =>
            frontier.OrderBy(n => n == start ? 0 : best[n].Conditional).ThenBy(n => n, StringComparer.Ordinal).ToList();

        /// <summary>
        /// Small groups of frontier nodes, expanded in parallel and merged before the next group: what one group reaches is
        /// not decided again by the next, and the order of the merge keeps results independent of timing.
        /// </summary>
        private static IEnumerable<List<string>> Chunks(List<string> frontier)
        {
            const int size = 8;
            for (int i = 0; i < frontier.Count; i += size) yield return frontier.GetRange(i, Math.Min(size, frontier.Count - i));
        }

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
