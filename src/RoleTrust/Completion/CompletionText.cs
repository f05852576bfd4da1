using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RoleTrust.Completion
{
    /// <summary>Completion results shared by the completers: prefix-filtered, sorted, quoted only when PowerShell needs it.</summary>
    internal static class CompletionText
    {
        private static readonly char[] NeedsQuotes = { ' ', '\t', '$', '`', '\'', '"', '(', ')', '{', '}', ';', ',', '|', '&', '@', '#', '<', '>' };

        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string wordToComplete, Func<string, string>? toolTip = null)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(prefix) + "*", WildcardOptions.IgnoreCase);
            return values.Where(v => pattern.IsMatch(v)).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, toolTip?.Invoke(v) ?? v));
        }

        private static string Quote(string value) =>
            value.IndexOfAny(NeedsQuotes) < 0 ? value : "'" + value.Replace("'", "''") + "'";
    }
}
