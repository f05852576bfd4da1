using System;
using System.Text.RegularExpressions;

namespace RoleTrust.Errors
{
    /// <summary>
    /// The tail of an AccessDenied message: "because no &lt;type&gt; allows the &lt;action&gt; action" (implicit) or
    /// "with an explicit deny in &lt;a|an|the&gt; &lt;type&gt;" (explicit), optionally followed by ": &lt;policy ARN&gt;".
    /// </summary>
    internal sealed class DenyClause
    {
        private DenyClause(string kind, string layer, string phrase, string policyArn, int start, int end)
        {
            Kind = kind; Layer = layer; Phrase = phrase; PolicyArn = policyArn; Start = start; End = end;
        }

        /// <summary>Implicit or Explicit.</summary>
        public string Kind { get; }
        /// <summary>The catalogue check the policy type stands for; empty for a type AWS has not documented.</summary>
        public string Layer { get; }
        /// <summary>The policy type as AWS wrote it.</summary>
        public string Phrase { get; }
        public string PolicyArn { get; }
        /// <summary>Where the clause starts in the text.</summary>
        public int Start { get; }
        /// <summary>Where the clause (with its ARN) ends in the text.</summary>
        public int End { get; }

        // Longest first: the compound VPC endpoint phrase contains the others.
        private static readonly (string Phrase, string Layer)[] PolicyTypes =
        {
            ("VPC endpoint policy transitively through a service control policy", "ServiceControlPolicy"),
            ("identity-based policy", "IdentityPolicy"),
            ("role trust policy", "TrustPolicy"),
            ("resource-based policy", "TrustPolicy"),
            ("permissions boundary", "PermissionsBoundary"),
            ("sessions policy", "SessionPolicy"),
            ("session policy", "SessionPolicy"),
            ("service control policy", "ServiceControlPolicy"),
            ("resource control policy", "ResourceControlPolicy"),
            ("VPC endpoint policy", "StsEndpoint"),
        };

        private static readonly Regex Implicit = new Regex(@"\bbecause no (.{1,80}?) allows the\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Explicit = new Regex(@"\bwith an explicit deny in (?:(?:an?|the) )?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex ArnAfter = new Regex(@"\G\s*:\s*(?=arn:)", RegexOptions.CultureInvariant);

        public static DenyClause? Find(string text, int from)
        {
            var m = Implicit.Match(text, from);
            if (m.Success)
            {
                string phrase = m.Groups[1].Value.Trim();
                int end = m.Index + m.Length;
                int actionEnd = text.IndexOf(" action", end, Math.Min(120, text.Length - end), StringComparison.Ordinal);
                if (actionEnd > 0) end = actionEnd + " action".Length;
                return WithArn(text, "Implicit", LayerOf(phrase), phrase, m.Index, end);
            }
            m = Explicit.Match(text, from);
            if (!m.Success) return null;
            int start = m.Index + m.Length;
            foreach (var (p, layer) in PolicyTypes)
                if (string.Compare(text, start, p, 0, p.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    return WithArn(text, "Explicit", layer, text.Substring(start, p.Length), m.Index, start + p.Length);
            // A policy type AWS has not documented: keep its words up to the next punctuation, name no layer.
            int stop = start;
            while (stop < text.Length && stop - start < 80 && (char.IsLetterOrDigit(text[stop]) || text[stop] == ' ' || text[stop] == '-')) stop++;
            return WithArn(text, "Explicit", "", text.Substring(start, stop - start).Trim(), m.Index, stop);
        }

        private static DenyClause WithArn(string text, string kind, string layer, string phrase, int start, int end)
        {
            var m = ArnAfter.Match(text, end);
            if (m.Success)
            {
                string? arn = ArnToken.ReadAt(text, m.Index + m.Length);
                if (arn != null) return new DenyClause(kind, layer, phrase, arn, start, m.Index + m.Length + arn.Length);
            }
            return new DenyClause(kind, layer, phrase, "", start, end);
        }

        private static string LayerOf(string phrase)
        {
            foreach (var (p, layer) in PolicyTypes)
                if (string.Equals(phrase, p, StringComparison.OrdinalIgnoreCase)) return layer;
            return "";
        }
    }
}
