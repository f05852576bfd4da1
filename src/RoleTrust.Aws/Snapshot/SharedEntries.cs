using System.Runtime.CompilerServices;
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
        // AggressiveOptimization (512): called for every policy of every entity, once per process; a table of its own
        // rather than a Dictionary keyed by a struct, which .NET would compile (and profile) in tiers during the load.
        private const MethodImplOptions Hot = (MethodImplOptions)512;

        private readonly IdentityTable _sources = new IdentityTable();
        private readonly IdentityTable _attached = new IdentityTable();
        private readonly IdentityTable _inline = new IdentityTable();

        [MethodImpl(Hot)]
        public PolicySource Source(string text)
        {
            int hash = Sample(text);
            if (_sources.Find(text, null, hash) is PolicySource known) return known;
            var source = new PolicySource(text);
            _sources.Add(text, null, hash, source);
            return source;
        }

        [MethodImpl(Hot)]
        public AttachedPolicy Attached(string name, string arn)
        {
            int hash = Sample(name) * 31 + Sample(arn);
            if (_attached.Find(name, arn, hash) is AttachedPolicy known) return known;
            var attached = new AttachedPolicy(name, arn);
            _attached.Add(name, arn, hash, attached);
            return attached;
        }

        [MethodImpl(Hot)]
        public InlinePolicy Inline(string name, PolicySource document)
        {
            int hash = Sample(name) * 31 + Sample(document.Text);
            if (_inline.Find(name, document, hash) is InlinePolicy known) return known;
            var inline = new InlinePolicy(name, document);
            _inline.Add(name, document, hash, inline);
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

        /// <summary>Values under a key of one or two references, equal when they are the same instances (open addressing).</summary>
        private sealed class IdentityTable
        {
            private object?[] _firsts = new object?[64];
            private object?[] _seconds = new object?[64];
            private object?[] _values = new object?[64];
            private int[] _hashes = new int[64];
            private int _count;

            [MethodImpl(Hot)]
            public object? Find(object first, object? second, int hash)
            {
                int mask = _firsts.Length - 1;
                for (int slot = hash & mask; _firsts[slot] != null; slot = (slot + 1) & mask)
                    if (_hashes[slot] == hash && ReferenceEquals(_firsts[slot], first) && ReferenceEquals(_seconds[slot], second)) return _values[slot];
                return null;
            }

            /// <summary>Adds a key that <see cref="Find"/> did not find.</summary>
            [MethodImpl(Hot)]
            public void Add(object first, object? second, int hash, object value)
            {
                // At most half full, so that probe runs stay short.
                if ((_count + 1) * 2 > _firsts.Length) Grow();
                Put(first, second, hash, value);
                _count++;
            }

            private void Put(object first, object? second, int hash, object value)
            {
                int mask = _firsts.Length - 1, slot = hash & mask;
                while (_firsts[slot] != null) slot = (slot + 1) & mask;
                _firsts[slot] = first; _seconds[slot] = second; _hashes[slot] = hash; _values[slot] = value;
            }

            private void Grow()
            {
                var (firsts, seconds, values, hashes) = (_firsts, _seconds, _values, _hashes);
                int size = firsts.Length * 2;
                _firsts = new object?[size]; _seconds = new object?[size]; _values = new object?[size]; _hashes = new int[size];
                for (int i = 0; i < firsts.Length; i++)
                    if (firsts[i] is object first) Put(first, seconds[i], hashes[i], values[i]!);
            }
        }
    }
}
