using System;
using System.Collections.Generic;

namespace RoleTrust.Aws.Live
{
    public sealed class OrgOrganization
    {
        public string Id { get; set; } = "";
        public string? Arn { get; set; }
        public string? FeatureSet { get; set; }
        /// <summary>MasterAccountId in the API.</summary>
        public string? ManagementAccountId { get; set; }
        public string? ManagementAccountArn { get; set; }
        public override string ToString() => Id;
    }

    /// <summary>A root, organizational unit or account as a node of the tree.</summary>
    public sealed class OrgNode
    {
        public string Id { get; set; } = "";
        public string? Arn { get; set; }
        public string? Name { get; set; }
        /// <summary>Accounts only: ACTIVE, SUSPENDED, ...</summary>
        public string? Status { get; set; }
        public string? Email { get; set; }
        /// <summary>Roots only (ListRoots): the policy types of the root and their status (ENABLED, PENDING_ENABLE, PENDING_DISABLE).</summary>
        public IReadOnlyList<OrgPolicyTypeSummary> PolicyTypes { get; set; } = Array.Empty<OrgPolicyTypeSummary>();
        public override string ToString() => Name == null ? Id : $"{Id} ({Name})";
    }

    /// <summary>One policy type of a root, as ListRoots reports it.</summary>
    public sealed class OrgPolicyTypeSummary
    {
        public OrgPolicyTypeSummary(string type, string status) { Type = type; Status = status; }
        /// <summary>SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, ...</summary>
        public string Type { get; }
        /// <summary>ENABLED, PENDING_ENABLE or PENDING_DISABLE.</summary>
        public string Status { get; }
        public override string ToString() => $"{Type} {Status}";
    }

    public sealed class OrgParent
    {
        public OrgParent(string id, string type) { Id = id; Type = type; }
        public string Id { get; }
        /// <summary>ROOT or ORGANIZATIONAL_UNIT.</summary>
        public string Type { get; }
        public override string ToString() => Id;
    }

    public sealed class OrgPolicySummary
    {
        public string Id { get; set; } = "";
        public string? Arn { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        /// <summary>SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, ...</summary>
        public string Type { get; set; } = "";
        public bool AwsManaged { get; set; }
        public override string ToString() => $"{Id} ({Name})";
    }

    public sealed class OrgPolicy
    {
        public OrgPolicySummary Summary { get; set; } = new OrgPolicySummary();
        /// <summary>The policy text exactly as DescribePolicy returns it.</summary>
        public string Content { get; set; } = "";
    }

    public sealed class OrgPolicyTarget
    {
        public string TargetId { get; set; } = "";
        public string? Arn { get; set; }
        public string? Name { get; set; }
        /// <summary>ROOT, ORGANIZATIONAL_UNIT or ACCOUNT.</summary>
        public string? Type { get; set; }
        public override string ToString() => TargetId;
    }
}
