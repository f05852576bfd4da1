using System;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Audit
{
    public enum FederationKind { Oidc, Saml }

    /// <summary>
    /// A Federated principal recognised as an identity provider, with the condition keys its tokens fill in. OIDC
    /// providers created in IAM use "&lt;host/path&gt;:" as the key prefix; the built-in web identity providers use their
    /// name, and Facebook and Login with Amazon name the subject and audience keys differently.
    /// </summary>
    public sealed class FederatedProvider
    {
        private FederatedProvider(FederationKind kind, string value, string keyPrefix, string subjectKey, string audienceKey)
        {
            Kind = kind; Value = value; KeyPrefix = keyPrefix; SubjectKey = subjectKey; AudienceKey = audienceKey;
        }

        public FederationKind Kind { get; }
        /// <summary>The Principal value as written.</summary>
        public string Value { get; }
        /// <summary>"token.actions.githubusercontent.com" (OIDC) or "SAML".</summary>
        public string KeyPrefix { get; }
        /// <summary>The key holding the token subject, e.g. token.actions.githubusercontent.com:sub.</summary>
        public string SubjectKey { get; }
        /// <summary>The key holding the audience, e.g. token.actions.githubusercontent.com:aud, SAML:aud.</summary>
        public string AudienceKey { get; }
        public bool IsGitHubActions => KeyPrefix.StartsWith("token.actions.githubusercontent.com", StringComparison.OrdinalIgnoreCase);

        /// <summary>Recognises an OIDC or SAML provider; null for anything else (including malformed provider ARNs).</summary>
        public static FederatedProvider? From(string federatedValue)
        {
            switch (federatedValue)
            {
                case "cognito-identity.amazonaws.com":
                case "accounts.google.com":
                    return Oidc(federatedValue, federatedValue, "sub", "aud");
                case "graph.facebook.com":
                    return Oidc(federatedValue, federatedValue, "id", "app_id");
                case "www.amazon.com":
                    return Oidc(federatedValue, federatedValue, "user_id", "app_id");
            }
            if (!Arn.TryParse(federatedValue, out var arn) || arn.Service != "iam") return null;
            const string oidc = "oidc-provider/", saml = "saml-provider/";
            if (arn.Resource.StartsWith(oidc, StringComparison.Ordinal) && arn.Resource.Length > oidc.Length)
                return Oidc(federatedValue, arn.Resource.Substring(oidc.Length), "sub", "aud");
            if (arn.Resource.StartsWith(saml, StringComparison.Ordinal) && arn.Resource.Length > saml.Length)
                return new FederatedProvider(FederationKind.Saml, federatedValue, "SAML", "SAML:sub", "SAML:aud");
            return null;
        }

        private static FederatedProvider Oidc(string value, string prefix, string subject, string audience) =>
            new FederatedProvider(FederationKind.Oidc, value, prefix, prefix + ":" + subject, prefix + ":" + audience);

        public override string ToString() => Value;
    }
}
