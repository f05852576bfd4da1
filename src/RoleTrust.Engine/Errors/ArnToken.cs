using System;
using System.Text;

namespace RoleTrust.Errors
{
    /// <summary>
    /// Reads the ARN that starts at a position of an error text, verbatim: redacted accounts (***, &lt;account_id&gt;,
    /// "my account number") are kept, and the ARN ends where the text around it resumes (space, quote, tag, bracket).
    /// A trailing full stop belongs to the sentence, not the ARN.
    /// </summary>
    internal static class ArnToken
    {
        /// <summary>The ARN starting at <paramref name="start"/> ("arn:..."), or null when there is none.</summary>
        public static string? ReadAt(string text, int start)
        {
            if (start < 0 || string.Compare(text, start, "arn:", 0, 4, StringComparison.Ordinal) != 0) return null;
            int i = start + 4;
            // partition, service, region: name characters only
            for (int field = 0; field < 3; field++)
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '-' || text[i] == '_')) i++;
                if (i >= text.Length || text[i] != ':') return null;
                i++;
            }
            // account: digits, a mask, a <placeholder> or a "quoted placeholder"
            if (i < text.Length && (text[i] == '<' || text[i] == '"'))
            {
                char close = text[i] == '<' ? '>' : '"';
                int end = text.IndexOf(close, i + 1);
                if (end < 0 || end - i > 64) return null;
                i = end + 1;
            }
            else
                while (i < text.Length && text[i] != ':' && !char.IsWhiteSpace(text[i]) && text[i] != '"' && text[i] != '<') i++;
            if (i >= text.Length || text[i] != ':') return null;
            i++;
            // resource: up to what cannot be in a resource name
            var sb = new StringBuilder(text.Substring(start, i - start));
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '<')
                {
                    int end = text.IndexOf('>', i + 1);
                    if (end > i + 1 && end - i <= 64 && IsPlaceholder(text, i + 1, end)) { sb.Append(text, i, end - i + 1); i = end + 1; continue; }
                    break;
                }
                if (char.IsWhiteSpace(c) || c == '"' || c == '\'' || c == '`' || c == ')' || c == ']' || c == '}' || c == '>' || c == '\\' || c == ';') break;
                sb.Append(c);
                i++;
            }
            string arn = sb.ToString().TrimEnd('.', ',', ':');
            return arn.EndsWith(":", StringComparison.Ordinal) ? null : arn;
        }

        private static bool IsPlaceholder(string text, int from, int to)
        {
            for (int i = from; i < to; i++)
                if (!char.IsLetterOrDigit(text[i]) && text[i] != '_' && text[i] != '-' && text[i] != ' ') return false;
            return true;
        }

        /// <summary>A well-formed ARN of a 12-digit account with nothing masked: what the path checks can use.</summary>
        public static bool IsFull(string arn) =>
            Engine.Model.Arn.TryParse(arn, out var parsed) && Engine.Model.Arn.IsAccountId(parsed.Account)
            && parsed.Resource.Length > 0 && arn.IndexOf('*') < 0 && arn.IndexOf('<') < 0 && arn.IndexOf(' ') < 0;

        /// <summary>An ARN whose account (or name) someone masked before pasting: ***, xxx, &lt;account_id&gt;, OMITTED ...</summary>
        public static bool LooksMasked(string arn)
        {
            if (arn.IndexOf('*') >= 0 || arn.IndexOf('<') >= 0 || arn.IndexOf('"') >= 0) return true;
            if (!Engine.Model.Arn.TryParse(arn, out var parsed)) return false;
            string account = parsed.Account;
            if (account.Length == 0 || Engine.Model.Arn.IsAccountId(account)) return false;
            foreach (char c in account) if (char.IsDigit(c)) return false;   // letters only: xxx, XXXXXXXXXXXX, OMITTED, redacted
            return true;
        }
    }
}
