using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Graph
{
    /// <summary>
    /// The common cases of a path decision, read straight from the statements that can decide sts:AssumeRole, without
    /// gathering the full facts or wording the checks. It answers only when the answer cannot depend on what it leaves
    /// out: a user or role of the data with every policy readable, both accounts' organization membership known, every
    /// statement that applies or may apply either certain or (for a Deny) open only to values the caller chooses with the
    /// request. Anything else (a condition the caller's request could meet, a Deny on MFA, a value nobody states) returns
    /// null and goes to the path checks. The differential tests hold the two to the same answers.
    /// </summary>
    internal static class FastPath
    {
        private enum Outcome { Applies, DoesNotApply, Maybe }

        public static EdgeVerdict? TryDecide(GraphPrincipal p, GraphRole r, DateTimeOffset now)
        {
            var profile = p.Profile;
            if (profile.Incomplete || r.Trust == null || r.Role.Problems.Count > 0 || p.Arn == r.Arn) return null;
            var sourceOrg = p.Account.Membership;
            var roleOrg = r.Account.Membership;
            if (!Known(sourceOrg) || !Known(roleOrg) || p.Account.PolicyGaps || r.Account.PolicyGaps) return null;
            var scpApplies = ScpApplies(p);
            if (scpApplies == null) return null;

            var c = Context(p, r, now);
            var verdict = Decide(p, r, c, scpApplies.Value, out bool mfaDeny);
            if (!mfaDeny || p.Kind != TrustNodeKind.User) return verdict;
            // A Deny tests MFA: the path as stated is closed; a user signed in with MFA is asked about too (as the checks do).
            if (verdict == null || verdict.Open) return null;
            c.Set("aws:MultiFactorAuthPresent", "true");
            var withMfa = Decide(p, r, c, scpApplies.Value, out _);
            if (withMfa == null) return null;
            return withMfa.Open ? EdgeVerdict.ConditionalOnMfa(withMfa) : verdict;
        }

        /// <param name="mfaDeny">Some Deny that applies or may apply tests MFA.</param>
        private static EdgeVerdict? Decide(GraphPrincipal p, GraphRole r, RequestContext c, bool scpApplies, out bool mfaDeny)
        {
            mfaDeny = false;
            var profile = p.Profile;
            bool chained = p.Kind == TrustNodeKind.Role;
            List<Condition>? avoided = null;
            var identity = p.Identity;
            string role = r.Arn;

            // Denies of every layer: certain ones close the path; ones that depend only on values the caller chooses
            // (a region, a network) leave it open for requests that avoid them. Layers in a fixed order: identity,
            // boundary, SCP levels, RCPs, trust.
            var scpLevels = scpApplies ? p.Account.ScpLevels : null;
            var ownStatements = IdentityStatements(p);
            bool denied = false;
            if (!Denies(ownStatements, identity, role, c, chained, ref denied, ref mfaDeny, ref avoided)) return null;
            if (profile.Boundary != null && !Denies(profile.Boundary, identity, role, c, chained, ref denied, ref mfaDeny, ref avoided)) return null;
            if (scpLevels != null)
                foreach (var level in scpLevels)
                    if (!Denies(level, identity, role, c, chained, ref denied, ref mfaDeny, ref avoided)) return null;
            if (RcpApplies(p, r) && !Denies(r.Account.RcpStatements, identity, role, c, chained, ref denied, ref mfaDeny, ref avoided)) return null;
            if (!Denies(r.TrustStatements, identity, role, c, chained, ref denied, ref mfaDeny, ref avoided)) return null;
            if (denied) return EdgeVerdict.Closed;

            // Every SCP level must allow.
            if (scpLevels != null)
                foreach (var level in scpLevels)
                    if (Allow(level, identity, role, c, chained, out _) is bool allowed) { if (!allowed) return Closing(mfaDeny); }
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
                var m = s.MatchPrincipal(identity);
                if (m == PrincipalMatch.None || !s.MatchesResource(role, c)) continue;
                if (targeting++ == 0) firstTargeting = s;
                if (Evaluate(s, c, chained, out _, out _) != Outcome.Applies) continue;
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
                    bool unknown = !c.Contains(x.Key) && KeyUncertainty.EnvironmentKeys.Contains(x.Key);
                    if (!unknown && x.Evaluate(c)) continue;
                    if (!RequestKeys.IsChosenByRequest(x.Key, chained)) return Closing(mfaDeny);
                    (required ??= new List<Condition>()).Add(x);
                }
            }

            bool sameAccount = p.AccountId == r.AccountId;
            // Naming the caller itself (or "*") in the same account grants directly; naming its account only delegates.
            bool identityRequired = !(sameAccount && match != PrincipalMatch.None && match != PrincipalMatch.Account);
            var identityAllow = Allow(ownStatements, identity, role, c, chained, out var identityStatement);
            if (identityAllow == null) return null;
            if (identityRequired && identityAllow == false) return Closing(mfaDeny);
            if (profile.Boundary != null)
            {
                bool waived = sameAccount && (match == PrincipalMatch.User || match == PrincipalMatch.Session || match == PrincipalMatch.FederatedUser);
                var boundaryAllow = Allow(profile.Boundary, identity, role, c, chained, out _);
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
        private static bool Denies(Statement[] layer, PrincipalIdentity identity, string role, RequestContext c, bool chained,
            ref bool denied, ref bool mfaDeny, ref List<Condition>? avoided)
        {
            foreach (var s in layer)
            {
                if (s.Effect != Effect.Deny || !Targets(s, identity, role, c)) continue;
                var outcome = Evaluate(s, c, chained, out var unknown, out bool requestKeys);
                if (outcome == Outcome.DoesNotApply) continue;
                bool onMfa = TestsMfa(s);
                mfaDeny |= onMfa;
                if (outcome == Outcome.Applies)
                {
                    if (requestKeys && !onMfa) return false;   // a Deny on another request value: the checks know more
                    denied = true;
                    continue;
                }
                foreach (var u in unknown!) if (!RequestKeys.IsChosenByRequest(u.Key, chained)) return false;
                foreach (var u in unknown!) if (avoided == null || !avoided.Contains(u)) (avoided ??= new List<Condition>()).Add(u);
            }
            return true;
        }

        /// <summary>Closed; but when a Deny on MFA is in play the path checks are asked (they also try a request with MFA).</summary>
        private static EdgeVerdict? Closing(bool mfaDeny) => mfaDeny ? null : EdgeVerdict.Closed;

        /// <summary>True/false when some Allow of the list certainly applies / certainly none does; null when one may or depends on a request value.</summary>
        private static bool? Allow(Statement[] statements, PrincipalIdentity identity, string role, RequestContext c, bool chained, out Statement? first)
        {
            first = null;
            bool doubt = false;
            foreach (var s in statements)
            {
                if (s.Effect != Effect.Allow || !Targets(s, identity, role, c)) continue;
                var outcome = Evaluate(s, c, chained, out _, out bool requestKeys);
                if (outcome == Outcome.Applies) { first ??= s; continue; }
                if (outcome == Outcome.Maybe || requestKeys) doubt = true;
            }
            if (first != null) return true;
            return doubt ? (bool?)null : false;
        }

        private static Statement[] IdentityStatements(GraphPrincipal p) => p.Own.Statements;

        private static bool Targets(Statement s, PrincipalIdentity identity, string role, RequestContext c) =>
            s.MatchesResource(role, c) && s.MatchPrincipal(identity) != PrincipalMatch.None;

        /// <summary>
        /// Whether the statement's conditions hold: certainly, certainly not, or depending on a key a real request may carry
        /// but this one does not state (<paramref name="unknown"/>). <paramref name="requestKeys"/>: some condition that holds,
        /// fails or is unknown tests a value the caller chooses with the request.
        /// </summary>
        private static Outcome Evaluate(Statement s, RequestContext c, bool chained, out List<Condition>? unknown, out bool requestKeys)
        {
            unknown = null;
            requestKeys = false;
            bool fails = false;
            var conditions = s.Conditions;
            for (int i = 0; i < conditions.Count; i++)
            {
                var condition = conditions[i];
                if (RequestKeys.IsChosenByRequest(condition.Key, chained)) requestKeys = true;
                if (!c.Contains(condition.Key) && KeyUncertainty.EnvironmentKeys.Contains(condition.Key)) { (unknown ??= new List<Condition>()).Add(condition); continue; }
                if (!condition.Evaluate(c)) fails = true;
            }
            return fails ? Outcome.DoesNotApply : unknown != null ? Outcome.Maybe : Outcome.Applies;
        }

        private static bool TestsMfa(Statement s)
        {
            var conditions = s.Conditions;
            for (int i = 0; i < conditions.Count; i++)
                if (conditions[i].Key.StartsWith("aws:MultiFactorAuth", StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private static bool Known(OrganizationMembership? m) => m != null && (m.Kind == MembershipKind.Member || m.Kind == MembershipKind.Standalone);

        /// <summary>Whether SCPs restrict the principal; null when their state in the organization is not known.</summary>
        private static bool? ScpApplies(GraphPrincipal p)
        {
            var m = p.Account.Membership!;
            if (m.Kind != MembershipKind.Member || m.IsManagementAccount || p.Identity.IsServiceLinkedRole) return false;
            return m.ServiceControlPolicies == PolicyTypeState.Enabled ? true : m.ServiceControlPolicies == PolicyTypeState.Disabled ? false : (bool?)null;
        }

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
        /// each, and a search decides tens of thousands of pairs.
        /// </summary>
        private static RequestContext Context(GraphPrincipal p, GraphRole r, DateTimeOffset now)
        {
            var reads = new ReadKeys(p.Profile.Traits, r.Traits);
            var c = new RequestContext();
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
            if (reads.Any("aws:SecureTransport")) c.Set("aws:SecureTransport", "true");
            if (reads.Any("aws:ViaAWSService")) c.Set("aws:ViaAWSService", "false");
            ContextKeys.AddPrincipalKeys(c, p.Identity, r.AccountId, reads);
            if (reads.Any("aws:CurrentTime", "aws:EpochTime")) ContextKeys.AddTime(c, now);
            return c;
        }

        /// <summary>Which keys the statements of a pair read: all of them when some statement uses policy variables.</summary>
        private readonly struct ReadKeys : ContextKeys.IKeyFilter
        {
            private readonly StatementTraits _caller, _role;
            private readonly bool _all;

            public ReadKeys(StatementTraits caller, StatementTraits role) { _caller = caller; _role = role; _all = caller.Variables || role.Variables; }

            public bool Any(string key, string? other = null) =>
                _all || _caller.Reads(key) || _role.Reads(key) || (other != null && (_caller.Reads(other) || _role.Reads(other)));

            public bool Wants(string key) => Any(key);

            public bool Prefix(string prefix) => _all || _caller.ReadsPrefix(prefix) || _role.ReadsPrefix(prefix);
        }

        private static void SetOrganization(RequestContext c, OrganizationMembership m, string idKey, string pathsKey)
        {
            if (m.Kind != MembershipKind.Member) return;
            c.Set(idKey, m.OrganizationId!);
            if (m.OrgPath != null) c.SetMany(pathsKey, new[] { m.OrgPath });
        }
    }
}
