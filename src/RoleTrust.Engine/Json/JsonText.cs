using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// The token scanning both parsers share (<see cref="JsonParser"/> builds trees, <see cref="JsonTapeParser"/> fills a
    /// tape): whitespace and line counting, literals, numbers, escaped strings, raw members. One grammar and one set of
    /// error messages, whichever parser reads a text. A method that finds an error leaves the position where the error
    /// is and returns its message; the caller adds the line and column.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>Skips whitespace from <paramref name="i"/>, counting line breaks; returns the position after it.</summary>
        [MethodImpl(HotPath.Options)]
        public static int SkipWhitespace(char[] s, int i, int end, ref int line, ref int lineStart)
        {
            while (i < end)
            {
                char c = s[i];
                if (c == ' ' || c == '\t' || c == '\r') i++;
                else if (c == '\n')
                {
                    i++; line++; lineStart = i;
                    // The indentation after a line break, in a loop of its own.
                    while (i < end && s[i] == ' ') i++;
                }
                else break;
            }
            return i;
        }

        /// <summary>True when the string holds exactly these characters.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool Same(string known, char[] text, int start, int length)
        {
            if (known.Length != length) return false;
            for (int i = 0; i < length; i++) if (known[i] != text[start + i]) return false;
            return true;
        }

        /// <summary>A character for an error message: 'x', or U+0000 for one that would not show (a control character, a BOM, a lone surrogate).</summary>
        public static string Quote(char c) =>
            char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c) || c == '\uFEFF' || c == '\uFFFD'
                ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : "'" + c + "'";

        /// <summary>Whether <paramref name="word"/> (true, false, null) stands at <paramref name="pos"/>.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool IsWord(char[] s, int pos, int end, string word)
        {
            if (pos + word.Length > end) return false;
            for (int i = 0; i < word.Length; i++) if (s[pos + i] != word[i]) return false;
            return true;
        }

        /// <summary>Moves past a number that starts at <paramref name="pos"/>; null, or the error (at <paramref name="pos"/>).</summary>
        [MethodImpl(HotPath.Options)]
        public static string? SkipNumber(char[] s, ref int pos, int end)
        {
            if (s[pos] == '-') pos++;
            if (pos >= end || !char.IsDigit(s[pos])) return "Invalid number";
            if (s[pos] == '0') pos++;
            else while (pos < end && s[pos] >= '0' && s[pos] <= '9') pos++;
            if (pos < end && s[pos] == '.')
            {
                pos++;
                if (pos >= end || !char.IsDigit(s[pos])) return "Invalid number";
                while (pos < end && s[pos] >= '0' && s[pos] <= '9') pos++;
            }
            if (pos < end && (s[pos] == 'e' || s[pos] == 'E'))
            {
                pos++;
                if (pos < end && (s[pos] == '+' || s[pos] == '-')) pos++;
                if (pos >= end || !char.IsDigit(s[pos])) return "Invalid number";
                while (pos < end && s[pos] >= '0' && s[pos] <= '9') pos++;
            }
            return null;
        }

        /// <summary>
        /// A string without escapes, read in the pass that finds its end: <paramref name="start"/> is its first character
        /// (after the opening quote). Short strings come from <paramref name="table"/>, its hash computed in the same pass;
        /// without a table, the names and values that recur everywhere ("Effect", "Allow", "2012-10-17") are the known
        /// names' instances (<paramref name="known"/> their position, else -1). Returns the string with <paramref name="stop"/>
        /// after its closing quote, or null with <paramref name="stop"/> at the first backslash or control character (or the
        /// end), from where <see cref="ReadEscaped"/> reads it or names the error.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per string: inlined into both parsers' loops
        public static string? ReadPlain(char[] text, int start, int end, StringTable? table, out int stop, out int known)
        {
            known = -1;
            int i = start;
            if (table != null)
            {
                uint hash = StringTable.Seed;
                while (i < end)
                {
                    char c = text[i];
                    if (c > '"' && c != '\\') { hash = StringTable.Step(hash, c); i++; continue; }
                    if (c == '"')
                    {
                        stop = i + 1;
                        int length = i - start;
                        return length <= StringTable.MaxLength ? table.Get(text, start, length, hash) : new string(text, start, length);
                    }
                    if (c == '\\' || c < 0x20) break;
                    hash = StringTable.Step(hash, c); i++;
                }
            }
            else
                while (i < end)
                {
                    char c = text[i];
                    // Most characters are above '"' (and so neither a quote nor a control character) and not a backslash.
                    if (c > '"' && c != '\\') { i++; continue; }
                    if (c == '"')
                    {
                        stop = i + 1;
                        known = KnownNames.Find(text, start, i - start);
                        return known >= 0 ? KnownNames.Name(known) : new string(text, start, i - start);
                    }
                    if (c == '\\' || c < 0x20) break;
                    i++;
                }
            stop = i;
            return null;
        }

        /// <summary>
        /// The rest of a string that holds an escape: <paramref name="start"/> is its first character, <paramref name="pos"/>
        /// the first backslash. Returns the string and moves past its closing quote, or returns null with the error.
        /// </summary>
        public static string? ReadEscaped(char[] s, ref int pos, int end, int start, out string? error)
        {
            error = null;
            var sb = new StringBuilder(Math.Max(16, (pos - start) * 2)).Append(s, start, pos - start);
            while (pos < end)
            {
                char c = s[pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) { pos--; error = "Control character in string"; return null; }
                if (c != '\\') { sb.Append(c); continue; }
                if (pos >= end) break;
                char e = s[pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 > end || !int.TryParse(new string(s, pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        {
                            error = "Invalid \\u escape";
                            return null;
                        }
                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default: pos--; error = $"Invalid escape '\\{e}'"; return null;
                }
            }
            error = "Unterminated string";
            return null;
        }

        /// <summary>
        /// Moves past one object or array that starts at <paramref name="pos"/>, checking only bracket balance and strings
        /// (a raw member, read later by the policy parser); false when the text ends first.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static bool SkipBalanced(char[] s, ref int pos, int end, ref int line, ref int lineStart)
        {
            int depth = 0;
            while (pos < end)
            {
                char c = s[pos++];
                switch (c)
                {
                    case '{': case '[': depth++; break;
                    case '}': case ']':
                        if (--depth == 0) return true;
                        break;
                    case '"':
                        while (pos < end && s[pos] != '"') { if (s[pos] == '\\') pos++; pos++; }
                        pos++;
                        break;
                    case '\n': line++; lineStart = pos; break;
                }
            }
            return false;
        }
    }
}
