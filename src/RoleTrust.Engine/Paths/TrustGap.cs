namespace RoleTrust
{
    /// <summary>
    /// What Get-RoleTrustGap writes: one blocking check with the exact change. Property names bind by name to
    /// AWS.Tools: RoleName + PolicyDocument (Update-IAMAssumeRolePolicy), UserName/RoleName + PolicyName +
    /// PolicyDocument (Write-IAMUserPolicy / Write-IAMRolePolicy).
    /// </summary>
    public sealed class TrustGap
    {
        public TrustGap(PathCheck check)
        {
            Check = check.Check; Status = check.Status; Source = check.Source; Role = check.Role; RoleArn = check.Role; SourceArn = check.Source;
            Summary = check.Summary; Evidence = check.Evidence; Fix = check.Fix; ErrorText = check.ErrorText;
            var c = check.Change;
            if (c != null)
            {
                Command = c.Command; RoleName = c.RoleName; UserName = c.UserName; PolicyName = c.PolicyName; PolicyArn = c.PolicyArn;
                Statement = c.Statement; PolicyDocument = c.PolicyDocument;
            }
        }

        public string Check { get; }
        /// <summary>Fail or Unknown (the name, so that ConvertTo-Json writes text).</summary>
        public string Status { get; }
        public string Source { get; }
        public string Role { get; }
        public string SourceArn { get; }
        public string RoleArn { get; }
        public string Summary { get; }
        public string Evidence { get; }
        public string Fix { get; }
        public string ErrorText { get; }
        /// <summary>The AWS.Tools cmdlet that applies the change (Update-IAMAssumeRolePolicy, Write-IAMUserPolicy, Write-IAMRolePolicy, New-IAMPolicyVersion ...).</summary>
        public string? Command { get; }
        public string? RoleName { get; }
        public string? UserName { get; }
        public string? PolicyName { get; }
        public string? PolicyArn { get; }
        /// <summary>The minimal statement to add.</summary>
        public string? Statement { get; }
        /// <summary>The full corrected document.</summary>
        public string? PolicyDocument { get; }

        public override string ToString() => $"{Check}: {Summary}";
    }
}
