using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>One condition of a statement as the request met it.</summary>
    public sealed class ConditionView
    {
        internal ConditionView(Condition condition, bool holds, bool keyPresent, bool certain)
        {
            Condition = condition; Holds = holds; KeyPresent = keyPresent; Certain = certain;
        }

        public Condition Condition { get; }
        public bool Holds { get; }
        public bool KeyPresent { get; }
        /// <summary>False when the outcome depends on a key the request does not state (see KeyUncertainty).</summary>
        public bool Certain { get; }
    }

    /// <summary>One statement of one layer for one action: whether it targets the request, and how each condition came out.</summary>
    public sealed class StatementView
    {
        internal StatementView(PolicyLayer layer, PolicyDocument policy, Statement statement, string? levelId, string action, PrincipalMatch principalMatch,
            bool targets, IReadOnlyList<ConditionView> conditions)
        {
            Layer = layer; Policy = policy; Statement = statement; LevelId = levelId; Action = action; PrincipalMatch = principalMatch;
            Targets = targets; Conditions = conditions;
        }

        public PolicyLayer Layer { get; }
        public PolicyDocument Policy { get; }
        public Statement Statement { get; }
        public string? LevelId { get; }
        public string Action { get; }
        public PrincipalMatch PrincipalMatch { get; }
        /// <summary>Action, resource and principal match: only the conditions decide whether it applies.</summary>
        public bool Targets { get; }
        public IReadOnlyList<ConditionView> Conditions { get; }

        public bool Applied
        {
            get
            {
                if (!Targets) return false;
                foreach (var c in Conditions) if (!c.Holds) return false;
                return true;
            }
        }

        public StatementRef Ref => new StatementRef(Layer, Policy, Statement, LevelId);

        /// <summary>"trust policy[2] (AllowCarol)".</summary>
        public string Label => Ref.ToString();
    }
}
