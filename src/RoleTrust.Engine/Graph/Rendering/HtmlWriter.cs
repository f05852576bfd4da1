using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RoleTrust.Engine.Json;

namespace RoleTrust.Graph.Rendering
{
    /// <summary>
    /// One self-contained HTML file: the graph as JSON in a script block of type application/json, the viewer's own
    /// script and style inline (viewer.js, viewer.css), nothing fetched from anywhere. Safe to open on data that holds
    /// markup: in the JSON every &lt;, &gt;, &amp;, U+2028 and U+2029 is a \u escape, so no text can end the block or
    /// form a tag; the viewer inserts text with textContent only; and a Content-Security-Policy allows no script but the
    /// viewer's own (by its hash), no image, font, frame or connection.
    /// </summary>
    public static class HtmlWriter
    {
        private static readonly Lazy<string> Script = new Lazy<string>(() => Resource("viewer.js"));
        private static readonly Lazy<string> Style = new Lazy<string>(() => Resource("viewer.css"));

        public static string Write(GraphDocument g, string title)
        {
            string script = Script.Value, style = Style.Value;
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '").Append(Hash(script))
              .Append("'; style-src '").Append(Hash(style)).Append("'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n");
            sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>RoleTrust graph</title>\n");
            sb.Append("<style>").Append(style).Append("</style>\n</head>\n<body>\n");
            sb.Append(@"<div id=""side"">
<h1 id=""title""></h1>
<div id=""summary"" class=""legend""></div>
<input id=""search"" type=""search"" placeholder=""Search principals and roles"" autocomplete=""off"">
<select id=""account""></select>
<div id=""count"" class=""legend""></div>
<ul id=""list""></ul>
<div><button id=""to-here"" type=""button"">Highlight who reaches it</button> <button id=""from-here"" type=""button"">Highlight what it reaches</button> <button id=""clear"" type=""button"">Clear</button></div>
<ul id=""paths""></ul>
<div class=""legend"">Solid: open for any request. Dashed: only for some requests (MFA, external ID, network, region ...). Thick: a hop in a role chain. Dashed box: an account outside the snapshot.</div>
</div>
<div id=""main"">
<div id=""message""></div>
<div id=""canvas""></div>
<div id=""details""></div>
</div>
");
            sb.Append("<script type=\"application/json\" id=\"roletrust-data\">").Append(Data(g, title)).Append("</script>\n");
            sb.Append("<script>").Append(script).Append("</script>\n</body>\n</html>\n");
            return sb.ToString();
        }

        /// <summary>The graph as JSON, safe inside a script block (see the class remarks).</summary>
        internal static string Data(GraphDocument g, string title)
        {
            var accountIndex = g.Accounts.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
            var edgeIndex = g.Edges.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i);
            var sb = new StringBuilder();
            sb.Append("{\"title\":").Append(Json(title));
            sb.Append(",\"accounts\":[");
            for (int i = 0; i < g.Accounts.Count; i++)
            {
                var a = g.Accounts[i];
                if (i > 0) sb.Append(',');
                sb.Append("{\"id\":").Append(Json(a.Id)).Append(",\"label\":").Append(Json(a.Label)).Append(",\"inData\":").Append(a.InData ? "true" : "false").Append('}');
            }
            sb.Append("],\"nodes\":[");
            for (int i = 0; i < g.Nodes.Count; i++)
            {
                var n = g.Nodes[i];
                if (i > 0) sb.Append(',');
                sb.Append("{\"id\":").Append(Json(n.Id)).Append(",\"kind\":").Append(Json(n.Kind)).Append(",\"label\":").Append(Json(n.Label))
                  .Append(",\"account\":").Append(n.Account == null ? -1 : accountIndex[n.Account])
                  .Append(",\"description\":").Append(Json(n.Description ?? "")).Append(",\"tags\":[");
                bool first = true;
                foreach (var t in n.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append('[').Append(Json(t.Key)).Append(',').Append(Json(t.Value)).Append(']');
                }
                sb.Append("]}");
            }
            sb.Append("],\"edges\":[");
            for (int i = 0; i < g.Edges.Count; i++)
            {
                var e = g.Edges[i];
                if (i > 0) sb.Append(',');
                sb.Append("{\"from\":").Append(e.From.Index).Append(",\"to\":").Append(e.To.Index)
                  .Append(",\"conditional\":").Append(e.Conditional ? "true" : "false").Append(",\"chain\":").Append(e.Chain ? "true" : "false")
                  .Append(",\"conditions\":[").Append(string.Join(",", e.Hop.Conditions.Select(Json))).Append(']')
                  .Append(",\"trust\":").Append(Json(e.Hop.TrustStatement)).Append(",\"identity\":").Append(Json(e.Hop.IdentityStatement)).Append('}');
            }
            sb.Append("],\"paths\":[");
            for (int i = 0; i < g.Paths.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append('[').Append(string.Join(",", g.Paths[i].Select(e => edgeIndex[e]))).Append(']');
            }
            sb.Append("]}");
            return sb.ToString();
        }

        /// <summary>A JSON string with every character that could matter to an HTML parser or a script escaped as \uXXXX.</summary>
        public static string Json(string? value)
        {
            var sb = new StringBuilder();
            JsonWriter.WriteString(sb, value ?? "", markupSafe: true);
            return sb.ToString();
        }

        private static string Hash(string text)
        {
            using (var sha = SHA256.Create()) return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        private static string Resource(string name)
        {
            using (var stream = typeof(HtmlWriter).Assembly.GetManifestResourceStream("RoleTrust.Engine.Graph.Rendering." + name)
                ?? throw new InvalidOperationException($"The viewer resource {name} is missing from the build."))
            using (var reader = new StreamReader(stream, Encoding.UTF8)) return reader.ReadToEnd();
        }
    }
}
