namespace RoleTrust.Engine.Model
{
    /// <summary>What kind of caller a request comes from; decides which principal forms match it and which context keys exist.</summary>
    public enum PrincipalKind
    {
        User,
        Role,
        AssumedRole,
        FederatedUser,
        Root,
        Service,
        /// <summary>An OIDC or SAML identity provider (AssumeRoleWithWebIdentity / AssumeRoleWithSAML callers).</summary>
        Federated,
        CanonicalUser,
        Anonymous,
    }
}
