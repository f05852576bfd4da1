using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Audit
{
    /// <summary>The trust audit over many accounts, in a stable order: accounts by id, then roles by ARN.</summary>
    public static class TrustAudit
    {
        /// <summary>The organization when its structure is known; otherwise the accounts whose data is audited.</summary>
        public static TrustZone ZoneFor(OrganizationData? organization, IEnumerable<AccountData> accounts) =>
            organization != null ? TrustZone.FromOrganization(organization) : TrustZone.FromAccounts(accounts.Select(a => a.AccountId));

        /// <summary>
        /// Every role of every account, in order. Accounts are audited in parallel a few at a time (the cache is shared and
        /// thread-safe), while results come back in the stable order on the calling thread, so callers can stream them,
        /// report progress and stop early.
        /// </summary>
        public static IEnumerable<RoleAudit> AuditAccounts(IEnumerable<AccountData> accounts, TrustPolicyAuditor auditor, CancellationToken cancellationToken = default)
        {
            var ordered = accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList();
            if (ordered.Count == 0) yield break;
            // A bounded window of accounts in flight keeps memory flat however big the organization is.
            int window = Math.Max(2, Environment.ProcessorCount * 2);
            var pending = new Queue<Task<List<RoleAudit>>>();
            int next = 0;
            while (next < ordered.Count || pending.Count > 0)
            {
                while (next < ordered.Count && pending.Count < window)
                {
                    var account = ordered[next++];
                    pending.Enqueue(Task.Run(() => AuditAccount(account, auditor, cancellationToken), cancellationToken));
                }
                List<RoleAudit> done;
                try { done = pending.Dequeue().GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { throw; }
                foreach (var audit in done)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return audit;
                }
            }
        }

        /// <summary>One account's roles, by ARN.</summary>
        public static List<RoleAudit> AuditAccount(AccountData account, TrustPolicyAuditor auditor, CancellationToken cancellationToken = default)
        {
            var roles = new List<IamRole>(account.Roles.Values);
            roles.Sort((a, b) => string.CompareOrdinal(a.Arn, b.Arn));
            var result = new List<RoleAudit>(roles.Count);
            foreach (var role in roles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(auditor.Audit(account.AccountId, role));
            }
            return result;
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
