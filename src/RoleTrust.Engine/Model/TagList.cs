using System;
using System.Collections;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>
    /// A read-only view of an entity's tags, in the order the data gives them. The entity keeps one exact-size array of
    /// pairs (or a shared empty one) rather than a dictionary, its buckets and its entries: IAM allows 50 tags and
    /// entities carry a few, so a scan finds a key as fast, and a loaded organization keeps far fewer objects for every
    /// garbage collection to mark. Keys compare ordinally, as the dictionary did.
    /// </summary>
    public readonly struct TagList : IReadOnlyDictionary<string, string>
    {
        private readonly KeyValuePair<string, string>[]? _pairs;

        internal TagList(KeyValuePair<string, string>[] pairs) { _pairs = pairs; }

        private KeyValuePair<string, string>[] Pairs => _pairs ?? Array.Empty<KeyValuePair<string, string>>();

        public int Count => Pairs.Length;

        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The tag '{key}' is not set.");

        public bool ContainsKey(string key) => IndexOf(Pairs, key) >= 0;

        public bool TryGetValue(string key, out string value)
        {
            var pairs = Pairs;
            int i = IndexOf(pairs, key);
            value = i >= 0 ? pairs[i].Value : null!;
            return i >= 0;
        }

        public IEnumerable<string> Keys { get { foreach (var p in Pairs) yield return p.Key; } }

        public IEnumerable<string> Values { get { foreach (var p in Pairs) yield return p.Value; } }

        public FixedList<KeyValuePair<string, string>>.Enumerator GetEnumerator() => new FixedList<KeyValuePair<string, string>>(Pairs).GetEnumerator();

        IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)Pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Pairs.GetEnumerator();

        internal static int IndexOf(KeyValuePair<string, string>[] pairs, string key)
        {
            for (int i = 0; i < pairs.Length; i++) if (string.Equals(pairs[i].Key, key, StringComparison.Ordinal)) return i;
            return -1;
        }

        /// <summary>The pairs with the tag set: its value replaced when the key is there, else added at the end.</summary>
        internal static KeyValuePair<string, string>[] With(KeyValuePair<string, string>[] pairs, string key, string value)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int i = IndexOf(pairs, key);
            if (i < 0) return FixedArray.Append(pairs, new KeyValuePair<string, string>(key, value));
            pairs[i] = new KeyValuePair<string, string>(key, value);
            return pairs;
        }
    }
}
