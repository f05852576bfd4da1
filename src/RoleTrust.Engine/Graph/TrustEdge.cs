using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// One assume edge: Source can assume Role, under exactly the rules of the path checks. Conditional when it holds
    /// only for some request contexts (MFA, an external ID, a network, a region ...): those conditions are listed.
    /// </summary>
    public sealed class TrustEdge
    {
        private static readonly Condition[] None = new Condition[0];

        internal TrustEdge(TrustNode source, TrustNode role, string action, StatementRef? trustStatement, StatementRef? identityStatement,
            IReadOnlyList<Condition> conditions, IReadOnlyList<Condition>? avoided = null)
        {
            Source = source; Role = role; Action = action; TrustStatement = trustStatement; IdentityStatement = identityStatement; Conditions = conditions;
            Avoided = avoided ?? None;
        }

        public TrustNode Source { get; }
        public TrustNode Role { get; }
        /// <summary>sts:AssumeRole, sts:AssumeRoleWithWebIdentity or sts:AssumeRoleWithSAML.</summary>
        public string Action { get; }
        /// <summary>The trust statement that admits the source.</summary>
        public StatementRef? TrustStatement { get; }
        /// <summary>The identity-based statement that allows the call, when one is needed and the data holds it.</summary>
        public StatementRef? IdentityStatement { get; }
        /// <summary>The conditions the request must meet (of the admitting Allow statements); empty for an edge that holds for any request.</summary>
        public IReadOnlyList<Condition> Conditions { get; }
        /// <summary>Conditions of Deny statements the request must not meet (a deny on a region, a network, MFA absent ...).</summary>
        public IReadOnlyList<Condition> Avoided { get; }
        public bool Conditional => Conditions.Count > 0 || Avoided.Count > 0;

        /// <summary>The conditions as path hops list them, then the avoided ones after "not": made once for every path through the edge.</summary>
        internal string[] ConditionTexts
        {
            get
            {
                var texts = _conditionTexts;
                if (texts != null) return texts;
                texts = new string[Conditions.Count + Avoided.Count];
                for (int i = 0; i < Conditions.Count; i++) texts[i] = Conditions[i].Described;
                for (int i = 0; i < Avoided.Count; i++) texts[Conditions.Count + i] = "not " + Avoided[i].Described;
                return _conditionTexts = texts;
            }
        }
        private string[]? _conditionTexts;

        /// <summary>
        /// The edge as a path hop: made once and shared by every path of a search that goes through the edge (a "*" search
        /// returns some 94,000 paths, most of them through a few thousand roles). Hops are immutable.
        /// </summary>
        internal AssumeRoleHop Hop =>
            _hop ?? System.Threading.Interlocked.CompareExchange(ref _hop, new AssumeRoleHop(this), null) ?? _hop!;
        private AssumeRoleHop? _hop;

        public override string ToString() => $"{Source} -> {Role}{(Conditional ? " (conditional)" : "")}";
    }
}
