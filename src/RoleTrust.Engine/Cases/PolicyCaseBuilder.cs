using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Cases
{
    /// <summary>Builds an <see cref="EvaluationRequest"/> from a <see cref="PolicyCase"/>: parses policies (through the cache), principal, context.</summary>
    public sealed class PolicyCaseBuilder
    {
        private readonly PolicyCache _cache;

        public PolicyCaseBuilder(PolicyCache? cache = null) { _cache = cache ?? new PolicyCache(); }

        [MethodImpl(HotPath.Options)]
        public EvaluationRequest Build(PolicyCase c, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(c.Principal)) throw Invalid("The case has no principal.");
            if (string.IsNullOrWhiteSpace(c.Resource)) throw Invalid("The case has no resource.");
            if (string.IsNullOrWhiteSpace(c.Action) || (c.Action != "*" && c.Action.IndexOf(':') <= 0))
                throw new PolicyFormatException(PolicyErrorIds.InvalidAction, $"Action '{c.Action}' is not service:action.", offendingValue: c.Action);
            if (!PrincipalIdentity.TryParse(c.Principal, out var principal, out var error))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, error, offendingValue: c.Principal);
            Arn? resourceArn = null;
            if (c.Resource != "*" && !Arn.TryParse(c.Resource, out resourceArn))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"Resource '{c.Resource}' is not an ARN.", offendingValue: c.Resource);
            if (c.ResourceAccount != null && !Arn.IsAccountId(c.ResourceAccount))
                throw new PolicyFormatException(PolicyErrorIds.InvalidRequest, $"resourceAccount '{c.ResourceAccount}' is not a 12-digit account ID.", offendingValue: c.ResourceAccount);
            if (c.ManagementAccount != null && !Arn.IsAccountId(c.ManagementAccount))
                throw new PolicyFormatException(PolicyErrorIds.InvalidRequest, $"managementAccount '{c.ManagementAccount}' is not a 12-digit account ID.", offendingValue: c.ManagementAccount);

            var context = BuildContext(c.Context);
            // A session's aws:PrincipalArn (given in the context) tells the role's path, which its ARN lacks.
            if (principal.IsRoleSession && context.GetSingle("aws:PrincipalArn") is string roleArn
                && PrincipalIdentity.TryParse(roleArn, out var role, out _) && role.Kind == PrincipalKind.Role && role.Name == principal.Name)
                principal = principal.With(rolePath: role.Path);
            if (context.GetSingle("aws:userid") is string userId)
                principal = principal.With(uniqueId: userId.Split(':')[0]);

            string? resourceAccount = c.ResourceAccount;
            if (resourceAccount == null && resourceArn != null && resourceArn.Account.Length > 0) resourceAccount = resourceArn.Account;
            ContextKeys.AddPrincipalKeys(context, principal, resourceAccount);
            ContextKeys.AddTime(context, now);

            return new EvaluationRequest(principal, c.Action, c.Resource!, context)
            {
                ResourceAccount = c.ResourceAccount,
                ManagementAccount = c.ManagementAccount,
                IdentityPolicies = Policies(c.IdentityPolicies, "IdentityPolicy", PolicyType.Identity)!,
                PermissionsBoundaries = Policies(c.PermissionsBoundaries, "PermissionsBoundary", PolicyType.PermissionsBoundary),
                SessionPolicies = Policies(c.SessionPolicies, "SessionPolicy", PolicyType.Session),
                VpcEndpointPolicies = Policies(c.VpcEndpointPolicies, "VpcEndpointPolicy", PolicyType.VpcEndpoint),
                ServiceControlPolicies = Levels(c.ServiceControlPolicies, "SCP", PolicyType.ServiceControl),
                ResourceControlPolicies = Levels(c.ResourceControlPolicies, "RCP", PolicyType.ResourceControl),
                ResourcePolicy = c.ResourcePolicy == null ? null : Policy(c.ResourcePolicy, "ResourcePolicy", PolicyType.Resource),
            };
        }

        private static PolicyFormatException Invalid(string message) => new PolicyFormatException(PolicyErrorIds.InvalidRequest, message);

        [MethodImpl(HotPath.Options)]
        public static RequestContext BuildContext(JsonNode? node)
        {
            if (node == null) return new RequestContext(12);
            if (node.Kind != JsonKind.Object) throw Invalid("context must be an object of condition key to value.");
            // Room for the keys derived from the principal and the time, added after these.
            var context = new RequestContext(node.Members!.Count + 10);
            foreach (var m in node.Members!)
            {
                var v = m.Value;
                if (v.Kind == JsonKind.Array)
                {
                    var values = new List<string>(v.Items!.Count);
                    foreach (var item in v.Items)
                    {
                        if (!item.IsScalar || item.Kind == JsonKind.Null) throw Invalid($"Context key '{m.Key}' holds a value that is not a string, number or boolean.");
                        values.Add(item.Text!);
                    }
                    context.SetMany(m.Key, values);
                }
                else if (v.Kind == JsonKind.Null) continue;
                else if (v.IsScalar) context.Set(m.Key, v.Text!);
                else throw Invalid($"Context key '{m.Key}' must be a value or an array of values, not an object.");
            }
            return context;
        }

        [MethodImpl(HotPath.Options)]
        private List<PolicyDocument>? Policies(List<JsonNode>? nodes, string prefix, PolicyType type)
        {
            if (nodes == null) return null;
            var list = new List<PolicyDocument>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++) list.Add(Policy(nodes[i], nodes.Count == 1 && type != PolicyType.Identity ? prefix : PolicyNames.Indexed(prefix, i), type));
            return list;
        }

        /// <summary>A policy given as text, as a document object, or as { name, document } (PolicyName/PolicyDocument, Name/Content ...).</summary>
        [MethodImpl(HotPath.Options)]
        private PolicyDocument Policy(JsonNode node, string defaultName, PolicyType type)
        {
            string name = defaultName;
            string? arn = null;
            if (node.Kind == JsonKind.Object && node.Get("Statement") == null)
            {
                var doc = First(node, DocumentMembers);
                if (doc != null)
                {
                    name = First(node, NameMembers)?.Text ?? name;
                    arn = First(node, ArnMembers)?.Text;
                    node = doc;
                }
            }
            if (node.Kind == JsonKind.String) return _cache.Get(node.Text!, name, type, arn);
            if (node.Kind == JsonKind.Object) return _cache.Get(node, name, type, arn);
            throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, $"A policy must be JSON text or an object, not {node.Kind.ToString().ToLowerInvariant()}.", name);
        }

        // The member names a wrapper object may use, in order of preference (arrays made once, not per call).
        private static readonly string[] DocumentMembers = { "PolicyDocument", "Document", "Content", "Policy", "policy", "document", "content" };
        private static readonly string[] NameMembers = { "PolicyName", "Name", "name", "Id", "id" };
        private static readonly string[] ArnMembers = { "PolicyArn", "Arn", "arn" };
        private static readonly string[] LevelPolicyMembers = { "policies", "Policies" };
        private static readonly string[] LevelIdMembers = { "id", "Id", "name", "Name" };

        [MethodImpl(HotPath.Options)]
        private static JsonNode? First(JsonNode obj, string[] names)
        {
            foreach (var n in names) { var v = obj.Get(n); if (v != null) return v; }
            return null;
        }

        [MethodImpl(HotPath.Options)]
        private List<PolicyLevel>? Levels(JsonNode? node, string prefix, PolicyType type)
        {
            if (node == null) return null;
            var items = node.Kind == JsonKind.Array ? node.Items! : new List<JsonNode> { node };
            var levels = new List<PolicyLevel>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                string id = PolicyNames.Level(prefix, i);
                List<JsonNode> policyNodes;
                if (item.Kind == JsonKind.Array) policyNodes = item.Items!;
                else if (item.Kind == JsonKind.Object && item.Get("Statement") == null && First(item, LevelPolicyMembers) is JsonNode ps)
                {
                    id = First(item, LevelIdMembers)?.Text ?? id;
                    policyNodes = ps.Kind == JsonKind.Array ? ps.Items! : new List<JsonNode> { ps };
                }
                else policyNodes = new List<JsonNode> { item }; // a bare policy is a level holding just that policy
                var docs = new List<PolicyDocument>(policyNodes.Count);
                for (int j = 0; j < policyNodes.Count; j++) docs.Add(Policy(policyNodes[j], PolicyNames.AtLevel(id, j), type));
                levels.Add(new PolicyLevel(id, docs));
            }
            return levels;
        }
    }
}
