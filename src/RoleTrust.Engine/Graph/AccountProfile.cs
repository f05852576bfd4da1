using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// What the path checks read of an account's place in AWS Organizations: its membership and the SCP and RCP levels
    /// above it. Accounts with equal keys (the same organization, OU path and attached policies) are told apart by the
    /// path checks only through their IDs.
    /// </summary>
    internal sealed class AccountProfile
    {
        private AccountProfile(string key, Statement[] scp, StatementTraits scpTraits, Statement[] rcp, StatementTraits rcpTraits,
            OrganizationMembership? membership, List<Statement[]> scpLevels, bool gaps)
        {
            Key = key; ScpStatements = scp; ScpTraits = scpTraits; RcpStatements = rcp; RcpTraits = rcpTraits;
            Membership = membership; ScpLevels = scpLevels; PolicyGaps = gaps;
        }

        /// <summary>The account's membership; null when it could not be read.</summary>
        public OrganizationMembership? Membership { get; }
        /// <summary>The SCP statements that can decide sts:AssumeRole, level by level from the root (a level with none still counts).</summary>
        public List<Statement[]> ScpLevels { get; }
        /// <summary>Some SCP or RCP above the account does not parse.</summary>
        public bool PolicyGaps { get; }

        public string Key { get; }
        /// <summary>A number for <see cref="Key"/>: equal keys, equal numbers (set by the builder).</summary>
        public int KeyId { get; internal set; }
        /// <summary>SCP statements that can decide sts:AssumeRole, root level first.</summary>
        public Statement[] ScpStatements { get; }
        public StatementTraits ScpTraits { get; }
        /// <summary>RCP statements that can decide sts:AssumeRole, root level first.</summary>
        public Statement[] RcpStatements { get; }
        public StatementTraits RcpTraits { get; }

        /// <summary>
        /// The account's ID as a condition key's value (aws:PrincipalAccount, aws:ResourceAccount), made once: the
        /// statement-only decisions set it for every pair that reads it, and context values are immutable.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public ContextValue IdValue(string accountId)
        {
            var known = _idValue;
            if (known != null && string.Equals(known.Values[0], accountId, StringComparison.Ordinal)) return known;
            return _idValue = new ContextValue(new[] { accountId }, false);
        }
        private ContextValue? _idValue;

        [MethodImpl(HotPath.Options)]
        public static AccountProfile For(string accountId, IAccountDataSource data, PolicyIntern intern)
        {
            var lookup = data.GetMembership(accountId);
            var scp = new List<Statement>();
            var rcp = new List<Statement>();
            var scpTraits = new StatementTraits();
            var rcpTraits = new StatementTraits();
            var m = lookup.Value;
            var levels = new List<Statement[]>();
            if (m == null)
                return new AccountProfile($"{lookup.Status}|{lookup.Gap?.Cause}|{lookup.Gap?.Kind}", scp.ToArray(), scpTraits, rcp.ToArray(), rcpTraits, null, levels, false);
            bool gaps = false;
            var key = new StringBuilder();
            key.Append(m.Kind).Append('|').Append(m.OrganizationId).Append('|').Append(m.IsManagementAccount).Append('|')
                .Append(m.ServiceControlPolicies).Append('|').Append(m.ResourceControlPolicies).Append('|').Append(m.OrgPath).Append('|')
                .Append(m.ServiceControlPolicyGap?.Cause).Append('|');
            foreach (var level in m.Levels)
            {
                key.Append('[');
                int before = scp.Count;
                foreach (var p in level.ServiceControlPolicies) { key.Append(p.Id).Append(','); gaps |= !Add(intern, p, PolicyType.ServiceControl, scp, scpTraits); }
                levels.Add(scp.GetRange(before, scp.Count - before).ToArray());
                key.Append(';');
                foreach (var p in level.ResourceControlPolicies) { key.Append(p.Id).Append(','); gaps |= !Add(intern, p, PolicyType.ResourceControl, rcp, rcpTraits); }
                key.Append(']');
            }
            return new AccountProfile(key.ToString(), scp.ToArray(), scpTraits, rcp.ToArray(), rcpTraits, m, levels, gaps);
        }

        /// <summary>False when the policy does not parse: a data gap the path checks report for every principal of the account alike.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool Add(PolicyIntern intern, OrganizationPolicy p, PolicyType type, List<Statement> into, StatementTraits traits)
        {
            PolicyDocument doc;
            try { doc = intern.Get(p.Content, p.Name, type, p.Arn ?? p.Id); }
            catch (PolicyFormatException) { return false; }
            foreach (var s in doc.Statements)
                if (StatementTraits.Decides(s)) { into.Add(s); traits.Add(doc, s); }
            return true;
        }
    }
}
