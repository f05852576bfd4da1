namespace RoleTrust.Engine.Policies
{
    /// <summary>
    /// How a Principal element matched the caller. The kind decides the trust-policy rules: a match through the
    /// account delegates (the caller's identity policy must also allow), while naming the exact user or session
    /// grants directly (B2.6 to B2.8 of the catalogue).
    /// </summary>
    public enum PrincipalMatch
    {
        None = 0,
        /// <summary>An account ID or account root ARN: delegation to the account.</summary>
        Account,
        /// <summary>"*" or {"AWS":"*"}.</summary>
        Wildcard,
        /// <summary>The role's ARN (or unique ID), matching the role or a session of it.</summary>
        Role,
        /// <summary>The exact IAM user ARN (or unique ID).</summary>
        User,
        /// <summary>The exact assumed-role session ARN.</summary>
        Session,
        /// <summary>The exact federated-user ARN.</summary>
        FederatedUser,
        Service,
        Federated,
        CanonicalUser,
    }

    public static class PrincipalMatchExtensions
    {
        /// <summary>Named the caller itself rather than its account.</summary>
        public static bool IsDirect(this PrincipalMatch m) =>
            m == PrincipalMatch.Role || m == PrincipalMatch.User || m == PrincipalMatch.Session || m == PrincipalMatch.FederatedUser;

        /// <summary>Order used to keep the strongest of several matching statements.</summary>
        public static int Strength(this PrincipalMatch m) => m switch
        {
            PrincipalMatch.None => 0,
            PrincipalMatch.Account => 1,
            PrincipalMatch.Wildcard => 2,
            PrincipalMatch.Role => 3,
            _ => 4,
        };
    }
}
