using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    public sealed class OrganizationPolicy
    {
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
        public bool IsScp => Type == "SERVICE_CONTROL_POLICY";
        public bool IsRcp => Type == "RESOURCE_CONTROL_POLICY";
    }

    /// <summary>AWS Organizations structure and its SCPs and RCPs.</summary>
    public sealed class OrganizationData
    {
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
        private Dictionary<string, List<OrganizationPolicy>>? _byTarget;

        public bool Contains(string accountId) => Accounts.Contains(accountId);

        /// <summary>Node ids from the root down to the account (root, OUs..., account); null if the chain is broken.</summary>
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

        /// <summary>aws:PrincipalOrgPaths value: o-id/r-id/ou-.../ (the account itself not included).</summary>
        public string? OrgPathOf(string accountId)
        {
            var path = PathTo(accountId);
            if (path == null) return null;
            return Id + "/" + string.Join("/", path.GetRange(0, path.Count - 1)) + "/";
        }

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
            return _byTarget.TryGetValue(targetId, out var found) ? found : (IReadOnlyList<OrganizationPolicy>)Array.Empty<OrganizationPolicy>();
        }

        public string Describe(string nodeId) => Names.TryGetValue(nodeId, out var n) ? $"{nodeId} ({n})" : nodeId;
    }
}
