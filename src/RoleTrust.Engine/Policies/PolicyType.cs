namespace RoleTrust.Engine.Policies
{
    /// <summary>Where a policy sits; decides which elements it must or must not have.</summary>
    public enum PolicyType
    {
        Identity,
        PermissionsBoundary,
        Session,
        ServiceControl,
        ResourceControl,
        VpcEndpoint,
        /// <summary>A resource-based policy; a role's trust policy when the resource is a role.</summary>
        Resource,
    }
}
