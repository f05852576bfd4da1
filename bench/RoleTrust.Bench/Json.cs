using System.Collections.Generic;
using System.Globalization;
using RoleTrust.Engine.Json;

namespace RoleTrust.Bench
{
    /// <summary>Terse builders for the JSON trees the generator writes.</summary>
    internal static class J
    {
        public static JsonNode S(string s) => JsonNode.String(s);
        public static JsonNode N(long n) => JsonNode.Number(n.ToString(CultureInfo.InvariantCulture));
        public static JsonNode B(bool b) => JsonNode.Bool(b);

        public static JsonNode O(params (string key, JsonNode? value)[] members)
        {
            var list = new List<KeyValuePair<string, JsonNode>>(members.Length);
            foreach (var (key, value) in members) if (value != null) list.Add(new KeyValuePair<string, JsonNode>(key, value));
            return JsonNode.Object(list);
        }

        public static JsonNode A(IEnumerable<JsonNode> items) => JsonNode.Array(new List<JsonNode>(items));
        public static JsonNode A(params JsonNode[] items) => JsonNode.Array(new List<JsonNode>(items));
        public static JsonNode Strings(IEnumerable<string> items)
        {
            var list = new List<JsonNode>();
            foreach (var s in items) list.Add(S(s));
            return JsonNode.Array(list);
        }

        /// <summary>One string, or an array when there are several (as policies are usually written).</summary>
        public static JsonNode OneOrMany(IReadOnlyList<string> items) => items.Count == 1 ? S(items[0]) : Strings(items);

        public static JsonNode Policy(params JsonNode[] statements) => O(("Version", S("2012-10-17")), ("Statement", A(statements)));
    }
}
