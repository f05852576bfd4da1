using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;
using RoleTrust.Federation;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>
    /// Web identity and SAML: the provider exists in the role's account; for OIDC its URL equals the token's issuer and
    /// its client-ID list holds the token's audience (built-in providers need no IAM provider); for SAML the assertion
    /// names this role with that provider and carries what STS requires.
    /// </summary>
    internal sealed class IdentityProviderCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.IdentityProvider;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var fed = f.Federation;
            if (fed == null) return Make(f, CheckStatus.NotApplicable, "Not a web identity or SAML request.");
            return f.Request.WebIdentity != null ? WebIdentity(f, f.Request.WebIdentity, fed) : Saml(f, f.Request.Saml!, fed);
        }

        private PathCheck WebIdentity(PathFacts f, WebIdentityClaims token, FederationFacts fed)
        {
            string issuerUrl = WebIdentityClaims.HostAndPath(token.Issuer);
            string expired = token.ExpiresAt is DateTimeOffset exp && exp < f.Request.Now
                ? $" The token expired at {exp:u}: a real call would fail with ExpiredTokenException; the rest is evaluated as if it were fresh." : "";
            if (fed.BuiltIn)
                return Make(f, expired.Length > 0 ? CheckStatus.Warn : CheckStatus.Pass, $"{token.Provider.Name} ({issuerUrl}) is a built-in provider: no IAM OIDC provider is needed.{expired}");
            var providers = Providers(f, fed, out var unknown);
            if (providers == null) return unknown!;
            var exact = providers.OpenIdConnectProviders.FirstOrDefault(p => p.Url == issuerUrl);
            if (exact == null && providers.OidcListProblem is DataGap listGap)
                return Make(f, CheckStatus.Unknown,
                    $"Cannot tell whether account {f.Role.AccountId} has an IAM OIDC provider for {token.Issuer}: {f.Phrasing.Describe(listGap)}.",
                    fix: f.Phrasing.Remedy(listGap));
            if (exact == null)
            {
                var similar = providers.OpenIdConnectProviders.FirstOrDefault(p => string.Equals(p.Url.TrimEnd('/'), issuerUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
                return Make(f, CheckStatus.Fail,
                    $"Account {f.Role.AccountId} has no IAM OIDC provider for the token's issuer {token.Issuer}." +
                    (similar != null ? $" Provider {similar.Arn} has the URL {similar.Url}: the URL must equal the issuer exactly (case, trailing slash)." : ""),
                    fix: $"Create the provider in account {f.Role.AccountId} (New-IAMOpenIDConnectProvider -Url https://{issuerUrl} -ClientIDList <audience>), or correct its URL to {issuerUrl}.",
                    errorText: $"InvalidIdentityToken: No OpenIDConnect provider found in your account for {token.Issuer}");
            }
            if (exact.Problem is DataGap entryGap)
                return Make(f, CheckStatus.Unknown,
                    $"Provider {exact.Arn} exists for issuer {issuerUrl}, but which audiences it accepts cannot be told: {f.Phrasing.Describe(entryGap)}.",
                    fix: f.Phrasing.Remedy(entryGap));
            // STS checks the audience the token was issued to: azp when present, else aud.
            var audiences = token.AuthorizedParty.Length > 0 ? new List<string> { token.AuthorizedParty } : token.Audiences.ToList();
            if (audiences.Count == 0)
                return Make(f, CheckStatus.Fail, "The token has no aud claim.", fix: "Request the token for an audience the provider lists (GitHub Actions: audience sts.amazonaws.com).",
                    errorText: "InvalidIdentityToken: Missing a required claim: aud");
            if (!audiences.Any(a => exact.ClientIds.Contains(a)))
                return Make(f, CheckStatus.Fail,
                    $"The provider {exact.Arn} accepts the audiences [{string.Join(", ", exact.ClientIds)}], not the token's {string.Join(", ", audiences)}.",
                    evidence: $"{exact.Arn}: ClientIDList {string.Join(", ", exact.ClientIds)}",
                    fix: $"Add {audiences[0]} to the provider's client IDs (Add-IAMClientIDToOpenIDConnectProvider -OpenIDConnectProviderArn {exact.Arn} -ClientID {audiences[0]}), or request the token for one of them.",
                    errorText: "InvalidIdentityToken: Incorrect token audience");
            return Make(f, expired.Length > 0 ? CheckStatus.Warn : CheckStatus.Pass,
                $"Provider {exact.Arn} exists for issuer {issuerUrl} and accepts the audience {audiences.First(a => exact.ClientIds.Contains(a))}.{expired}",
                evidence: $"{exact.Arn}: ClientIDList {string.Join(", ", exact.ClientIds)}", fix: expired.Length > 0 ? "Use a fresh token for a real call." : null);
        }

        private PathCheck Saml(PathFacts f, SamlAssertion assertion, FederationFacts fed)
        {
            var problems = new List<string>(assertion.Problems);
            if (!assertion.Roles.Any(r => r.RoleArn == f.Request.RoleArn && r.ProviderArn == fed.Provider))
                problems.Add($"The assertion's Role attribute does not list {f.Request.RoleArn},{fed.Provider}: the IdP must send that pair for this role.");
            if (assertion.NotOnOrAfter is DateTimeOffset until && until < f.Request.Now)
                problems.Add($"The assertion's subject confirmation ended at {until:u} (NotOnOrAfter).");
            var providers = Providers(f, fed, out var unknown);
            if (providers == null) return problems.Count > 0 ? Failed(f, problems) : unknown!;
            var provider = providers.SamlProviders.FirstOrDefault(p => p.Arn == fed.Provider);
            if (provider == null && providers.SamlListProblem is DataGap listGap)
                return problems.Count > 0 ? Failed(f, problems)
                    : Make(f, CheckStatus.Unknown, $"Cannot tell whether account {f.Role.AccountId} has the SAML provider {fed.Provider}: {f.Phrasing.Describe(listGap)}.",
                        fix: f.Phrasing.Remedy(listGap));
            if (provider == null) problems.Insert(0, $"Account {f.Role.AccountId} has no SAML provider {fed.Provider}.");
            else if (provider.ValidUntil is DateTimeOffset valid && valid < f.Request.Now) problems.Insert(0, $"The SAML provider's metadata expired at {valid:u} (ValidUntil).");
            if (problems.Count > 0) return Failed(f, problems);
            if (provider!.Problem is DataGap entryGap)
                return Make(f, CheckStatus.Unknown, $"SAML provider {fed.Provider} exists, but whether its metadata is still valid cannot be told: {f.Phrasing.Describe(entryGap)}.",
                    fix: f.Phrasing.Remedy(entryGap));
            return Make(f, CheckStatus.Pass, $"SAML provider {fed.Provider} exists in account {f.Role.AccountId} and the assertion names this role with it.");
        }

        private PathCheck Failed(PathFacts f, List<string> problems) =>
            Make(f, CheckStatus.Fail, string.Join(" ", problems), fix: "Correct the identity provider's configuration or the assertion the IdP sends.",
                errorText: "Not authorized to perform sts:AssumeRoleWithSAML");

        /// <summary>The role account's providers, or null with the Unknown check to report.</summary>
        private IdentityProviderSet? Providers(PathFacts f, FederationFacts fed, out PathCheck? unknown)
        {
            unknown = null;
            if (fed.Providers == null)
            {
                unknown = Make(f, CheckStatus.Unknown, "The data source cannot tell the identity providers of the role's account.",
                    fix: "Use data that holds the account's identity providers.");
                return null;
            }
            if (fed.Providers.Value == null)
            {
                var gap = fed.Providers.Gap ?? new DataGap(DataGapKind.IdentityProviders, DataGapCause.NotCollected, f.Role.AccountId);
                unknown = Make(f, CheckStatus.Unknown, $"Cannot tell whether the provider exists: {f.Phrasing.Describe(gap)}.", fix: f.Phrasing.Remedy(gap));
                return null;
            }
            return fed.Providers.Value;
        }
    }
}
