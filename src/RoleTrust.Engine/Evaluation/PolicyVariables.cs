using System;
using System.Text;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// Substitutes ${key}, ${key, 'default'}, ${*}, ${?} and ${$} in Resource and string/ARN condition values.
    /// Only policies with "Version":"2012-10-17" have variables; older ones treat the text literally.
    /// </summary>
    public static class PolicyVariables
    {
        public static bool ContainsVariable(string text) => text.IndexOf("${", StringComparison.Ordinal) >= 0;

        /// <summary>
        /// Returns the text with variables replaced, or null when a variable has no value and no default
        /// (then the value matches nothing: a positive operator fails, a negated one succeeds).
        /// With <paramref name="asPattern"/> the substituted text is escaped so it matches only itself in a wildcard match.
        /// </summary>
        public static string? Substitute(string text, RequestContext context, bool asPattern) =>
            Replace(text, (context, asPattern), static (inner, state) =>
                Resolve(inner, state.context) is string value ? (state.asPattern ? Glob.EscapeLiteral(value) : value) : null);

        /// <summary>
        /// The text with each ${...} replaced by what <paramref name="replacement"/> gives for its inside; null as soon as it
        /// gives null. An unclosed "${" is literal text.
        /// </summary>
        internal static string? Replace<TState>(string text, TState state, Func<string, TState, string?> replacement)
        {
            var sb = new StringBuilder(text.Length + 16);
            int i = 0;
            while (i < text.Length)
            {
                int open = text.IndexOf("${", i, StringComparison.Ordinal);
                if (open < 0) { sb.Append(text, i, text.Length - i); break; }
                int close = text.IndexOf('}', open + 2);
                if (close < 0) { sb.Append(text, i, text.Length - i); break; }
                sb.Append(text, i, open - i);
                string? value = replacement(text.Substring(open + 2, close - open - 2), state);
                if (value == null) return null;
                sb.Append(value);
                i = close + 1;
            }
            return sb.ToString();
        }

        private static string? Resolve(string inner, RequestContext context)
        {
            switch (inner)
            {
                case "*": return "*";
                case "?": return "?";
                case "$": return "$";
            }
            string key = inner;
            string? fallback = null;
            int comma = inner.IndexOf(',');
            if (comma >= 0)
            {
                key = inner.Substring(0, comma);
                string rest = inner.Substring(comma + 1).Trim();
                if (rest.Length >= 2 && rest[0] == '\'' && rest[rest.Length - 1] == '\'') fallback = rest.Substring(1, rest.Length - 2);
            }
            key = key.Trim();
            return context.GetSingle(key) ?? fallback;
        }
    }
}
