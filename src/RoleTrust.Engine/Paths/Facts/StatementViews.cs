using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>Lays out, statement by statement, how the policies of one request met it.</summary>
    internal static class StatementViews
    {
        public static void Collect(List<StatementView> into, PolicyLayer layer, IEnumerable<PolicyDocument>? policies, string? levelId, EvaluationRequest request,
            KeyUncertainty uncertainty)
        {
            if (policies == null) return;
            foreach (var p in policies)
                foreach (var s in p.Statements)
                {
                    var match = s.MatchPrincipal(request.Principal);
                    bool targets = s.MatchesAction(request.Action) && s.MatchesResource(request.Resource, request.Context) && match != PrincipalMatch.None;
                    var conditions = new List<ConditionView>(s.Conditions.Count);
                    if (targets)
                        foreach (var c in s.Conditions)
                        {
                            bool holds = c.Evaluate(request.Context);
                            bool present = request.Context.TryGet(c.Key, out var v) && v.Values.Length > 0;
                            conditions.Add(new ConditionView(c, holds, present, present || uncertainty.Decides(c, holds)));
                        }
                    into.Add(new StatementView(layer, p, s, levelId, request.Action, match, targets, conditions));
                }
        }

        public static void CollectLevels(List<StatementView> into, PolicyLayer layer, IReadOnlyList<PolicyLevel>? levels, EvaluationRequest request,
            KeyUncertainty uncertainty)
        {
            if (levels == null) return;
            foreach (var level in levels) Collect(into, layer, level.Policies, level.Id, request, uncertainty);
        }
    }
}
