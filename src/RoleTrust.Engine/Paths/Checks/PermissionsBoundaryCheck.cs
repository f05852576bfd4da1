using System.Collections.Generic;
using System.Linq;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The source's permissions boundary allows the actions, with the same-account exception for principals named directly.</summary>
    internal sealed class PermissionsBoundaryCheck : PolicyLayerRule
    {
        public override CheckName Name => CheckName.PermissionsBoundary;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            if (FederatedCaller(f) is PathCheck federated) return federated;
            if (!f.Source.Usable) return NotEvaluated(f);
            var s = f.Source;
            if (s.BoundaryGap != null)
                return Make(f, CheckStatus.Unknown, $"Whether {s.DisplayName} has a permissions boundary cannot be told: {f.Phrasing.Describe(s.BoundaryGap)}.", fix: f.Phrasing.Remedy(s.BoundaryGap));
            if (s.Boundary == null) return Make(f, CheckStatus.NotApplicable, $"{s.DisplayName} has no permissions boundary.");
            if (!s.Boundary.Complete) return GapsCheck(f, s.Boundary.Gaps, $"The permissions boundary {s.BoundaryArn} cannot be evaluated");
            var e = f.Evaluation;
            var view = e.Layer(PolicyLayer.PermissionsBoundary);
            string role = f.Role.EvaluatedArn;
            if (view.CertainDenials.Count > 0) return DenyCheck(f, view.CertainDenials, "permissions boundary");
            var implicitActions = e.ActionsWith(PolicyLayer.PermissionsBoundary, LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                var possible = view.PossibleAllows.Where(v => implicitActions.Contains(v.Action)).ToList();
                if (possible.Count > 0) return PossibleAllowCheck(f, possible, "The boundary does not allow the request as stated");
                return Make(f, CheckStatus.Fail, $"The permissions boundary {s.BoundaryArn} does not allow {string.Join(" and ", implicitActions)} on {role}.",
                    evidence: PolicyList("Boundary", s.Boundary.Policies), fix: $"Allow {string.Join(", ", implicitActions)} on {role} in the boundary policy (as a new default version).",
                    errorText: ImplicitText(f, PolicyLayer.PermissionsBoundary, implicitActions[0]),
                    change: Fixes.BoundaryAllow(s.BoundaryArn!, s.Boundary.Policies[0], role, implicitActions));
            }
            if (e.ActionsWith(PolicyLayer.PermissionsBoundary, LayerOutcome.NotRequired).Count > 0)
                return Make(f, CheckStatus.Warn,
                    $"The boundary {s.BoundaryArn} does not allow sts:AssumeRole, but the same-account trust policy names {s.DisplayName} directly, which the evaluation logic exempts from the boundary. AWS's \"Update a role trust policy\" page says the boundary must allow it anyway: the documents disagree.",
                    evidence: PolicyList("Boundary", s.Boundary.Policies), fix: $"To be safe, allow sts:AssumeRole on {role} in the boundary.");
            if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, "permissions boundary");
            if (view.CertainAllows.Count == 0 && view.UncertainAllows.Count > 0)
                return PossibleAllowCheck(f, view.UncertainAllows, "The boundary allows the request only while a key the request does not state is absent");
            return Make(f, CheckStatus.Pass, $"The permissions boundary {s.BoundaryArn} allows the request.", evidence: Allowing(view.CertainAllows));
        }
    }
}
