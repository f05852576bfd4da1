using System;
using System.Security.Cryptography;
using System.Text;

namespace RoleTrust.Engine.Audit
{
    /// <summary>
    /// What makes two findings "the same" across runs: rule, role, statement (its Sid when it has one, else its
    /// position) and principal. Code scanning tracks SARIF results by it, and comparing two audits can match on it.
    /// </summary>
    public static class FindingIdentity
    {
        public static string Key(TrustFinding f) =>
            string.Join("|", f.RuleId, f.Role, f.Sid.Length > 0 ? "sid:" + f.Sid : "#" + f.StatementIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Principal);

        /// <summary>SHA-256 of <see cref="Key"/>, hex.</summary>
        public static string Fingerprint(TrustFinding f)
        {
            using (var sha = SHA256.Create()) return Fingerprint(f, sha);
        }

        /// <summary>The same, with a hash object the caller reuses across many findings.</summary>
        public static string Fingerprint(TrustFinding f, HashAlgorithm sha256)
        {
            var hash = sha256.ComputeHash(Encoding.UTF8.GetBytes(Key(f)));
            var chars = new char[hash.Length * 2];
            for (int i = 0; i < hash.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[hash[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[hash[i] & 15];
            }
            return new string(chars);
        }
    }
}
