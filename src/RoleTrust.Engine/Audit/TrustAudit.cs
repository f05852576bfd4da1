using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Audit
{
    /// <summary>The trust audit over many accounts, in a stable order: accounts by id, then roles by ARN.</summary>
    public static class TrustAudit
    {
        /// <summary>The organization when its structure is known; otherwise the accounts whose data is audited.</summary>
        public static TrustZone ZoneFor(OrganizationData? organization, IEnumerable<AccountData> accounts) =>
            organization != null ? TrustZone.FromOrganization(organization) : TrustZone.FromAccounts(accounts.Select(a => a.AccountId));

        /// <summary>Every role of every account, audited lazily so callers can report progress and stop early.</summary>
        public static IEnumerable<RoleAudit> AuditAccounts(IEnumerable<AccountData> accounts, TrustPolicyAuditor auditor, CancellationToken cancellationToken = default)
        {
            foreach (var account in accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal))
            {
                foreach (var role in account.Roles.Values.OrderBy(r => r.Arn, StringComparer.Ordinal))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return auditor.Audit(account.AccountId, role);
                }
            }
        }
    }

    /// <summary>The -Severity and -RuleId filters: empty sets let everything through.</summary>
    public sealed class FindingFilter
    {
        private readonly HashSet<string> _severities;
        private readonly HashSet<string> _rules;

        public FindingFilter(IEnumerable<string>? severities, IEnumerable<string>? ruleIds)
        {
            _severities = new HashSet<string>(severities ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            _rules = new HashSet<string>(ruleIds ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var s in _severities)
                if (!Enum.TryParse<FindingSeverity>(s, true, out _)) throw new ArgumentException($"'{s}' is not a severity (High, Medium, Low, Info).");
            foreach (var r in _rules)
                if (TrustRules.Find(r) == null) throw new ArgumentException($"'{r}' is not a rule id ({string.Join(", ", TrustRules.All.Select(x => x.Id))}).");
        }

        public bool Matches(TrustFinding finding) =>
            (_severities.Count == 0 || _severities.Contains(finding.Severity)) && (_rules.Count == 0 || _rules.Contains(finding.RuleId));
    }
}
