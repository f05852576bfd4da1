namespace RoleTrust.Engine.Audit
{
    /// <summary>
    /// One audit rule's metadata: its stable id and severity, and the texts that describe it wherever findings are
    /// shown (objects, SARIF rule metadata, docs/findings.md says the same in prose).
    /// </summary>
    public sealed class TrustRule
    {
        internal TrustRule(int index, string id, FindingSeverity severity, string name, string shortDescription, string fullDescription, string help)
        {
            Index = index; Id = id; Severity = severity; Name = name; ShortDescription = shortDescription;
            FullDescription = fullDescription; Help = help;
        }

        /// <summary>Position in <see cref="TrustRules.All"/> (the SARIF ruleIndex).</summary>
        public int Index { get; }
        /// <summary>Stable id, e.g. WildcardPrincipal.</summary>
        public string Id { get; }
        public FindingSeverity Severity { get; }
        /// <summary>A readable name, e.g. "Wildcard principal".</summary>
        public string Name { get; }
        /// <summary>One sentence: what the rule flags.</summary>
        public string ShortDescription { get; }
        /// <summary>The exact definition: what is flagged and what is not.</summary>
        public string FullDescription { get; }
        /// <summary>Why it matters and how to fix it.</summary>
        public string Help { get; }

        public override string ToString() => Id;
    }
}
