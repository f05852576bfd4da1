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

    /// <summary>
    /// What users, roles and groups share: their inline and attached policies, and the fields the data holds but cannot
    /// be used. The lists are read-only views of exact-size arrays (a shared empty one when there is nothing), filled
    /// through the Add and Set methods: a loaded organization has hundreds of thousands of principals, and a list or
    /// dictionary object per principal and field was most of the objects every full garbage collection had to mark.
    /// </summary>
    public abstract class IamPolicyHolder
    {
        private InlinePolicy[] _inlinePolicies = Array.Empty<InlinePolicy>();
        private AttachedPolicy[] _attachedPolicies = Array.Empty<AttachedPolicy>();
        private FieldProblem[] _problems = Array.Empty<FieldProblem>();

        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
        public FixedList<InlinePolicy> InlinePolicies => new FixedList<InlinePolicy>(_inlinePolicies);
        public FixedList<AttachedPolicy> AttachedPolicies => new FixedList<AttachedPolicy>(_attachedPolicies);
        /// <summary>Fields present but unusable: a field listed here is not absent, it is unknown.</summary>
        public FixedList<FieldProblem> Problems => new FixedList<FieldProblem>(_problems);

        public void AddInlinePolicy(InlinePolicy policy) => _inlinePolicies = FixedArray.Append(_inlinePolicies, policy ?? throw new ArgumentNullException(nameof(policy)));
        /// <summary>Replaces the inline policies with these (copied).</summary>
        public void SetInlinePolicies(IReadOnlyCollection<InlinePolicy> policies) => _inlinePolicies = FixedArray.Copy(policies);
        public void AddAttachedPolicy(AttachedPolicy policy) => _attachedPolicies = FixedArray.Append(_attachedPolicies, policy ?? throw new ArgumentNullException(nameof(policy)));
        /// <summary>Replaces the attached policies with these (copied).</summary>
        public void SetAttachedPolicies(IReadOnlyCollection<AttachedPolicy> policies) => _attachedPolicies = FixedArray.Copy(policies);
        public void AddProblem(FieldProblem problem) => _problems = FixedArray.Append(_problems, problem ?? throw new ArgumentNullException(nameof(problem)));

        /// <summary>The problem with a field, or null when the field is usable (present or truly absent).</summary>
        [MethodImpl(HotPath.Options)]
        public DataGap? ProblemWith(EntityField field)
        {
            foreach (var p in _problems) if (p.Field == field) return p.Gap;
            return null;
        }
    }

    /// <summary>Common to users and roles: besides their policies, what else decides what the principal may do.</summary>
    public abstract class IamPrincipalData : IamPolicyHolder
    {
        private KeyValuePair<string, string>[] _tags = Array.Empty<KeyValuePair<string, string>>();

        public string Path { get; set; } = "/";
        /// <summary>AIDA... / AROA...</summary>
        public string Id { get; set; } = "";
        public string? PermissionsBoundaryArn { get; set; }
        /// <summary>The tags in the data's order; keys compare ordinally.</summary>
        public TagList Tags => new TagList(_tags);

        /// <summary>Sets a tag: replaces the value of a key already set (compared ordinally), else adds it at the end.</summary>
        public void SetTag(string key, string value) => _tags = TagList.With(_tags, key, value);
        /// <summary>Replaces the tags with these pairs (copied; the keys must differ).</summary>
        public void SetTags(IReadOnlyCollection<KeyValuePair<string, string>> tags) => _tags = FixedArray.Copy(tags);
    }

    public sealed class IamUser : IamPrincipalData
    {
        private string[] _groups = Array.Empty<string>();

        public FixedList<string> Groups => new FixedList<string>(_groups);

        public void AddGroup(string groupName) => _groups = FixedArray.Append(_groups, groupName ?? throw new ArgumentNullException(nameof(groupName)));
        /// <summary>Replaces the group names with these (copied).</summary>
        public void SetGroups(IReadOnlyCollection<string> groupNames) => _groups = FixedArray.Copy(groupNames);
    }

    public sealed class IamRole : IamPrincipalData
    {
        public PolicySource? TrustPolicy { get; set; }
        /// <summary>Seconds; null when the snapshot does not say (get-account-authorization-details omits it).</summary>
        public int? MaxSessionDuration { get; set; }
        public string? Description { get; set; }
        public string? LastUsedDate { get; set; }
    }

    /// <summary>A group: its policies reach its members.</summary>
    public sealed class IamGroup : IamPolicyHolder
    {
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

        /// <summary>
        /// A found lookup of this policy, made once: data sources answer with it every time the policy is asked for (an
        /// index asks once per principal and attached policy, some 270,000 times in a 500-account organization).
        /// </summary>
        public Lookup<ManagedPolicy> FoundLookup => _found ??= Lookup<ManagedPolicy>.Found(this);
        private Lookup<ManagedPolicy>? _found;
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
