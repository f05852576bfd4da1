using System.Runtime.CompilerServices;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// Whether one statement applies to a request: action, resource, principal and conditions. The fast path stops
    /// at the first part that does not match; the traced path checks every part and every condition. Both derive
    /// "applies" from the same checks, so tracing cannot change a decision.
    /// </summary>
    internal static class StatementMatcher
    {
        [MethodImpl(HotPath.Options)]
        public static bool Applies(Statement s, EvaluationRequest request, bool notPrincipalDeniesBounded, out PrincipalMatch match)
        {
            match = PrincipalMatch.None;
            if (!s.MatchesAction(request.Action)) return false;
            if (!s.MatchesResource(request.Resource, request.Context)) return false;
            match = MatchPrincipal(s, request, notPrincipalDeniesBounded, out _);
            if (match == PrincipalMatch.None) return false;
            return s.ConditionsHold(request.Context);
        }

        public static StatementTrace Trace(RoleTrust.PolicyLayer layer, PolicyDocument policy, string? levelId, Statement s, EvaluationRequest request, bool notPrincipalDeniesBounded)
        {
            bool action = s.MatchesAction(request.Action);
            bool resource = s.MatchesResource(request.Resource, request.Context);
            var match = MatchPrincipal(s, request, notPrincipalDeniesBounded, out bool overridden);
            var conditions = s.Conditions.Count == 0 ? NoConditions : new ConditionTrace[s.Conditions.Count];
            bool held = true;
            for (int i = 0; i < s.Conditions.Count; i++)
            {
                var c = s.Conditions[i];
                bool result = c.Evaluate(request.Context);
                held &= result;
                conditions[i] = new ConditionTrace(c, result, c.IsKeyPresent(request.Context));
            }
            return new StatementTrace(layer, policy, levelId, s, action, resource, match, overridden, conditions, held);
        }

        private static readonly ConditionTrace[] NoConditions = new ConditionTrace[0];

        /// <summary>
        /// A Deny with NotPrincipal in a resource-based policy denies every caller that has a permissions boundary,
        /// whatever NotPrincipal lists (IAM User Guide, NotPrincipal; permissions boundaries).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static PrincipalMatch MatchPrincipal(Statement s, EvaluationRequest request, bool notPrincipalDeniesBounded, out bool overridden)
        {
            var match = s.MatchPrincipal(request.Principal);
            overridden = false;
            if (notPrincipalDeniesBounded && s.IsNotPrincipal && s.Effect == Effect.Deny && match == PrincipalMatch.None)
            {
                overridden = true;
                match = PrincipalMatch.Wildcard;
            }
            return match;
        }
    }
}
