using System.Collections.Generic;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// How one decision was reached, statement by statement: for every layer that took part, every statement of
    /// every policy with what matched and what did not. Explanations are built from it rather than by matching the
    /// statements a second time, so they cannot drift from the decision. Recorded only when the request asks
    /// (<see cref="EvaluationRequest.Trace"/>); recording never changes the decision.
    /// </summary>
    public sealed class EvaluationTrace
    {
        internal EvaluationTrace(IReadOnlyList<LayerTrace> layers) { Layers = layers; }

        /// <summary>The layers in <see cref="RoleTrust.PolicyLayer"/> order: each layer given policies, or one that decided without any.</summary>
        public IReadOnlyList<LayerTrace> Layers { get; }

        public LayerTrace? this[RoleTrust.PolicyLayer layer]
        {
            get { foreach (var l in Layers) if (l.Layer == layer) return l; return null; }
        }

        /// <summary>Every statement record of every layer, in layer order.</summary>
        public IEnumerable<StatementTrace> Statements
        {
            get { foreach (var l in Layers) foreach (var s in l.Statements) yield return s; }
        }
    }

    /// <summary>One layer's statements and what became of them.</summary>
    public sealed class LayerTrace
    {
        internal LayerTrace(RoleTrust.PolicyLayer layer, LayerOutcome outcome, string? note, bool deniesByDefault, IReadOnlyList<StatementTrace> statements,
            IReadOnlyList<string> levelsWithoutAllow)
        {
            Layer = layer; Outcome = outcome; Note = note; DeniesByDefault = deniesByDefault; Statements = statements; LevelsWithoutAllow = levelsWithoutAllow;
            var allowing = new List<StatementTrace>();
            var denying = new List<StatementTrace>();
            var blocked = new List<StatementTrace>();
            foreach (var s in statements)
            {
                if (s.Applied) (s.Statement.Effect == Effect.Allow ? allowing : denying).Add(s);
                else if (deniesByDefault && s.Statement.Effect == Effect.Allow && s.MatchedAllButConditions) blocked.Add(s);
            }
            Allowing = allowing; Denying = denying; AllowingButForConditions = blocked;
        }

        public RoleTrust.PolicyLayer Layer { get; }
        /// <summary>The layer's outcome in the decision (the same as <see cref="LayerResult.Outcome"/>).</summary>
        public LayerOutcome Outcome { get; }
        public string? Note { get; }
        /// <summary>
        /// Whether the layer denies unless a statement allows (every layer but the RCPs, which RCPFullAWSAccess always allows).
        /// </summary>
        public bool DeniesByDefault { get; }
        /// <summary>Every statement of every policy of the layer, in order (SCP and RCP levels from the root down).</summary>
        public IReadOnlyList<StatementTrace> Statements { get; }
        /// <summary>Allow statements that applied to the request.</summary>
        public IReadOnlyList<StatementTrace> Allowing { get; }
        /// <summary>Deny statements that applied to the request.</summary>
        public IReadOnlyList<StatementTrace> Denying { get; }
        /// <summary>
        /// In a layer that denies by default: Allow statements whose action, resource and principal matched but whose
        /// conditions did not all hold. These are the statements that would have allowed but for their conditions.
        /// </summary>
        public IReadOnlyList<StatementTrace> AllowingButForConditions { get; }
        /// <summary>For SCPs: the levels (root, OU or account id) where no statement allowed.</summary>
        public IReadOnlyList<string> LevelsWithoutAllow { get; }

        public override string ToString() => $"{Layer}: {Outcome} ({Statements.Count} statements)";
    }

    /// <summary>One statement of one policy checked against the request: each part that must match, and the verdict.</summary>
    public sealed class StatementTrace
    {
        internal StatementTrace(RoleTrust.PolicyLayer layer, PolicyDocument policy, string? levelId, Statement statement, bool actionMatched, bool resourceMatched,
            PrincipalMatch principalMatch, bool notPrincipalOverridden, IReadOnlyList<ConditionTrace> conditions, bool conditionsHeld)
        {
            Layer = layer; Policy = policy; LevelId = levelId; Statement = statement; ActionMatched = actionMatched; ResourceMatched = resourceMatched;
            PrincipalMatch = principalMatch; NotPrincipalOverriddenByBoundary = notPrincipalOverridden; Conditions = conditions; ConditionsHeld = conditionsHeld;
        }

        public RoleTrust.PolicyLayer Layer { get; }
        public PolicyDocument Policy { get; }
        public string PolicyName => Policy.Name;
        public string? PolicyArn => Policy.Arn;
        /// <summary>SCP/RCP level (root, OU or account id) the policy is attached to; null for other layers.</summary>
        public string? LevelId { get; }
        public Statement Statement { get; }
        public bool ActionMatched { get; }
        /// <summary>True too when the statement has no Resource element (trust policies).</summary>
        public bool ResourceMatched { get; }
        /// <summary>How the Principal (or NotPrincipal) element admitted the caller; Wildcard when the statement has none.</summary>
        public PrincipalMatch PrincipalMatch { get; }
        public bool PrincipalMatched => PrincipalMatch != PrincipalMatch.None;
        /// <summary>
        /// A Deny with NotPrincipal in a resource-based policy applied to a caller with a permissions boundary, whatever
        /// NotPrincipal lists (IAM User Guide, NotPrincipal).
        /// </summary>
        public bool NotPrincipalOverriddenByBoundary { get; }
        /// <summary>Each operator-key pair of the Condition block with its outcome, in order.</summary>
        public IReadOnlyList<ConditionTrace> Conditions { get; }
        public bool ConditionsHeld { get; }
        /// <summary>The conditions that did not hold, in order (what an explanation names).</summary>
        public IReadOnlyList<ConditionTrace> FailedConditions
        {
            get
            {
                var failed = new List<ConditionTrace>();
                foreach (var c in Conditions) if (!c.Result) failed.Add(c);
                return failed;
            }
        }
        public bool MatchedAllButConditions => ActionMatched && ResourceMatched && PrincipalMatched;
        /// <summary>Action, resource and principal matched and every condition held: the statement took effect.</summary>
        public bool Applied => MatchedAllButConditions && ConditionsHeld;

        public override string ToString() =>
            $"{Layer} {PolicyName}[{Statement.Index}]{(Statement.Sid == null ? "" : " (" + Statement.Sid + ")")}: {(Applied ? "applied" : "did not apply")}";
    }

    /// <summary>One operator-key pair of a statement's Condition block evaluated against the request.</summary>
    public sealed class ConditionTrace
    {
        internal ConditionTrace(Condition condition, bool result, bool keyPresent) { Condition = condition; Result = result; KeyPresent = keyPresent; }

        public Condition Condition { get; }
        public bool Result { get; }
        /// <summary>Whether the request context holds the condition key (with at least one value).</summary>
        public bool KeyPresent { get; }

        public override string ToString() => $"{Condition}: {Result}{(KeyPresent ? "" : " (key absent)")}";
    }
}
