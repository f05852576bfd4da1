using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Graph
{
    /// <summary>
    /// The common cases of a path decision, read straight from the statements that can decide sts:AssumeRole, without
    /// gathering the full facts or wording the checks. It answers only when the answer cannot depend on what it leaves
    /// out: a user or role of the data with every policy readable, both accounts' place in the organization known (or
    /// outside it: its organization keys absent or another organization's, compared both ways as the checks do), every
    /// statement that applies or may apply either certain or (for a Deny) open only to values the caller chooses with the
    /// request. Anything else (a condition the caller's request could meet, a Deny on MFA, a value nobody states) returns
    /// null and goes to the path checks. The differential tests hold the two to the same answers.
    /// </summary>
    internal static class FastPath
    {
        private enum Outcome { Applies, DoesNotApply, Maybe }

        [MethodImpl(HotPath.Options)]
        public static EdgeVerdict? TryDecide(GraphPrincipal p, GraphRole r, DateTimeOffset now)
        {
            var profile = p.Profile;
            if (profile.Incomplete || r.Trust == null || r.Role.Problems.Count > 0 || p.Arn == r.Arn) return null;
            var reads = new ReadKeys(profile.Traits, r.Traits);
            var sourceOrg = p.Account.Membership;
            var roleOrg = r.Account.Membership;
            if (!Known(sourceOrg, reads) || !Known(roleOrg, reads) || p.Account.PolicyGaps || r.Account.PolicyGaps) return null;
            var scpApplies = ScpApplies(p);
            if (scpApplies == null) return null;

            var c = Context(p, r, reads, now);
            var q = new PairRequest(p.Identity, r.Arn, c, p.Kind == TrustNodeKind.Role, OtherOrganizations(c, sourceOrg!, roleOrg!, reads));
            var verdict = Decide(p, r, q, scpApplies.Value, out bool mfaDeny);
            if (!mfaDeny || p.Kind != TrustNodeKind.User) return verdict;
            // A Deny tests MFA: the path as stated is closed; a user signed in with MFA is asked about too (as the checks do).
            if (verdict == null || verdict.Open) return null;
            c.Set("aws:MultiFactorAuthPresent", "true");
            var withMfa = Decide(p, r, q, scpApplies.Value, out _);
            if (withMfa == null) return null;
            return withMfa.Open ? EdgeVerdict.ConditionalOnMfa(withMfa) : verdict;
        }

        /// <param name="mfaDeny">Some Deny that applies or may apply tests MFA.</param>
        [MethodImpl(HotPath.Options)]
        private static EdgeVerdict? Decide(GraphPrincipal p, GraphRole r, in PairRequest q, bool scpApplies, out bool mfaDeny)
        {
            mfaDeny = false;
            var profile = p.Profile;
            List<Condition>? avoided = null;

            // Denies of every layer: certain ones close the path; ones that depend only on values the caller chooses
            // (a region, a network) leave it open for requests that avoid them. Layers in a fixed order: identity,
            // boundary, SCP levels, RCPs, trust.
            var scpLevels = scpApplies ? p.Account.ScpLevels : null;
            var ownStatements = IdentityStatements(p);
            bool denied = false;
            if (!Denies(ownStatements, q, ref denied, ref mfaDeny, ref avoided)) return null;
            if (profile.Boundary != null && !Denies(profile.Boundary, q, ref denied, ref mfaDeny, ref avoided)) return null;
            if (scpLevels != null)
                foreach (var level in scpLevels)
                    if (!Denies(level, q, ref denied, ref mfaDeny, ref avoided)) return null;
            if (RcpApplies(p, r) && !Denies(r.Account.RcpStatements, q, ref denied, ref mfaDeny, ref avoided)) return null;
            if (!Denies(r.TrustStatements, q, ref denied, ref mfaDeny, ref avoided)) return null;
            if (denied) return EdgeVerdict.Closed;

            // Every SCP level must allow.
            if (scpLevels != null)
                foreach (var level in scpLevels)
                    if (Allow(level, q, out _) is bool allowed) { if (!allowed) return Closing(mfaDeny); }
                    else return null;

            // The trust policy must admit the caller; how it names the caller decides what else is needed. When no Allow
            // applies but the only one that names the caller fails on values a request chooses (MFA, an external ID), the
            // edge holds for requests that meet them.
            var match = PrincipalMatch.None;
            Statement? admitting = null, firstTargeting = null;
            int targeting = 0;
            foreach (var s in r.TrustStatements)
            {
                if (s.Effect != Effect.Allow) continue;
                var m = s.MatchPrincipal(q.Identity);
                if (m == PrincipalMatch.None || !s.MatchesResource(q.Role, q.Context)) continue;
                if (targeting++ == 0) firstTargeting = s;
                if (Evaluate(s, q, out _, out _) != Outcome.Applies) continue;
                admitting ??= s;
                if (m.Strength() > match.Strength()) match = m;
            }
            List<Condition>? required = null;
            if (admitting == null)
            {
                if (targeting == 0) return Closing(mfaDeny);
                if (targeting > 1) return null;
                admitting = firstTargeting!;
                var conditions = admitting.Conditions;
                for (int i = 0; i < conditions.Count; i++)
                {
                    var x = conditions[i];
                    var state = StateOf(x, q);
                    if (state == ConditionState.Holds) continue;
                    if (state == ConditionState.Undecidable) return null;
                    if (!RequestKeys.IsChosenByRequest(x.Key, q.Chained)) return Closing(mfaDeny);
                    (required ??= new List<Condition>()).Add(x);
                }
            }

            bool sameAccount = p.AccountId == r.AccountId;
            // Naming the caller itself (or "*") in the same account grants directly; naming its account only delegates.
            bool identityRequired = !(sameAccount && match != PrincipalMatch.None && match != PrincipalMatch.Account);
            var identityAllow = Allow(ownStatements, q, out var identityStatement);
            if (identityAllow == null) return null;
            if (identityRequired && identityAllow == false) return Closing(mfaDeny);
            if (profile.Boundary != null)
            {
                bool waived = sameAccount && (match == PrincipalMatch.User || match == PrincipalMatch.Session || match == PrincipalMatch.FederatedUser);
                var boundaryAllow = Allow(profile.Boundary, q, out _);
                if (boundaryAllow == null) return null;
                if (boundaryAllow == false && !waived) return Closing(mfaDeny);
            }

            // The evidence is named by position (a verdict is shared by the pairs of its key; each edge names the statements of
            // its own role and principal), so the verdict holds no references of its own.
            int trustPosition = Array.IndexOf(r.TrustStatements, admitting);
            int identityPosition = identityStatement == null ? -1 : Array.IndexOf(ownStatements, identityStatement);
            var trustRef = trustPosition >= 0 ? null : new StatementRef(PolicyLayer.ResourcePolicy, r.NamedTrust, admitting, null);
            return new EdgeVerdict(true, (IReadOnlyList<Condition>?)required ?? NoConditions, (IReadOnlyList<Condition>?)avoided ?? NoConditions,
                trustRef, null, null, null, trustPosition, identityPosition);
        }

        private static readonly Condition[] NoConditions = new Condition[0];

        /// <summary>
        /// The Deny statements of one layer: one that applies sets <paramref name="denied"/>; one that applies or not by values
        /// the caller chooses adds its unknown conditions to <paramref name="avoided"/>. False when only the path checks can
        /// tell (a Deny on a request value that applies, or on a value nobody states).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool Denies(Statement[] layer, in PairRequest q, ref bool denied, ref bool mfaDeny, ref List<Condition>? avoided)
        {
            foreach (var s in layer)
            {
                if (s.Effect != Effect.Deny || !Targets(s, q)) continue;
                var outcome = Evaluate(s, q, out var unknown, out bool requestKeys);
                if (outcome == Outcome.DoesNotApply) continue;
                bool onMfa = TestsMfa(s);
                mfaDeny |= onMfa;
                if (outcome == Outcome.Applies)
                {
                    if (requestKeys && !onMfa) return false;   // a Deny on another request value: the checks know more
                    denied = true;
                    continue;
                }
                foreach (var u in unknown!) if (!RequestKeys.IsChosenByRequest(u.Key, q.Chained)) return false;
                foreach (var u in unknown!) if (avoided == null || !avoided.Contains(u)) (avoided ??= new List<Condition>()).Add(u);
            }
            return true;
        }

        /// <summary>Closed; but when a Deny on MFA is in play the path checks are asked (they also try a request with MFA).</summary>
        [MethodImpl(HotPath.Options)]
        private static EdgeVerdict? Closing(bool mfaDeny) => mfaDeny ? null : EdgeVerdict.Closed;

        /// <summary>True/false when some Allow of the list certainly applies / certainly none does; null when one may or depends on a request value.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool? Allow(Statement[] statements, in PairRequest q, out Statement? first)
        {
            first = null;
            bool doubt = false;
            foreach (var s in statements)
            {
                if (s.Effect != Effect.Allow || !Targets(s, q)) continue;
                var outcome = Evaluate(s, q, out _, out bool requestKeys);
                if (outcome == Outcome.Applies) { first ??= s; continue; }
                if (outcome == Outcome.Maybe || requestKeys) doubt = true;
            }
            if (first != null) return true;
            return doubt ? (bool?)null : false;
        }

        private static Statement[] IdentityStatements(GraphPrincipal p) => p.Own.Statements;

        [MethodImpl(HotPath.Options)]
        private static bool Targets(Statement s, in PairRequest q) =>
            s.MatchesResource(q.Role, q.Context) && s.MatchPrincipal(q.Identity) != PrincipalMatch.None;

        /// <summary>
        /// Whether the statement's conditions hold: certainly, certainly not, or depending on a key a real request may carry
        /// but this one does not state (<paramref name="unknown"/>). <paramref name="requestKeys"/>: some condition that holds,
        /// fails or is unknown tests a value the caller chooses with the request.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static Outcome Evaluate(Statement s, in PairRequest q, out List<Condition>? unknown, out bool requestKeys)
        {
            unknown = null;
            requestKeys = false;
            bool fails = false;
            var conditions = s.Conditions;
            for (int i = 0; i < conditions.Count; i++)
            {
                var condition = conditions[i];
                if (RequestKeys.IsChosenByRequest(condition.Key, q.Chained)) requestKeys = true;
                var state = StateOf(condition, q);
                if (state == ConditionState.Unstated || state == ConditionState.Undecidable) (unknown ??= new List<Condition>()).Add(condition);
                else if (state == ConditionState.Fails) fails = true;
            }
            return fails ? Outcome.DoesNotApply : unknown != null ? Outcome.Maybe : Outcome.Applies;
        }

        private enum ConditionState { Holds, Fails, Unstated, Undecidable }

        /// <summary>
        /// Whether a condition holds for the request; <see cref="ConditionState.Unstated"/> when it tests a key of the caller's
        /// environment the request does not state (a network, a region); <see cref="ConditionState.Undecidable"/> when it
        /// tests an organization key of an account outside the organization and comes out one way with the key absent and
        /// the other with another organization's value (as the checks compare it).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static ConditionState StateOf(Condition condition, in PairRequest q)
        {
            if (!q.Context.Contains(condition.Key) && KeyUncertainty.EnvironmentKeys.Contains(condition.Key)) return ConditionState.Unstated;
            bool holds = condition.Evaluate(q.Context);
            if (q.OtherOrganizations != null && q.OtherOrganizations.IsUncertain(condition.Key) && !q.OtherOrganizations.Decides(condition, holds))
                return ConditionState.Undecidable;
            return holds ? ConditionState.Holds : ConditionState.Fails;
        }

        /// <summary>One pair's request as its statements are asked about it.</summary>
        private readonly struct PairRequest
        {
            public PairRequest(PrincipalIdentity identity, string role, RequestContext context, bool chained, KeyUncertainty? otherOrganizations)
            {
                Identity = identity; Role = role; Context = context; Chained = chained; OtherOrganizations = otherOrganizations;
            }

            public PrincipalIdentity Identity { get; }
            public string Role { get; }
            public RequestContext Context { get; }
            /// <summary>The caller is a role session (MFA is not its choice).</summary>
            public bool Chained { get; }
            /// <summary>The organization keys of a side outside the organization, when some statement reads them; null otherwise.</summary>
            public KeyUncertainty? OtherOrganizations { get; }
        }

        /// <summary>
        /// The organization keys the checks leave open for a side outside the organization the data describes (absent, or
        /// another organization's), when some statement of the pair reads them; null when none is open.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static KeyUncertainty? OtherOrganizations(RequestContext c, OrganizationMembership source, OrganizationMembership role, ReadKeys reads)
        {
            KeyUncertainty? open = null;
            if (source.Kind == MembershipKind.OutsideKnownOrganization && reads.Any("aws:PrincipalOrgID", "aws:PrincipalOrgPaths"))
                (open ??= new KeyUncertainty(c)).AddOtherOrganization("aws:PrincipalOrgID", "aws:PrincipalOrgPaths");
            if (role.Kind == MembershipKind.OutsideKnownOrganization && reads.Any("aws:ResourceOrgID", "aws:ResourceOrgPaths"))
                (open ??= new KeyUncertainty(c)).AddOtherOrganization("aws:ResourceOrgID", "aws:ResourceOrgPaths");
            return open;
        }

        [MethodImpl(HotPath.Options)]
        private static bool TestsMfa(Statement s)
        {
            var conditions = s.Conditions;
            for (int i = 0; i < conditions.Count; i++)
                if (conditions[i].Key.StartsWith("aws:MultiFactorAuth", StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>
        /// Whether the account's place is known well enough: a member or a standalone account, or an account outside the
        /// organization the data describes (its SCPs and RCPs do not reach it; its organization keys are open, see
        /// <see cref="OtherOrganizations"/>) unless statements use policy variables, whose values the checks substitute.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool Known(OrganizationMembership? m, ReadKeys reads) =>
            m != null && (m.Kind == MembershipKind.Member || m.Kind == MembershipKind.Standalone
                || (m.Kind == MembershipKind.OutsideKnownOrganization && !reads.Everything));

        /// <summary>Whether SCPs restrict the principal; null when their state in the organization is not known.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool? ScpApplies(GraphPrincipal p)
        {
            var m = p.Account.Membership!;
            if (m.Kind != MembershipKind.Member || m.IsManagementAccount || p.Identity.IsServiceLinkedRole) return false;
            return m.ServiceControlPolicies == PolicyTypeState.Enabled ? true : m.ServiceControlPolicies == PolicyTypeState.Disabled ? false : (bool?)null;
        }

        [MethodImpl(HotPath.Options)]
        private static bool RcpApplies(GraphPrincipal p, GraphRole r)
        {
            var m = r.Account.Membership!;
            return m.Kind == MembershipKind.Member && !m.IsManagementAccount && !p.Identity.IsServiceLinkedRole && m.ResourceControlPolicies != PolicyTypeState.Disabled;
        }

        /// <summary>
        /// The request context the path checks build for this pair with a request that states nothing, with only the keys
        /// the pair's statements read. A statement reads the keys its conditions name, and others only through policy
        /// variables; the profile's traits cover its identity, boundary and SCP statements, the role's its trust and RCP
        /// statements, so a key neither names decides nothing here. The whole context is some twenty keys of a few objects
        /// each, and a search decides tens of thousands of pairs: the context is kept per thread and filled anew for each
        /// (a decision keeps nothing of it).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static RequestContext Context(GraphPrincipal p, GraphRole r, ReadKeys reads, DateTimeOffset now)
        {
            var c = _context ??= new RequestContext();
            c.Clear();
            if (reads.Any("aws:PrincipalOrgID", "aws:PrincipalOrgPaths"))
                SetOrganization(c, p.Account.Membership!, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths");
            if (reads.Any("aws:ResourceOrgID", "aws:ResourceOrgPaths"))
                SetOrganization(c, r.Account.Membership!, "aws:ResourceOrgID", "aws:ResourceOrgPaths");
            if (reads.Prefix("aws:PrincipalTag/"))
            {
                var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var t in p.Data.Tags) tags[t.Key] = t.Value;
                foreach (var t in tags) c.Set("aws:PrincipalTag/" + t.Key, t.Value);
            }
            if (reads.Prefix("aws:ResourceTag/")) foreach (var t in r.Role.Tags) c.Set("aws:ResourceTag/" + t.Key, t.Value);
            if (reads.Any("aws:SecureTransport")) c.Set("aws:SecureTransport", ContextValue.True);
            if (reads.Any("aws:ViaAWSService")) c.Set("aws:ViaAWSService", ContextValue.False);
            // The accounts' IDs as values made once per account: a new value for every pair was most of what decisions allocated.
            var identity = p.Identity;
            ContextKeys.AddPrincipalKeys(c, identity, r.AccountId, reads,
                identity.AccountId == null ? null : p.Account.IdValue(identity.AccountId), r.Account.IdValue(r.AccountId));
            if (reads.Any("aws:CurrentTime", "aws:EpochTime")) ContextKeys.AddTime(c, now);
            return c;
        }

        [ThreadStatic] private static RequestContext? _context;

        /// <summary>Which keys the statements of a pair read: all of them when some statement uses policy variables.</summary>
        private readonly struct ReadKeys : ContextKeys.IKeyFilter
        {
            private readonly StatementTraits _caller, _role;
            private readonly bool _all;

            public ReadKeys(StatementTraits caller, StatementTraits role) { _caller = caller; _role = role; _all = caller.Variables || role.Variables; }

            /// <summary>Some statement uses policy variables: every key may be read.</summary>
            public bool Everything => _all;

            public bool Any(string key, string? other = null) =>
                _all || _caller.Reads(key) || _role.Reads(key) || (other != null && (_caller.Reads(other) || _role.Reads(other)));

            public bool Wants(string key) => Any(key);

            public bool Prefix(string prefix) => _all || _caller.ReadsPrefix(prefix) || _role.ReadsPrefix(prefix);
        }

        [MethodImpl(HotPath.Options)]
        private static void SetOrganization(RequestContext c, OrganizationMembership m, string idKey, string pathsKey)
        {
            if (m.Kind != MembershipKind.Member) return;
            var values = OrganizationValues.GetValue(m, MakeOrganizationValues);
            c.Set(idKey, values.Id);
            if (values.Paths != null) c.Set(pathsKey, values.Paths);
        }

        // Context values are immutable, so the ones every pair of an account sets are made once: a "*" search sets an
        // account's organization keys for thousands of pairs, four allocations each. Held weakly: they go with the snapshot.
        private static readonly ConditionalWeakTable<OrganizationMembership, OrganizationKeyValues> OrganizationValues =
            new ConditionalWeakTable<OrganizationMembership, OrganizationKeyValues>();
        private static readonly ConditionalWeakTable<OrganizationMembership, OrganizationKeyValues>.CreateValueCallback MakeOrganizationValues =
            m => new OrganizationKeyValues(new ContextValue(new[] { m.OrganizationId! }, false), m.OrgPath == null ? null : new ContextValue(new[] { m.OrgPath }, true));

        private sealed class OrganizationKeyValues
        {
            public OrganizationKeyValues(ContextValue id, ContextValue? paths) { Id = id; Paths = paths; }
            public readonly ContextValue Id;
            public readonly ContextValue? Paths;
        }
    }
}
