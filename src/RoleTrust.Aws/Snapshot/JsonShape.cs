using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>Words a JSON value's kind for problem reports: "expected an object, found a string".</summary>
    internal static class JsonShape
    {
        public static string Describe(JsonNode node) => Describe(node.Kind);

        public static string Describe(JsonKind kind) => kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.True => "true",
            JsonKind.False => "false",
            _ => "null",
        };

        public static string Expected(string what, JsonNode found) => $"expected {what}, found {Describe(found)}";

        public static string Expected(string what, JsonKind found) => $"expected {what}, found {Describe(found)}";
    }
}
