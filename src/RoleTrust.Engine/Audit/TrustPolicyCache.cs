using System.Collections.Concurrent;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Audit
{
    /// <summary>A trust policy parsed once: the document, or why it could not be parsed.</summary>
    public sealed class ParsedTrustPolicy
    {
        internal ParsedTrustPolicy(PolicyDocument? document, PolicyFormatException? error) { Document = document; Error = error; }

        public PolicyDocument? Document { get; }
        public PolicyFormatException? Error { get; }
    }

    /// <summary>
    /// Trust policies parsed by text. Roles share trust policies (every Lambda role, every role a pipeline stamps out),
    /// so an organization's hundred thousand roles hold far fewer distinct documents. Safe to share between threads;
    /// the audit, the trust graph and snapshot comparison can use one cache per snapshot.
    /// </summary>
    public sealed class TrustPolicyCache
    {
        /// <summary>The policy name the parsed documents carry (the role is named by whoever reports a problem).</summary>
        public const string PolicyName = "trust policy";

        private readonly ConcurrentDictionary<string, ParsedTrustPolicy> _parsed = new ConcurrentDictionary<string, ParsedTrustPolicy>();

        public ParsedTrustPolicy Get(string text)
        {
            if (_parsed.TryGetValue(text, out var found)) return found;
            ParsedTrustPolicy parsed;
            try { parsed = new ParsedTrustPolicy(PolicyParser.Parse(text, PolicyName, PolicyType.Resource), null); }
            catch (PolicyFormatException ex) { parsed = new ParsedTrustPolicy(null, ex); }
            return _parsed.GetOrAdd(text, parsed);
        }

        public int Count => _parsed.Count;
    }
}
