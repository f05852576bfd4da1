using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Parsed policies shared by every thread that builds or queries one trust graph: the same text, type, name and ARN
    /// is parsed once and gives the same document object, so documents (and their statements) can be compared by identity.
    /// </summary>
    internal sealed class PolicyIntern : IDisposable
    {
        private readonly ConcurrentDictionary<(string Text, PolicyType Type, string Name, string? Arn), Lazy<(PolicyDocument? Doc, PolicyFormatException? Error)>> _parsed =
            new ConcurrentDictionary<(string, PolicyType, string, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>>();
        private readonly ConditionalWeakTable<PolicyDocument, object> _ids = new ConditionalWeakTable<PolicyDocument, object>();
        private int _nextId;
        // Keyed by the statement's text itself (the string the statement keeps), not by a new string joining it to the layer.
        private readonly ConcurrentDictionary<(char Layer, bool Variables, string Text), int> _texts = new ConcurrentDictionary<(char, bool, string), int>();
        private int _nextMeaning;
        // A statement belongs to one document, so the statement and the layer are the whole key.
        private readonly ConcurrentDictionary<(Statement, char), int> _meanings = new ConcurrentDictionary<(Statement, char), int>();

        /// <summary>The parsed document; throws <see cref="PolicyFormatException"/> (every time) when the text does not parse.</summary>
        [MethodImpl(HotPath.Options)]
        public PolicyDocument Get(string text, string name, PolicyType type, string? arn = null)
        {
            // Snapshot texts that are equal are mostly one string object: found by reference first, the text is not hashed
            // (a policy of a few kilobytes, asked for by every principal it is attached to).
            var byReference = new TextReference(text, type, name, arn);
            if (!_byReference.TryGetValue(byReference, out var entry))
            {
                entry = GetEntry(text, name, type, arn);
                _byReference.TryAdd(byReference, entry);
            }
            var result = entry.Value;
            if (result.Error != null) throw result.Error;
            return result.Doc!;
        }

        private readonly ConcurrentDictionary<TextReference, Lazy<(PolicyDocument? Doc, PolicyFormatException? Error)>> _byReference =
            new ConcurrentDictionary<TextReference, Lazy<(PolicyDocument?, PolicyFormatException?)>>();

        /// <summary>A request for a policy, its text compared by reference (the other parts by value).</summary>
        private readonly struct TextReference : IEquatable<TextReference>
        {
            private readonly string _text, _name;
            private readonly string? _arn;
            private readonly PolicyType _type;

            public TextReference(string text, PolicyType type, string name, string? arn) { _text = text; _type = type; _name = name; _arn = arn; }

            [MethodImpl(HotPath.Options)]
            public bool Equals(TextReference o) => ReferenceEquals(_text, o._text) && _type == o._type && _name == o._name && _arn == o._arn;
            public override bool Equals(object? obj) => obj is TextReference k && Equals(k);
            [MethodImpl(HotPath.Options)]
            public override int GetHashCode()
            {
                unchecked { return ((RuntimeHelpers.GetHashCode(_text) * 397) ^ _name.GetHashCode()) * 31 + (int)_type * 7 + (_arn?.GetHashCode() ?? 0); }
            }
        }

        [MethodImpl(HotPath.Options)]
        private Lazy<(PolicyDocument? Doc, PolicyFormatException? Error)> GetEntry(string text, string name, PolicyType type, string? arn)
        {
            return _parsed.GetOrAdd((text, type, name, arn), key => new Lazy<(PolicyDocument?, PolicyFormatException?)>(() =>
            {
                // Trust policies are named after their roles, and most roles share their trust policy's text with others:
                // the text is parsed once and each role gets the document under its own name, with the same statements.
                if (key.Type == PolicyType.Resource && Parse((key.Text, key.Type, "", key.Arn)).Doc is PolicyDocument shared)
                    return (shared.Renamed(key.Name), null);
                return Parse(key);
            }));
        }

        /// <summary>
        /// A trust policy text, parsed once for all roles that share it: the document has no name, and each role names it
        /// (its statements are the same objects) only when it cites it as evidence. A text that does not parse goes
        /// through <see cref="Get"/>, whose error names the policy after the role ("name trust policy").
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public PolicyDocument GetSharedTrust(string text, string roleName)
        {
            var key = (text, PolicyType.Resource, (string?)null);
            if (!_unnamed.TryGetValue(key, out var entry))
                entry = _unnamed.GetOrAdd(key, k => new Lazy<(PolicyDocument?, PolicyFormatException?)>(() => ParseNow((k.Item1, k.Item2, "", k.Item3))));
            return entry.Value.Item1 ?? Get(text, $"{roleName} trust policy", PolicyType.Resource);
        }

        [MethodImpl(HotPath.Options)]
        private (PolicyDocument? Doc, PolicyFormatException? Error) Parse((string Text, PolicyType Type, string Name, string? Arn) key) =>
            key.Name.Length == 0 ? _unnamed.GetOrAdd((key.Text, key.Type, key.Arn), k => new Lazy<(PolicyDocument?, PolicyFormatException?)>(() => ParseNow(key))).Value
                : ParseNow(key);

        /// <summary>
        /// Errors name the policy, so a text that does not parse is parsed again under each name. The documents parsed on
        /// one thread share their short strings: an organization's policies name the same actions, principals, accounts
        /// and condition keys thousands of times, and the index keeps every statement.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private (PolicyDocument? Doc, PolicyFormatException? Error) ParseNow((string Text, PolicyType Type, string Name, string? Arn) key)
        {
            try { return (Detached(PolicyParser.Parse(key.Text, key.Name, key.Type, key.Arn, _strings.Value), key.Text), null); }
            catch (PolicyFormatException ex) { return (null, ex); }
        }

        private readonly ThreadLocal<StringTable> _strings = new ThreadLocal<StringTable>(() => new StringTable());

        /// <summary>Lets go of the threads' string tables (the strings stay with the statements that hold them).</summary>
        public void Dispose() => _strings.Dispose();

        /// <summary>
        /// The document without its compact text: its statements' texts cut from it, its own text written from
        /// <paramref name="source"/> when asked for. A graph keeps every document it indexed for as long as it lives (tens of
        /// thousands at the scale of an organization) and interns every statement by its text, so the statements' texts are
        /// kept anyway; the document's text would be a second copy of them, and the snapshot keeps the source.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static PolicyDocument Detached(PolicyDocument doc, string source)
        {
            foreach (var s in doc.Statements) _ = s.Text;
            return PolicyDocument.FromSource(doc.Name, doc.Type, doc.Version, doc.Statements, doc.Warnings, doc.Arn, source);
        }

        private readonly ConcurrentDictionary<(string, PolicyType, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>> _unnamed =
            new ConcurrentDictionary<(string, PolicyType, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>>();

        /// <summary>
        /// A number for a statement's meaning: its text (as compact JSON), its layer, and whether its document enables policy
        /// variables. Statements with equal numbers decide every request alike, whatever their policies are called.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public int MeaningOf(PolicyDocument doc, Statement s, char layer)
        {
            // Interned documents share statement objects: most calls find the statement itself, without writing its text.
            var key = (s, layer);
            if (_meanings.TryGetValue(key, out int known)) return known;
            // Numbers come from a counter, never from the table's size: two new texts met at once must not get one number.
            int meaning = _texts.GetOrAdd((layer, doc.VariablesEnabled, s.Text), _ => Interlocked.Increment(ref _nextMeaning));
            _meanings.TryAdd(key, meaning);
            return meaning;
        }

        /// <summary>A number for the document object, the same for every request of it.</summary>
        public int IdOf(PolicyDocument doc) => (int)_ids.GetValue(doc, _ => System.Threading.Interlocked.Increment(ref _nextId));
    }
}
