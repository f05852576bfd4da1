using RoleTrust.Engine.Model;

namespace RoleTrust.Paths.Facts
{
    /// <summary>An AssumeRoleWithWebIdentity or AssumeRoleWithSAML request: the provider the trust must name, and the role account's providers.</summary>
    public sealed class FederationFacts
    {
        internal FederationFacts(string provider, bool builtIn, Lookup<IdentityProviderSet>? providers)
        {
            Provider = provider; BuiltIn = builtIn; Providers = providers;
        }

        /// <summary>The provider as a trust names it: the IAM provider ARN in the role's account, or a built-in provider's name.</summary>
        public string Provider { get; }
        /// <summary>A built-in web identity provider (Google, Facebook, Login with Amazon, Cognito): no IAM provider needed.</summary>
        public bool BuiltIn { get; }
        /// <summary>The identity providers of the role's account; null when the data source cannot tell any.</summary>
        public Lookup<IdentityProviderSet>? Providers { get; }
    }
}
