using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// One Test-IamPolicy case as data: what a JSON Lines regression file holds per line, or what a cmdlet
    /// bound from parameters. Policies, levels and the context stay values of the case's <see cref="Tape"/> (JSON text,
    /// URL-encoded text, or objects) until built: a case file's line is read into one tape reused line after line, and
    /// no tree of objects is made for it.
    /// </summary>
    public sealed class PolicyCase
    {
        /// <summary>A case bound from parameters: its values are added to a tape of its own.</summary>
        public PolicyCase() : this(new JsonTape(64)) { }

        /// <summary>A case whose values are in <paramref name="tape"/> (valid as long as the tape holds them).</summary>
        internal PolicyCase(JsonTape tape) { Tape = tape; }

        /// <summary>Where the values below are.</summary>
        internal JsonTape Tape { get; }

        public string? Id { get; set; }
        public string? Principal { get; set; }
        public string Action { get; set; } = "sts:AssumeRole";
        public string? Resource { get; set; }
        public string? ResourceAccount { get; set; }
        /// <summary>The organization's management account: SCPs do not apply to its principals nor RCPs to its resources.</summary>
        public string? ManagementAccount { get; set; }
        internal List<int> IdentityPolicies { get; } = new List<int>(2);
        internal List<int>? PermissionsBoundaries { get; set; }
        internal List<int>? SessionPolicies { get; set; }
        internal List<int>? VpcEndpointPolicies { get; set; }
        /// <summary>Levels from the root down: each an array of policies or { "id": ..., "policies": [...] }; <see cref="JsonTape.None"/> when absent.</summary>
        internal int ServiceControlPolicies { get; set; } = JsonTape.None;
        internal int ResourceControlPolicies { get; set; } = JsonTape.None;
        internal int ResourcePolicy { get; set; } = JsonTape.None;
        /// <summary>Object of condition key to value or array of values.</summary>
        internal int Context { get; set; } = JsonTape.None;
        /// <summary>Expected decision, when the case is a regression test.</summary>
        public string? Expect { get; set; }

        private static readonly Dictionary<string, Action<PolicyCase, int>> Fields =
            new Dictionary<string, Action<PolicyCase, int>>(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = (c, v) => c.Id = IsScalar(c.Tape, v) ? c.Tape.Text(v) : JsonWriter.Write(c.Tape, v),
                ["principal"] = (c, v) => c.Principal = ScalarText(c.Tape, v, "principal"),
                ["action"] = (c, v) => c.Action = ScalarText(c.Tape, v, "action"),
                ["resource"] = (c, v) => c.Resource = ScalarText(c.Tape, v, "resource"),
                ["resourceAccount"] = (c, v) => c.ResourceAccount = ScalarText(c.Tape, v, "resourceAccount"),
                ["managementAccount"] = (c, v) => c.ManagementAccount = ScalarText(c.Tape, v, "managementAccount"),
                ["identityPolicies"] = (c, v) => AddItems(c.Tape, v, c.IdentityPolicies),
                ["identityPolicy"] = (c, v) => AddItems(c.Tape, v, c.IdentityPolicies),
                ["permissionBoundaries"] = (c, v) => c.PermissionsBoundaries = List(c.Tape, v),
                ["permissionsBoundaries"] = (c, v) => c.PermissionsBoundaries = List(c.Tape, v),
                ["permissionsBoundary"] = (c, v) => c.PermissionsBoundaries = List(c.Tape, v),
                ["sessionPolicy"] = (c, v) => c.SessionPolicies = List(c.Tape, v),
                ["sessionPolicies"] = (c, v) => c.SessionPolicies = List(c.Tape, v),
                ["endpointPolicies"] = (c, v) => c.VpcEndpointPolicies = List(c.Tape, v),
                ["vpcEndpointPolicy"] = (c, v) => c.VpcEndpointPolicies = List(c.Tape, v),
                ["vpcEndpointPolicies"] = (c, v) => c.VpcEndpointPolicies = List(c.Tape, v),
                ["scps"] = (c, v) => c.ServiceControlPolicies = v,
                ["serviceControlPolicy"] = (c, v) => c.ServiceControlPolicies = v,
                ["serviceControlPolicies"] = (c, v) => c.ServiceControlPolicies = v,
                ["rcps"] = (c, v) => c.ResourceControlPolicies = v,
                ["resourceControlPolicy"] = (c, v) => c.ResourceControlPolicies = v,
                ["resourceControlPolicies"] = (c, v) => c.ResourceControlPolicies = v,
                ["trustPolicy"] = (c, v) => c.ResourcePolicy = v,
                ["resourcePolicy"] = (c, v) => c.ResourcePolicy = v,
                ["context"] = (c, v) => c.Context = v,
                ["expect"] = (c, v) => c.Expect = IsScalar(c.Tape, v) ? c.Tape.Text(v) : null,
                ["expected"] = (c, v) => c.Expect = IsScalar(c.Tape, v) ? c.Tape.Text(v) : null,
            };

        /// <summary>Field names a case file may use (case-insensitive), for binding and for error messages.</summary>
        public static IEnumerable<string> FieldNames => Fields.Keys;

        /// <summary>Reads one case from a JSON object (a line of a .jsonl file). Unknown fields are refused, so a typo cannot drop a policy.</summary>
        public static PolicyCase FromJson(JsonNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            var tape = new JsonTape(64);
            return FromTape(tape, tape.Append(node));
        }

        /// <summary>As <see cref="FromJson"/>, for the value <paramref name="value"/> of a tape (the case keeps reading the tape).</summary>
        [MethodImpl(HotPath.Options)]
        internal static PolicyCase FromTape(JsonTape tape, int value)
        {
            var kind = tape.Kind(value);
            if (kind != JsonKind.Object) throw new CaseFormatException($"A case must be a JSON object, not {kind.ToString().ToLowerInvariant()}.");
            var c = new PolicyCase(tape);
            for (int i = 0, count = tape.Count(value); i < count; i++)
            {
                string name = tape.MemberName(value, i);
                if (!Fields.TryGetValue(name, out var set))
                    throw new CaseFormatException($"Unknown case field '{name}'. Known fields: {string.Join(", ", KnownFieldsForMessage)}.");
                int member = tape.Item(value, i);
                if (tape.Kind(member) == JsonKind.Null) continue;
                set(c, member);
            }
            return c;
        }

        public static readonly string[] KnownFieldsForMessage =
            { "id", "principal", "action", "resource", "resourceAccount", "identityPolicies", "permissionBoundaries", "sessionPolicy", "endpointPolicies", "scps", "rcps", "managementAccount", "trustPolicy", "context", "expect" };

        /// <summary>Sets one field by name (the cmdlet binds parameters through this too).</summary>
        public void Set(string field, JsonNode value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (!Fields.TryGetValue(field, out var set)) throw new CaseFormatException($"Unknown case field '{field}'.");
            if (value.Kind != JsonKind.Null) set(this, Tape.Append(value));
        }

        private static bool IsScalar(JsonTape tape, int v)
        {
            var kind = tape.Kind(v);
            return kind != JsonKind.Object && kind != JsonKind.Array && kind != JsonKind.Null;
        }

        [MethodImpl(HotPath.Options)]
        private static List<int> List(JsonTape tape, int v)
        {
            var list = new List<int>(tape.Kind(v) == JsonKind.Array ? tape.Count(v) : 1);
            AddItems(tape, v, list);
            return list;
        }

        /// <summary>An array's items, or the value itself (null adds nothing).</summary>
        [MethodImpl(HotPath.Options)]
        private static void AddItems(JsonTape tape, int v, List<int> into)
        {
            var kind = tape.Kind(v);
            if (kind == JsonKind.Array) for (int i = 0, count = tape.Count(v); i < count; i++) into.Add(tape.Item(v, i));
            else if (kind != JsonKind.Null) into.Add(v);
        }

        [MethodImpl(HotPath.Options)]
        private static string ScalarText(JsonTape tape, int v, string field)
        {
            var kind = tape.Kind(v);
            if (kind == JsonKind.String || kind == JsonKind.Number) return tape.Text(v)!;
            throw new CaseFormatException($"'{field}' must be a string, not {kind.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>A case whose shape is wrong (as opposed to a policy inside it).</summary>
    public sealed class CaseFormatException : Exception
    {
        public CaseFormatException(string message) : base(message) { }
    }
}
