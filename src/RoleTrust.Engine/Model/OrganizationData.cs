using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Model
{
    public sealed class OrganizationPolicy
    {
        public const string ServiceControlPolicyType = "SERVICE_CONTROL_POLICY";
        public const string ResourceControlPolicyType = "RESOURCE_CONTROL_POLICY";

        public OrganizationPolicy(string id, string name, string type, string content, IReadOnlyList<string> targets, string? arn)
        {
            Id = id; Name = name; Type = type; Content = content; Targets = targets; Arn = arn;
        }
        public string Id { get; }
        public string Name { get; }
        /// <summary>SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY.</summary>
        public string Type { get; }
        public string Content { get; }
        public IReadOnlyList<string> Targets { get; }
        public string? Arn { get; }
        public bool IsScp => Type == ServiceControlPolicyType;
        public bool IsRcp => Type == ResourceControlPolicyType;
        public override string ToString() => $"{Name} ({Id})";
    }

    /// <summary>One AWS organization's structure and its SCPs and RCPs (a snapshot's organization.json).</summary>
    public sealed class OrganizationData
    {
        private static readonly IReadOnlyList<OrganizationPolicy> NoPolicies = new OrganizationPolicy[0];
        private Dictionary<string, List<OrganizationPolicy>>? _byTarget;
        private readonly ConcurrentDictionary<string, Lookup<OrganizationMembership>> _memberships =
            new ConcurrentDictionary<string, Lookup<OrganizationMembership>>(StringComparer.Ordinal);

        public OrganizationData(string id, string managementAccountId)
        {
            Id = id; ManagementAccountId = managementAccountId;
        }

        public string Id { get; }
        public string ManagementAccountId { get; }
        public HashSet<string> Roots { get; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>OU or account id to its parent (OU or root) id.</summary>
        public Dictionary<string, string> Parents { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public HashSet<string> Accounts { get; } = new HashSet<string>(StringComparer.Ordinal);
        public Dictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public List<OrganizationPolicy> Policies { get; } = new List<OrganizationPolicy>();
        /// <summary>The policy types enabled at the root (ListRoots' PolicyTypes with status ENABLED); null when the data does not say.</summary>
        public HashSet<string>? EnabledPolicyTypes { get; set; }
        /// <summary>Parts of the data that are present but unusable: while any exists, no membership can be told.</summary>
        public List<DataGap> Problems { get; } = new List<DataGap>();

        public bool Contains(string accountId) => Accounts.Contains(accountId);

        /// <summary>Node ids from the root down to the account (root, OUs..., account); null if the chain is broken.</summary>
        [MethodImpl(HotPath.Options)]
        public List<string>? PathTo(string accountId)
        {
            if (!Accounts.Contains(accountId)) return null;
            var chain = new List<string> { accountId };
            string node = accountId;
            for (int guard = 0; guard < 10 && !Roots.Contains(node); guard++)
            {
                if (!Parents.TryGetValue(node, out var parent)) return null;
                chain.Add(parent);
                node = parent;
            }
            if (!Roots.Contains(node)) return null;
            chain.Reverse();
            return chain;
        }

        [MethodImpl(HotPath.Options)]
        public IReadOnlyList<OrganizationPolicy> PoliciesAt(string targetId)
        {
            if (_byTarget == null)
            {
                var index = new Dictionary<string, List<OrganizationPolicy>>(StringComparer.Ordinal);
                foreach (var p in Policies)
                    foreach (var t in p.Targets)
                    {
                        if (!index.TryGetValue(t, out var list)) index[t] = list = new List<OrganizationPolicy>();
                        list.Add(p);
                    }
                _byTarget = index;
            }
            return _byTarget.TryGetValue(targetId, out var found) ? found : NoPolicies;
        }

        public string Describe(string nodeId) => Names.TryGetValue(nodeId, out var n) ? $"{nodeId} ({n})" : nodeId;

        /// <summary>Where an account sits in this organization (computed once per account).</summary>
        [MethodImpl(HotPath.Options)]
        public Lookup<OrganizationMembership> MembershipOf(string accountId) => _memberships.GetOrAdd(accountId, ComputeMembership);

        [MethodImpl(HotPath.Options)]
        private Lookup<OrganizationMembership> ComputeMembership(string accountId)
        {
            if (Problems.Count > 0) return Lookup<OrganizationMembership>.Unavailable(Problems[0]);
            if (!Accounts.Contains(accountId)) return Lookup<OrganizationMembership>.Found(OrganizationMembership.Outside(accountId, Id));
            var path = PathTo(accountId);
            if (path == null)
                return Lookup<OrganizationMembership>.Unavailable(new DataGap(DataGapKind.OrganizationMembership, DataGapCause.Malformed, accountId, accountId,
                    detail: $"the organization data does not link account {accountId} to a root through its parents"));
            var levels = new List<OrganizationLevel>(path.Count);
            foreach (var node in path)
            {
                var scps = new List<OrganizationPolicy>();
                var rcps = new List<OrganizationPolicy>();
                foreach (var p in PoliciesAt(node))
                {
                    if (p.IsScp) scps.Add(p);
                    else if (p.IsRcp) rcps.Add(p);
                }
                levels.Add(new OrganizationLevel(node, Names.TryGetValue(node, out var name) ? name : null, scps, rcps));
            }
            PolicyTypeState scpState, rcpState;
            DataGap? scpGap = null;
            if (EnabledPolicyTypes != null)
            {
                scpState = EnabledPolicyTypes.Contains(OrganizationPolicy.ServiceControlPolicyType) ? PolicyTypeState.Enabled : PolicyTypeState.Disabled;
                rcpState = EnabledPolicyTypes.Contains(OrganizationPolicy.ResourceControlPolicyType) ? PolicyTypeState.Enabled : PolicyTypeState.Disabled;
            }
            else
            {
                // Enabled SCPs always leave at least one policy (FullAWSAccess) on every node, so policies listed
                // mean enabled; none listed cannot be told apart from SCPs that were not collected.
                bool anyScp = Policies.Exists(p => p.IsScp);
                scpState = anyScp ? PolicyTypeState.Enabled : PolicyTypeState.Unknown;
                if (!anyScp)
                    scpGap = new DataGap(DataGapKind.Organization, DataGapCause.NotCollected, ManagementAccountId, Id,
                        detail: "the organization data lists no SCP and does not say whether SCPs are enabled (the roots' PolicyTypes)");
                // Without RCPs listed, only RCPFullAWSAccess is attached (or RCPs are off): either way nothing denies.
                rcpState = PolicyTypeState.Enabled;
            }
            return Lookup<OrganizationMembership>.Found(OrganizationMembership.Member(accountId, Id, ManagementAccountId, levels, scpState, rcpState, scpGap));
        }
    }
}
