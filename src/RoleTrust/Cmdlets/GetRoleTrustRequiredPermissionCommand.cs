using System.Linq;
using System.Management.Automation;
using RoleTrust.Aws.Live;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>Get-RoleTrustRequiredPermission: the least-privilege, read-only policies RoleTrust needs to work live.</summary>
    [Cmdlet(VerbsCommon.Get, "RoleTrustRequiredPermission", HelpUri = HelpLinks.Base + "Get-RoleTrustRequiredPermission.md")]
    [OutputType(typeof(RequiredPermission))]
    public sealed class GetRoleTrustRequiredPermissionCommand : PSCmdlet
    {
        /// <summary>Which policies to show: Diagnose (default), Snapshot, Organization or All.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Diagnose", "Snapshot", "Organization", "All")]
        public string Scope { get; set; } = "Diagnose";

        /// <summary>
        /// The read-only role assumed in each account (as -AuditRoleName gives it to the other cmdlets): adds the caller's
        /// permission to assume it (Scope AuditRole).
        /// </summary>
        [Parameter]
        [ValidatePattern(@"^/?([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")]
        public string? AuditRoleName { get; set; }

        protected override void EndProcessing()
        {
            bool all = Scope == "All";
            if (all || Scope == "Diagnose")
            {
                WriteObject(new RequiredPermission("CallerAccount", "Attach to the identity you run Test-AssumeRolePath with: reads the source principal's policies. (sts:GetCallerIdentity needs no permission.)",
                    "RoleTrustReadIam", RequiredPermissions.PolicyDocument(RequiredPermissions.Iam, "RoleTrustReadIam")));
                WriteObject(new RequiredPermission("TargetAccount", "Attach to the identity used in the role's account (-TargetProfileName / -TargetCredential, or the role of -AuditRoleName) when the role is in another account: reads the role, its account's identity providers and aliases.",
                    "RoleTrustReadIam", RequiredPermissions.PolicyDocument(RequiredPermissions.Iam, "RoleTrustReadIam")));
            }
            if (all || Scope == "Diagnose" || Scope == "Organization")
                WriteObject(new RequiredPermission("Organization", "Attach in the management account or a delegated administrator (-OrganizationProfileName / -OrganizationCredential) to read SCPs and RCPs.",
                    "RoleTrustReadOrganizations", RequiredPermissions.PolicyDocument(RequiredPermissions.Organizations, "RoleTrustReadOrganizations")));
            if (AuditRoleName != null)
                WriteObject(new RequiredPermission("AuditRole",
                    $"Attach to the identity you run RoleTrust with (-AuditRoleName {AuditRoleName}): lets it assume the read-only role in each account it reads. " +
                    "The role itself needs the TargetAccount policy (or the Snapshot one for Save-RoleTrustSnapshot) and a trust policy that admits that identity.",
                    "RoleTrustAssumeAuditRole", RequiredPermissions.AuditRolePolicyDocument(AuditRoleName)));
            if (all || Scope == "Snapshot")
                WriteObject(new RequiredPermission("Snapshot", "Attach in every account Save-RoleTrustSnapshot collects.",
                    "RoleTrustSnapshot", RequiredPermissions.PolicyDocument(RequiredPermissions.Iam.Concat(RequiredPermissions.Snapshot), "RoleTrustSnapshot")));
        }
    }
}
