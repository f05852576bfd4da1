using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RoleTrust.Testing
{
    /// <summary>
    /// An independent SigV4 checker (spec algorithm on System.Security.Cryptography), used by the fake to accept or
    /// reject what the client signed with AWSSDK.Core. Handles POST requests to "/" with an empty query, as the
    /// Query and JSON 1.1 protocols send.
    /// </summary>
    public static class SigV4Verifier
    {
        public sealed class Result
        {
            public bool Valid;
            public string? ErrorCode;
            public string? Message;
            public string? AccessKey;
            public string? Region;
            public string? Service;
            public DateTime SignedAt;
            public string? CanonicalRequest;
            public string? StringToSign;
            public List<string> SignedHeaders = new List<string>();
        }

        private static readonly Regex AuthPattern = new Regex(
            @"^AWS4-HMAC-SHA256 Credential=(?<ak>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<sh>[^,]+), ?Signature=(?<sig>[0-9a-f]{64})$");

        public static Result Verify(string method, string path, string query, IDictionary<string, string> headers, byte[] body,
            Func<string, (string Secret, string? Token)?> keyLookup)
        {
            var r = new Result();
            var h = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
            if (!h.TryGetValue("Authorization", out var auth)) return Fail(r, "MissingAuthenticationToken", "Request is missing Authentication Token");
            var m = AuthPattern.Match(auth);
            if (!m.Success) return Fail(r, "IncompleteSignature", "Authorization header is not a SigV4 header.");
            r.AccessKey = m.Groups["ak"].Value; r.Region = m.Groups["region"].Value; r.Service = m.Groups["service"].Value;
            var key = keyLookup(r.AccessKey);
            if (key == null) return Fail(r, "InvalidClientTokenId", "The security token included in the request is invalid.");
            if (!h.TryGetValue("X-Amz-Date", out var amzDate) ||
                !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
                return Fail(r, "IncompleteSignature", "X-Amz-Date is missing or malformed.");
            r.SignedAt = signedAt;
            if (amzDate.Substring(0, 8) != m.Groups["date"].Value) return Fail(r, "SignatureDoesNotMatch", "Credential scope date does not match X-Amz-Date.");

            var signed = m.Groups["sh"].Value.Split(';').ToList();
            r.SignedHeaders = signed;
            foreach (var required in new[] { "host", "x-amz-date" })
                if (!signed.Contains(required)) return Fail(r, "SignatureDoesNotMatch", $"'{required}' must be a signed header.");
            if (key.Value.Token != null)
            {
                if (!h.TryGetValue("X-Amz-Security-Token", out var token) || token != key.Value.Token)
                    return Fail(r, "InvalidClientTokenId", "The security token included in the request is invalid.");
                if (!signed.Contains("x-amz-security-token")) return Fail(r, "SignatureDoesNotMatch", "The security token must be signed.");
            }

            string payloadHash = Hex(SHA256.HashData(body));
            if (h.TryGetValue("X-Amz-Content-SHA256", out var claimed) && claimed != payloadHash)
                return Fail(r, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");

            var creq = new StringBuilder();
            creq.Append(method).Append('\n').Append(path).Append('\n').Append(query).Append('\n');
            foreach (var name in signed)
            {
                if (!h.TryGetValue(name, out var value)) return Fail(r, "SignatureDoesNotMatch", $"Signed header '{name}' is missing.");
                creq.Append(name).Append(':').Append(Regex.Replace(value.Trim(), " +", " ")).Append('\n');
            }
            creq.Append('\n').Append(string.Join(";", signed)).Append('\n').Append(payloadHash);
            r.CanonicalRequest = creq.ToString();
            string scope = $"{m.Groups["date"].Value}/{r.Region}/{r.Service}/aws4_request";
            r.StringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(r.CanonicalRequest)));
            byte[] k = Hmac(Encoding.UTF8.GetBytes("AWS4" + key.Value.Secret), m.Groups["date"].Value);
            k = Hmac(k, r.Region); k = Hmac(k, r.Service); k = Hmac(k, "aws4_request");
            string expected = Hex(Hmac(k, r.StringToSign));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(m.Groups["sig"].Value)))
                return Fail(r, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
                    "The Canonical String for this request should have been\n'" + r.CanonicalRequest + "'\n\nThe String-to-Sign should have been\n'" + r.StringToSign + "'\n");
            r.Valid = true;
            return r;
        }

        private static Result Fail(Result r, string code, string message) { r.Valid = false; r.ErrorCode = code; r.Message = message; return r; }
        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
        private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
    }
}
