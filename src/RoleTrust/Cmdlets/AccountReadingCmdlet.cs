using System;
using System.Linq;
using System.Collections;
using System.Management.Automation;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Model;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// The parameters that say which credentials read which account, shared by the live path cmdlets and
    /// Save-RoleTrustSnapshot: profiles per account (-AccountProfileName), a read-only role assumed in the other accounts
    /// (-AuditRoleName), and credentials for AWS Organizations (-OrganizationProfileName / -OrganizationCredential).
    /// <see cref="CredentialRouting"/> decides from them, from the caller's credentials and from -TargetCredential.
    /// </summary>
    public abstract class AccountReadingCmdlet : RoleTrustAwsCmdlet
    {
        /// <summary>Account ID to profile name, for accounts read with their own credentials.</summary>
        [Parameter] public Hashtable? AccountProfileName { get; set; }

        /// <summary>A role (name, or path/name) assumed with the caller's credentials in each account no other credentials belong to, only to read it.</summary>
        [Parameter] public string? AuditRoleName { get; set; }

        /// <summary>A profile in the management or delegated-administrator account, to read SCPs and RCPs.</summary>
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))] [Parameter] public string? OrganizationProfileName { get; set; }

        /// <summary>Credentials in the management or delegated-administrator account, to read SCPs and RCPs.</summary>
        [Parameter] public AWSCredentials? OrganizationCredential { get; set; }

        /// <summary>Session name of the audit role's sessions (visible in CloudTrail).</summary>
        protected virtual string AuditSessionName => "RoleTrust";

        /// <summary>
        /// Every credential the command was given, resolved and checked now (terminating errors as AWS.Tools gives them);
        /// profiles of -AccountProfileName are resolved when their account is first read.
        /// </summary>
        protected LiveCredentials ResolveLiveCredentials(string? targetProfileName = null, AWSCredentials? targetCredential = null)
        {
            var (caller, region) = ResolveCaller();
            var live = new LiveCredentials(caller.Credentials, region) { AuditRoleName = AuditRoleName, AuditSessionName = AuditSessionName };
            if (targetProfileName != null || targetCredential != null)
            {
                live.Target = ResolveOther(targetProfileName, targetCredential, region, "target credentials");
                live.TargetLabel = targetProfileName != null ? $"-TargetProfileName '{targetProfileName}'" : "-TargetCredential";
            }
            if (OrganizationProfileName != null || OrganizationCredential != null)
            {
                live.Organization = ResolveOther(OrganizationProfileName, OrganizationCredential, region, "organization reader");
                live.OrganizationLabel = OrganizationProfileName != null ? $"-OrganizationProfileName '{OrganizationProfileName}'" : "-OrganizationCredential";
            }
            if (AccountProfileName != null)
            {
                foreach (DictionaryEntry e in AccountProfileName)
                {
                    string account = Convert.ToString(e.Key)?.Trim() ?? "";
                    string? profile = Convert.ToString(e.Value)?.Trim();
                    if (!Arn.IsAccountId(account))
                        ThrowTerminatingError(ErrorRecords.Create("InvalidAccountId", ErrorCategory.InvalidArgument,
                            $"-AccountProfileName: '{account}' is not a 12-digit account ID.", AccountProfileName));
                    if (string.IsNullOrEmpty(profile))
                        ThrowTerminatingError(ErrorRecords.Create("ProfileNotFound", ErrorCategory.InvalidArgument,
                            $"-AccountProfileName: no profile name is given for account {account}.", AccountProfileName));
                    live.AccountProfiles[account] = profile!;
                }
                string? location = ProfileLocation;
                string? endpointUrl = EndpointUrl;
                live.ResolveProfile = name => AwsCredentialResolver.ResolveCredentials(
                    new AwsCredentialOptions { ProfileName = name, ProfileLocation = location, Region = region, EndpointUrl = endpointUrl }, out _);
            }
            // Which credentials read what, by name only (the resolver's description masks access keys and holds no secret).
            WriteVerbose($"Data: live AWS, region {region}. Caller: {caller.Source}." +
                (live.Target != null ? $" The role's account: {live.TargetLabel}." : "") +
                (live.Organization != null ? $" The organization: {live.OrganizationLabel}." : "") +
                (live.AccountProfiles.Count > 0 ? " Accounts by profile: " + string.Join(", ", live.AccountProfiles.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} '{p.Value}'")) + "." : "") +
                (AuditRoleName != null ? $" Other accounts: the role {AuditRoleName} assumed in each." : ""));
            return live;
        }
    }
}
