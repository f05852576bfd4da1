using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// One Test-IamPolicy case as data: what a JSON Lines regression file holds per line, or what a cmdlet
    /// bound from parameters. Policies stay raw (JSON text, URL-encoded text, or a tree) until built.
    /// </summary>
    public sealed class PolicyCase
    {
        public string? Id { get; set; }
        public string? Principal { get; set; }
        public string Action { get; set; } = "sts:AssumeRole";
        public string? Resource { get; set; }
        public string? ResourceAccount { get; set; }
        /// <summary>The organization's management account: SCPs do not apply to its principals nor RCPs to its resources.</summary>
        public string? ManagementAccount { get; set; }
        public List<JsonNode> IdentityPolicies { get; } = new List<JsonNode>();
        public List<JsonNode>? PermissionsBoundaries { get; set; }
        public List<JsonNode>? SessionPolicies { get; set; }
        public List<JsonNode>? VpcEndpointPolicies { get; set; }
        /// <summary>Levels from the root down: each an array of policies or { "id": ..., "policies": [...] }.</summary>
        public JsonNode? ServiceControlPolicies { get; set; }
        public JsonNode? ResourceControlPolicies { get; set; }
        public JsonNode? ResourcePolicy { get; set; }
        /// <summary>Object of condition key to value or array of values.</summary>
        public JsonNode? Context { get; set; }
        /// <summary>Expected decision, when the case is a regression test.</summary>
        public string? Expect { get; set; }

        private static readonly Dictionary<string, Action<PolicyCase, JsonNode>> Fields =
            new Dictionary<string, Action<PolicyCase, JsonNode>>(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = (c, v) => c.Id = v.IsScalar ? v.Text : JsonWriter.Write(v),
                ["principal"] = (c, v) => c.Principal = ScalarText(v, "principal"),
                ["action"] = (c, v) => c.Action = ScalarText(v, "action"),
                ["resource"] = (c, v) => c.Resource = ScalarText(v, "resource"),
                ["resourceAccount"] = (c, v) => c.ResourceAccount = ScalarText(v, "resourceAccount"),
                ["managementAccount"] = (c, v) => c.ManagementAccount = ScalarText(v, "managementAccount"),
                ["identityPolicies"] = (c, v) => c.IdentityPolicies.AddRange(List(v)),
                ["identityPolicy"] = (c, v) => c.IdentityPolicies.AddRange(List(v)),
                ["permissionBoundaries"] = (c, v) => c.PermissionsBoundaries = List(v),
                ["permissionsBoundaries"] = (c, v) => c.PermissionsBoundaries = List(v),
                ["permissionsBoundary"] = (c, v) => c.PermissionsBoundaries = List(v),
                ["sessionPolicy"] = (c, v) => c.SessionPolicies = List(v),
                ["sessionPolicies"] = (c, v) => c.SessionPolicies = List(v),
                ["endpointPolicies"] = (c, v) => c.VpcEndpointPolicies = List(v),
                ["vpcEndpointPolicy"] = (c, v) => c.VpcEndpointPolicies = List(v),
                ["vpcEndpointPolicies"] = (c, v) => c.VpcEndpointPolicies = List(v),
                ["scps"] = (c, v) => c.ServiceControlPolicies = NullToAbsent(v),
                ["serviceControlPolicy"] = (c, v) => c.ServiceControlPolicies = NullToAbsent(v),
                ["serviceControlPolicies"] = (c, v) => c.ServiceControlPolicies = NullToAbsent(v),
                ["rcps"] = (c, v) => c.ResourceControlPolicies = NullToAbsent(v),
                ["resourceControlPolicy"] = (c, v) => c.ResourceControlPolicies = NullToAbsent(v),
                ["resourceControlPolicies"] = (c, v) => c.ResourceControlPolicies = NullToAbsent(v),
                ["trustPolicy"] = (c, v) => c.ResourcePolicy = NullToAbsent(v),
                ["resourcePolicy"] = (c, v) => c.ResourcePolicy = NullToAbsent(v),
                ["context"] = (c, v) => c.Context = NullToAbsent(v),
                ["expect"] = (c, v) => c.Expect = v.IsScalar && v.Kind != JsonKind.Null ? v.Text : null,
                ["expected"] = (c, v) => c.Expect = v.IsScalar && v.Kind != JsonKind.Null ? v.Text : null,
            };

        /// <summary>Field names a case file may use (case-insensitive), for binding and for error messages.</summary>
        public static IEnumerable<string> FieldNames => Fields.Keys;

        /// <summary>Reads one case from a JSON object (a line of a .jsonl file). Unknown fields are refused, so a typo cannot drop a policy.</summary>
        [MethodImpl(HotPath.Options)]
        public static PolicyCase FromJson(JsonNode node)
        {
            if (node.Kind != JsonKind.Object) throw new CaseFormatException($"A case must be a JSON object, not {node.Kind.ToString().ToLowerInvariant()}.");
            var c = new PolicyCase();
            foreach (var m in node.Members!)
            {
                if (!Fields.TryGetValue(m.Key, out var set))
                    throw new CaseFormatException($"Unknown case field '{m.Key}'. Known fields: {string.Join(", ", KnownFieldsForMessage)}.");
                if (m.Value.Kind == JsonKind.Null) continue;
                set(c, m.Value);
            }
            return c;
        }

        public static readonly string[] KnownFieldsForMessage =
            { "id", "principal", "action", "resource", "resourceAccount", "identityPolicies", "permissionBoundaries", "sessionPolicy", "endpointPolicies", "scps", "rcps", "managementAccount", "trustPolicy", "context", "expect" };

        /// <summary>Sets one field by name (the cmdlet binds parameters through this too).</summary>
        public void Set(string field, JsonNode value)
        {
            if (!Fields.TryGetValue(field, out var set)) throw new CaseFormatException($"Unknown case field '{field}'.");
            if (value.Kind != JsonKind.Null) set(this, value);
        }

        private static JsonNode? NullToAbsent(JsonNode v) => v.Kind == JsonKind.Null ? null : v;

        [MethodImpl(HotPath.Options)]
        private static List<JsonNode> List(JsonNode v) =>
            v.Kind == JsonKind.Array ? new List<JsonNode>(v.Items!) : v.Kind == JsonKind.Null ? new List<JsonNode>() : new List<JsonNode> { v };

        [MethodImpl(HotPath.Options)]
        private static string ScalarText(JsonNode v, string field)
        {
            if (v.Kind == JsonKind.String || v.Kind == JsonKind.Number) return v.Text!;
            throw new CaseFormatException($"'{field}' must be a string, not {v.Kind.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>A case whose shape is wrong (as opposed to a policy inside it).</summary>
    public sealed class CaseFormatException : Exception
    {
        public CaseFormatException(string message) : base(message) { }
    }
}
