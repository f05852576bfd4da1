using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>SCPs and RCPs: levels from the root down to an account, gathered and evaluated the same way.</summary>
    internal abstract class OrganizationPolicyRule : PolicyLayerRule
    {
        protected abstract PolicyLayer Layer { get; }
        protected abstract string Kind { get; }
        protected abstract OrganizationSideFacts Side(PathFacts f);

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var side = Side(f);
            string plural = Kind.Substring(0, Kind.Length - 1) + "ies";
            if (side.Gap != null) return Make(f, CheckStatus.Unknown, $"Cannot check the {plural} of account {side.AccountId}: {f.Phrasing.Describe(side.Gap)}.", fix: f.Phrasing.Remedy(side.Gap));
            if (side.NotApplicable != null) return Make(f, CheckStatus.NotApplicable, side.NotApplicable);
            if (!f.Source.Evaluated) return NotEvaluated(f);
            if (side.PolicyGaps.Count > 0) return GapsCheck(f, side.PolicyGaps, $"Cannot evaluate the {plural} for account {side.AccountId}");
            var e = f.Evaluation;
            var view = e.Layer(Layer);
            if (view.CertainDenials.Count > 0) return DenyCheck(f, view.CertainDenials, Kind);
            var implicitActions = e.ActionsWith(Layer, LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                var possible = view.PossibleAllows.Where(v => implicitActions.Contains(v.Action)).ToList();
                if (possible.Count > 0) return PossibleAllowCheck(f, possible, $"The {plural} do not allow the request as stated");
                string note = e.Results[implicitActions[0]][Layer]?.Note ?? "";
                return Make(f, CheckStatus.Fail, $"{note} Every level from the root to account {side.AccountId} must allow {string.Join(" and ", implicitActions)}.".Trim(),
                    evidence: string.Join(Environment.NewLine, side.Levels!.Select(l => $"{l.Id}: {string.Join(", ", l.Policies.Select(p => p.Name))}")),
                    fix: $"Attach an SCP allowing {string.Join(", ", implicitActions)} (for example {{\"Effect\":\"Allow\",\"Action\":\"{implicitActions[0]}\",\"Resource\":\"*\"}}) at the level named, or keep FullAWSAccess attached there.",
                    errorText: ImplicitText(f, Layer, implicitActions[0]));
            }
            if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, Kind);
            return Make(f, CheckStatus.Pass, PassSummary(side.AccountId), evidence: Allowing(view.CertainAllows));
        }

        protected abstract string PassSummary(string account);
    }
}
