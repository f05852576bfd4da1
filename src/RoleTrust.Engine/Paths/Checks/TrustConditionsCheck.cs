using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The conditions of the trust statements that admit the caller hold for this request.</summary>
    internal sealed class TrustConditionsCheck : PolicyLayerRule
    {
        public override CheckName Name => CheckName.TrustConditions;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var r = f.Role;
            // Missing data is Unknown, never NotApplicable: the conditions could not be read or evaluated.
            DataGap? gap = f.Source.State == SourceState.Unknown && !f.Source.Evaluated ? f.Source.Gap
                : r.Lookup.Status == LookupStatus.Unavailable ? r.Lookup.Gap
                : r.Role != null && r.Trust == null ? r.TrustGap : null;
            if (gap != null) return Make(f, CheckStatus.Unknown, $"Cannot evaluate the trust conditions: {f.Phrasing.Describe(gap)}.", fix: f.Phrasing.Remedy(gap));
            var e = f.Evaluation;
            var view = e.Layer(PolicyLayer.ResourcePolicy);
            if (r.Trust == null || !f.Source.Evaluated || e.Actions.Any(a => view.AllowCandidates(a).Count == 0) || view.CertainDenials.Count > 0)
                return Make(f, CheckStatus.NotApplicable, "No trust statement admits the caller, so there are no conditions to evaluate (see TrustPolicy).");

            // An action fails for sure when every statement that admits it has a condition that fails whatever the
            // unstated values are; it is in doubt when some statement holds or fails only on values the request does not state.
            var failing = new List<string>();
            var unmet = new List<Engine.Policies.Condition>();
            var uncertain = new List<StatementView>();
            bool certainFailure = false;
            foreach (var action in e.Actions)
            {
                var candidates = view.AllowCandidates(action);
                if (candidates.Any(s => s.Applied && s.Conditions.All(c => c.Certain))) continue;
                var doubtful = candidates.Where(s => s.Applied || s.Conditions.Where(x => !x.Holds).All(x => !x.Certain)).ToList();
                foreach (var s in candidates.Where(s => !s.Applied))
                {
                    var c = s.Conditions.First(x => !x.Holds);
                    unmet.AddRange(s.Conditions.Where(x => !x.Holds).Select(x => x.Condition));
                    failing.Add($"statement {s.Statement.Index}{(s.Statement.Sid == null ? "" : " (" + s.Statement.Sid + ")")}: {ConditionExplainer.Explain(c.Condition, e.Context)}");
                }
                if (doubtful.Count == 0) certainFailure = true;
                else uncertain.AddRange(doubtful);
            }
            if (!certainFailure && uncertain.Count > 0)
                return Make(f, CheckStatus.Unknown, $"Whether the trust conditions hold depends on values the request does not state: {UnstatedKeys(uncertain)}.",
                    evidence: string.Join(Environment.NewLine, failing.Count > 0 ? failing : uncertain.Select(s => $"{s.Label}: {s.Statement.Text}")),
                    fix: f.Phrasing.RemedyForRequestKeys(KeysOf(uncertain))).WithRequestConditions(UncertainConditions(uncertain));
            var admitting = view.AllowCandidates(e.Actions[0]);
            if (certainFailure)
                return Make(f, CheckStatus.Fail, "The trust statements that admit the caller have conditions this request does not meet: " + string.Join("; ", failing),
                    evidence: string.Join(Environment.NewLine, admitting.Select(s => $"{r.Trust.Name}[{s.Statement.Index}]: {s.Statement.Text}")),
                    fix: ConditionExplainer.FixFor(admitting.Select(s => s.Statement), e.Context),
                    errorText: Engine.Evaluation.ErrorTexts.AccessDenied(f.Source.Principal.Arn, e.Actions[0], r.EvaluatedArn, PolicyLayer.ResourcePolicy, false, true))
                    .WithRequestConditions(unmet);
            bool anyConditions = e.Actions.SelectMany(view.AllowCandidates).Any(s => s.Conditions.Count > 0);
            return Make(f, anyConditions ? CheckStatus.Pass : CheckStatus.NotApplicable, anyConditions
                ? "The conditions of the admitting trust statement hold for this request." : "The admitting trust statement has no conditions.");
        }
    }
}
