using System;
using System.Collections.Generic;
using System.Linq;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Every assume edge of a data set, indexed both ways. Built once per data set (<see cref="TrustGraphBuilder"/>) and
    /// queried many times: who can reach a role, what a principal can reach.
    /// </summary>
    public sealed class TrustGraph
    {
        private static readonly IReadOnlyList<TrustEdge> NoEdges = new TrustEdge[0];
        private readonly Dictionary<string, List<TrustEdge>> _into;
        private readonly Dictionary<string, List<TrustEdge>> _outOf;

        internal TrustGraph(IReadOnlyList<TrustEdge> edges, IReadOnlyList<string> problems, int candidatesTested, TimeSpan buildTime)
        {
            Edges = edges; Problems = problems; CandidatesTested = candidatesTested; BuildTime = buildTime;
            _into = new Dictionary<string, List<TrustEdge>>(StringComparer.Ordinal);
            _outOf = new Dictionary<string, List<TrustEdge>>(StringComparer.Ordinal);
            foreach (var e in edges)
            {
                Add(_into, e.Role.Id, e);
                Add(_outOf, e.Source.Id, e);
            }
        }

        public IReadOnlyList<TrustEdge> Edges { get; }
        /// <summary>What could not be evaluated (a trust policy that does not parse, a pair with data missing).</summary>
        public IReadOnlyList<string> Problems { get; }
        /// <summary>How many source-role pairs the path checks decided.</summary>
        public int CandidatesTested { get; }
        public TimeSpan BuildTime { get; }

        public IReadOnlyList<TrustEdge> Into(string roleArn) => _into.TryGetValue(roleArn, out var l) ? l : NoEdges;
        public IReadOnlyList<TrustEdge> OutOf(string principalId) => _outOf.TryGetValue(principalId, out var l) ? l : NoEdges;

        public IEnumerable<TrustNode> Nodes => Edges.SelectMany(e => new[] { e.Source, e.Role }).Distinct();

        private static void Add(Dictionary<string, List<TrustEdge>> index, string key, TrustEdge e)
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = new List<TrustEdge>();
            list.Add(e);
        }
    }
}
