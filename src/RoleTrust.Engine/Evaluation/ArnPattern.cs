using System.Runtime.CompilerServices;
namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// ARN matching for Resource/NotResource and the Arn* operators, case-sensitive. Per the IAM User Guide
    /// (Resource element): wildcards work within each colon-separated segment, a '*' that is the last character
    /// of a segment can expand beyond the colon boundaries, and in the resource part (after the fifth colon)
    /// '*' matches anything. A '*' inside one of the first five segments never crosses a colon.
    /// </summary>
    public static class ArnPattern
    {
        [MethodImpl(HotPath.Options)]
        public static bool IsMatch(string pattern, string arn)
        {
            if (pattern.Length == 1 && pattern[0] == '*') return true;
            if (!HasBoundedStarOrQuestion(pattern)) return Glob.IsMatch(pattern, arn, ignoreCase: false);
            return Match(pattern, 0, arn, 0, 0);
        }

        /// <summary>Is there a '?' or a mid-segment '*' in the first five segments (where plain wildcard matching is too loose)?</summary>
        [MethodImpl(HotPath.Options)]
        private static bool HasBoundedStarOrQuestion(string pattern)
        {
            int colons = 0;
            for (int i = 0; i < pattern.Length && colons < 5; i++)
            {
                char c = pattern[i];
                if (c == ':') colons++;
                else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] != ':' && pattern[i + 1] != '*') return true;
                else if (c == '?') return true;
            }
            return false;
        }

        /// <summary>Backtracking match that tracks which segment the pattern is in (patterns are short).</summary>
        private static bool Match(string p, int pi, string s, int si, int colons)
        {
            while (pi < p.Length)
            {
                char pc = p[pi];
                if (pc == '*')
                {
                    bool spans = colons >= 5 || pi + 1 == p.Length || p[pi + 1] == ':';
                    for (int k = si; k <= s.Length; k++)
                    {
                        if (Match(p, pi + 1, s, k, colons)) return true;
                        if (k < s.Length && s[k] == ':' && !spans) return false;
                    }
                    return false;
                }
                if (si >= s.Length) return false;
                char c = s[si];
                if (pc == '?') { if (c == ':' && colons < 5) return false; }
                else if (pc == Glob.LiteralStar) { if (c != '*') return false; }
                else if (pc == Glob.LiteralQuestion) { if (c != '?') return false; }
                else if (pc != c) return false;
                if (pc == ':') colons++;
                pi++; si++;
            }
            return si == s.Length;
        }
    }
}
