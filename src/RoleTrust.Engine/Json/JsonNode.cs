using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    public enum JsonKind { Object, Array, String, Number, True, False, Null }

    /// <summary>
    /// A JSON value that keeps what policy analysis needs and general-purpose trees drop:
    /// duplicate member names (AWS silently keeps the last one), member order, and the source line.
    /// </summary>
    public sealed class JsonNode
    {
        // One field for the text, the members or the items: a parsed file holds many nodes, and each field costs on all of them.
        private readonly object? _content;

        private JsonNode(JsonKind kind, object? content, int line)
        {
            Kind = kind; _content = content; Line = line;
        }

        public JsonKind Kind { get; }
        /// <summary>String content, number literal, or "true"/"false"/"null".</summary>
        public string? Text => _content as string;
        /// <summary>Object members in source order, duplicates included.</summary>
        public List<KeyValuePair<string, JsonNode>>? Members => Kind == JsonKind.Object ? (List<KeyValuePair<string, JsonNode>>)_content! : null;
        public List<JsonNode>? Items => Kind == JsonKind.Array ? (List<JsonNode>)_content! : null;
        /// <summary>1-based source line, 0 when the value did not come from text.</summary>
        public int Line { get; }

        public bool IsScalar => Kind != JsonKind.Object && Kind != JsonKind.Array;

        public static JsonNode String(string value, int line = 0) => new JsonNode(JsonKind.String, value, line);
        public static JsonNode Number(string literal, int line = 0) => new JsonNode(JsonKind.Number, literal, line);
        public static JsonNode Bool(bool value, int line = 0) => new JsonNode(value ? JsonKind.True : JsonKind.False, value ? "true" : "false", line);
        public static JsonNode Null(int line = 0) => new JsonNode(JsonKind.Null, "null", line);
        public static JsonNode Object(List<KeyValuePair<string, JsonNode>> members, int line = 0) => new JsonNode(JsonKind.Object, members, line);
        public static JsonNode Array(List<JsonNode> items, int line = 0) => new JsonNode(JsonKind.Array, items, line);

        /// <summary>The last member with this name (AWS semantics for duplicates), compared case-sensitively.</summary>
        [MethodImpl(JsonParser.Hot)]
        public JsonNode? Get(string name)
        {
            if (Kind != JsonKind.Object) return null;
            var members = (List<KeyValuePair<string, JsonNode>>)_content!;
            for (int i = members.Count - 1; i >= 0; i--)
                if (members[i].Key == name) return members[i].Value;
            return null;
        }

        public override string ToString() => JsonWriter.Write(this);
    }
}
