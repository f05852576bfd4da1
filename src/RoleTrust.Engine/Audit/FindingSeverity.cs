namespace RoleTrust.Engine.Audit
{
    /// <summary>How urgent a trust finding is. Output objects carry the name as a string (see TrustFinding.Severity).</summary>
    public enum FindingSeverity
    {
        High,
        Medium,
        Low,
        Info,
    }
}
