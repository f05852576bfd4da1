using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Federation
{
    /// <summary>
    /// The claims of a web identity token (decoded from -WebIdentityToken, or given as -TokenClaims), and what STS
    /// derives from them: the condition-key prefix (the issuer's host and path), the keys of that provider, and the
    /// IAM OIDC provider the trust policy must name. Nothing here verifies a signature or contacts anyone.
    /// </summary>
    public sealed class WebIdentityClaims
    {
        private static readonly string[] Registered = { "iss", "sub", "aud", "azp", "amr", "exp", "iat", "nbf" };

        // Claims the token gives as JSON lists: their keys are sets even with one value.
        private readonly HashSet<string> _lists;

        private WebIdentityClaims(string issuer, Dictionary<string, ReadableList<string>> claims, HashSet<string> lists, string? algorithm, string? keyId,
            DateTimeOffset? expiresAt, DateTimeOffset? issuedAt, DateTimeOffset? notBefore)
        {
            Issuer = issuer; Claims = claims; _lists = lists; Algorithm = algorithm ?? ""; KeyId = keyId ?? "";
            ExpiresAt = expiresAt; IssuedAt = issuedAt; NotBefore = notBefore;
            KeyPrefix = HostAndPath(issuer);
            Provider = WebIdentityProvider.For(KeyPrefix);
        }

        /// <summary>iss, as the token has it (with or without https://).</summary>
        public string Issuer { get; }
        public string Subject => Single("sub");
        /// <summary>aud: one audience or several.</summary>
        public ReadableList<string> Audiences => Claims.TryGetValue("aud", out var v) ? v : ReadableList<string>.Empty;
        public string AuthorizedParty => Single("azp");
        public ReadableList<string> AuthenticationMethods => Claims.TryGetValue("amr", out var v) ? v : ReadableList<string>.Empty;
        public DateTimeOffset? ExpiresAt { get; }
        public DateTimeOffset? IssuedAt { get; }
        public DateTimeOffset? NotBefore { get; }
        /// <summary>The token header's alg (STS accepts RS256 only); empty for claims given as a dictionary.</summary>
        public string Algorithm { get; }
        public string KeyId { get; }
        /// <summary>Every claim, by name: its value, or its values for a list; objects as their JSON text.</summary>
        public IReadOnlyDictionary<string, ReadableList<string>> Claims { get; }
        /// <summary>The issuer's host and path: the condition-key prefix, and the URL IAM prints for the OIDC provider.</summary>
        public string KeyPrefix { get; }
        public WebIdentityProvider Provider { get; }
        /// <summary>A built-in provider (Google, Facebook, Login with Amazon, Cognito): no IAM OIDC provider involved.</summary>
        public bool IsBuiltInProvider => Provider.BuiltIn;

        private string Single(string claim) => Claims.TryGetValue(claim, out var v) && v.Count > 0 ? v[0] : "";

        /// <summary>The IAM OIDC provider STS looks for in the role's account; null for a built-in provider.</summary>
        public string? ProviderArn(string accountId, string partition = "aws")
        {
            if (!Arn.IsAccountId(accountId)) throw new ArgumentException($"'{accountId}' is not a 12-digit account id.", nameof(accountId));
            return IsBuiltInProvider ? null : $"arn:{partition}:iam::{accountId}:oidc-provider/{KeyPrefix}";
        }

        /// <summary>What a trust statement names as Principal.Federated for this token: the provider ARN, or the built-in provider's host.</summary>
        public string FederatedPrincipal(string accountId, string partition = "aws") => ProviderArn(accountId, partition) ?? KeyPrefix;

        /// <summary>
        /// The condition keys STS sets from these claims ("&lt;prefix&gt;:sub" ...), and the keys the provider has whose
        /// claim RoleTrust does not know. Claims the provider does not expose as keys never become keys.
        /// </summary>
        public WebIdentityConditionKeys ConditionKeys()
        {
            var context = new RequestContext();
            var unknown = new List<string>();
            foreach (var source in Provider.Keys)
            {
                string key = KeyPrefix + ":" + source.Key;
                if (source.Claims.Count == 0) { unknown.Add(key); continue; }
                foreach (var claim in source.Claims)
                {
                    if (!Claims.TryGetValue(claim, out var values)) continue;
                    if (source.MultiValued || values.Count != 1 || _lists.Contains(claim)) context.SetMany(key, values);
                    else context.Set(key, values[0]);
                    break;
                }
            }
            return new WebIdentityConditionKeys(context, unknown);
        }

        /// <summary>"https://host/path" to "host/path": the prefix STS uses for the keys and IAM prints as the provider URL.</summary>
        public static string HostAndPath(string issuer)
        {
            int scheme = issuer.IndexOf("://", StringComparison.Ordinal);
            return scheme >= 0 ? issuer.Substring(scheme + 3) : issuer;
        }

        /// <summary>
        /// Claims from a JSON object: a decoded token payload (<paramref name="errorId"/> InvalidWebIdentityToken) or
        /// a dictionary the user typed (InvalidTokenClaims, where exp/iat/nbf may also be dates).
        /// </summary>
        public static WebIdentityClaims FromJson(JsonNode claims, JsonNode? header = null, string errorId = FederationErrorIds.InvalidTokenClaims)
        {
            string what = header != null ? "The web identity token's payload" : "The token claims";
            if (claims.Kind != JsonKind.Object) throw new PolicyFormatException(errorId, $"{what} must be a JSON object of claims, not {Describe(claims)}.");
            var values = new Dictionary<string, ReadableList<string>>(StringComparer.Ordinal);
            var lists = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in claims.Members!)
            {
                string name = member.Key;
                var value = member.Value;
                switch (name)
                {
                    case "iss": case "sub": case "azp":
                        if (value.Kind != JsonKind.String) throw Wrong(errorId, what, name, "a string", value);
                        values[name] = ReadableList.From(new[] { value.Text! });
                        break;
                    case "aud": case "amr":
                        values[name] = ReadableList.From(StringOrStrings(errorId, what, name, value, out bool list));
                        if (list) lists.Add(name);
                        break;
                    case "exp": case "iat": case "nbf":
                        values[name] = ReadableList.From(new[] { Time(errorId, what, name, value, allowDate: header == null).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) });
                        break;
                    default:
                        values[name] = ReadableList.From(Texts(value, out bool isList));
                        if (isList) lists.Add(name);
                        break;
                }
            }
            if (!values.TryGetValue("iss", out var iss) || iss[0].Trim().Length == 0)
                throw new PolicyFormatException(errorId, $"{what} have no 'iss' (issuer): STS finds the identity provider, and RoleTrust the condition keys, by it.");

            return new WebIdentityClaims(iss[0], values, lists, HeaderText(header, "alg"), HeaderText(header, "kid"),
                TimeOf(values, "exp"), TimeOf(values, "iat"), TimeOf(values, "nbf"));
        }

        private static DateTimeOffset? TimeOf(Dictionary<string, ReadableList<string>> values, string claim) =>
            values.TryGetValue(claim, out var v) ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(v[0], CultureInfo.InvariantCulture)) : (DateTimeOffset?)null;

        private static string? HeaderText(JsonNode? header, string name) =>
            header?.Get(name) is JsonNode v && v.Kind == JsonKind.String ? v.Text : null;

        private static IEnumerable<string> StringOrStrings(string errorId, string what, string name, JsonNode value, out bool list)
        {
            list = value.Kind == JsonKind.Array;
            if (value.Kind == JsonKind.String) return new[] { value.Text! };
            if (value.Kind == JsonKind.Array && value.Items!.All(i => i.Kind == JsonKind.String)) return value.Items!.Select(i => i.Text!).ToList();
            throw Wrong(errorId, what, name, "a string or a list of strings", value);
        }

        private static DateTimeOffset Time(string errorId, string what, string name, JsonNode value, bool allowDate)
        {
            if (value.Kind == JsonKind.Number && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                && seconds >= 0 && seconds < 253402300800)
                return DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
            if (allowDate && value.Kind == JsonKind.String
                && DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                return date;
            throw Wrong(errorId, what, name, allowDate ? "seconds since 1970 (a number) or a date" : "seconds since 1970 (a number)", value);
        }

        private static IEnumerable<string> Texts(JsonNode value, out bool list)
        {
            list = value.Kind == JsonKind.Array;
            if (value.Kind == JsonKind.Array) return value.Items!.Select(i => i.IsScalar ? i.Text! : JsonWriter.Write(i)).ToList();
            return new[] { value.IsScalar ? value.Text! : JsonWriter.Write(value) };
        }

        private static PolicyFormatException Wrong(string errorId, string what, string name, string expected, JsonNode value) =>
            new PolicyFormatException(errorId, $"{what}: claim '{name}' must be {expected}, not {Describe(value)}.");

        private static string Describe(JsonNode value) => value.Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "a list" + (value.Items!.Any(i => i.Kind != JsonKind.String) ? " holding non-strings" : ""),
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.Null => "null",
            _ => "a true/false value",
        };

        public override string ToString() => $"{KeyPrefix} sub={Subject}";
    }

    /// <summary>The condition keys one web identity request carries.</summary>
    public sealed class WebIdentityConditionKeys
    {
        public WebIdentityConditionKeys(RequestContext context, IEnumerable<string> keysWithoutClaimSource)
        {
            Context = context; KeysWithoutClaimSource = ReadableList.From(keysWithoutClaimSource);
        }

        /// <summary>Key to value(s), ready to merge into a request's context.</summary>
        public RequestContext Context { get; }
        /// <summary>Keys AWS lists for the provider whose claim RoleTrust cannot tell: a condition on one is Unknown, not a failure.</summary>
        public ReadableList<string> KeysWithoutClaimSource { get; }
    }
}
