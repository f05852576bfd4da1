using System;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// The short strings of one parse, each stored once: member names and the values a file repeats (a snapshot file
    /// gives every entity the same member names, path "/", the same group names, attached policy ARNs, tag keys and
    /// dates). Without it, a 500 MB snapshot allocated most of its garbage as copies of such strings, and the entities
    /// kept thousands of copies of each alive; the collections that garbage caused stopped both workers of a load.
    /// <para>Not thread-safe: one table per parse, or per thread for parses that share their strings. Longer strings are
    /// not looked up (they rarely repeat).</para>
    /// </summary>
    internal sealed class StringTable
    {
        /// <summary>Strings longer than this are created without a look-up.</summary>
        public const int MaxLength = 128;

        // Tables up to this many slots are kept for the thread's next parse: a snapshot's account files are parsed one
        // after another by each worker, and growing a new table for each file was a tenth of the load's allocations.
        private const int MaxKeptSlots = 1 << 15;

        private string?[] _strings = new string?[1024];
        private int[] _hashes = new int[1024];
        private int _count;

        [ThreadStatic] private static StringTable? _spare;

        /// <summary>An empty table: the one this thread's last parse returned, or a new one.</summary>
        public static StringTable Rent()
        {
            var table = _spare ?? new StringTable();
            _spare = null;
            return table;
        }

        /// <summary>Empties the table and keeps it for the thread's next parse (unless it grew large), so that it holds no strings alive.</summary>
        public void Return()
        {
            if (_strings.Length > MaxKeptSlots) return;
            if (_count > 0) Array.Clear(_strings, 0, _strings.Length);
            _count = 0;
            _spare = this;
        }

        /// <summary>The string with these characters (<paramref name="hash"/> from <see cref="Hash"/>): the one stored before, or a new one, stored.</summary>
        [MethodImpl(HotPath.Options)]
        public string Get(char[] text, int start, int length, uint hash)
        {
            // Mixed, so that the low bits (the slot) depend on every character.
            hash ^= hash >> 15;
            hash *= 0x2c1b3c6d;
            hash ^= hash >> 12;
            int mixed = (int)hash, mask = _strings.Length - 1, slot = mixed & mask;
            while (true)
            {
                string? known = _strings[slot];
                if (known == null) break;
                if (_hashes[slot] == mixed && JsonText.Same(known, text, start, length)) return known;
                slot = (slot + 1) & mask;
            }
            string created = new string(text, start, length);
            _strings[slot] = created;
            _hashes[slot] = mixed;
            // At most half full, so that probe runs stay short.
            if (++_count * 2 > _strings.Length) Grow();
            return created;
        }

        [MethodImpl(HotPath.Options)]
        private void Grow()
        {
            var strings = new string?[_strings.Length * 2];
            var hashes = new int[strings.Length];
            int mask = strings.Length - 1;
            for (int i = 0; i < _strings.Length; i++)
            {
                var s = _strings[i];
                if (s == null) continue;
                int slot = _hashes[i] & mask;
                while (strings[slot] != null) slot = (slot + 1) & mask;
                strings[slot] = s;
                hashes[slot] = _hashes[i];
            }
            _strings = strings;
            _hashes = hashes;
        }

        /// <summary>FNV-1a: the value to start from, and one character's step (the parser hashes while it scans a string).</summary>
        public const uint Seed = 2166136261;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Step(uint hash, char c) => unchecked((hash ^ c) * 16777619);

        public static uint Hash(char[] text, int start, int length)
        {
            uint h = Seed;
            for (int i = start, end = start + length; i < end; i++) h = Step(h, text[i]);
            return h;
        }
    }
}
