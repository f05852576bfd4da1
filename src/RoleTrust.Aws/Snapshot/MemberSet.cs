using System;
using System.Runtime.CompilerServices;
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
        public MemberSet(params string[] names)
        {
            if (names.Length > 64) throw new ArgumentException("at most 64 members", nameof(names));
            Names = names;
        }

        public string[] Names { get; }

        /// <summary>A buffer for <see cref="Read"/>.</summary>
        public JsonNode?[] NewValues() => new JsonNode?[Names.Length];

        /// <summary>
        /// Fills <paramref name="values"/>[i] with the member named Names[i] (null when absent) and returns a bit mask of
        /// the names that appear more than once (bit i for Names[i]).
        /// </summary>
        [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: runs for every object of a snapshot, once per process
        public ulong Read(JsonNode obj, JsonNode?[] values)
        {
            Array.Clear(values, 0, values.Length);
            ulong duplicates = 0;
            var members = obj.Members!;
            var names = Names;
            for (int m = 0; m < members.Count; m++)
            {
                // Objects are small and most names differ in length: a scan beats hashing every key.
                string key = members[m].Key;
                for (int i = 0; i < names.Length; i++)
                {
                    if (names[i].Length != key.Length || !string.Equals(names[i], key, StringComparison.Ordinal)) continue;
                    if (values[i] != null) duplicates |= 1UL << i;
                    values[i] = members[m].Value;
                    break;
                }
            }
            return duplicates;
        }

        /// <summary>A buffer for <see cref="Read(JsonTape, int, int[])"/>.</summary>
        public int[] NewSlots() => new int[Names.Length];

        /// <summary>
        /// As <see cref="Read(JsonNode, JsonNode[])"/>, for an object of a <see cref="JsonTape"/>: <paramref name="values"/>[i]
        /// is the value of the member named Names[i], <see cref="JsonTape.None"/> when absent.
        /// </summary>
        [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: runs for every object of a snapshot, once per process
        public ulong Read(JsonTape tape, int obj, int[] values)
        {
            for (int i = 0; i < values.Length; i++) values[i] = JsonTape.None;
            ulong duplicates = 0;
            var names = Names;
            for (int m = 0, count = tape.Count(obj); m < count; m++)
            {
                string key = tape.MemberName(obj, m);
                for (int i = 0; i < names.Length; i++)
                {
                    if (names[i].Length != key.Length || !SameText(names[i], key)) continue;
                    if (values[i] != JsonTape.None) duplicates |= 1UL << i;
                    values[i] = tape.Item(obj, m);
                    break;
                }
            }
            return duplicates;
        }

        /// <summary>Ordinal equality of two strings of one length, compared here: a call to string.Equals for every member of a snapshot costs more than the comparison.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool SameText(string a, string b)
        {
            if (ReferenceEquals(a, b)) return true;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public static bool Has(ulong mask, int index) => (mask & (1UL << index)) != 0;
    }
}
