using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RoleTrust.Errors
{
    /// <summary>
    /// Turns an error text as users paste it into one line: JSON escapes undone (logs that store the message as a JSON
    /// string), colour codes, timestamps and formatter margins removed (Terraform's "│ ", PowerShell 7's "     | "),
    /// and wrapped lines joined again. Word-wrapped lines are joined with a space; lines a console cut at its width
    /// (Windows PowerShell copies them that way) are joined without one.
    /// </summary>
    internal static class ErrorTextNormalizer
    {
        private static readonly Regex Ansi = new Regex(@"\x1B\[[0-9;?]*[A-Za-z]", RegexOptions.CultureInvariant);
        private static readonly Regex LeadingTimestamp = new Regex(
            @"^\s*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s+", RegexOptions.CultureInvariant);
        // Terraform's diagnostic frame, and PowerShell 7's ConciseView ("Line |", "   3 |  code", "     | message").
        private static readonly Regex Margin = new Regex(@"^\s*(?:[│╷╵┃]|(?:Line\s+|\d+\s+)?\|(?=\s|$))\s?", RegexOptions.CultureInvariant);
        private static readonly Regex Unicode = new Regex(@"\\u([0-9a-fA-F]{4})", RegexOptions.CultureInvariant);
        private static readonly Regex Whitespace = new Regex(@"[ \t\u00A0]+", RegexOptions.CultureInvariant);

        /// <summary>The shortest width a console has; shorter full lines are not taken for cuts.</summary>
        private const int MinConsoleWidth = 80;

        public static string Normalize(string text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            text = Unescape(text).Replace("\r\n", "\n").Replace('\r', '\n');
            var raw = text.Split('\n');
            var lines = new List<string>(raw.Length);
            var margined = new List<bool>(raw.Length);
            var rawLengths = new List<int>(raw.Length);
            foreach (var r in raw)
            {
                string line = Ansi.Replace(r, "");
                rawLengths.Add(line.TrimEnd().Length);
                line = LeadingTimestamp.Replace(line, "");
                var m = Margin.Match(line);
                margined.Add(m.Success);
                if (m.Success) line = line.Substring(m.Length);
                lines.Add(line);
            }

            var cut = ConsoleCuts(rawLengths, margined, text);
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < lines.Count; i++)
            {
                string line = cut[i] ? lines[i].TrimStart() : lines[i].Trim();
                if (cut[i]) { sb.Append(line); continue; }
                if (line.Length == 0) continue;
                sb.Append(line).Append(' ');
            }
            return Whitespace.Replace(sb.ToString(), " ").Trim();
        }

        /// <summary>
        /// Lines a console cut at its width: unframed lines exactly as long as the longest one (at least a console's
        /// width), when more than one line has that length or the text is a Windows PowerShell error view.
        /// </summary>
        private static bool[] ConsoleCuts(List<int> lengths, List<bool> margined, string text)
        {
            var cut = new bool[lengths.Count];
            int width = 0, atWidth = 0;
            for (int i = 0; i < lengths.Count; i++) if (!margined[i] && lengths[i] > width) width = lengths[i];
            if (width < MinConsoleWidth) return cut;
            for (int i = 0; i < lengths.Count; i++) if (!margined[i] && lengths[i] == width) atWidth++;
            bool errorView = text.IndexOf("+ CategoryInfo", StringComparison.Ordinal) >= 0 || text.IndexOf("At line:", StringComparison.Ordinal) >= 0;
            if (atWidth < 2 && !errorView) return cut;
            for (int i = 0; i + 1 < lengths.Count; i++) cut[i] = !margined[i] && lengths[i] == width;
            return cut;
        }

        /// <summary>Undoes JSON string escapes (twice at most: a JSON log of a JSON message), only when the text has them.</summary>
        private static string Unescape(string text)
        {
            for (int round = 0; round < 2; round++)
            {
                if (text.IndexOf("\\n", StringComparison.Ordinal) < 0 && text.IndexOf("\\\"", StringComparison.Ordinal) < 0
                    && text.IndexOf("\\t", StringComparison.Ordinal) < 0) break;
                var sb = new StringBuilder(text.Length);
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c != '\\' || i + 1 >= text.Length) { sb.Append(c); continue; }
                    char n = text[i + 1];
                    switch (n)
                    {
                        case 'n': sb.Append('\n'); i++; break;
                        case 'r': i++; break;
                        case 't': sb.Append('\t'); i++; break;
                        case '"': sb.Append('"'); i++; break;
                        case '/': sb.Append('/'); i++; break;
                        case '\\': sb.Append('\\'); i++; break;
                        case 'u' when i + 5 < text.Length && Unicode.IsMatch(text.Substring(i, 6)):
                            sb.Append((char)int.Parse(text.Substring(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 5;
                            break;
                        default: sb.Append(c); break;
                    }
                }
                text = sb.ToString();
            }
            return text;
        }
    }
}
