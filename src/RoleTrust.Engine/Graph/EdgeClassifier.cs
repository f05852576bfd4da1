using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Reads a path diagnosis as an edge: open, open for some requests (only conditions on values the caller chooses
    /// block it), or closed.
    /// </summary>
    internal static class EdgeClassifier
    {
        private static readonly HashSet<CheckName> CallerSide = new HashSet<CheckName>
        {
            CheckName.SourcePrincipal, CheckName.IdentityPolicy, CheckName.PermissionsBoundary, CheckName.SessionPolicy, CheckName.ServiceControlPolicy,
        };

        /// <summary>
        /// Null when closed; the conditions the request must meet otherwise (empty: open for any request).
        /// <paramref name="callerSideAssumed"/>: the source is outside the data, so its own account's policies (identity,
        /// SCPs) are taken to allow and only the role's side decides. <paramref name="undecided"/> names the first check that
        /// could not be evaluated when that, rather than a failure, closes the edge.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static List<Condition>? Conditions(PathFacts facts, IReadOnlyList<PathCheck> checks, bool callerSideAssumed, out PathCheck? undecided)
        {
            undecided = null;
            bool chained = facts.Source.IsRoleSession;
            var conditions = new List<Condition>();
            foreach (var c in checks)
            {
                if (c.Passed) continue;
                if (callerSideAssumed && CallerSide.Contains(c.GetName())) continue;
                if (c.GetName() == CheckName.TrustConditions && c.GetStatus() == CheckStatus.Fail)
                {
                    var met = SatisfiableStatement(facts, chained);
                    if (met == null) return null;
                    conditions.AddRange(met);
                    continue;
                }
                if (c.RequestConditions == null || c.RequestConditions.Count == 0 || !c.RequestConditions.All(x => RequestKeys.IsChosenByRequest(x.Key, chained)))
                {
                    if (c.GetStatus() == CheckStatus.Unknown && !checks.Any(x => x.GetStatus() == CheckStatus.Fail)) undecided = c;
                    return null;
                }
                conditions.AddRange(c.RequestConditions);
            }
            return conditions.Distinct().ToList();
        }

        /// <summary>The unmet conditions of the first admitting trust statement that a different request could meet, for every action.</summary>
        private static List<Condition>? SatisfiableStatement(PathFacts facts, bool chained)
        {
            var view = facts.Evaluation.Layer(PolicyLayer.ResourcePolicy);
            var all = new List<Condition>();
            foreach (var action in facts.Evaluation.Actions)
            {
                List<Condition>? best = null;
                foreach (var s in view.AllowCandidates(action))
                {
                    var unmet = s.Conditions.Where(x => !x.Holds || !x.Certain).Select(x => x.Condition).ToList();
                    if (unmet.All(x => RequestKeys.IsChosenByRequest(x.Key, chained))) { best = unmet; break; }
                }
                if (best == null) return null;
                all.AddRange(best);
            }
            return all;
        }
    }
}
