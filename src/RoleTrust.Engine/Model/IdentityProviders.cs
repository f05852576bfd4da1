using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>An IAM OIDC identity provider (ListOpenIDConnectProviders + GetOpenIDConnectProvider).</summary>
    public sealed class OidcProviderData
    {
        public OidcProviderData(string arn, string url, IReadOnlyList<string> clientIds, IReadOnlyList<string> thumbprints)
        {
            Arn = arn; Url = url; ClientIds = clientIds; Thumbprints = thumbprints;
        }

        public string Arn { get; }
        /// <summary>As IAM prints it: host and path without "https://".</summary>
        public string Url { get; }
        /// <summary>The audiences (client IDs) the provider accepts.</summary>
        public IReadOnlyList<string> ClientIds { get; }
        public IReadOnlyList<string> Thumbprints { get; }
    }

    /// <summary>An IAM SAML identity provider (ListSAMLProviders).</summary>
    public sealed class SamlProviderData
    {
        public SamlProviderData(string arn, DateTimeOffset? validUntil) { Arn = arn; ValidUntil = validUntil; }
        public string Arn { get; }
        /// <summary>When the provider's metadata stops being valid; null when the data does not say.</summary>
        public DateTimeOffset? ValidUntil { get; }
    }

    /// <summary>The identity providers of one account.</summary>
    public sealed class IdentityProviderSet
    {
        public IdentityProviderSet(string accountId, IReadOnlyList<OidcProviderData> oidc, IReadOnlyList<SamlProviderData> saml)
        {
            AccountId = accountId; OpenIdConnectProviders = oidc; SamlProviders = saml;
        }

        public string AccountId { get; }
        public IReadOnlyList<OidcProviderData> OpenIdConnectProviders { get; }
        public IReadOnlyList<SamlProviderData> SamlProviders { get; }
    }

    /// <summary>
    /// A data source that can tell an account's identity providers (for AssumeRoleWithWebIdentity and AssumeRoleWithSAML)
    /// and resolve account aliases (for console Switch Role links). Sources that cannot make the IdentityProvider check
    /// Unknown, never Pass.
    /// </summary>
    public interface IFederationDataSource
    {
        Lookup<IdentityProviderSet> GetIdentityProviders(string accountId);

        /// <summary>The account whose alias this is (ListAccountAliases); NotFound when no account of the data has it.</summary>
        Lookup<string> FindAccountByAlias(string alias);
    }
}
