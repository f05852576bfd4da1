namespace RoleTrust
{
    public enum CheckStatus { Pass, Fail, Warn, Unknown, NotApplicable }

    /// <summary>One prerequisite of an AssumeRole path (ARCHITECTURE.md check catalogue).</summary>
    public sealed class PathCheck
    {
        public PathCheck(int order, string check, CheckStatus status, string source, string role, string summary,
            string? evidence = null, string? fix = null, string? errorText = null, Paths.GapChange? change = null)
        {
            Order = order; Check = check; Status = status; Source = source; Role = role; Summary = summary;
            Evidence = evidence ?? ""; Fix = status == CheckStatus.Pass || status == CheckStatus.NotApplicable ? "" : fix ?? "";
            ErrorText = errorText ?? ""; Change = change;
        }

        public int Order { get; }
        public string Check { get; }
        public CheckStatus Status { get; }
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
        public bool Passed => Status == CheckStatus.Pass || Status == CheckStatus.Warn || Status == CheckStatus.NotApplicable;

        public override string ToString() => $"{Check}: {Status}";
    }
}

namespace RoleTrust.Paths
{
    /// <summary>A concrete change: the minimal statement and the full corrected document, with AWS.Tools parameter names.</summary>
    public sealed class GapChange
    {
        /// <summary>The AWS.Tools cmdlet that applies it, e.g. Update-IAMAssumeRolePolicy, Write-IAMUserPolicy.</summary>
        public string Command { get; set; } = "";
        public string? RoleName { get; set; }
        public string? UserName { get; set; }
        public string? PolicyName { get; set; }
        public string? PolicyArn { get; set; }
        /// <summary>The minimal statement to add (JSON).</summary>
        public string? Statement { get; set; }
        /// <summary>The full corrected document (JSON).</summary>
        public string? PolicyDocument { get; set; }
    }
}
