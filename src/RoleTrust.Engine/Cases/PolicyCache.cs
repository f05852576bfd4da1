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

        /// <summary>A policy given as a tree: recognised by its structure, parsed as its compact text would be.</summary>
        [MethodImpl(HotPath.Options)]
        public PolicyDocument Get(JsonNode root, string name, PolicyType type, string? arn = null)
        {
            var facts = JsonTree.Describe(root);
            ulong key = facts.Hash ^ ((ulong)type * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)(arn?.GetHashCode() ?? 0) << 32);
            if (_trees.TryGetValue(key, out var doc) && Matches(doc, root, type, arn)) return Named(doc, name);
            if (_recent.TryGetValue(key, out doc) && Matches(doc, root, type, arn))
            {
                _recent.Remove(key);
                Keep(key, doc);
                return Named(doc, name);
            }
            doc = PolicyParser.ParseTree(root, facts, name, type, arn);
            if (!FirstSighting(key)) Keep(key, doc);
            else
            {
                if (_recent.Count >= MaxRecent) _recent.Clear();
                _recent[key] = doc;
            }
            return doc;
        }

        private bool FirstSighting(ulong key)
        {
            ref ulong slot = ref _seenOnce[(int)(key & (SeenSlots - 1))];
            if (slot == key) return false;
            slot = key;
            return true;
        }

        private static bool Matches(PolicyDocument doc, JsonNode root, PolicyType type, string? arn) =>
            doc.Type == type && doc.Arn == arn && doc.Root != null && JsonTree.Same(doc.Root, root);

        private static PolicyDocument Named(PolicyDocument doc, string name) => doc.Name == name ? doc : doc.Renamed(name);

        private void Keep(ulong key, PolicyDocument doc)
        {
            if (_trees.Count >= MaxEntries) _trees.Clear();
            _trees[key] = doc;
        }

        public int Count => _parsed.Count + _trees.Count + _recent.Count;
    }
}
