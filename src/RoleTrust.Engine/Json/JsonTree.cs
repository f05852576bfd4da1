using System.Runtime.CompilerServices;
namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// Facts about a JSON value that are otherwise learned by writing it out as text: a hash of its structure (so a
    /// cache finds the policy given as an object it may have seen, before writing it), a bound on the length
    /// <see cref="JsonWriter"/> would write, and whether every number literal is one JSON accepts.
    /// </summary>
    internal static class JsonTree
    {
        private const ulong Prime = 1099511628211UL;

        public readonly struct Facts
        {
            public Facts(ulong hash, long lengthBound, bool numbersValid, bool duplicateKeys)
            {
                Hash = hash; CompactLengthBound = lengthBound; NumbersValid = numbersValid; HasDuplicateKeys = duplicateKeys;
            }
            public ulong Hash { get; }
            /// <summary>At least the length of <see cref="JsonWriter.Write"/>'s compact text (every string character counted as the longest escape).</summary>
            public long CompactLengthBound { get; }
            /// <summary>False when a number node holds text that is not a JSON number (NaN, Infinity from a .NET double).</summary>
            public bool NumbersValid { get; }
            /// <summary>Whether some object in the tree repeats a member name (the policy parser then warns).</summary>
            public bool HasDuplicateKeys { get; }
        }

        /// <summary>Hash, length bound, number and duplicate-name checks of a tape's value in one walk, without allocating or looking at each character.</summary>
        [MethodImpl(HotPath.Options)]
        public static Facts Describe(JsonTape tape, int value)
        {
            // Compact in its source (a case line's policy): the characters are the compact text, so they give the length and
            // the hash, and the parser has checked its numbers.
            if (tape.TryCompactSpan(value, out int from, out int to))
                return new Facts(SampledHash(tape.Source!, from, to), to - from, numbersValid: true, tape.HasDuplicateNames(value));
            ulong hash = 14695981039346656037UL;
            long bound = 0;
            bool numbersValid = true, duplicateKeys = false;
            Walk(tape, value, ref hash, ref bound, ref numbersValid, ref duplicateKeys);
            return new Facts(hash, bound, numbersValid, duplicateKeys);
        }

        [MethodImpl(HotPath.Options)]
        private static void Walk(JsonTape t, int value, ref ulong hash, ref long bound, ref bool numbersValid, ref bool duplicateKeys)
        {
            var kind = t.Kind(value);
            hash = (hash ^ (ulong)(kind + 1)) * Prime;
            switch (kind)
            {
                case JsonKind.Object:
                {
                    int count = t.Count(value);
                    bound += 2 + count;
                    for (int i = 0; i < count; i++)
                    {
                        string key = t.MemberName(value, i);
                        hash = Mix(hash, key);
                        bound += 2 + 6L * key.Length + 1;
                        if (!duplicateKeys)
                            for (int j = 0; j < i; j++) if (t.MemberName(value, j) == key) { duplicateKeys = true; break; }
                        Walk(t, t.Item(value, i), ref hash, ref bound, ref numbersValid, ref duplicateKeys);
                    }
                    hash = (hash ^ 0x7D) * Prime;
                    break;
                }
                case JsonKind.Array:
                {
                    int count = t.Count(value);
                    bound += 2 + count;
                    for (int i = 0; i < count; i++) Walk(t, t.Item(value, i), ref hash, ref bound, ref numbersValid, ref duplicateKeys);
                    hash = (hash ^ 0x5D) * Prime;
                    break;
                }
                case JsonKind.String:
                {
                    string text = t.Text(value)!;
                    hash = Mix(hash, text);
                    bound += 2 + 6L * text.Length;
                    break;
                }
                default:
                {
                    string text = t.Text(value)!;
                    hash = Mix(hash, text);
                    bound += text.Length;
                    if (kind == JsonKind.Number && !IsJsonNumber(text)) numbersValid = false;
                    break;
                }
            }
        }

        /// <summary>The length and every fourth character of a text (as <see cref="Mix"/>, enough for a cache that compares texts on a hit).</summary>
        [MethodImpl(HotPath.Options)]
        private static ulong SampledHash(char[] text, int from, int to)
        {
            ulong hash = (14695981039346656037UL ^ (ulong)(to - from)) * Prime;
            for (int i = from; i < to; i += 4) hash = (hash ^ text[i]) * Prime;
            return (hash ^ text[to - 1]) * Prime;
        }

        /// <summary>
        /// A string's length and a few of its characters. Cheap, and enough for a cache that confirms every hit by comparing
        /// texts: a collision costs one comparison that stops at the first difference.
        /// </summary>
        private static ulong Mix(ulong hash, string s)
        {
            int n = s.Length;
            hash = (hash ^ (ulong)n) * Prime;
            if (n == 0) return hash;
            hash = (hash ^ s[0]) * Prime;
            hash = (hash ^ s[n >> 1]) * Prime;
            hash = (hash ^ s[(n * 3) >> 2]) * Prime;
            return (hash ^ s[n - 1]) * Prime;
        }

        /// <summary>The exact length of the compact text of a tape's value (to refuse or size it before writing it).</summary>
        [MethodImpl(HotPath.Options)]
        public static long CompactLength(JsonTape t, int value)
        {
            if (t.TryCompactSpan(value, out int from, out int to)) return to - from;
            switch (t.Kind(value))
            {
                case JsonKind.Object:
                {
                    int count = t.Count(value);
                    long n = 2 + (count > 0 ? count - 1 : 0);
                    for (int i = 0; i < count; i++) n += StringLength(t.MemberName(value, i)) + 1 + CompactLength(t, t.Item(value, i));
                    return n;
                }
                case JsonKind.Array:
                {
                    int count = t.Count(value);
                    long n = 2 + (count > 0 ? count - 1 : 0);
                    for (int i = 0; i < count; i++) n += CompactLength(t, t.Item(value, i));
                    return n;
                }
                case JsonKind.String: return StringLength(t.Text(value)!);
                default: return t.Text(value)!.Length;
            }
        }

        /// <summary>Characters <see cref="JsonWriter.WriteString"/> writes for a string, quotes included.</summary>
        [MethodImpl(HotPath.Options)]
        private static long StringLength(string s)
        {
            long n = 2;
            foreach (char c in s)
            {
                if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') n += 2;
                else if (c < 0x20) n += 6;
                else n++;
            }
            return n;
        }

        /// <summary>RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
        [MethodImpl(HotPath.Options)]
        public static bool IsJsonNumber(string s)
        {
            int i = 0, n = s.Length;
            if (i < n && s[i] == '-') i++;
            if (i >= n || s[i] < '0' || s[i] > '9') return false;
            if (s[i] == '0') i++;
            else while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            if (i < n && s[i] == '.')
            {
                i++;
                if (i >= n || s[i] < '0' || s[i] > '9') return false;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            }
            if (i < n && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                if (i < n && (s[i] == '+' || s[i] == '-')) i++;
                if (i >= n || s[i] < '0' || s[i] > '9') return false;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            }
            return i == n;
        }
    }
}
