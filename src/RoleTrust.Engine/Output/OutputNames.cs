using RoleTrust.Engine.Policies;

namespace RoleTrust
{
    /// <summary>
    /// The names output objects carry for the engine's enums. Output properties are strings because ConvertTo-Json
    /// writes enums as numbers (Windows PowerShell 5.1 has no -EnumsAsStrings); the tables keep the names exactly the
    /// enum member names, without formatting cost per object.
    /// </summary>
    internal static class OutputNames
    {
        private static readonly string[] Decisions = { nameof(RoleTrust.Decision.Allowed), nameof(RoleTrust.Decision.ImplicitlyDenied), nameof(RoleTrust.Decision.ExplicitlyDenied) };

        private static readonly string[] Layers =
        {
            nameof(PolicyLayer.ServiceControlPolicy), nameof(PolicyLayer.ResourceControlPolicy), nameof(PolicyLayer.VpcEndpointPolicy), nameof(PolicyLayer.ResourcePolicy),
            nameof(PolicyLayer.IdentityPolicy), nameof(PolicyLayer.PermissionsBoundary), nameof(PolicyLayer.SessionPolicy),
        };

        private static readonly string[] Outcomes =
        {
            nameof(LayerOutcome.NotPresent), nameof(LayerOutcome.Allowed), nameof(LayerOutcome.ImplicitlyDenied), nameof(LayerOutcome.ExplicitlyDenied),
            nameof(LayerOutcome.NotRequired), nameof(LayerOutcome.Exempt),
        };

        private static readonly string[] NodeKinds =
        {
            nameof(Graph.TrustNodeKind.User), nameof(Graph.TrustNodeKind.Role), nameof(Graph.TrustNodeKind.ExternalAccount), nameof(Graph.TrustNodeKind.ExternalPrincipal),
            nameof(Graph.TrustNodeKind.Service), nameof(Graph.TrustNodeKind.Federated), nameof(Graph.TrustNodeKind.Anyone),
        };

        public static string Of(Decision value) => Decisions[(int)value];
        /// <summary>A path search writes a hop per path reached (some 150,000 for a "*" search): Enum.ToString boxed each kind.</summary>
        public static string Of(Graph.TrustNodeKind value) => NodeKinds[(int)value];
        public static string Of(PolicyLayer value) => Layers[(int)value];
        public static string Of(LayerOutcome value) => Outcomes[(int)value];
    }
}
