namespace RoleTrust.Engine.Audit
{
    /// <summary>
    /// A role whose trust policy could not be audited. Not a finding: a finding says what a policy allows, and this
    /// one's meaning is unknown. Cmdlets report it as a non-terminating error with <see cref="ErrorId"/>.
    /// </summary>
    public sealed class TrustPolicyProblem
    {
        public const string InvalidTrustPolicy = AuditErrorIds.InvalidTrustPolicy;
        public const string MissingTrustPolicy = AuditErrorIds.MissingTrustPolicy;

        public TrustPolicyProblem(string errorId, string account, string role, string message, string? policyErrorId = null)
        {
            ErrorId = errorId; Account = account; Role = role; Message = message; PolicyErrorId = policyErrorId;
        }

        /// <summary>InvalidTrustPolicy (the text is not a policy IAM would accept) or MissingTrustPolicy (the data has none).</summary>
        public string ErrorId { get; }
        public string Account { get; }
        /// <summary>The role's ARN.</summary>
        public string Role { get; }
        public string Message { get; }
        /// <summary>The policy parser's error id (InvalidPolicyJson, InvalidPrincipal ...) for an invalid policy.</summary>
        public string? PolicyErrorId { get; }

        public override string ToString() => Message;
    }
}
