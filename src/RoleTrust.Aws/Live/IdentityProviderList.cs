using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// An account's identity providers as IAM lists them (ListOpenIDConnectProviders, GetOpenIDConnectProvider for each,
    /// ListSAMLProviders): what live diagnosis reads and what Save-RoleTrustSnapshot writes as providers/&lt;id&gt;.json.
    /// </summary>
    public sealed class IdentityProviderList
    {
        private IdentityProviderList(IReadOnlyList<IamOidcProvider> oidc, IReadOnlyList<IamSamlProvider> saml) { Oidc = oidc; Saml = saml; }

        public IReadOnlyList<IamOidcProvider> Oidc { get; }
        public IReadOnlyList<IamSamlProvider> Saml { get; }

        /// <summary>Reads every provider of the account the reader's credentials belong to; the calls start at once.</summary>
        public static async Task<IdentityProviderList> ReadAsync(IIamReader iam, CancellationToken cancellationToken = default)
        {
            var saml = iam.ListSAMLProvidersAsync(cancellationToken);
            var arns = await iam.ListOpenIDConnectProvidersAsync(cancellationToken).ConfigureAwait(false);
            var oidc = await Task.WhenAll(arns.Select(a => iam.GetOpenIDConnectProviderAsync(a, cancellationToken))).ConfigureAwait(false);
            return new IdentityProviderList(oidc, await saml.ConfigureAwait(false));
        }

        /// <summary>The engine's view. A ValidUntil the service gave but that is no date leaves that provider's validity unknown.</summary>
        public IdentityProviderSet ToModel(string accountId) => new IdentityProviderSet(accountId,
            Oidc.Select(p => new OidcProviderData(p.Arn, p.Url, p.ClientIdList, p.ThumbprintList)).ToList(),
            Saml.Select(p =>
            {
                if (p.ValidUntil == null) return new SamlProviderData(p.Arn, null);
                return DateTimeOffset.TryParse(p.ValidUntil, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                    ? new SamlProviderData(p.Arn, date)
                    : new SamlProviderData(p.Arn, null, new DataGap(DataGapKind.IdentityProviders, DataGapCause.Malformed, accountId, p.Arn, "iam:ListSAMLProviders",
                        $"iam:ListSAMLProviders gave ValidUntil '{p.ValidUntil}' for {p.Arn}, which is not a date and time"));
            }).ToList());

        /// <summary>The providers file of a snapshot, in the order and shape README's Snapshot format gives.</summary>
        public string ToSnapshotJson()
        {
            static JsonNode Strings(IEnumerable<string> values) => JsonNode.Array(values.Select(v => JsonNode.String(v)).ToList());
            static KeyValuePair<string, JsonNode> M(string key, JsonNode value) => new KeyValuePair<string, JsonNode>(key, value);
            var oidc = Oidc.OrderBy(p => p.Arn, StringComparer.Ordinal).Select(p => JsonNode.Object(new List<KeyValuePair<string, JsonNode>>
            {
                M("Arn", JsonNode.String(p.Arn)), M("Url", JsonNode.String(p.Url)), M("ClientIDList", Strings(p.ClientIdList)), M("ThumbprintList", Strings(p.ThumbprintList)),
            })).ToList();
            var saml = Saml.OrderBy(p => p.Arn, StringComparer.Ordinal).Select(p =>
            {
                var fields = new List<KeyValuePair<string, JsonNode>> { M("Arn", JsonNode.String(p.Arn)) };
                if (p.ValidUntil != null) fields.Add(M("ValidUntil", JsonNode.String(p.ValidUntil)));
                return JsonNode.Object(fields);
            }).ToList();
            return CliJson.Write(JsonNode.Object(new List<KeyValuePair<string, JsonNode>>
            {
                M("OpenIDConnectProviders", JsonNode.Array(oidc)), M("SAMLProviders", JsonNode.Array(saml)),
            }));
        }
    }
}
