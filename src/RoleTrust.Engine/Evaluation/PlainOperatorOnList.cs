using System.Collections.Generic;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// A condition with a plain operator (no ForAnyValue or ForAllValues) on a key the request gives as a list of one
    /// value. AWS requires a set operator for multivalued keys (IAM User Guide, Single-valued vs. multivalued context
    /// keys) and does not say what a plain one does. The evaluator reads the list as its one value; the other reading,
    /// that a plain operator matches no list at all (as it matches no list of several values), is evaluated here so the
    /// result can say when the two decide differently.
    /// </summary>
    internal static class PlainOperatorOnList
    {
        /// <summary>The first such condition in any policy of the request, or null (the common case).</summary>
        public static Condition? Find(EvaluationRequest request)
        {
            var context = request.Context;
            if (!context.HasLists) return null;
            return In(request.IdentityPolicies, context) ?? In(request.PermissionsBoundaries, context) ?? In(request.SessionPolicies, context)
                ?? In(request.VpcEndpointPolicies, context) ?? In(request.ResourcePolicy, context)
                ?? In(request.ServiceControlPolicies, context) ?? In(request.ResourceControlPolicies, context);
        }

        /// <summary>
        /// The same request with every one-value list given as that value twice: a plain operator then matches nothing,
        /// while set operators, which compare sets, and the Null check decide as before.
        /// </summary>
        public static EvaluationRequest ReadAsMatchingNothing(EvaluationRequest request)
        {
            var context = new RequestContext(request.Context);
            foreach (var entry in request.Context.Entries)
                if (entry.Value.IsMultiValued && entry.Value.Values.Length == 1)
                    context.Set(entry.Key, new ContextValue(new[] { entry.Value.Values[0], entry.Value.Values[0] }, true));
            return request.WithContext(context);
        }

        private static Condition? In(IReadOnlyList<PolicyLevel>? levels, RequestContext context)
        {
            if (levels == null) return null;
            foreach (var level in levels) if (In(level.Policies, context) is Condition c) return c;
            return null;
        }

        private static Condition? In(IReadOnlyList<PolicyDocument>? policies, RequestContext context)
        {
            if (policies == null) return null;
            foreach (var policy in policies) if (In(policy, context) is Condition c) return c;
            return null;
        }

        private static Condition? In(PolicyDocument? policy, RequestContext context)
        {
            if (policy == null) return null;
            foreach (var statement in policy.Statements)
                foreach (var condition in statement.Conditions)
                    if (condition.Operator.Set == SetQualifier.None && condition.Operator.Family != OperatorFamily.Null
                        && context.TryGet(condition.Key, out var value) && value.IsMultiValued && value.Values.Length == 1)
                        return condition;
            return null;
        }
    }
}
