using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>The request as evaluated: its actions and context, the decision per action, and each layer's story.</summary>
    public sealed class EvaluationFacts
    {
        private readonly Dictionary<PolicyLayer, LayerView> _layers;

        internal EvaluationFacts(IReadOnlyList<string> actions, RequestContext context, KeyUncertainty uncertainty,
            IReadOnlyDictionary<string, EvaluationResult> results, Dictionary<PolicyLayer, LayerView> layers)
        {
            Actions = actions; Context = context; Uncertainty = uncertainty; Results = results; _layers = layers;
        }

        /// <summary>sts:AssumeRole, plus sts:TagSession and sts:SetSourceIdentity when the request needs them.</summary>
        public IReadOnlyList<string> Actions { get; }
        public RequestContext Context { get; }
        public KeyUncertainty Uncertainty { get; }
        /// <summary>The decision for each action; empty when the source cannot be evaluated.</summary>
        public IReadOnlyDictionary<string, EvaluationResult> Results { get; }
        public bool Evaluated => Results.Count > 0;

        public LayerView Layer(PolicyLayer layer) => _layers[layer];

        /// <summary>The actions whose decision gave this layer this outcome.</summary>
        public List<string> ActionsWith(PolicyLayer layer, LayerOutcome outcome)
        {
            var list = new List<string>();
            foreach (var a in Actions) if (Results.TryGetValue(a, out var r) && r.OutcomeOf(layer) == outcome) list.Add(a);
            return list;
        }

        public EvaluationResult? ResultFor(string action) => Results.TryGetValue(action, out var r) ? r : null;
    }
}
