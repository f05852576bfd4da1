using System.Collections.Generic;

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

        /// <summary>The command line that applies it: a readable cell in Export-Csv and in list views.</summary>
        public override string ToString()
        {
            var parts = new List<string> { Command };
            if (RoleName != null) parts.Add("-RoleName " + RoleName);
            if (UserName != null) parts.Add("-UserName " + UserName);
            if (PolicyName != null) parts.Add("-PolicyName " + PolicyName);
            if (PolicyArn != null) parts.Add("-PolicyArn " + PolicyArn);
            return string.Join(" ", parts);
        }
    }
}
