using System.Text;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Federation
{
    /// <summary>
    /// Decodes a web identity token (a JWT: header.payload.signature, base64url) to its claims. Decoding only: the
    /// signature is never checked, the token never logged, stored or sent; error messages never quote it.
    /// </summary>
    public static class WebIdentityToken
    {
        /// <summary>The longest token STS accepts (WebIdentityToken, 20,000 characters).</summary>
        public const int MaxLength = 20000;

        /// <summary>The claims; throws <see cref="PolicyFormatException"/> (InvalidWebIdentityToken) when the token cannot be read.</summary>
        public static WebIdentityClaims Decode(string? token)
        {
            string id = FederationErrorIds.InvalidWebIdentityToken;
            token = token?.Trim() ?? "";
            if (token.StartsWith("Bearer ", System.StringComparison.OrdinalIgnoreCase)) token = token.Substring(7).Trim();
            if (token.Length == 0) throw new PolicyFormatException(id, "The web identity token is empty.");
            if (token.Length > MaxLength)
                throw new PolicyFormatException(id, $"The web identity token has {token.Length:N0} characters; STS accepts at most {MaxLength:N0}.");
            var parts = token.Split('.');
            if (parts.Length != 3)
                throw new PolicyFormatException(id, parts.Length == 5
                    ? "The web identity token is an encrypted JWT (five parts); STS needs a signed one (header.payload.signature)."
                    : $"A web identity token (JWT) has three parts separated by dots (header.payload.signature); this one has {parts.Length}.");
            var header = Part(parts[0], "header");
            var payload = Part(parts[1], "payload");
            return WebIdentityClaims.FromJson(payload, header, id);
        }

        private static JsonNode Part(string text, string name)
        {
            string id = FederationErrorIds.InvalidWebIdentityToken;
            var bytes = Base64Url.TryDecode(text);
            if (bytes == null || bytes.Length == 0) throw new PolicyFormatException(id, $"The web identity token's {name} is not base64url text.");
            JsonNode node;
            try { node = JsonParser.Parse(new UTF8Encoding(false, true).GetString(bytes)); }
            catch (JsonSyntaxException) { throw new PolicyFormatException(id, $"The web identity token's {name} is not JSON."); }
            catch (DecoderFallbackException) { throw new PolicyFormatException(id, $"The web identity token's {name} is not UTF-8 text."); }
            if (node.Kind != JsonKind.Object) throw new PolicyFormatException(id, $"The web identity token's {name} must be a JSON object.");
            return node;
        }
    }
}
