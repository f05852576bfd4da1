using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    public enum MembershipKind
    {
        /// <summary>The account is in the organization described, at a known place.</summary>
        Member,
        /// <summary>The account is in no organization at all (AWS said so).</summary>
        Standalone,
        /// <summary>
        /// The account is not in the organization the data describes; whether it is in another one is not known.
        /// Policies of the described organization do not reach it.
        /// </summary>
        OutsideKnownOrganization,
    }

    /// <summary>Whether a policy type (SCP or RCP) is enabled in the account's organization.</summary>
    public enum PolicyTypeState { Enabled, Disabled, Unknown }

    /// <summary>One node on the way from the root to an account (the root, an OU, the account) and the policies attached there.</summary>
    public sealed class OrganizationLevel
    {
        public OrganizationLevel(string id, string? name, IReadOnlyList<OrganizationPolicy> serviceControlPolicies, IReadOnlyList<OrganizationPolicy> resourceControlPolicies)
        {
            Id = id; Name = name; ServiceControlPolicies = serviceControlPolicies; ResourceControlPolicies = resourceControlPolicies;
        }

        public string Id { get; }
        public string? Name { get; }
        public IReadOnlyList<OrganizationPolicy> ServiceControlPolicies { get; }
        public IReadOnlyList<OrganizationPolicy> ResourceControlPolicies { get; }
        /// <summary>"ou-ab12-11111111 (Workloads)".</summary>
        public string Describe() => Name == null ? Id : $"{Id} ({Name})";
        public override string ToString() => Describe();
    }

    /// <summary>Where an account sits in AWS Organizations, and the SCP and RCP levels that apply to it.</summary>
    public sealed class OrganizationMembership
    {
        private OrganizationMembership(string accountId, MembershipKind kind, string? organizationId, string? managementAccountId,
            IReadOnlyList<OrganizationLevel> levels, PolicyTypeState scp, PolicyTypeState rcp, DataGap? scpGap)
        {
            AccountId = accountId; Kind = kind; OrganizationId = organizationId; ManagementAccountId = managementAccountId;
            Levels = levels; ServiceControlPolicies = scp; ResourceControlPolicies = rcp; ServiceControlPolicyGap = scpGap;
        }

        public string AccountId { get; }
        public MembershipKind Kind { get; }
        /// <summary>The account's organization (Member), or the organization it is outside of (OutsideKnownOrganization).</summary>
        public string? OrganizationId { get; }
        public string? ManagementAccountId { get; }
        /// <summary>From the root down to the account itself; empty unless Member.</summary>
        public IReadOnlyList<OrganizationLevel> Levels { get; }
        public PolicyTypeState ServiceControlPolicies { get; }
        public PolicyTypeState ResourceControlPolicies { get; }
        /// <summary>Why the SCP state is Unknown, when it is.</summary>
        public DataGap? ServiceControlPolicyGap { get; }

        public bool IsManagementAccount => Kind == MembershipKind.Member && AccountId == ManagementAccountId;

        /// <summary>The value of aws:PrincipalOrgPaths / aws:ResourceOrgPaths: o-id/r-id/ou-.../ (the account itself not included).</summary>
        public string? OrgPath => _orgPath ??= MakeOrgPath();
        // Asked for every request context the path checks build; the membership does not change once made.
        private string? _orgPath;

        private string? MakeOrgPath()
        {
            {
                if (Kind != MembershipKind.Member || Levels.Count < 2) return null;
                var parts = new List<string> { OrganizationId! };
                for (int i = 0; i < Levels.Count - 1; i++) parts.Add(Levels[i].Id);
                return string.Join("/", parts) + "/";
            }
        }

        public static OrganizationMembership Member(string accountId, string organizationId, string managementAccountId, IReadOnlyList<OrganizationLevel> levels,
            PolicyTypeState scp, PolicyTypeState rcp, DataGap? scpGap = null) =>
            new OrganizationMembership(accountId, MembershipKind.Member, organizationId, managementAccountId, levels, scp, rcp, scpGap);

        public static OrganizationMembership Standalone(string accountId) =>
            new OrganizationMembership(accountId, MembershipKind.Standalone, null, null, new OrganizationLevel[0], PolicyTypeState.Disabled, PolicyTypeState.Disabled, null);

        public static OrganizationMembership Outside(string accountId, string knownOrganizationId) =>
            new OrganizationMembership(accountId, MembershipKind.OutsideKnownOrganization, knownOrganizationId, null, new OrganizationLevel[0], PolicyTypeState.Unknown, PolicyTypeState.Unknown, null);

        public override string ToString() => Kind == MembershipKind.Member ? $"{AccountId} in {OrganizationId}" : $"{AccountId}: {Kind}";
    }
}
