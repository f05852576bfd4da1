using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Engine.Policies
{
    /// <summary>The Resource or NotResource list of a statement.</summary>
    public sealed class ResourcePattern
    {
        private readonly bool[] _hasVariable;
        private readonly bool _matchesAll;

        public ResourcePattern(IReadOnlyList<string> patterns, bool variablesEnabled)
        {
            Patterns = patterns;
            _hasVariable = new bool[patterns.Count];
            for (int i = 0; i < patterns.Count; i++)
            {
                if (patterns[i] == "*") _matchesAll = true;
                _hasVariable[i] = variablesEnabled && PolicyVariables.ContainsVariable(patterns[i]);
            }
        }

        public IReadOnlyList<string> Patterns { get; }

        public bool Matches(string resource, RequestContext context)
        {
            if (_matchesAll) return true;
            for (int i = 0; i < Patterns.Count; i++)
            {
                string? pattern = _hasVariable[i] ? PolicyVariables.Substitute(Patterns[i], context, asPattern: true) : Patterns[i];
                if (pattern != null && ArnPattern.IsMatch(pattern, resource)) return true;
            }
            return false;
        }
    }
}
