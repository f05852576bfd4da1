using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>What the checks of one policy layer share: how a denial, an allow and a doubt are worded.</summary>
    internal abstract class PolicyLayerRule : PathCheckRule
    {
        /// <summary>An explicit deny, naming the first denying statement and an exception that would let this caller through.</summary>
        protected PathCheck DenyCheck(PathFacts f, IReadOnlyList<StatementView> denials, string kind)
        {
            var d = denials[0].Ref;
            var source = f.Source.Principal;
            var decided = f.Evaluation.Results.Values.FirstOrDefault(r => r.Decision == Decision.ExplicitlyDenied);
            string errorText = decided != null && decided.DecidingLayer == d.Layer ? decided.ErrorText!
                : ErrorTexts.AccessDenied(source.Arn, f.Evaluation.Actions[0], f.Role.EvaluatedArn, d.Layer, true, true, d.PolicyArn);
            return Make(f, CheckStatus.Fail,
                $"Statement {d.Index}{(d.Sid == null ? "" : " (" + d.Sid + ")")} of {kind} '{d.PolicyName}'{(d.LevelId == null ? "" : " attached at " + d.LevelId)} explicitly denies the request.",
                evidence: string.Join(Environment.NewLine, denials.Select(s => $"{s.Label}: {s.Statement.Text}")),
                fix: Fixes.DenyExceptionText(d, source, kind), errorText: errorText, change: Fixes.DenyException(d, source));
        }

        /// <summary>Unknown because a Deny may or may not apply, depending on request values not stated.</summary>
        protected PathCheck PossibleDenyCheck(PathFacts f, LayerView view, string kind, string? evidence = null) =>
            Make(f, CheckStatus.Unknown,
                $"A {kind} Deny may apply: {UnstatedKeys(view.PossibleDenials)}.",
                evidence: evidence ?? string.Join(Environment.NewLine, view.PossibleDenials.Select(s => $"{s.Label}: {s.Statement.Text}")),
                fix: f.Phrasing.RemedyForRequestKeys(KeysOf(view.PossibleDenials))).WithRequestConditions(UncertainConditions(view.PossibleDenials));

        /// <summary>Unknown because an Allow may or may not apply, depending on request values not stated.</summary>
        protected PathCheck PossibleAllowCheck(PathFacts f, IReadOnlyList<StatementView> statements, string what) =>
            Make(f, CheckStatus.Unknown, $"{what}: {UnstatedKeys(statements)}.",
                evidence: string.Join(Environment.NewLine, statements.Select(s => $"{s.Label}: {s.Statement.Text}")),
                fix: f.Phrasing.RemedyForRequestKeys(KeysOf(statements))).WithRequestConditions(UncertainConditions(statements));

        /// <summary>Unknown because some of the layer's policies could not be gathered.</summary>
        protected PathCheck GapsCheck(PathFacts f, IReadOnlyList<DataGap> gaps, string what) =>
            Make(f, CheckStatus.Unknown, $"{what}: {string.Join("; ", gaps.Select(f.Phrasing.Describe))}.",
                fix: string.Join(" ", gaps.Select(f.Phrasing.Remedy).Distinct()));

        protected static string UnstatedKeys(IEnumerable<StatementView> statements)
        {
            var keys = KeysOf(statements);
            return $"the policy tests {string.Join(", ", keys)}, which the request does not state";
        }

        protected static IEnumerable<Engine.Policies.Condition> UncertainConditions(IEnumerable<StatementView> statements) =>
            statements.SelectMany(s => s.Conditions).Where(c => !c.Certain).Select(c => c.Condition).Distinct();

        protected static IReadOnlyList<string> KeysOf(IEnumerable<StatementView> statements) =>
            statements.SelectMany(s => s.Conditions).Where(c => !c.Certain).Select(c => c.Condition.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The implicit-deny message AWS returns when this layer is the one that does not allow.</summary>
        protected static string ImplicitText(PathFacts f, PolicyLayer layer, string action) =>
            ErrorTexts.AccessDenied(f.Source.Principal.Arn, action, f.Role.EvaluatedArn, layer, explicitDeny: false, roleTrust: true);

        protected static string PolicyList(string title, IEnumerable<PolicyDocument> policies)
        {
            var list = policies.ToList();
            return list.Count == 0 ? $"{title}: none." : $"{title}: " + string.Join("; ", list.Select(p => $"{p.Name}: {p.Text}"));
        }

        protected static string Allowing(IEnumerable<StatementView> statements) =>
            string.Join(Environment.NewLine, statements.Select(s => $"{s.Label}: {s.Statement.Text}"));
    }
}
