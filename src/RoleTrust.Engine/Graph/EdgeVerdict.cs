using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>What the path checks said of one source and one role: open, open for some requests (the conditions), or closed.</summary>
    internal sealed class EdgeVerdict
    {
        private static readonly Condition[] None = new Condition[0];
        public static readonly EdgeVerdict Closed = new EdgeVerdict(false, None, None, null, null, null, null);

        public EdgeVerdict(bool open, IReadOnlyList<Condition> conditions, IReadOnlyList<Condition> avoided, StatementRef? trust, StatementRef? identity,
            string? undecidedCheck, string? undecidedSummary, int trustPosition = -1, int identityPosition = -1)
        {
            Open = open; Conditions = conditions; Avoided = avoided; Trust = trust; Identity = identity; UndecidedCheck = undecidedCheck; UndecidedSummary = undecidedSummary;
            TrustPosition = trustPosition; IdentityPosition = identityPosition;
        }

        /// <summary>Which of the role's deciding trust statements admits the source (-1: none), for evidence named per role.</summary>
        public int TrustPosition { get; }
        /// <summary>Which of the source's own deciding identity statements allows (-1: none), for evidence named per principal.</summary>
        public int IdentityPosition { get; }

        public bool Open { get; }
        /// <summary>Conditions the request must meet (of Allow statements).</summary>
        public IReadOnlyList<Condition> Conditions { get; }
        /// <summary>Conditions the request must not meet (of Deny statements that apply or not by request values).</summary>
        public IReadOnlyList<Condition> Avoided { get; }
        public StatementRef? Trust { get; }
        public StatementRef? Identity { get; }
        /// <summary>The check that could not be evaluated, when that (rather than a failure) closed the edge.</summary>
        public string? UndecidedCheck { get; }
        public string? UndecidedSummary { get; }

        /// <summary>
        /// The edge of a user whose path opens only when signed in with MFA: <paramref name="withMfa"/>'s edge, conditional on
        /// MFA first. Built without LINQ: the searches make tens of thousands of these, and LINQ's generic operators over
        /// the statements' interface-typed lists cost far more than the copy.
        /// </summary>
        public static EdgeVerdict ConditionalOnMfa(EdgeVerdict withMfa)
        {
            var conditions = new List<Condition>(withMfa.Conditions.Count + 1) { EdgeDecider.MfaPresent };
            for (int i = 0; i < withMfa.Conditions.Count; i++) conditions.Add(withMfa.Conditions[i]);
            return new EdgeVerdict(true, conditions, withMfa.Avoided, withMfa.Trust, withMfa.Identity, null, null, withMfa.TrustPosition, withMfa.IdentityPosition);
        }

        public static EdgeVerdict Undecided(string check, string summary) => new EdgeVerdict(false, None, None, null, null, check, summary);
    }
}
