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
        private JsonNode(JsonKind kind, string? text, List<KeyValuePair<string, JsonNode>>? members, List<JsonNode>? items, int line)
        {
            Kind = kind; Text = text; Members = members; Items = items; Line = line;
        }

        public JsonKind Kind { get; }
        /// <summary>String content, number literal, or "true"/"false"/"null".</summary>
        public string? Text { get; }
        /// <summary>Object members in source order, duplicates included.</summary>
        public List<KeyValuePair<string, JsonNode>>? Members { get; }
        public List<JsonNode>? Items { get; }
        /// <summary>1-based source line, 0 when the value did not come from text.</summary>
        public int Line { get; }

        public bool IsScalar => Kind != JsonKind.Object && Kind != JsonKind.Array;

        public static JsonNode String(string value, int line = 0) => new JsonNode(JsonKind.String, value, null, null, line);
        public static JsonNode Number(string literal, int line = 0) => new JsonNode(JsonKind.Number, literal, null, null, line);
        public static JsonNode Bool(bool value, int line = 0) => new JsonNode(value ? JsonKind.True : JsonKind.False, value ? "true" : "false", null, null, line);
        public static JsonNode Null(int line = 0) => new JsonNode(JsonKind.Null, "null", null, null, line);
        public static JsonNode Object(List<KeyValuePair<string, JsonNode>> members, int line = 0) => new JsonNode(JsonKind.Object, null, members, null, line);
        public static JsonNode Array(List<JsonNode> items, int line = 0) => new JsonNode(JsonKind.Array, null, null, items, line);

        /// <summary>The last member with this name (AWS semantics for duplicates), compared case-sensitively.</summary>
        [MethodImpl(JsonParser.Hot)]
        public JsonNode? Get(string name)
        {
            if (Members == null) return null;
            for (int i = Members.Count - 1; i >= 0; i--)
                if (Members[i].Key == name) return Members[i].Value;
            return null;
        }

        public override string ToString() => JsonWriter.Write(this);
    }
}
