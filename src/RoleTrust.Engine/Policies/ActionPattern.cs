using System;
using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Engine.Policies
{
    /// <summary>The Action or NotAction list of a statement: case-insensitive, with * and ?.</summary>
    public sealed class ActionPattern
    {
        private readonly HashSet<string> _exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _wildcards = new List<string>();
        private readonly bool _matchesAll;

        public ActionPattern(IReadOnlyList<string> patterns)
        {
            Patterns = patterns;
            foreach (var p in patterns)
            {
                if (p == "*") _matchesAll = true;
                else if (Glob.HasWildcard(p)) _wildcards.Add(p);
                else _exact.Add(p);
            }
        }

        public IReadOnlyList<string> Patterns { get; }

        public bool Matches(string action)
        {
            if (_matchesAll || _exact.Contains(action)) return true;
            foreach (var w in _wildcards) if (Glob.IsMatch(w, action, ignoreCase: true)) return true;
            return false;
        }
    }
}
