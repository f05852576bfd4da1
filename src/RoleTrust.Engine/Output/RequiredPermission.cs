namespace RoleTrust
{
    /// <summary>One least-privilege read-only policy RoleTrust needs, and where to attach it.</summary>
    public sealed class RequiredPermission
    {
        public RequiredPermission(string scope, string purpose, string policyName, string policyDocument)
        {
            Scope = scope; Purpose = purpose; PolicyName = policyName; PolicyDocument = policyDocument;
        }

        /// <summary>CallerAccount, TargetAccount, Organization, Snapshot or AuditRole.</summary>
        public string Scope { get; }
        public string Purpose { get; }
        public string PolicyName { get; }
        public string PolicyDocument { get; }
        public override string ToString() => $"{Scope}: {PolicyName}";
    }
}
