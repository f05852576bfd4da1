using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Model
{
    /// <summary>A policy document as stored: JSON tree or (possibly URL-encoded) text, turned into text only when used.</summary>
    public sealed class PolicySource
    {
        private readonly JsonNode? _node;
        private string? _text;

        public PolicySource(string text) { _text = text; }
        public PolicySource(JsonNode node) { _node = node; }

        public string Text => _text ??= JsonWriter.Write(_node!);

        public static PolicySource? From(JsonNode? node) =>
            node == null || node.Kind == JsonKind.Null ? null : node.Kind == JsonKind.String ? new PolicySource(node.Text!) : new PolicySource(node);
    }

    public sealed class InlinePolicy
    {
        public InlinePolicy(string name, PolicySource document) { Name = name; Document = document; }
        public string Name { get; }
        public PolicySource Document { get; }
    }

    public sealed class AttachedPolicy
    {
        public AttachedPolicy(string name, string arn) { Name = name; Arn = arn; }
        public string Name { get; }
        public string Arn { get; }
    }

    /// <summary>The parts of an entity that checks read; a problem with one makes only the checks that need it Unknown.</summary>
    public enum EntityField { InlinePolicies, AttachedPolicies, PermissionsBoundary, Tags, Groups, TrustPolicy, MaxSessionDuration, Id }

    /// <summary>A field of an entity that the data holds but that cannot be used as it is (wrong type or shape).</summary>
    public sealed class FieldProblem
    {
        public FieldProblem(EntityField field, DataGap gap) { Field = field; Gap = gap; }
        public EntityField Field { get; }
        public DataGap Gap { get; }
        public override string ToString() => $"{Field}: {Gap}";
    }

    /// <summary>The entity lists of an account's data.</summary>
    public enum EntityList { Users, Groups, Roles, Policies }

    /// <summary>Common to users and roles: the things that decide what the principal may do.</summary>
    public abstract class IamPrincipalData
    {
        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
        public string Path { get; set; } = "/";
        /// <summary>AIDA... / AROA...</summary>
        public string Id { get; set; } = "";
        public List<InlinePolicy> InlinePolicies { get; } = new List<InlinePolicy>();
        public List<AttachedPolicy> AttachedPolicies { get; } = new List<AttachedPolicy>();
        public string? PermissionsBoundaryArn { get; set; }
        public Dictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Fields present but unusable: a field listed here is not absent, it is unknown.</summary>
        public List<FieldProblem> Problems { get; } = new List<FieldProblem>();

        /// <summary>The problem with a field, or null when the field is usable (present or truly absent).</summary>
        [MethodImpl(HotPath.Options)]
        public DataGap? ProblemWith(EntityField field)
        {
            foreach (var p in Problems) if (p.Field == field) return p.Gap;
            return null;
        }
    }

    public sealed class IamUser : IamPrincipalData
    {
        public List<string> Groups { get; } = new List<string>();
    }

    public sealed class IamRole : IamPrincipalData
    {
        public PolicySource? TrustPolicy { get; set; }
        /// <summary>Seconds; null when the snapshot does not say (get-account-authorization-details omits it).</summary>
        public int? MaxSessionDuration { get; set; }
        public string? Description { get; set; }
        public string? LastUsedDate { get; set; }
    }

    public sealed class IamGroup
    {
        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
        public List<InlinePolicy> InlinePolicies { get; } = new List<InlinePolicy>();
        public List<AttachedPolicy> AttachedPolicies { get; } = new List<AttachedPolicy>();
        public List<FieldProblem> Problems { get; } = new List<FieldProblem>();
    }

    public sealed class ManagedPolicy
    {
        public ManagedPolicy(string arn, string name, PolicySource? defaultVersion, DataGap? problem = null)
        {
            Arn = arn; Name = name; DefaultVersion = defaultVersion; Problem = problem;
        }
        public string Arn { get; }
        public string Name { get; }
        /// <summary>The default version's document; null when the data lacks it.</summary>
        public PolicySource? DefaultVersion { get; }
        /// <summary>Why the default version cannot be used although the policy is listed (malformed version list).</summary>
        public DataGap? Problem { get; }
    }

    /// <summary>One account's IAM data, indexed for lookup by name (exact, and case-insensitive for suggestions).</summary>
    public sealed class AccountData
    {
        public AccountData(string accountId) { AccountId = accountId; }
        public string AccountId { get; }
        /// <summary>The partition the data's ARNs name (aws, aws-cn ...); null when it holds no ARN.</summary>
        public string? Partition { get; set; }
        public Dictionary<string, IamUser> Users { get; } = new Dictionary<string, IamUser>(StringComparer.Ordinal);
        public Dictionary<string, IamRole> Roles { get; } = new Dictionary<string, IamRole>(StringComparer.Ordinal);
        public Dictionary<string, IamGroup> Groups { get; } = new Dictionary<string, IamGroup>(StringComparer.Ordinal);
        public Dictionary<string, ManagedPolicy> Policies { get; } = new Dictionary<string, ManagedPolicy>(StringComparer.Ordinal);
        /// <summary>
        /// Lists that are malformed, or hold entries that cannot be identified: a name missing from such a list is not
        /// proof that the entity does not exist.
        /// </summary>
        public Dictionary<EntityList, DataGap> ListProblems { get; } = new Dictionary<EntityList, DataGap>();
        /// <summary>The account's aliases (ListAccountAliases); null when the data does not say.</summary>
        public IReadOnlyList<string>? AccountAliases { get; set; }
        /// <summary>The aliases are given but cannot be read: which aliases the account has is not known.</summary>
        public DataGap? AccountAliasesProblem { get; set; }

        /// <summary>Role names differ only in case from the one asked for (IAM names are unique case-insensitively).</summary>
        public IamRole? FindRoleIgnoringCase(string name)
        {
            foreach (var r in Roles.Values) if (string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) return r;
            return null;
        }
    }
}
