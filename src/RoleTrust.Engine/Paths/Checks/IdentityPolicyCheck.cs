using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>
    /// The source's identity-based policies (user, groups, role) allow the actions on the role ARN, or need not: a
    /// same-account trust that names the principal directly grants on its own.
    /// </summary>
    internal sealed class IdentityPolicyCheck : PolicyLayerRule
    {
        public override CheckName Name => CheckName.IdentityPolicy;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            if (FederatedCaller(f) is PathCheck federated) return federated;
            if (!f.Source.Usable) return NotEvaluated(f);
            var e = f.Evaluation;
            var view = e.Layer(PolicyLayer.IdentityPolicy);
            var identity = f.Source.Identity;
            string who = f.Source.DisplayName;
            string role = f.Role.EvaluatedArn;
            if (view.CertainDenials.Count > 0) return DenyCheck(f, view.CertainDenials, "identity-based policy");

            var implicitActions = e.ActionsWith(PolicyLayer.IdentityPolicy, LayerOutcome.ImplicitlyDenied);
            // sts:TagSession / sts:SetSourceIdentity: when the trust names the caller directly in the same account (no identity
            // allow needed for sts:AssumeRole) but lacks the permission-only action, the gap is in the trust (see TrustPolicy);
            // once the trust admits the action, no identity allow is needed for it either.
            if (e.ResultFor("sts:AssumeRole")?.OutcomeOf(PolicyLayer.IdentityPolicy) == LayerOutcome.NotRequired)
                implicitActions.RemoveAll(a => a != "sts:AssumeRole" && e.Results[a].OutcomeOf(PolicyLayer.ResourcePolicy) == LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                if (!identity.Complete) return GapsCheck(f, identity.Gaps, "No identity-based policy found allows the request, but not every policy could be read");
                var possible = view.PossibleAllows.Where(s => implicitActions.Contains(s.Action)).ToList();
                if (possible.Count > 0) return PossibleAllowCheck(f, possible, "No identity-based policy allows the request as stated");
                // In the same account a trust policy that names the caller grants on its own: without the trust policy,
                // whether an identity allow is needed cannot be told.
                if (UnknownSameAccountTrust(f) is DataGap trustGap)
                    return GapsCheck(f, new[] { trustGap }, $"No identity-based policy of {who} allows the request, and whether one is needed depends on the role's trust policy, which cannot be read");
                var first = e.Results[implicitActions[0]];
                var pathMismatch = SameNameOtherPath(f, identity.Policies);
                return Make(f, CheckStatus.Fail,
                    $"No identity-based policy of {who} allows {string.Join(" and ", implicitActions)} on {role}"
                    + (first.TrustMatch == PrincipalMatch.Account ? " (the trust policy names only the account, which delegates the decision to the caller's account)." : ".")
                    + (pathMismatch.Count > 0 ? $" An Allow names {string.Join(", ", pathMismatch)}: same role name, wrong path (role/Name does not match role/path/Name)." : ""),
                    evidence: PolicyList("Identity-based policies evaluated", identity.Policies),
                    fix: $"Allow {string.Join(", ", implicitActions)} on {role} in an identity-based policy of {who}.",
                    errorText: ImplicitText(f, PolicyLayer.IdentityPolicy, implicitActions[0]),
                    change: Fixes.IdentityAllow(f.Source.Principal, f.Source.User, f.Source.Role, f.Role.Name, role, implicitActions));
            }

            var trust = e.Layer(PolicyLayer.ResourcePolicy);
            if (e.ActionsWith(PolicyLayer.IdentityPolicy, LayerOutcome.NotRequired).Count > 0)
            {
                // No allow is needed, but a Deny in a policy that could not be read, or one that depends on unstated values, would still deny.
                if (!identity.Complete) return GapsCheck(f, identity.Gaps, "No identity-based allow is needed, but a Deny may apply: not every policy could be read");
                if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, "identity-based policy");
                if (e.ResultFor("sts:AssumeRole")?.TrustMatch == PrincipalMatch.Wildcard)
                    return Make(f, CheckStatus.Warn,
                        "No identity-based policy allows the request; the same-account trust policy admits everyone (\"*\"). By the general resource-policy rule that grants directly and needs no identity allow, but AWS documents nothing specific for role trust policies.",
                        evidence: Allowing(trust.CertainAllows.Concat(trust.UncertainAllows)),
                        fix: $"To be safe, allow sts:AssumeRole on {role} in an identity-based policy, or name the caller in the trust policy.");
                return Make(f, CheckStatus.Pass, $"Not required: the trust policy names {who} directly in the same account, so no identity-based allow is needed.",
                    evidence: Allowing(trust.CertainAllows.Concat(trust.UncertainAllows)));
            }
            if (!identity.Complete) return GapsCheck(f, identity.Gaps, "An identity-based policy allows the request, but a Deny may still apply: not every policy could be read");
            if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, "identity-based policy");
            if (view.CertainAllows.Count == 0 && view.UncertainAllows.Count > 0)
                return PossibleAllowCheck(f, view.UncertainAllows, "The identity-based policy allows the request only while a key the request does not state is absent");
            return Make(f, CheckStatus.Pass, $"An identity-based policy of {who} allows {string.Join(" and ", e.Actions)} on the role.", evidence: Allowing(view.CertainAllows));
        }

        /// <summary>Why the trust policy of a role in the source's own account is not known; null when it is known or the role is elsewhere.</summary>
        private static DataGap? UnknownSameAccountTrust(PathFacts f)
        {
            var r = f.Role;
            if (r.Trust != null || r.AccountId != f.Source.Principal.AccountId) return null;
            if (r.Lookup.Status == LookupStatus.Unavailable) return r.Lookup.Gap;
            return r.Role != null ? r.TrustGap : null;
        }

        /// <summary>Allow statements' resource patterns naming this role's name under another path (a path mistake).</summary>
        private static List<string> SameNameOtherPath(PathFacts f, IEnumerable<PolicyDocument> policies) =>
            policies.SelectMany(p => p.Statements).Where(s => s.Effect == Effect.Allow && !s.IsNotResource && s.Resource != null && f.Evaluation.Actions.Any(s.MatchesAction))
                .SelectMany(s => s.Resource!.Patterns)
                .Where(r => !r.Contains("*") && !r.Contains("?") && r != f.Role.EvaluatedArn && Arn.TryParse(r, out var a) && a.Service == "iam" && a.Account == f.Role.AccountId
                    && a.Resource.StartsWith("role/", StringComparison.Ordinal) && a.Resource.Substring(a.Resource.LastIndexOf('/') + 1) == f.Role.Name)
                .Distinct().ToList();
    }
}
