using System;
using System.Collections;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>
    /// A read-only view of an entity's exact-size array (its policies, problems, groups). The model keeps an array, or one
    /// shared empty array, rather than a list object per entity: a loaded organization holds hundreds of thousands of
    /// these, most of them empty or of one or two items, and every full garbage collection marks each object it keeps.
    /// A struct, so reading it allocates nothing; foreach uses its own enumerator.
    /// </summary>
    public readonly struct FixedList<T> : IReadOnlyList<T>
    {
        private readonly T[]? _items;

        internal FixedList(T[] items) { _items = items; }

        public int Count => _items?.Length ?? 0;

        public T this[int index] => (_items ?? Array.Empty<T>())[index];

        public Enumerator GetEnumerator() => new Enumerator(_items ?? Array.Empty<T>());

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => (_items ?? Array.Empty<T>()).GetEnumerator();

        public struct Enumerator
        {
            private readonly T[] _items;
            private int _index;

            internal Enumerator(T[] items) { _items = items; _index = -1; }

            public T Current => _items[_index];

            public bool MoveNext() => ++_index < _items.Length;
        }
    }

    /// <summary>Exact-size arrays grown by one item: entities get their policies, tags and problems one at a time and keep few.</summary>
    internal static class FixedArray
    {
        public static T[] Append<T>(T[] items, T item)
        {
            var grown = new T[items.Length + 1];
            Array.Copy(items, grown, items.Length);
            grown[items.Length] = item;
            return grown;
        }

        /// <summary>
        /// A list (the reader's buffers) is copied without an enumerator: boxed, one per entity and field was 480,000 small
        /// objects of garbage among the entities being loaded, which made the load's collections slower.
        /// </summary>
        public static T[] Copy<T>(IReadOnlyCollection<T> items)
        {
            if (items.Count == 0) return Array.Empty<T>();
            var copy = new T[items.Count];
            if (items is List<T> list) list.CopyTo(copy);
            else if (items is T[] array) Array.Copy(array, copy, copy.Length);
            else
            {
                int i = 0;
                foreach (var item in items) copy[i++] = item;
            }
            return copy;
        }
    }
}
