using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// The immutable parts of entities that one account file repeats, created once per file: a trust policy stamped out
    /// on many roles, an inline policy given to many users, the same managed policy attached everywhere. Every object
    /// a loaded snapshot keeps is work for each later garbage collection of the load, and these were a quarter of a
    /// million each in a 500-account snapshot.
    /// <para>
    /// Values are recognised by the identity of their strings, not their content: the parse gives equal short strings one
    /// instance per file, and the policy pool one per document. Equal values that arrive as different instances simply
    /// get objects of their own, so sharing never depends on a comparison that could be wrong.
    /// </para>
    /// </summary>
    internal sealed class SharedEntries
    {
        private readonly Dictionary<Pair, PolicySource> _sources = new Dictionary<Pair, PolicySource>();
        private readonly Dictionary<Pair, AttachedPolicy> _attached = new Dictionary<Pair, AttachedPolicy>();
        private readonly Dictionary<Pair, InlinePolicy> _inline = new Dictionary<Pair, InlinePolicy>();

        public PolicySource Source(string text)
        {
            var key = new Pair(text, null, Sample(text));
            if (!_sources.TryGetValue(key, out var source)) _sources.Add(key, source = new PolicySource(text));
            return source;
        }

        public AttachedPolicy Attached(string name, string arn)
        {
            var key = new Pair(name, arn, Sample(name) * 31 + Sample(arn));
            if (!_attached.TryGetValue(key, out var attached)) _attached.Add(key, attached = new AttachedPolicy(name, arn));
            return attached;
        }

        public InlinePolicy Inline(string name, PolicySource document)
        {
            var key = new Pair(name, document, Sample(name) * 31 + Sample(document.Text));
            if (!_inline.TryGetValue(key, out var inline)) _inline.Add(key, inline = new InlinePolicy(name, document));
            return inline;
        }

        /// <summary>
        /// A string's length and three of its characters: cheap, and enough to spread keys that are then compared by
        /// identity (an object's identity hash is costly the first time it is asked for, and most strings are asked once).
        /// </summary>
        private static int Sample(string s)
        {
            int n = s.Length;
            return n == 0 ? 0 : unchecked(((n * 31 + s[0]) * 31 + s[n >> 1]) * 31 + s[n - 1]);
        }

        /// <summary>Two references, equal when they are the same instances; the hash is the caller's, from their content.</summary>
        private readonly struct Pair : System.IEquatable<Pair>
        {
            private readonly object _first;
            private readonly object? _second;
            private readonly int _hash;

            public Pair(object first, object? second, int hash) { _first = first; _second = second; _hash = hash; }

            public bool Equals(Pair other) => ReferenceEquals(_first, other._first) && ReferenceEquals(_second, other._second);
            public override bool Equals(object? obj) => obj is Pair other && Equals(other);
            public override int GetHashCode() => _hash;
        }
    }
}
