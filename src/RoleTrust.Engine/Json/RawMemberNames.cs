using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// The member names whose object or array values a parse keeps as raw text. A few names compared ordinally are
    /// scanned (most ruled out by their length), which costs less than hashing every member name of a file.
    /// </summary>
    internal sealed class RawMemberNames
    {
        private readonly ICollection<string> _names;
        private readonly string[]? _few;

        public RawMemberNames(ICollection<string> names)
        {
            _names = names;
            if (names is HashSet<string> set && set.Count <= 8
                && (ReferenceEquals(set.Comparer, StringComparer.Ordinal) || ReferenceEquals(set.Comparer, EqualityComparer<string>.Default)))
            {
                _few = new string[set.Count];
                set.CopyTo(_few);
            }
        }

        [MethodImpl(HotPath.Options)]
        public bool Contains(string name)
        {
            var few = _few;
            if (few == null) return _names.Contains(name);
            for (int i = 0; i < few.Length; i++)
                if (few[i].Length == name.Length && string.Equals(few[i], name, StringComparison.Ordinal)) return true;
            return false;
        }
    }
}
