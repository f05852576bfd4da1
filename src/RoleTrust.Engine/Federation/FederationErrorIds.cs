namespace RoleTrust.Federation
{
    /// <summary>Stable error ids for web identity tokens, token claims, SAML assertions and Switch Role links the engine refuses to read.</summary>
    public static class FederationErrorIds
    {
        /// <summary>A -WebIdentityToken that is not a readable JWT (not three parts, bad base64url, not JSON, wrong claim types).</summary>
        public const string InvalidWebIdentityToken = "InvalidWebIdentityToken";
        /// <summary>Claims given as a dictionary (-TokenClaims) with a missing issuer or a claim of the wrong type.</summary>
        public const string InvalidTokenClaims = "InvalidTokenClaims";
        /// <summary>A -SamlAssertion that is not a readable SAML 2.0 response (not base64, not XML, a DTD, encrypted, too large).</summary>
        public const string InvalidSamlAssertion = "InvalidSamlAssertion";
        /// <summary>SAML attributes given as a dictionary (-SamlAttributes) with an unknown field or a key STS does not expose.</summary>
        public const string InvalidSamlAttributes = "InvalidSamlAttributes";
        /// <summary>A -SwitchRoleUrl that is not a console Switch Role link (another host, no account or role name).</summary>
        public const string InvalidSwitchRoleUrl = "InvalidSwitchRoleUrl";
    }
}
