using System.Collections.Generic;
using System.Text;

namespace RoleTrust.Engine.Json
{
    /// <summary>Compact or indented JSON text for evidence and for fix documents users paste into AWS.</summary>
    public static class JsonWriter
    {
        public static string Write(JsonNode node, bool indented = false)
        {
            var sb = new StringBuilder();
            Write(sb, node, indented, 0);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, JsonNode node, bool indented, int depth)
        {
            switch (node.Kind)
            {
                case JsonKind.String: WriteString(sb, node.Text!); break;
                case JsonKind.Object:
                    WriteContainer(sb, '{', '}', node.Members!, indented, depth, (m, d) =>
                    {
                        WriteString(sb, m.Key);
                        sb.Append(indented ? ": " : ":");
                        Write(sb, m.Value, indented, d);
                    });
                    break;
                case JsonKind.Array:
                    WriteContainer(sb, '[', ']', node.Items!, indented, depth, (item, d) => Write(sb, item, indented, d));
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

        public static void WriteString(StringBuilder sb, string s)
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
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
