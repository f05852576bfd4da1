using System.Linq;
using System.Text;

namespace RoleTrust.Graph.Rendering
{
    /// <summary>
    /// A Graphviz digraph: one cluster per account, conditional edges dashed with their conditions, chain hops bold.
    /// Identifiers are generated; every text from the data is a double-quoted string with backslash, quote and line
    /// breaks escaped, so no text can end a string or start an HTML label.
    /// </summary>
    public static class DotWriter
    {
        public static string Write(GraphDocument g)
        {
            var sb = new StringBuilder();
            sb.Append("digraph roletrust {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n");
            var accountIndex = g.Accounts.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
            foreach (var group in g.Nodes.GroupBy(n => n.Account))
            {
                string indent = "  ";
                if (group.Key != null)
                {
                    sb.Append($"  subgraph cluster_{accountIndex[group.Key]} {{\n    label={Quote(group.Key.Label)};\n    style={(group.Key.InData ? "rounded" : "dashed")};\n");
                    indent = "    ";
                }
                foreach (var n in group)
                {
                    string shape = n.Kind == "Role" ? "box" : n.Kind == "User" ? "ellipse" : "hexagon";
                    string label = n.Kind == "Role" || n.Kind == "User" ? n.Label : $"{n.Kind}: {n.Label}";
                    sb.Append(indent).Append($"n{n.Index} [label={Quote(label)}, shape={shape}, tooltip={Quote(n.Id)}];\n");
                }
                if (group.Key != null) sb.Append("  }\n");
            }
            foreach (var e in g.Edges)
            {
                var attributes = e.Conditional ? $"style=dashed, label={Quote(string.Join("\n", e.Hop.Conditions))}" : e.Chain ? "style=bold" : "style=solid";
                sb.Append($"  n{e.From.Index} -> n{e.To.Index} [{attributes}];\n");
            }
            sb.Append("}\n");
            return sb.ToString();
        }

        /// <summary>A DOT double-quoted string: backslashes and quotes escaped, line breaks as \n, other control characters dropped.</summary>
        public static string Quote(string? value)
        {
            var sb = new StringBuilder("\"");
            foreach (char ch in value ?? "")
            {
                switch (ch)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default:
                        if (!char.IsControl(ch)) sb.Append(ch);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
