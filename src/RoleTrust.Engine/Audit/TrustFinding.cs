namespace RoleTrust
{
    /// <summary>
    /// One audit finding: a rule that one statement of one role's trust policy meets (ARCHITECTURE.md,
    /// Get-RoleTrustFinding). RuleId and Severity are names, so ConvertTo-Json and Export-Csv write text.
    /// </summary>
    public sealed class TrustFinding
    {
        public TrustFinding(string ruleId, string severity, string account, string role, int statementIndex, string? sid,
            string principal, string summary, string fix, string evidence)
        {
            RuleId = ruleId; Severity = severity; Account = account; Role = role; StatementIndex = statementIndex; Sid = sid ?? "";
            Principal = principal; Summary = summary; Fix = fix; Evidence = evidence;
        }

        /// <summary>The rule id, e.g. WildcardPrincipal.</summary>
        public string RuleId { get; }
        /// <summary>High, Medium, Low or Info.</summary>
        public string Severity { get; }
        /// <summary>The role's account id.</summary>
        public string Account { get; }
        /// <summary>The role's ARN.</summary>
        public string Role { get; }
        /// <summary>0-based position of the statement in the trust policy.</summary>
        public int StatementIndex { get; }
        /// <summary>The statement's Sid; empty when it has none.</summary>
        public string Sid { get; }
        /// <summary>The principal value(s) that met the rule, joined with "; " when several did.</summary>
        public string Principal { get; }
        /// <summary>One plain sentence.</summary>
        public string Summary { get; }
        /// <summary>What to change, concretely.</summary>
        public string Fix { get; }
        /// <summary>The statement's JSON.</summary>
        public string Evidence { get; }

        public override string ToString() => $"{RuleId}: {Role} statement {StatementIndex}";
    }
}
