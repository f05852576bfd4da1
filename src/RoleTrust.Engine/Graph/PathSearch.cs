using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Who can reach a role, and what a principal can reach, directly or through chains of roles. One path per end: the
    /// fewest hops; among those, the first found through the frontier nodes with the fewest conditional hops (among edges
    /// found in the same group, the one with fewer conditional hops). Only roles of the data can be passed through: a chain hop starts from a
    /// role session, which the edges already model (no MFA carried, for instance). Breadth first, one hop count at a time,
    /// in small groups (found in parallel, or one role after the other with each role's callers decided in parallel) and
    /// merged in a fixed order, so results do not depend on timing. A node already
    /// reached in fewer hops (or as many, unconditionally) is not decided again.
    /// </summary>
    public static class PathSearch
    {
        /// <summary>Every principal that can reach <paramref name="roleArn"/> in at most <paramref name="maxDepth"/> hops.</summary>
        public static IReadOnlyList<AssumeRolePath> To(TrustGraph graph, string roleArn, int maxDepth,
            CancellationToken cancellationToken = default, GraphProblemLog? log = null)
        {
            // One role at a time: an expansion into a role decides its callers in parallel itself when they are many, and
            // most of the roles a search expands have few callers left to decide (see ExpandOneByOne).
            var scratch = Scratch.Take(graph, graph.PrincipalCount);
            try
            {
                Search<GraphPrincipal>(scratch, roleArn, maxDepth, towardsSources: true, [MethodImpl(HotPath.Options)] (p) => p.Rank, graph.PrincipalRank(roleArn),
                    (target, wanted, pruning) => graph.Into(target, wanted, cancellationToken, log, pruning), graph.IsRoleInData, inParallel: false, cancellationToken);
                return Paths(scratch, bySource: true, cancellationToken);
            }
            finally { scratch.Give(graph); }
        }

        /// <summary>
        /// Every role <paramref name="principalArn"/> can reach in at most <paramref name="maxDepth"/> hops. A role session
        /// stands for its role (the role's path comes from the data).
        /// </summary>
        public static IReadOnlyList<AssumeRolePath> From(TrustGraph graph, string principalArn, int maxDepth,
            CancellationToken cancellationToken = default, GraphProblemLog? log = null)
        {
            string start = graph.ResolvePrincipal(principalArn) ?? principalArn;
            var scratch = Scratch.Take(graph, graph.RoleCount);
            try
            {
                Search<GraphRole>(scratch, start, maxDepth, towardsSources: false, [MethodImpl(HotPath.Options)] (r) => r.Rank, graph.RoleRank(start),
                    (source, wanted, pruning) => graph.OutOf(source, wanted, cancellationToken, log, pruning), _ => true, inParallel: true, cancellationToken);
                return Paths(scratch, bySource: false, cancellationToken);
            }
            finally { scratch.Give(graph); }
        }

        /// <summary>
        /// What a search works in: its table of the nodes reached, the same by rank, and the array they are sorted in. For a
        /// "*" search these are large-object arrays of a megabyte or more (94,000 nodes; the table grows through a dozen
        /// sizes), and large-object allocations hasten the full collection that marks the whole snapshot and index. The
        /// graph keeps one for its next search, emptied (a search running meanwhile makes its own).
        /// </summary>
        private sealed class Scratch
        {
            /// <summary>
            /// Sized at once for as many nodes as the graph has principals or roles: grown, the table went through a dozen
            /// sizes of large-object arrays in the first "*" search (some 8 MB), which count towards the full collection.
            /// </summary>
            public readonly Dictionary<string, Reached> Best;
            public Reached?[] ByRank = new Reached?[0];
            public Reached[] Sorted = new Reached[0];
            // The frontier of a level and the next, swapped level by level, and the frontier in order: large-object arrays
            // in a "*" search (90,000 nodes at its second level), kept rather than made anew for every level and search.
            public List<string> Frontier = new List<string>(), Next = new List<string>();
            public readonly List<string> Ordered = new List<string>();
            public KeyValuePair<int, string>[] Keyed = new KeyValuePair<int, string>[0];

            private Scratch(int nodes) { Best = new Dictionary<string, Reached>(nodes, StringComparer.Ordinal); }

            public static Scratch Take(TrustGraph graph, int ranks)
            {
                var scratch = Interlocked.Exchange(ref graph.SearchScratch, null) as Scratch
                    ?? new Scratch(Math.Max(graph.PrincipalCount, graph.RoleCount) + 1);
                if (scratch.ByRank.Length < ranks) scratch.ByRank = new Reached?[ranks];
                return scratch;
            }

            /// <summary>Empties it (it keeps no path alive) and gives it back to the graph.</summary>
            public void Give(TrustGraph graph)
            {
                Best.Clear();
                Array.Clear(ByRank, 0, ByRank.Length);
                Array.Clear(Sorted, 0, Sorted.Length);
                Array.Clear(Keyed, 0, Keyed.Length);
                Frontier.Clear(); Next.Clear(); Ordered.Clear();
                Volatile.Write(ref graph.SearchScratch, this);
            }
        }

        /// <summary>
        /// Breadth first from <paramref name="start"/>, along edges towards their sources (who can reach a role) or their
        /// roles (what a principal can reach); <paramref name="leadsOn"/> says which nodes reached are expanded in turn.
        /// The callers (or roles) of the data the search walks are told apart by rank (<see cref="TrustNode.Rank"/>): whether
        /// one is still wanted is read from an array, not from the table by ARN (the lists walked hold millions of entries).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static void Search<T>(Scratch scratch, string start, int maxDepth, bool towardsSources, Func<T, int> rankOf, int startRank,
            Func<string, Func<string, bool>, CandidatePruning<T>, IReadOnlyList<TrustEdge>> edgesOf, Func<string, bool> leadsOn, bool inParallel, CancellationToken ct)
            where T : class
        {
            var best = scratch.Best;
            var byRank = scratch.ByRank;
            var frontier = scratch.Frontier;
            frontier.Clear();
            frontier.Add(start);
            int level = 0;
            Func<string, bool> wanted = [MethodImpl(HotPath.Options)] (id) => id != start && !Settled(best, id, level);
            // A node once settled stays settled (levels only grow, paths only get shorter), so the candidates' lists can
            // be pruned of them rather than walked past them for every node expanded: anew at each level, and within a
            // level each list once its walks passed as many settled nodes as it holds (see CandidatePruning).
            var pruning = new CandidatePruning<T>([MethodImpl(HotPath.Options)] (n) =>
            {
                int rank = rankOf(n);
                if (rank == startRank) return false;
                var known = byRank[rank];
                return known == null || known.Hops > level;
            });
            Func<string, IReadOnlyList<TrustEdge>> expand = [MethodImpl(HotPath.Options)] (node) => edgesOf(node, wanted, pruning);
            for (int depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
            {
                level = depth;
                pruning.Narrowed();
                var next = scratch.Next;
                next.Clear();
                foreach (var chunk in Chunks(Ordered(scratch, frontier, best, start)))
                {
                    var found = inParallel ? Expand(chunk, ct, expand) : ExpandOneByOne(chunk, ct, expand);
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        var via = chunk[i] == start ? null : best[chunk[i]];
                        foreach (var e in found[i])
                        {
                            var endNode = towardsSources ? e.Source : e.Role;
                            string end = endNode.Id;
                            if (end == start || Passes(via, end, source: towardsSources)) continue; // no cycles
                            if (!Offer(best, byRank, endNode, via, e)) continue;
                            if (leadsOn(end)) next.Add(end);
                        }
                    }
                }
                // The level's frontier is done with: it holds the level after next.
                scratch.Next = frontier;
                scratch.Frontier = frontier = next;
            }
        }

        /// <summary>
        /// The paths found, fewest hops first, then by the ARN of their far end (source for -To, role for -From). Each end
        /// has one path, so no two paths sort alike and the order is the same however they are sorted; a "*" search finds
        /// some 94,000, so they are made in parallel and sorted with one comparison rather than by LINQ's keyed sort.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static AssumeRolePath[] Paths(Scratch scratch, bool bySource, CancellationToken ct)
        {
            var best = scratch.Best;
            int count = best.Count;
            if (scratch.Sorted.Length < count) scratch.Sorted = new Reached[count];
            var reached = scratch.Sorted;
            best.Values.CopyTo(reached, 0);
            // Nodes of the data compare by rank, which follows the ordinal order of their ARNs.
            Array.Sort(reached, 0, count, bySource ? BySource : ByRole);
            var paths = new AssumeRolePath[count];
            const int Range = 2048;
            if (count <= Range) for (int i = 0; i < count; i++) paths[i] = new AssumeRolePath(reached[i].PathHops(towardsStart: bySource));
            else
                Parallel.For(0, (count + Range - 1) / Range, new ParallelOptions { CancellationToken = ct }, [MethodImpl(HotPath.Options)] (k) =>
                {
                    for (int i = k * Range, end = Math.Min(count, i + Range); i < end; i++) paths[i] = new AssumeRolePath(reached[i].PathHops(towardsStart: bySource));
                });
            return paths;
        }

        private static readonly IComparer<Reached> BySource = Comparer<Reached>.Create(
            [MethodImpl(HotPath.Options)] (a, b) => a.Hops != b.Hops ? a.Hops.CompareTo(b.Hops) : TrustNode.CompareIds(a.Edge.Source, b.Edge.Source));
        private static readonly IComparer<Reached> ByRole = Comparer<Reached>.Create(
            [MethodImpl(HotPath.Options)] (a, b) => a.Hops != b.Hops ? a.Hops.CompareTo(b.Hops) : TrustNode.CompareIds(a.Edge.Role, b.Edge.Role));

        /// <summary>
        /// The path to a node: its last edge (the one that reached it) and the path of the node it was reached through, which
        /// ends at the start. One object per node reached rather than a list of edges: a "*" search reaches some 94,000, and
        /// collections during the search copy what it holds.
        /// </summary>
        private sealed class Reached
        {
            public Reached(TrustEdge edge, Reached? via, int conditional)
            {
                Edge = edge; Via = via; Hops = (via?.Hops ?? 0) + 1; Conditional = conditional;
            }

            public TrustEdge Edge { get; }
            public Reached? Via { get; }
            public int Hops { get; }
            public int Conditional { get; }

            /// <summary>
            /// The path's hops in order: from the node towards the start (who can reach a role: the node is the source), or
            /// from the start to the node (what a principal can reach). Each edge's hop is shared by the paths through it.
            /// </summary>
            [MethodImpl(HotPath.Options)]
            public AssumeRoleHop[] PathHops(bool towardsStart)
            {
                var hops = new AssumeRoleHop[Hops];
                int i = towardsStart ? 0 : Hops - 1;
                for (var r = this; r != null; r = r.Via) hops[towardsStart ? i++ : i--] = r.Edge.Hop;
                return hops;
            }
        }

        /// <summary>True when the path already passes through the node (as a hop's source, or as a hop's role).</summary>
        [MethodImpl(HotPath.Options)]
        private static bool Passes(Reached? path, string id, bool source)
        {
            for (var r = path; r != null; r = r.Via) if ((source ? r.Edge.Source.Id : r.Edge.Role.Id) == id) return true;
            return false;
        }

        /// <summary>
        /// A node needs no new path once it has one of at most this many hops: frontier nodes are expanded in order of
        /// their own conditional hops, so the first path found at a level goes through a frontier node with the fewest.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool Settled(Dictionary<string, Reached> best, string id, int level) =>
            best.TryGetValue(id, out var known) && known.Hops <= level;

        /// <summary>The frontier, nodes reached through fewer conditional hops first, then by ID.</summary>
        [MethodImpl(HotPath.Options)]
        private static List<string> Ordered(Scratch scratch, List<string> frontier, Dictionary<string, Reached> best, string start)
        {
            // Frontier nodes are distinct, so no two sort alike.
            int count = frontier.Count;
            if (scratch.Keyed.Length < count) scratch.Keyed = new KeyValuePair<int, string>[count];
            var keyed = scratch.Keyed;
            for (int i = 0; i < count; i++)
                keyed[i] = new KeyValuePair<int, string>(frontier[i] == start ? 0 : best[frontier[i]].Conditional, frontier[i]);
            Array.Sort(keyed, 0, count, ByConditionalThenId);
            var ordered = scratch.Ordered;
            ordered.Clear();
            for (int i = 0; i < count; i++) ordered.Add(keyed[i].Value);
            return ordered;
        }

        private static readonly IComparer<KeyValuePair<int, string>> ByConditionalThenId = Comparer<KeyValuePair<int, string>>.Create(
            [MethodImpl(HotPath.Options)] (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Value, b.Value));

        /// <summary>
        /// Small groups of frontier nodes, expanded (in parallel, or one by one: see <see cref="ExpandOneByOne"/>) and merged
        /// before the next group: what one group reaches is not decided again by the next, and the order of the merge keeps
        /// results independent of timing. The groups are the same either way, so the paths found are too.
        /// </summary>
        private static IEnumerable<List<string>> Chunks(List<string> frontier)
        {
            const int size = 8;
            for (int i = 0; i < frontier.Count; i += size) yield return frontier.GetRange(i, Math.Min(size, frontier.Count - i));
        }

        /// <summary>
        /// Keeps the path through <paramref name="via"/> (null: the start) extended by the edge when it is the first path to
        /// the node or a better one; true when the node is new. The path is made only when kept.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool Offer(Dictionary<string, Reached> best, Reached?[] byRank, TrustNode node, Reached? via, TrustEdge e)
        {
            int hops = (via?.Hops ?? 0) + 1;
            int conditional = (via?.Conditional ?? 0) + (e.Conditional ? 1 : 0);
            bool isNew = !best.TryGetValue(node.Id, out var known);
            if (!isNew && !(hops < known!.Hops || (hops == known.Hops && conditional < known.Conditional))) return false;
            var reached = new Reached(e, via, conditional);
            best[node.Id] = reached;
            if (node.Rank >= 0) byRank[node.Rank] = reached;
            return isNew;
        }

        /// <summary>
        /// The edges of every frontier node in frontier order, found one node after the other on this thread. For the roles
        /// of a search towards sources: a fork and join of the group's eight roles cost more than most of their expansions
        /// (a "*" search expands some 90,000 roles, most with no caller left to decide), and allocated 40 MB a search.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static IReadOnlyList<TrustEdge>[] ExpandOneByOne(List<string> frontier, CancellationToken ct, Func<string, IReadOnlyList<TrustEdge>> edgesOf)
        {
            var found = new IReadOnlyList<TrustEdge>[frontier.Count];
            for (int i = 0; i < found.Length; i++) found[i] = edgesOf(frontier[i]);
            ct.ThrowIfCancellationRequested();
            return found;
        }

        /// <summary>The edges of every frontier node, found in parallel, in frontier order.</summary>
        [MethodImpl(HotPath.Options)]
        private static IReadOnlyList<TrustEdge>[] Expand(List<string> frontier, CancellationToken ct, Func<string, IReadOnlyList<TrustEdge>> edgesOf)
        {
            var found = new IReadOnlyList<TrustEdge>[frontier.Count];
            if (frontier.Count == 1) found[0] = edgesOf(frontier[0]);
            else Parallel.For(0, frontier.Count, new ParallelOptions { CancellationToken = ct }, [MethodImpl(HotPath.Options)] (i) => found[i] = edgesOf(frontier[i]));
            ct.ThrowIfCancellationRequested();
            return found;
        }
    }
}
