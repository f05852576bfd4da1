using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>An IAM OIDC identity provider (ListOpenIDConnectProviders + GetOpenIDConnectProvider).</summary>
    public sealed class OidcProviderData
    {
        public OidcProviderData(string arn, string url, IReadOnlyList<string> clientIds, IReadOnlyList<string> thumbprints, DataGap? problem = null)
        {
            Arn = arn; Url = url; ClientIds = clientIds; Thumbprints = thumbprints; Problem = problem;
        }

        public string Arn { get; }
        /// <summary>As IAM prints it: host and path without "https://".</summary>
        public string Url { get; }
        /// <summary>The audiences (client IDs) the provider accepts.</summary>
        public IReadOnlyList<string> ClientIds { get; }
        public IReadOnlyList<string> Thumbprints { get; }
        /// <summary>The provider is known (ARN and URL) but its client-ID list cannot be read: which audiences it accepts is not known.</summary>
        public DataGap? Problem { get; }
    }

    /// <summary>An IAM SAML identity provider (ListSAMLProviders).</summary>
    public sealed class SamlProviderData
    {
        public SamlProviderData(string arn, DateTimeOffset? validUntil, DataGap? problem = null) { Arn = arn; ValidUntil = validUntil; Problem = problem; }
        public string Arn { get; }
        /// <summary>When the provider's metadata stops being valid; null when the data does not say.</summary>
        public DateTimeOffset? ValidUntil { get; }
        /// <summary>The provider is known but its validity cannot be read: whether its metadata has expired is not known.</summary>
        public DataGap? Problem { get; }
    }

    /// <summary>The identity providers of one account.</summary>
    public sealed class IdentityProviderSet
    {
        public IdentityProviderSet(string accountId, IReadOnlyList<OidcProviderData> oidc, IReadOnlyList<SamlProviderData> saml,
            DataGap? oidcListProblem = null, DataGap? samlListProblem = null)
        {
            AccountId = accountId; OpenIdConnectProviders = oidc; SamlProviders = saml; OidcListProblem = oidcListProblem; SamlListProblem = samlListProblem;
        }

        public string AccountId { get; }
        public IReadOnlyList<OidcProviderData> OpenIdConnectProviders { get; }
        public IReadOnlyList<SamlProviderData> SamlProviders { get; }
        /// <summary>
        /// The OIDC list is malformed or holds an entry that cannot be identified: a provider missing from it is not proof
        /// that the account has none.
        /// </summary>
        public DataGap? OidcListProblem { get; }
        /// <summary>The same for the SAML list.</summary>
        public DataGap? SamlListProblem { get; }
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
