using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Graph
{
    /// <summary>
    /// For one search: the trust graph's lists of possible callers (an account's principals, the principals whose
    /// identity could allow any role, those an allowed ARN pattern names) or of possible roles (roles trusting an account,
    /// roles trusting "*") without those the search no longer wants. A search to depth 3 on a role trusting "*" expands tens of thousands of roles, and each would otherwise walk
    /// the same long lists past callers already reached.
    /// <para>
    /// The search's wish must be monotonic: a caller it stops wanting it never wants again (a node reached in k hops stays
    /// reached). A pruned list is therefore a superset, in the same order, of the callers still wanted, whenever it was
    /// made; the expansion tests every caller against the wish as before, so what it returns does not change.
    /// </para>
    /// </summary>
    internal sealed class CandidatePruning<T> where T : class
    {
        private readonly Func<T, bool> _wanted;
        private ConcurrentDictionary<List<T>, List<T>> _pruned = NewTable();

        public CandidatePruning(Func<T, bool> wanted) { _wanted = wanted; }

        /// <summary>The list without the callers not wanted when it was last pruned (short lists are used as they are).</summary>
        public List<T> Of(List<T> list)
        {
            if (list.Count < 64) return list;
            return _pruned.GetOrAdd(list, Prune);
        }

        /// <summary>
        /// The search wants fewer callers than when the lists were pruned (it merged a level): prune again when next asked.
        /// Call it only while no expansion runs.
        /// </summary>
        public void Narrowed()
        {
            // What was pruned before is a shorter start for the next pruning.
            _stale = _pruned;
            _pruned = NewTable();
        }

        private ConcurrentDictionary<List<T>, List<T>>? _stale;

        private List<T> Prune(List<T> list)
        {
            var start = _stale != null && _stale.TryGetValue(list, out var earlier) ? earlier : list;
            var kept = new List<T>();
            foreach (var item in start) if (_wanted(item)) kept.Add(item);
            return kept;
        }

        private static ConcurrentDictionary<List<T>, List<T>> NewTable() =>
            new ConcurrentDictionary<List<T>, List<T>>(ByReference.Instance);

        private sealed class ByReference : IEqualityComparer<List<T>>
        {
            public static readonly ByReference Instance = new ByReference();
            public bool Equals(List<T>? a, List<T>? b) => ReferenceEquals(a, b);
            public int GetHashCode(List<T> list) => RuntimeHelpers.GetHashCode(list);
        }
    }
}
