using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>What the path checks said of one source and one role: open, open for some requests (the conditions), or closed.</summary>
    internal sealed class EdgeVerdict
    {
        public static readonly EdgeVerdict Closed = new EdgeVerdict(false, new Condition[0], null, null, null, null);

        public EdgeVerdict(bool open, IReadOnlyList<Condition> conditions, StatementRef? trust, StatementRef? identity, string? undecidedCheck, string? undecidedSummary)
        {
            Open = open; Conditions = conditions; Trust = trust; Identity = identity; UndecidedCheck = undecidedCheck; UndecidedSummary = undecidedSummary;
        }

        public bool Open { get; }
        public IReadOnlyList<Condition> Conditions { get; }
        public StatementRef? Trust { get; }
        public StatementRef? Identity { get; }
        /// <summary>The check that could not be evaluated, when that (rather than a failure) closed the edge.</summary>
        public string? UndecidedCheck { get; }
        public string? UndecidedSummary { get; }

        public static EdgeVerdict Undecided(string check, string summary) => new EdgeVerdict(false, new Condition[0], null, null, check, summary);
    }
}
