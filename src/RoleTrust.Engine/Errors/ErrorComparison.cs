using System;
using System.Collections.Generic;
using System.Linq;

namespace RoleTrust.Errors
{
    /// <summary>
    /// Puts what AWS said (the layer an error names) beside what the path checks found: whether they agree, which other
    /// checks block too (AWS names only one layer per error), and one sentence saying so. The rules are in
    /// docs/error-reading.md (Running the path checks).
    /// </summary>
    public static class ErrorComparison
    {
        /// <summary>
        /// Layers whose failure depends on what the call carried and the data cannot show: the calling session's policy
        /// (IAM cannot return it), DurationSeconds and the other request values, the credentials of the moment, the
        /// network path to STS (VPC endpoint policies are not read). A check that does not fail there cannot contradict AWS.
        /// </summary>
        private static readonly HashSet<string> RequestBound = new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(CheckName.SessionPolicy), nameof(CheckName.SessionDuration), nameof(CheckName.RequestParameters),
            nameof(CheckName.CallerIdentity), nameof(CheckName.StsEndpoint),
        };

        public sealed class Result
        {
            internal Result(bool? agrees, IReadOnlyList<string> otherBlocking, string found)
            {
                Agrees = agrees; OtherBlocking = otherBlocking; Found = found;
            }

            /// <summary>True: the checks fail where AWS said; false: they find that layer open; null: they cannot tell.</summary>
            public bool? Agrees { get; }
            /// <summary>Checks that fail besides the layer AWS named, in catalogue order.</summary>
            public IReadOnlyList<string> OtherBlocking { get; }
            /// <summary>What the checks found, in one or two sentences.</summary>
            public string Found { get; }
        }

        public static Result Compare(AssumeRoleError error, IReadOnlyList<PathCheck> checks)
        {
            string layer = error.Layer;
            var failing = checks.Where(c => c.GetStatus() == CheckStatus.Fail).ToList();
            var unknown = checks.Where(c => c.GetStatus() == CheckStatus.Unknown).ToList();
            var named = layer.Length == 0 ? null : checks.FirstOrDefault(c => c.Check == layer);
            var others = failing.Where(c => c.Check != layer && !(c.GetName() == CheckName.ConsoleSwitchRole && failing.Count > 1))
                .Select(c => c.Check).ToList();

            bool? agrees;
            string found;
            if (layer.Length == 0)
            {
                if (failing.Count > 0) { agrees = true; found = $"AWS named no layer; RoleTrust finds {List(failing)} failing."; }
                else if (unknown.Count > 0) { agrees = null; found = $"AWS named no layer; no check fails, but {List(unknown)} cannot be told: {unknown[0].Summary}"; }
                else { agrees = false; found = "AWS named no layer, and RoleTrust finds the path open: " + Stale; }
                // Without a named layer every failing check is one AWS did not name.
                return new Result(agrees, failing.Select(c => c.Check).ToList(), found);
            }
            if (named == null) return new Result(null, others, $"AWS named {layer}, which is no check RoleTrust ran.");

            bool requestBound = RequestBound.Contains(layer)
                || (layer == nameof(CheckName.IdentityProvider) && error.ErrorCode == "ExpiredTokenException");
            switch (named.GetStatus())
            {
                case CheckStatus.Fail:
                    agrees = true;
                    found = $"RoleTrust finds {layer} failing too: {named.Summary}";
                    break;
                case CheckStatus.Unknown:
                    agrees = null;
                    found = $"RoleTrust cannot tell whether {layer} blocks: {named.Summary}";
                    break;
                default:
                    if (requestBound)
                    {
                        agrees = null;
                        found = $"RoleTrust finds {layer} {named.Status}, but that depends on what the failed call carried, which the error text does not give " +
                                $"(its credentials at the time, session policy, duration, parameters or network path): {named.Summary}";
                    }
                    else
                    {
                        agrees = false;
                        found = $"RoleTrust finds {layer} {named.Status}: {named.Summary} " + Stale;
                    }
                    break;
            }
            if (others.Count > 0)
                found += $" {string.Join(", ", others)} {(others.Count == 1 ? "blocks" : "block")} too: AWS names only one layer per error, so fixing {layer} alone will not open the path.";
            return new Result(agrees, others, found);
        }

        private const string Stale =
            "The data may be older or newer than the failed call (IAM changes take a few seconds to apply everywhere), or the call was made with other credentials or request values.";

        private static string List(IEnumerable<PathCheck> checks) => string.Join(", ", checks.Select(c => c.Check));
    }
}
