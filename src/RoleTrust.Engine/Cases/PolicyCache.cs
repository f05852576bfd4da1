using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// Parsed policies keyed by text (or by tree, for policies given as objects), type and ARN. A regression suite
    /// or an audit repeats the same documents across thousands of cases; parsing each once is most of the speed.
    /// <para>The name is not part of the key: the same document under another name (FullAWSAccess attached at the root,
    /// at an OU and at the account, each level naming it after itself) shares the statements parsed first, and with them
    /// the statement texts a decision shows, written once instead of once per level and case.</para>
    /// </summary>
    public sealed class PolicyCache
    {
        private readonly Dictionary<(string text, PolicyType type, string? arn), PolicyDocument> _parsed =
            new Dictionary<(string, PolicyType, string?), PolicyDocument>();
        private readonly Dictionary<ulong, PolicyDocument> _trees = new Dictionary<ulong, PolicyDocument>();
        // Trees seen once, and the last few documents parsed from them: a suite whose cases each carry their own
        // documents would otherwise keep thousands of trees never seen again alive, for the garbage collector to
        // copy into its older generations. A document is kept for good once its tree comes back.
        // The trees seen are a fixed table of keys, one slot per key's low bits, rather than a set that grows: a set of
        // 24,000 keys (3,000 cases) reallocated arrays on the large object heap on every run, and large allocations bring
        // full collections forward. Another key taking the slot costs at most one more parse of a tree that comes back.
        private readonly ulong[] _seenOnce = new ulong[SeenSlots];
        private const int SeenSlots = 1 << 13; // 64 KB: below the large object heap's threshold
        private readonly Dictionary<ulong, PolicyDocument> _recent = new Dictionary<ulong, PolicyDocument>();
        private const int MaxRecent = 64;
        private const int MaxEntries = 100_000;

        public PolicyDocument Get(string text, string name, PolicyType type, string? arn = null)
        {
            var key = (text, type, arn);
            if (_parsed.TryGetValue(key, out var doc)) return Named(doc, name);
            doc = PolicyParser.Parse(text, name, type, arn);
            if (_parsed.Count >= MaxEntries) _parsed.Clear();
            _parsed[key] = doc;
            return doc;
        }

        /// <summary>
        /// A policy given as a value of a tape (an object inside a case line): recognised by its structure and compact text,
        /// parsed as its compact text would be.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal PolicyDocument Get(JsonTape tape, int value, string name, PolicyType type, string? arn = null)
        {
            var facts = JsonTree.Describe(tape, value);
            ulong key = facts.Hash ^ ((ulong)type * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)(arn?.GetHashCode() ?? 0) << 32);
            if (_trees.TryGetValue(key, out var doc) && Matches(doc, tape, value, facts, type, arn)) return Named(doc, name);
            if (_recent.TryGetValue(key, out doc) && Matches(doc, tape, value, facts, type, arn))
            {
                _recent.Remove(key);
                Keep(key, doc);
                return Named(doc, name);
            }
            doc = PolicyParser.ParseValue(tape, value, facts, name, type, arn);
            if (!FirstSighting(key)) Keep(key, doc);
            else
            {
                if (_recent.Count >= MaxRecent) _recent.Clear();
                _recent[key] = doc;
            }
            return doc;
        }

        /// <summary>A policy given as a tree (one PowerShell built): as <see cref="Get(JsonTape, int, string, PolicyType, string)"/>.</summary>
        public PolicyDocument Get(JsonNode root, string name, PolicyType type, string? arn = null)
        {
            var tape = new JsonTape(64);
            return Get(tape, tape.Append(root), name, type, arn);
        }

        private bool FirstSighting(ulong key)
        {
            ref ulong slot = ref _seenOnce[(int)(key & (SeenSlots - 1))];
            if (slot == key) return false;
            slot = key;
            return true;
        }

        // The compact text of a value that may be a document seen before, to compare with that document's text.
        private char[] _compared = new char[1024];

        [MethodImpl(HotPath.Options)]
        private bool Matches(PolicyDocument doc, JsonTape tape, int value, JsonTree.Facts facts, PolicyType type, string? arn)
        {
            if (doc.Type != type || doc.Arn != arn || !facts.NumbersValid) return false;
            string text = doc.Text;
            if (tape.TryCompactSpan(value, out int from, out int to)) return to - from == text.Length && JsonText.Same(text, tape.Source!, from, to - from);
            if (JsonTree.CompactLength(tape, value) != text.Length) return false;
            if (_compared.Length < text.Length) _compared = new char[Math.Max(text.Length, _compared.Length * 2)];
            int length = JsonWriter.WriteCompact(tape, value, _compared, 0, JsonWriter.Marks.None);
            return JsonText.Same(text, _compared, 0, length);
        }

        private static PolicyDocument Named(PolicyDocument doc, string name) => doc.Name == name ? doc : doc.Renamed(name);

        private void Keep(ulong key, PolicyDocument doc)
        {
            if (_trees.Count >= MaxEntries) _trees.Clear();
            _trees[key] = doc;
        }

        public int Count => _parsed.Count + _trees.Count + _recent.Count;
    }
}
