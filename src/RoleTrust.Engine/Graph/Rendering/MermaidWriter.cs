using System.Linq;
using System.Text;

namespace RoleTrust.Graph.Rendering
{
    /// <summary>
    /// A Mermaid flowchart: one subgraph per account, conditional edges dashed with their conditions, chain hops thick.
    /// Identifiers are generated (n0, a0 ...); every text from the data is written inside quotes with each character that
    /// is not plainly safe as a Mermaid entity (#34; ...), so no text can close a label, open a link or inject markup.
    /// </summary>
    public static class MermaidWriter
    {
        public static string Write(GraphDocument g)
        {
            var sb = new StringBuilder();
            sb.Append("flowchart LR\n");
            var accountIndex = g.Accounts.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
            foreach (var group in g.Nodes.GroupBy(n => n.Account))
            {
                string indent = "  ";
                if (group.Key != null)
                {
                    sb.Append($"  subgraph a{accountIndex[group.Key]}[\"{Text(group.Key.Label)}\"]\n");
                    indent = "    ";
                }
                foreach (var n in group) sb.Append(indent).Append($"n{n.Index}{Shape(n)}\n");
                if (group.Key != null) sb.Append("  end\n");
            }
            foreach (var e in g.Edges)
            {
                string arrow = e.Conditional ? "-.->" : e.Chain ? "==>" : "-->";
                string label = e.Conditional ? $"|\"{Text(string.Join("; ", e.Hop.Conditions))}\"|" : "";
                sb.Append($"  n{e.From.Index} {arrow}{label} n{e.To.Index}\n");
            }
            return sb.ToString();
        }

        private static string Shape(DrawnNode n)
        {
            string t = Text(n.Kind == "Role" || n.Kind == "User" ? n.Label : $"{n.Kind}: {n.Label}");
            return n.Kind switch
            {
                "Role" => $"[\"{t}\"]",
                "User" => $"([\"{t}\"])",
                _ => $"{{{{\"{t}\"}}}}",
            };
        }

        /// <summary>Text for inside a quoted Mermaid label: letters, digits and a few separators as they are, anything else as #code;.</summary>
        public static string Text(string? value)
        {
            var sb = new StringBuilder();
            foreach (char ch in value ?? "")
            {
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || " ,.:/_@=+-*".IndexOf(ch) >= 0) sb.Append(ch);
                else if (char.IsControl(ch)) sb.Append(' ');
                else sb.Append('#').Append((int)ch).Append(';');
            }
            return sb.ToString();
        }
    }
}
