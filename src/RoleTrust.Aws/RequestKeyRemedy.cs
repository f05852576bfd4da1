using System;
using System.Collections.Generic;
using System.Linq;

namespace RoleTrust.Aws
{
    /// <summary>How a user of the path cmdlets states a condition key the request does not carry (snapshot and live alike).</summary>
    internal static class RequestKeyRemedy
    {
        public static string For(IReadOnlyList<string> keys) =>
            $"Pass {string.Join(", ", keys.Select(Parameter).Distinct())} to evaluate it.";

        private static string Parameter(string key) =>
            key.Equals("aws:SourceIp", StringComparison.OrdinalIgnoreCase) ? "-SourceIp"
            : key.Equals("aws:SourceVpce", StringComparison.OrdinalIgnoreCase) ? "-SourceVpce"
            : $"-Context @{{'{key}'='...'}}";
    }
}
