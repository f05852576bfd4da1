using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// What one policy layer did to the request, for every action of it, split by certainty: a statement whose outcome
    /// depends on a condition key the request does not state (<see cref="KeyUncertainty"/>) proves nothing either way.
    /// </summary>
    public sealed class LayerView
    {
        private static readonly IReadOnlyList<StatementView> None = new StatementView[0];

        internal LayerView(PolicyLayer layer, IReadOnlyList<StatementView> statements)
        {
            Layer = layer;
            Statements = statements;
            var certainDenials = new List<StatementView>();
            var possibleDenials = new List<StatementView>();
            var certainAllows = new List<StatementView>();
            var uncertainAllows = new List<StatementView>();
            var possibleAllows = new List<StatementView>();
            var keys = new List<string>();
            foreach (var s in statements)
            {
                if (!s.Targets) continue;
                bool dependsOnUnknown = false, failsOnlyOnUnknown = true, fails = false;
                foreach (var c in s.Conditions)
                {
                    bool unknown = !c.Certain;
                    if (unknown)
                    {
                        dependsOnUnknown = true;
                        if (!keys.Contains(c.Condition.Key)) keys.Add(c.Condition.Key);
                    }
                    if (!c.Holds) { fails = true; if (!unknown) failsOnlyOnUnknown = false; }
                }
                bool isDeny = s.Statement.Effect == Effect.Deny;
                if (!fails)
                {
                    if (dependsOnUnknown) (isDeny ? possibleDenials : uncertainAllows).Add(s);
                    else (isDeny ? certainDenials : certainAllows).Add(s);
                }
                else if (failsOnlyOnUnknown) (isDeny ? possibleDenials : possibleAllows).Add(s);
            }
            CertainDenials = Distinct(certainDenials); PossibleDenials = Distinct(possibleDenials);
            CertainAllows = Distinct(certainAllows); UncertainAllows = Distinct(uncertainAllows); PossibleAllows = Distinct(possibleAllows);
            UncertainKeys = keys;
        }

        public PolicyLayer Layer { get; }
        /// <summary>Every statement of the layer, for every action.</summary>
        public IReadOnlyList<StatementView> Statements { get; }
        /// <summary>Deny statements that apply whatever the unstated keys are.</summary>
        public IReadOnlyList<StatementView> CertainDenials { get; }
        /// <summary>Deny statements that apply or not depending on keys the request does not state.</summary>
        public IReadOnlyList<StatementView> PossibleDenials { get; }
        /// <summary>Allow statements that apply whatever the unstated keys are.</summary>
        public IReadOnlyList<StatementView> CertainAllows { get; }
        /// <summary>Allow statements that applied only because a key the request does not state is absent.</summary>
        public IReadOnlyList<StatementView> UncertainAllows { get; }
        /// <summary>Allow statements that did not apply, but only because of keys the request does not state.</summary>
        public IReadOnlyList<StatementView> PossibleAllows { get; }
        /// <summary>The unstated keys these statements test.</summary>
        public IReadOnlyList<string> UncertainKeys { get; }

        /// <summary>Allow statements that target the request (action, resource, principal), conditions aside.</summary>
        public IReadOnlyList<StatementView> AllowCandidates(string action) =>
            Statements.Where(s => s.Targets && s.Action == action && s.Statement.Effect == Effect.Allow).ToList();

        /// <summary>The same statement reached for several actions counts once.</summary>
        private static IReadOnlyList<StatementView> Distinct(List<StatementView> list) =>
            list.Count == 0 ? None : list.GroupBy(s => (s.Policy.Name, s.LevelId, s.Statement.Index)).Select(g => g.First()).ToList();
    }
}
