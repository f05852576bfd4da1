using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// Lays out, statement by statement, how the policies of one request met it, from the evaluator's own trace of the
    /// decision: the explanation and the verdict come from one matching, so they cannot disagree.
    /// </summary>
    internal static class StatementViews
    {
        public static void Collect(Dictionary<PolicyLayer, List<StatementView>> into, EvaluationTrace trace, string action, KeyUncertainty uncertainty)
        {
            foreach (var layer in trace.Layers)
            {
                var views = into[layer.Layer];
                foreach (var s in layer.Statements)
                {
                    bool targets = s.MatchedAllButConditions;
                    var conditions = new List<ConditionView>(targets ? s.Conditions.Count : 0);
                    if (targets)
                        foreach (var c in s.Conditions)
                            conditions.Add(new ConditionView(c.Condition, c.Result, c.KeyPresent, c.KeyPresent || uncertainty.Decides(c.Condition, c.Result)));
                    views.Add(new StatementView(layer.Layer, s.Policy, s.Statement, s.LevelId, action, s.PrincipalMatch, targets, conditions));
                }
            }
        }
    }
}
