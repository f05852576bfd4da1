using System.Collections.Generic;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// Parsed policies keyed by text, type and name. A regression suite or an audit repeats the same documents
    /// across thousands of cases; parsing each once is most of the speed.
    /// </summary>
    public sealed class PolicyCache
    {
        private readonly Dictionary<(string text, PolicyType type, string name, string? arn), PolicyDocument> _parsed =
            new Dictionary<(string, PolicyType, string, string?), PolicyDocument>();
        private const int MaxEntries = 100_000;

        public PolicyDocument Get(string text, string name, PolicyType type, string? arn = null)
        {
            var key = (text, type, name, arn);
            if (_parsed.TryGetValue(key, out var doc)) return doc;
            doc = PolicyParser.Parse(text, name, type, arn);
            if (_parsed.Count >= MaxEntries) _parsed.Clear();
            _parsed[key] = doc;
            return doc;
        }

        public int Count => _parsed.Count;
    }
}
