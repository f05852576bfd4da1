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
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(Key(f)));
                var sb = new StringBuilder(hash.Length * 2);
                foreach (byte b in hash) sb.Append(b.ToString("x2"));
                return sb.ToString();
            }
        }
    }
}
