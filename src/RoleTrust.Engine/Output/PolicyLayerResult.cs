namespace RoleTrust
{
    /// <summary>One layer of a <see cref="PolicyDecision"/>: its outcome, why, and the statements that allowed or denied.</summary>
    public sealed class PolicyLayerResult
    {
        internal PolicyLayerResult(string layer, string outcome, string? note, ReadableList<PolicyStatementRef> allowedBy, ReadableList<PolicyStatementRef> deniedBy)
        {
            Layer = layer;
            Outcome = outcome;
            Note = note;
            AllowedBy = allowedBy;
            DeniedBy = deniedBy;
        }

        /// <summary>ServiceControlPolicy, ResourceControlPolicy, VpcEndpointPolicy, ResourcePolicy, IdentityPolicy, PermissionsBoundary or SessionPolicy.</summary>
        public string Layer { get; }
        /// <summary>Allowed, ImplicitlyDenied, ExplicitlyDenied, NotRequired or Exempt.</summary>
        public string Outcome { get; }
        /// <summary>Why the layer had this outcome, when that is not obvious.</summary>
        public string? Note { get; }
        public ReadableList<PolicyStatementRef> AllowedBy { get; }
        public ReadableList<PolicyStatementRef> DeniedBy { get; }

        public override string ToString() => $"{Layer}={Outcome}";
    }
}
