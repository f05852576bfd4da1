using System.Collections.Generic;

namespace RoleTrust
{
    /// <summary>
    /// One prerequisite of an AssumeRole path (docs/checks.md). Check and Status are names, not enum values, so that
    /// ConvertTo-Json writes them as text in every PowerShell version.
    /// </summary>
    public sealed class PathCheck
    {
        public PathCheck(CheckName check, CheckStatus status, string source, string role, string summary,
            string? evidence = null, string? fix = null, string? errorText = null, Paths.GapChange? change = null)
        {
            Name = check; Outcome = status; Source = source; Role = role; Summary = summary;
            Evidence = evidence ?? "";
            Fix = status == CheckStatus.Pass || status == CheckStatus.NotApplicable ? "" : fix ?? "";
            ErrorText = errorText ?? "";
            Change = change;
        }

        /// <summary>1-based position in the catalogue.</summary>
        public int Order => Paths.CheckCatalogue.OrderOf(Name);
        public string Check => Name.ToString();
        /// <summary>Pass, Fail, Warn, Unknown or NotApplicable.</summary>
        public string Status => Outcome.ToString();
        public string Source { get; }
        public string Role { get; }
        /// <summary>One plain sentence.</summary>
        public string Summary { get; }
        /// <summary>Which policy and statement decided, with the statement text.</summary>
        public string Evidence { get; }
        /// <summary>What to change; empty on Pass.</summary>
        public string Fix { get; }
        /// <summary>The message AWS returns for this failure, where one is documented.</summary>
        public string ErrorText { get; }
        /// <summary>The exact change that fixes this check, when one can be written (used by Get-RoleTrustGap).</summary>
        public Paths.GapChange? Change { get; }
        /// <summary>True when this check does not block the path.</summary>
        public bool Passed => Outcome == CheckStatus.Pass || Outcome == CheckStatus.Warn || Outcome == CheckStatus.NotApplicable;
        /// <summary>True when this check blocks the path or could not tell (Fail or Unknown).</summary>
        public bool Blocking => !Passed;

        /// <summary>The check, as a value (methods are not serialized by ConvertTo-Json, properties are).</summary>
        public CheckName GetName() => Name;
        public CheckStatus GetStatus() => Outcome;

        internal CheckName Name { get; }
        internal CheckStatus Outcome { get; }

        /// <summary>
        /// For a Fail or Unknown that other request values could change: the conditions that decided it (a trust
        /// condition not met, a statement depending on a value the request does not state). Null when the result does
        /// not depend on the request's values. The trust graph uses it to tell conditional edges from closed ones.
        /// </summary>
        internal IReadOnlyList<Engine.Policies.Condition>? RequestConditions { get; private set; }

        internal PathCheck WithRequestConditions(IEnumerable<Engine.Policies.Condition> conditions)
        {
            RequestConditions = new List<Engine.Policies.Condition>(conditions);
            return this;
        }

        /// <summary>The same check reported for another source or role text (e.g. the ARN the user typed).</summary>
        internal PathCheck For(string source, string role) =>
            source == Source && role == Role ? this : new PathCheck(Name, Outcome, source, role, Summary, Evidence, Fix, ErrorText, Change);

        public override string ToString() => $"{Check}: {Status}";
    }
}
