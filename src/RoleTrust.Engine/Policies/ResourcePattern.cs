using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Engine.Policies
{
    /// <summary>The Resource or NotResource list of a statement.</summary>
    public sealed class ResourcePattern
    {
        /// <summary>Which patterns hold policy variables; null when none does (the common case).</summary>
        private readonly bool[]? _hasVariable;
        private readonly bool _matchesAll;

        [MethodImpl(HotPath.Options)]
        public ResourcePattern(IReadOnlyList<string> patterns, bool variablesEnabled)
        {
            Patterns = patterns;
            for (int i = 0; i < patterns.Count; i++)
            {
                if (patterns[i] == "*") _matchesAll = true;
                if (variablesEnabled && PolicyVariables.ContainsVariable(patterns[i])) (_hasVariable ??= new bool[patterns.Count])[i] = true;
            }
        }

        public IReadOnlyList<string> Patterns { get; }

        [MethodImpl(HotPath.Options)]
        public bool Matches(string resource, RequestContext context)
        {
            if (_matchesAll) return true;
            for (int i = 0; i < Patterns.Count; i++)
            {
                string? pattern = _hasVariable != null && _hasVariable[i] ? PolicyVariables.Substitute(Patterns[i], context, asPattern: true) : Patterns[i];
                if (pattern != null && ArnPattern.IsMatch(pattern, resource)) return true;
            }
            return false;
        }
    }
}
