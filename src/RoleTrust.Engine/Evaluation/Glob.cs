using System.Runtime.CompilerServices;
namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// IAM wildcard matching: '*' any run of characters, '?' exactly one. Characters that came from policy
    /// variables such as ${*} are written as <see cref="LiteralStar"/> / <see cref="LiteralQuestion"/> so they match only themselves.
    /// </summary>
    public static class Glob
    {
        public const char LiteralStar = '\uE000';
        public const char LiteralQuestion = '\uE001';

        [MethodImpl(HotPath.Options)]
        public static bool HasWildcard(string pattern) => pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0;

        [MethodImpl(HotPath.Options)]
        public static bool IsMatch(string pattern, string input, bool ignoreCase)
        {
            int p = 0, s = 0, starP = -1, starS = 0;
            while (s < input.Length)
            {
                if (p < pattern.Length)
                {
                    char pc = pattern[p];
                    if (pc == '*') { starP = p++; starS = s; continue; }
                    if (pc == '?' || CharEquals(pc, input[s], ignoreCase)) { p++; s++; continue; }
                }
                if (starP >= 0) { p = starP + 1; s = ++starS; continue; }
                return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        /// <summary>Exact comparison of a pattern that may hold literal markers but no wildcards.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool LiteralEquals(string pattern, string input, bool ignoreCase)
        {
            if (pattern.Length != input.Length) return false;
            for (int i = 0; i < pattern.Length; i++)
                if (!CharEquals(pattern[i], input[i], ignoreCase)) return false;
            return true;
        }

        [MethodImpl(HotPath.Options)]
        private static bool CharEquals(char pc, char c, bool ignoreCase)
        {
            if (pc == c) return true;
            if (pc == LiteralStar) return c == '*';
            if (pc == LiteralQuestion) return c == '?';
            return ignoreCase && char.ToUpperInvariant(pc) == char.ToUpperInvariant(c);
        }

        /// <summary>Turns a literal value (a resolved variable) into pattern text that matches only itself.</summary>
        public static string EscapeLiteral(string value)
        {
            if (value.IndexOf('*') < 0 && value.IndexOf('?') < 0) return value;
            return value.Replace('*', LiteralStar).Replace('?', LiteralQuestion);
        }

        /// <summary>Pattern text back to what a person wrote (for messages and fixes).</summary>
        public static string Display(string pattern) => pattern.Replace(LiteralStar, '*').Replace(LiteralQuestion, '?');
    }
}
