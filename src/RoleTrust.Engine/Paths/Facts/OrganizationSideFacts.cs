using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// One side's organization policies: the SCPs above the source's account, or the RCPs above the role's account.
    /// Exactly one of NotApplicable, Gap or Levels describes the side.
    /// </summary>
    public sealed class OrganizationSideFacts
    {
        internal OrganizationSideFacts(string accountId, Lookup<OrganizationMembership> membership, string? notApplicable, DataGap? gap,
            IReadOnlyList<PolicyLevel>? levels, IReadOnlyList<DataGap> policyGaps)
        {
            AccountId = accountId; Membership = membership; NotApplicable = notApplicable; Gap = gap; Levels = levels; PolicyGaps = policyGaps;
        }

        public string AccountId { get; }
        public Lookup<OrganizationMembership> Membership { get; }
        /// <summary>Why these policies do not apply (standalone account, management account, service-linked role, type disabled).</summary>
        public string? NotApplicable { get; }
        /// <summary>Why whether and how they apply cannot be told.</summary>
        public DataGap? Gap { get; }
        /// <summary>The levels from the root down to the account, parsed for the evaluator (SCP levels include empty ones).</summary>
        public IReadOnlyList<PolicyLevel>? Levels { get; }
        /// <summary>Policies on those levels that cannot be evaluated.</summary>
        public IReadOnlyList<DataGap> PolicyGaps { get; }
    }
}
