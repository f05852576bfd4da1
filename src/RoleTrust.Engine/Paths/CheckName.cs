namespace RoleTrust
{
    /// <summary>
    /// The checks of an AssumeRole path, in the order they are reported (docs/checks.md). The order of the members is
    /// the order of the catalogue: a new check is one new member here plus one <see cref="Paths.Checks.PathCheckRule"/>.
    /// </summary>
    public enum CheckName
    {
        CallerIdentity,
        SourcePrincipal,
        TargetRole,
        IdentityProvider,
        RequestParameters,
        SessionDuration,
        RoleChaining,
        IdentityPolicy,
        PermissionsBoundary,
        SessionPolicy,
        ServiceControlPolicy,
        ResourceControlPolicy,
        TrustPolicy,
        TrustConditions,
        StsEndpoint,
        ConsoleSwitchRole,
    }

    /// <summary>How one check came out. The path is open exactly when no check is Fail or Unknown.</summary>
    public enum CheckStatus
    {
        Pass,
        Fail,
        /// <summary>Open, but AWS's own documents disagree about this case.</summary>
        Warn,
        /// <summary>Could not be evaluated: data is missing or malformed, or the policy uses something not modelled.</summary>
        Unknown,
        NotApplicable,
    }
}
