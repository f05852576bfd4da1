using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Source-role pairs the path checks could not decide, counted per check with one example, so that a query over
    /// thousands of pairs reports a few lines rather than one per pair.
    /// </summary>
    public sealed class GraphProblemLog
    {
        private sealed class Entry { public int Count; public string Example = ""; }
        private readonly ConcurrentDictionary<string, Entry> _byCheck = new ConcurrentDictionary<string, Entry>();

        internal void Undecided(string check, string source, string role, string summary)
        {
            var e = _byCheck.GetOrAdd(check, _ => new Entry { Example = $"{source} -> {role}: {summary}" });
            Interlocked.Increment(ref e.Count);
        }

        /// <summary>Pairs not decided, in all.</summary>
        public int Count => _byCheck.Values.Sum(e => e.Count);

        /// <summary>One line per check: "N source-role pair(s) could not be decided (Check), e.g. source -> role: why".</summary>
        public IReadOnlyList<string> Lines =>
            _byCheck.OrderByDescending(e => e.Value.Count).ThenBy(e => e.Key, System.StringComparer.Ordinal)
                .Select(e => $"{e.Value.Count} source-role pair(s) could not be decided ({e.Key}), e.g. {e.Value.Example}").ToList();
    }
}
