using System.Collections.Generic;
using System.Globalization;
using System.Text;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Writes JSON text the way `aws ... --output json` prints it (Python json.dumps with indent=4, ensure_ascii=False,
    /// and a final newline), so files written from live data are byte-identical to ones saved from the CLI.
    /// </summary>
    public static class CliJson
    {
        public static string Write(JsonNode node)
        {
            var sb = new StringBuilder();
            Write(sb, node, 0);
            return sb.Append('\n').ToString();
        }

        private static void Write(StringBuilder sb, JsonNode node, int depth)
        {
            switch (node.Kind)
            {
                case JsonKind.String: WriteString(sb, node.Text!); break;
                case JsonKind.Object:
                    if (node.Members!.Count == 0) { sb.Append("{}"); break; }
                    sb.Append('{');
                    for (int i = 0; i < node.Members.Count; i++)
                    {
                        sb.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 4);
                        WriteString(sb, node.Members[i].Key);
                        sb.Append(": ");
                        Write(sb, node.Members[i].Value, depth + 1);
                    }
                    sb.Append('\n').Append(' ', depth * 4).Append('}');
                    break;
                case JsonKind.Array:
                    if (node.Items!.Count == 0) { sb.Append("[]"); break; }
                    sb.Append('[');
                    for (int i = 0; i < node.Items.Count; i++)
                    {
                        sb.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 4);
                        Write(sb, node.Items[i], depth + 1);
                    }
                    sb.Append('\n').Append(' ', depth * 4).Append(']');
                    break;
                default: sb.Append(node.Text); break;
            }
        }

        private static void WriteString(StringBuilder sb, string s) => RoleTrust.Engine.Json.JsonWriter.WriteString(sb, s);
    }
}
