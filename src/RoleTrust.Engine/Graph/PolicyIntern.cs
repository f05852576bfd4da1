using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Parsed policies shared by every thread that builds or queries one trust graph: the same text, type, name and ARN
    /// is parsed once and gives the same document object, so documents (and their statements) can be compared by identity.
    /// </summary>
    internal sealed class PolicyIntern
    {
        private readonly ConcurrentDictionary<(string Text, PolicyType Type, string Name, string? Arn), Lazy<(PolicyDocument? Doc, PolicyFormatException? Error)>> _parsed =
            new ConcurrentDictionary<(string, PolicyType, string, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>>();
        private readonly ConditionalWeakTable<PolicyDocument, object> _ids = new ConditionalWeakTable<PolicyDocument, object>();
        private int _nextId;
        private readonly ConcurrentDictionary<string, int> _texts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private int _nextMeaning;
        // A statement belongs to one document, so the statement and the layer are the whole key.
        private readonly ConcurrentDictionary<(Statement, char), int> _meanings = new ConcurrentDictionary<(Statement, char), int>();

        /// <summary>The parsed document; throws <see cref="PolicyFormatException"/> (every time) when the text does not parse.</summary>
        public PolicyDocument Get(string text, string name, PolicyType type, string? arn = null)
        {
            var entry = _parsed.GetOrAdd((text, type, name, arn), key => new Lazy<(PolicyDocument?, PolicyFormatException?)>(() =>
            {
                // Trust policies are named after their roles, and most roles share their trust policy's text with others:
                // the text is parsed once and each role gets the document under its own name, with the same statements.
                if (key.Type == PolicyType.Resource && Parse((key.Text, key.Type, "", key.Arn)).Doc is PolicyDocument shared)
                    return (shared.Renamed(key.Name), null);
                return Parse(key);
            })).Value;
            if (entry.Error != null) throw entry.Error;
            return entry.Doc!;
        }

        private (PolicyDocument? Doc, PolicyFormatException? Error) Parse((string Text, PolicyType Type, string Name, string? Arn) key) =>
            key.Name.Length == 0 ? _unnamed.GetOrAdd((key.Text, key.Type, key.Arn), k => new Lazy<(PolicyDocument?, PolicyFormatException?)>(() => ParseNow(key))).Value
                : ParseNow(key);

        /// <summary>Errors name the policy, so a text that does not parse is parsed again under each name.</summary>
        private static (PolicyDocument? Doc, PolicyFormatException? Error) ParseNow((string Text, PolicyType Type, string Name, string? Arn) key)
        {
            try { return (PolicyParser.Parse(key.Text, key.Name, key.Type, key.Arn), null); }
            catch (PolicyFormatException ex) { return (null, ex); }
        }

        private readonly ConcurrentDictionary<(string, PolicyType, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>> _unnamed =
            new ConcurrentDictionary<(string, PolicyType, string?), Lazy<(PolicyDocument?, PolicyFormatException?)>>();

        /// <summary>
        /// A number for a statement's meaning: its text (as compact JSON), its layer, and whether its document enables policy
        /// variables. Statements with equal numbers decide every request alike, whatever their policies are called.
        /// </summary>
        public int MeaningOf(PolicyDocument doc, Statement s, char layer)
        {
            // Interned documents share statement objects: most calls find the statement itself, without writing its text.
            var key = (s, layer);
            if (_meanings.TryGetValue(key, out int known)) return known;
            // Numbers come from a counter, never from the table's size: two new texts met at once must not get one number.
            int meaning = _texts.GetOrAdd(layer + (doc.VariablesEnabled ? "v" : "-") + s.Text, _ => Interlocked.Increment(ref _nextMeaning));
            _meanings.TryAdd(key, meaning);
            return meaning;
        }

        /// <summary>A number for the document object, the same for every request of it.</summary>
        public int IdOf(PolicyDocument doc) => (int)_ids.GetValue(doc, _ => System.Threading.Interlocked.Increment(ref _nextId));
    }
}
