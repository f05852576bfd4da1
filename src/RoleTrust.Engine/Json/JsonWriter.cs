using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace RoleTrust.Engine.Json
{
    /// <summary>Compact or indented JSON text for evidence and for fix documents users paste into AWS.</summary>
    public static class JsonWriter
    {
        public static string Write(JsonNode node, bool indented = false)
        {
            if (!indented)
            {
                // One compact writer serves trees and tapes: the tree is read into the thread's tape, let go of once written.
                var tape = _tape ??= new JsonTape(256);
                try { return Write(tape, tape.Append(node)); }
                finally { tape.Clear(); }
            }
            var sb = new StringBuilder();
            Write(sb, node, indented, 0, markupSafe: false);
            return sb.ToString();
        }

        [System.ThreadStatic] private static JsonTape? _tape;

        /// <summary>
        /// Indented JSON for documents a viewer renders (SARIF, the graph viewer's data): the characters that mean something
        /// to an HTML parser or a script are \u escapes, so the JSON reads back to the same text while no viewer can find
        /// markup in it.
        /// </summary>
        public static void WriteMarkupSafe(StringBuilder sb, JsonNode node) => Write(sb, node, true, 0, markupSafe: true);

        /// <summary>A tape value as compact text, exactly as <see cref="Write(JsonNode, bool)"/> writes the same value as a tree.</summary>
        public static string Write(JsonTape tape, int value)
        {
            long length = JsonTree.CompactLength(tape, value);
            // Written into a buffer kept per thread when short: only the string is new.
            var buffer = length <= ScratchSize ? _scratch ??= new char[ScratchSize] : new char[checked((int)length)];
            return new string(buffer, 0, WriteCompact(tape, value, buffer, 0, Marks.None));
        }

        private const int ScratchSize = 1 << 13;
        [System.ThreadStatic] private static char[]? _scratch;

        /// <summary>
        /// Where the items of one array (or one object) of a tape went when written: a policy's text is written once and its
        /// statements' texts are cut from it, so that no tree or second writing is needed for them.
        /// </summary>
        internal sealed class Marks
        {
            public static readonly Marks None = new Marks(JsonTape.None);
            public Marks(int value) { Value = value; }
            /// <summary>The value whose items (or, for an object, itself) are marked.</summary>
            public int Value;
            public int Count;
            public int[] Starts = new int[8];
            public int[] Ends = new int[8];

            public void Add(int start, int end)
            {
                if (Count == Starts.Length)
                {
                    Array.Resize(ref Starts, Count * 2);
                    Array.Resize(ref Ends, Count * 2);
                }
                Starts[Count] = start; Ends[Count++] = end;
            }
        }

        /// <summary>Writes a tape value's compact text at <paramref name="i"/> (the buffer has room for its <see cref="JsonTree.CompactLength(JsonTape, int)"/>); returns the end.</summary>
        [MethodImpl(HotPath.Options)]
        internal static int WriteCompact(JsonTape t, int value, char[] b, int i, Marks marks)
        {
            switch (t.Kind(value))
            {
                case JsonKind.String: return WriteString(t.Text(value)!, b, i);
                case JsonKind.Object:
                {
                    int start = i, count = t.Count(value);
                    b[i++] = '{';
                    for (int k = 0; k < count; k++)
                    {
                        if (k > 0) b[i++] = ',';
                        i = WriteString(t.MemberName(value, k), b, i);
                        b[i++] = ':';
                        i = WriteCompact(t, t.Item(value, k), b, i, marks);
                    }
                    b[i++] = '}';
                    if (value == marks.Value) marks.Add(start, i);
                    return i;
                }
                case JsonKind.Array:
                {
                    int count = t.Count(value);
                    bool marked = value == marks.Value;
                    b[i++] = '[';
                    for (int k = 0; k < count; k++)
                    {
                        if (k > 0) b[i++] = ',';
                        int start = i;
                        i = WriteCompact(t, t.Item(value, k), b, i, marks);
                        if (marked) marks.Add(start, i);
                    }
                    b[i++] = ']';
                    return i;
                }
                default:
                {
                    string text = t.Text(value)!;
                    text.CopyTo(0, b, i, text.Length);
                    return i + text.Length;
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private static int WriteString(string s, char[] b, int i)
        {
            // Most strings need no escape: copied whole.
            int n = s.Length, plain = 0;
            while (plain < n && s[plain] >= 0x20 && s[plain] != '"' && s[plain] != '\\') plain++;
            b[i++] = '"';
            s.CopyTo(0, b, i, plain);
            i += plain;
            for (int k = plain; k < n; k++)
            {
                char c = s[k];
                switch (c)
                {
                    case '"': b[i++] = '\\'; b[i++] = '"'; break;
                    case '\\': b[i++] = '\\'; b[i++] = '\\'; break;
                    case '\n': b[i++] = '\\'; b[i++] = 'n'; break;
                    case '\r': b[i++] = '\\'; b[i++] = 'r'; break;
                    case '\t': b[i++] = '\\'; b[i++] = 't'; break;
                    case '\b': b[i++] = '\\'; b[i++] = 'b'; break;
                    case '\f': b[i++] = '\\'; b[i++] = 'f'; break;
                    default:
                        if (c < 0x20)
                        {
                            const string Hex = "0123456789abcdef";
                            b[i++] = '\\'; b[i++] = 'u'; b[i++] = '0'; b[i++] = '0'; b[i++] = Hex[c >> 4]; b[i++] = Hex[c & 0xF];
                        }
                        else b[i++] = c;
                        break;
                }
            }
            b[i++] = '"';
            return i;
        }

        private static void Write(StringBuilder sb, JsonNode node, bool indented, int depth, bool markupSafe)
        {
            switch (node.Kind)
            {
                case JsonKind.String: WriteString(sb, node.Text!, markupSafe); break;
                case JsonKind.Object:
                    WriteContainer(sb, '{', '}', node.Members!, indented, depth, (m, d) =>
                    {
                        WriteString(sb, m.Key, markupSafe);
                        sb.Append(indented ? ": " : ":");
                        Write(sb, m.Value, indented, d, markupSafe);
                    });
                    break;
                case JsonKind.Array:
                    WriteContainer(sb, '[', ']', node.Items!, indented, depth, (item, d) => Write(sb, item, indented, d, markupSafe));
                    break;
                default: sb.Append(node.Text); break;
            }
        }

        private static void WriteContainer<T>(StringBuilder sb, char open, char close, List<T> items, bool indented, int depth, System.Action<T, int> writeItem)
        {
            sb.Append(open);
            if (items.Count == 0) { sb.Append(close); return; }
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0) sb.Append(',');
                if (indented) sb.Append('\n').Append(' ', (depth + 1) * 2);
                writeItem(items[i], depth + 1);
            }
            if (indented) sb.Append('\n').Append(' ', depth * 2);
            sb.Append(close);
        }

        /// <summary>A JSON string literal; with <paramref name="markupSafe"/> also &lt; &gt; &amp; ' and the JavaScript line separators as \u escapes.</summary>
        public static void WriteString(StringBuilder sb, string s, bool markupSafe = false)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || (markupSafe && (c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029')))
                            sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
