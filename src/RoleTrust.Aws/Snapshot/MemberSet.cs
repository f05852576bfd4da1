using System;
using System.Collections.Generic;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// The member names of one kind of JSON object that a reader uses. Reading an object walks its members once and
    /// keeps each used one; a used name that appears twice is ambiguous (AWS tools would keep only one of them), so
    /// it is reported rather than resolved.
    /// </summary>
    internal sealed class MemberSet
    {
        private readonly Dictionary<string, int> _index;

        public MemberSet(params string[] names)
        {
            if (names.Length > 64) throw new ArgumentException("at most 64 members", nameof(names));
            Names = names;
            _index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++) _index[names[i]] = i;
        }

        public string[] Names { get; }

        /// <summary>A buffer for <see cref="Read"/>.</summary>
        public JsonNode?[] NewValues() => new JsonNode?[Names.Length];

        /// <summary>
        /// Fills <paramref name="values"/>[i] with the member named Names[i] (null when absent) and returns a bit mask of
        /// the names that appear more than once (bit i for Names[i]).
        /// </summary>
        public ulong Read(JsonNode obj, JsonNode?[] values)
        {
            Array.Clear(values, 0, values.Length);
            ulong duplicates = 0;
            var members = obj.Members!;
            for (int m = 0; m < members.Count; m++)
            {
                if (!_index.TryGetValue(members[m].Key, out int i)) continue;
                if (values[i] != null) duplicates |= 1UL << i;
                values[i] = members[m].Value;
            }
            return duplicates;
        }

        public static bool Has(ulong mask, int index) => (mask & (1UL << index)) != 0;
    }
}
