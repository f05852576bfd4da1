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

        /// <summary>A tape for the lines of a case file this builder builds, one after the other (it is not shared between threads, nor is the builder).</summary>
        internal JsonTape LineTape => _lineTape ??= new JsonTape();
        private JsonTape? _lineTape;

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

            var context = BuildContext(c.Tape, c.Context);
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
                IdentityPolicies = Policies(c.Tape, c.IdentityPolicies, "IdentityPolicy", PolicyType.Identity)!,
                PermissionsBoundaries = Policies(c.Tape, c.PermissionsBoundaries, "PermissionsBoundary", PolicyType.PermissionsBoundary),
                SessionPolicies = Policies(c.Tape, c.SessionPolicies, "SessionPolicy", PolicyType.Session),
                VpcEndpointPolicies = Policies(c.Tape, c.VpcEndpointPolicies, "VpcEndpointPolicy", PolicyType.VpcEndpoint),
                ServiceControlPolicies = Levels(c.Tape, c.ServiceControlPolicies, "SCP", PolicyType.ServiceControl),
                ResourceControlPolicies = Levels(c.Tape, c.ResourceControlPolicies, "RCP", PolicyType.ResourceControl),
                ResourcePolicy = c.ResourcePolicy == JsonTape.None ? null : Policy(c.Tape, c.ResourcePolicy, "ResourcePolicy", PolicyType.Resource),
            };
        }

        private static PolicyFormatException Invalid(string message) => new PolicyFormatException(PolicyErrorIds.InvalidRequest, message);

        /// <summary>A request context from an object of condition key to value or array of values (null: an empty context).</summary>
        public static RequestContext BuildContext(JsonNode? node)
        {
            if (node == null) return new RequestContext(12);
            var tape = new JsonTape(64);
            return BuildContext(tape, tape.Append(node));
        }

        [MethodImpl(HotPath.Options)]
        private static RequestContext BuildContext(JsonTape t, int node)
        {
            if (node == JsonTape.None) return new RequestContext(12);
            if (t.Kind(node) != JsonKind.Object) throw Invalid("context must be an object of condition key to value.");
            int count = t.Count(node);
            // Room for the keys derived from the principal and the time, added after these.
            var context = new RequestContext(count + 10);
            for (int i = 0; i < count; i++)
            {
                string key = t.MemberName(node, i);
                int v = t.Item(node, i);
                var kind = t.Kind(v);
                if (kind == JsonKind.Array)
                {
                    int itemCount = t.Count(v);
                    var values = new List<string>(itemCount);
                    for (int k = 0; k < itemCount; k++)
                    {
                        int item = t.Item(v, k);
                        var itemKind = t.Kind(item);
                        if (itemKind == JsonKind.Object || itemKind == JsonKind.Array || itemKind == JsonKind.Null)
                            throw Invalid($"Context key '{key}' holds a value that is not a string, number or boolean.");
                        values.Add(t.Text(item)!);
                    }
                    context.SetMany(key, values);
                }
                else if (kind == JsonKind.Null) continue;
                else if (kind != JsonKind.Object) context.Set(key, t.Text(v)!);
                else throw Invalid($"Context key '{key}' must be a value or an array of values, not an object.");
            }
            return context;
        }

        [MethodImpl(HotPath.Options)]
        private List<PolicyDocument>? Policies(JsonTape t, List<int>? values, string prefix, PolicyType type)
        {
            if (values == null) return null;
            var list = new List<PolicyDocument>(values.Count);
            for (int i = 0; i < values.Count; i++) list.Add(Policy(t, values[i], values.Count == 1 && type != PolicyType.Identity ? prefix : PolicyNames.Indexed(prefix, i), type));
            return list;
        }

        /// <summary>A policy given as text, as a document object, or as { name, document } (PolicyName/PolicyDocument, Name/Content ...).</summary>
        [MethodImpl(HotPath.Options)]
        private PolicyDocument Policy(JsonTape t, int node, string defaultName, PolicyType type)
        {
            string name = defaultName;
            string? arn = null;
            if (t.Kind(node) == JsonKind.Object && t.Get(node, "Statement") == JsonTape.None)
            {
                int doc = First(t, node, DocumentMembers);
                if (doc != JsonTape.None)
                {
                    int nameValue = First(t, node, NameMembers), arnValue = First(t, node, ArnMembers);
                    if (nameValue != JsonTape.None && t.Text(nameValue) is string given) name = given;
                    if (arnValue != JsonTape.None) arn = t.Text(arnValue);
                    node = doc;
                }
            }
            var kind = t.Kind(node);
            if (kind == JsonKind.String) return _cache.Get(t.Text(node)!, name, type, arn);
            if (kind == JsonKind.Object) return _cache.Get(t, node, name, type, arn);
            throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, $"A policy must be JSON text or an object, not {kind.ToString().ToLowerInvariant()}.", name);
        }

        // The member names a wrapper object may use, in order of preference (arrays made once, not per call).
        private static readonly string[] DocumentMembers = { "PolicyDocument", "Document", "Content", "Policy", "policy", "document", "content" };
        private static readonly string[] NameMembers = { "PolicyName", "Name", "name", "Id", "id" };
        private static readonly string[] ArnMembers = { "PolicyArn", "Arn", "arn" };
        private static readonly string[] LevelPolicyMembers = { "policies", "Policies" };
        private static readonly string[] LevelIdMembers = { "id", "Id", "name", "Name" };

        [MethodImpl(HotPath.Options)]
        private static int First(JsonTape t, int obj, string[] names)
        {
            foreach (var n in names) { int v = t.Get(obj, n); if (v != JsonTape.None) return v; }
            return JsonTape.None;
        }

        [MethodImpl(HotPath.Options)]
        private List<PolicyLevel>? Levels(JsonTape t, int node, string prefix, PolicyType type)
        {
            if (node == JsonTape.None) return null;
            bool array = t.Kind(node) == JsonKind.Array;
            int levelCount = array ? t.Count(node) : 1;
            var levels = new List<PolicyLevel>(levelCount);
            for (int i = 0; i < levelCount; i++)
            {
                int item = array ? t.Item(node, i) : node;
                string id = PolicyNames.Level(prefix, i);
                // The level's policies: an array's items, a { id, policies } object's, or a bare policy alone.
                int policies = item, policyCount = 1;
                bool policyArray = false;
                var kind = t.Kind(item);
                if (kind == JsonKind.Array) { policyArray = true; policyCount = t.Count(item); }
                else if (kind == JsonKind.Object && t.Get(item, "Statement") == JsonTape.None && First(t, item, LevelPolicyMembers) is int ps && ps != JsonTape.None)
                {
                    int idValue = First(t, item, LevelIdMembers);
                    if (idValue != JsonTape.None && t.Text(idValue) is string given) id = given;
                    policies = ps;
                    policyArray = t.Kind(ps) == JsonKind.Array;
                    policyCount = policyArray ? t.Count(ps) : 1;
                }
                var docs = new List<PolicyDocument>(policyCount);
                for (int j = 0; j < policyCount; j++) docs.Add(Policy(t, policyArray ? t.Item(policies, j) : policies, PolicyNames.AtLevel(id, j), type));
                levels.Add(new PolicyLevel(id, docs));
            }
            return levels;
        }
    }
}
