using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Engine.Policies
{
    /// <summary>The Action or NotAction list of a statement: case-insensitive, with * and ?.</summary>
    public sealed class ActionPattern
    {
        // Most lists are short: scanning an array beats building a hash set for each statement parsed.
        private const int SetThreshold = 8;
        private static readonly string[] NoPatterns = new string[0];
        private readonly string[] _exact;
        private readonly HashSet<string>? _exactSet;
        private readonly string[] _wildcards;
        private readonly bool _matchesAll;

        [MethodImpl(HotPath.Options)]
        public ActionPattern(IReadOnlyList<string> patterns)
        {
            Patterns = patterns;
            int exact = 0, wild = 0;
            for (int i = 0; i < patterns.Count; i++)
            {
                string p = patterns[i];
                if (p == "*") _matchesAll = true;
                else if (Glob.HasWildcard(p)) wild++;
                else exact++;
            }
            // A list of only exact names (or only wildcards), the usual case, is used as it is rather than copied.
            if (patterns is string[] all && (exact == all.Length || wild == all.Length))
            {
                _exact = exact == 0 ? NoPatterns : all;
                _wildcards = wild == 0 ? NoPatterns : all;
                if (_exact.Length > SetThreshold) _exactSet = new HashSet<string>(_exact, StringComparer.OrdinalIgnoreCase);
                return;
            }
            _exact = exact == 0 ? NoPatterns : new string[exact];
            _wildcards = wild == 0 ? NoPatterns : new string[wild];
            exact = 0; wild = 0;
            for (int i = 0; i < patterns.Count; i++)
            {
                string p = patterns[i];
                if (p == "*") continue;
                if (Glob.HasWildcard(p)) _wildcards[wild++] = p;
                else _exact[exact++] = p;
            }
            if (_exact.Length > SetThreshold) _exactSet = new HashSet<string>(_exact, StringComparer.OrdinalIgnoreCase);
        }

        public IReadOnlyList<string> Patterns { get; }

        [MethodImpl(HotPath.Options)]
        public bool Matches(string action)
        {
            if (_matchesAll) return true;
            if (_exactSet != null) { if (_exactSet.Contains(action)) return true; }
            else foreach (var e in _exact) if (string.Equals(e, action, StringComparison.OrdinalIgnoreCase)) return true;
            foreach (var w in _wildcards) if (Glob.IsMatch(w, action, ignoreCase: true)) return true;
            return false;
        }
    }
}
