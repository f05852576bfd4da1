using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine;

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
    /// <para>
    /// A list is pruned again once its walks since its last pruning have passed over as many unwanted entries as it holds:
    /// a pruning costs one test per entry, so the tests spent on unwanted entries stay within those the prunings cost.
    /// Within a level a few expansions often reach most of a list (the roles trusting "*" that a search can reach), and
    /// every later expansion would otherwise walk past them. The wish is read, never changed, while expansions run, so
    /// a list can be pruned again in the middle of them.
    /// </para>
    /// </summary>
    internal sealed class CandidatePruning<T> where T : class
    {
        private readonly Func<T, bool> _wanted;
        private ConcurrentDictionary<List<T>, Pruned> _pruned = NewTable();
        private ConcurrentDictionary<List<T>, Pruned>? _stale;

        public CandidatePruning(Func<T, bool> wanted) { _wanted = wanted; }

        /// <summary>Whether the search still wants this entry.</summary>
        [MethodImpl(HotPath.Options)]
        public bool IsWanted(T item) => _wanted(item);

        /// <summary>The wanted entries of the list, in order, walking its last pruning (short lists are walked as they are).</summary>
        public IEnumerable<T> Wanted(List<T> list)
        {
            if (list.Count < 64)
            {
                foreach (var item in list) if (_wanted(item)) yield return item;
                yield break;
            }
            var pruned = _pruned.GetOrAdd(list, Prune);
            int unwanted = 0;
            foreach (var item in pruned.Items)
            {
                if (_wanted(item)) yield return item;
                else unwanted++;
            }
            if (unwanted > 0 && Interlocked.Add(ref pruned.Unwanted, unwanted) >= pruned.Items.Length)
                _pruned.TryUpdate(list, new Pruned(Keep(pruned.Items)), pruned);
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

        [MethodImpl(HotPath.Options)]
        private Pruned Prune(List<T> list) =>
            new Pruned(_stale != null && _stale.TryGetValue(list, out var earlier) ? Keep(earlier.Items) : Keep(list));

        // The wanted entries are gathered in a list kept per thread and copied out at their number: a pruned list of a
        // "*" search holds up to 100,000 callers, and a list grown to that size would allocate twice as much, in
        // large-object arrays (which hasten full collections).
        [MethodImpl(HotPath.Options)]
        private T[] Keep(List<T> start)
        {
            var kept = Gathering();
            foreach (var item in start) if (_wanted(item)) kept.Add(item);
            return Gathered(kept);
        }

        [MethodImpl(HotPath.Options)]
        private T[] Keep(T[] start)
        {
            var kept = Gathering();
            foreach (var item in start) if (_wanted(item)) kept.Add(item);
            return Gathered(kept);
        }

        [ThreadStatic] private static List<T>? _gathering;

        private static List<T> Gathering()
        {
            var kept = _gathering ??= new List<T>();
            kept.Clear();
            return kept;
        }

        private static T[] Gathered(List<T> kept)
        {
            var items = kept.ToArray();
            kept.Clear();   // keeps its capacity, not the entries
            return items;
        }

        /// <summary>A pruned list, and how many unwanted entries its walks have passed since it was made.</summary>
        private sealed class Pruned
        {
            public Pruned(T[] items) { Items = items; }
            public readonly T[] Items;
            public int Unwanted;
        }

        private static ConcurrentDictionary<List<T>, Pruned> NewTable() =>
            new ConcurrentDictionary<List<T>, Pruned>(ByReference.Instance);

        private sealed class ByReference : IEqualityComparer<List<T>>
        {
            public static readonly ByReference Instance = new ByReference();
            public bool Equals(List<T>? a, List<T>? b) => ReferenceEquals(a, b);
            public int GetHashCode(List<T> list) => RuntimeHelpers.GetHashCode(list);
        }
    }
}
