using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Whether a snapshot value can be a policy document: a JSON object (kept as its text by the parser) or JSON text,
    /// possibly URL-encoded as IAM returns it. Only the first character is looked at, so loading stays as fast as the
    /// parse; the document itself is parsed when a check needs it.
    /// </summary>
    internal static class PolicyText
    {
        /// <summary>Null when the value may be a policy document; otherwise what is wrong with it.</summary>
        [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: runs for every policy document of a snapshot, once per process
        public static string? Problem(JsonNode? node) => node == null ? "missing" : Problem(node.Kind, node.Text);

        /// <summary>As <see cref="Problem(JsonNode)"/>, for a value of a <see cref="JsonTape"/> (<see cref="JsonTape.None"/> when absent).</summary>
        public static string? Problem(JsonTape tape, int value) => value == JsonTape.None ? "missing" : Problem(tape.Kind(value), tape.Text(value));

        [MethodImpl((MethodImplOptions)512)]
        private static string? Problem(JsonKind kind, string? value)
        {
            if (kind != JsonKind.String) return JsonShape.Expected("a policy document (an object or a string)", kind);
            string text = value!;
            int i = 0;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i < text.Length && (text[i] == '{' || text[i] == '%')) return null;
            if (i < text.Length && text[i] == '[') return "expected a policy document (an object or a string), found an array";
            // "@{Version=...; Statement=System.Object[]}" is what ConvertTo-Json writes for an object deeper than -Depth.
            string shown = text.Length > 60 ? text.Substring(0, 60) + "..." : text;
            return $"expected a policy document (JSON text or URL-encoded JSON text), found the text '{shown}'";
        }
    }
}
