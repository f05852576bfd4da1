namespace RoleTrust.Engine.Audit
{
    /// <summary>Stable error ids for roles whose trust policy cannot be audited.</summary>
    public static class AuditErrorIds
    {
        /// <summary>The trust policy is not a policy IAM would accept, or uses what the engine does not model.</summary>
        public const string InvalidTrustPolicy = "InvalidTrustPolicy";
        /// <summary>The data holds no trust policy for the role.</summary>
        public const string MissingTrustPolicy = "MissingTrustPolicy";
    }
}
