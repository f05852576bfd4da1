using System;

namespace RoleTrust.Federation
{
    /// <summary>The base64url alphabet of JWTs (RFC 7515: '-' and '_', padding optional), strictly.</summary>
    internal static class Base64Url
    {
        /// <summary>The bytes, or null when the text is not base64url.</summary>
        public static byte[]? TryDecode(string text)
        {
            if (text.Length % 4 == 1) return null;
            var chars = new char[text.Length + (4 - text.Length % 4) % 4];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '-') c = '+';
                else if (c == '_') c = '/';
                else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) return null;
                chars[i] = c;
            }
            for (int i = text.Length; i < chars.Length; i++) chars[i] = '=';
            try { return Convert.FromBase64CharArray(chars, 0, chars.Length); }
            catch (FormatException) { return null; }
        }
    }
}
