using System;
using System.Collections.Generic;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Every credential a live command was given, as the cmdlets resolved them: the caller's, optional credentials
    /// for another account (-TargetCredential / -TargetProfileName) and for AWS Organizations (-OrganizationCredential /
    /// -OrganizationProfileName), profiles per account (-AccountProfileName) and a role to assume in accounts none of
    /// them belongs to (-AuditRoleName). Which credentials read which account is decided by <see cref="CredentialRouting"/>.
    /// </summary>
    public sealed class LiveCredentials
    {
        public LiveCredentials(AWSCredentials caller, string region)
        {
            Caller = caller ?? throw new ArgumentNullException(nameof(caller));
            Region = region ?? throw new ArgumentNullException(nameof(region));
        }

        public AWSCredentials Caller { get; }
        /// <summary>The region of every call (the partition, and STS's regional endpoint).</summary>
        public string Region { get; }

        /// <summary>Credentials for one other account; which account is learnt from them, not assumed.</summary>
        public AWSCredentials? Target { get; set; }
        public string TargetLabel { get; set; } = "-TargetCredential";

        /// <summary>Credentials in a management account or a delegated administrator, to read AWS Organizations.</summary>
        public AWSCredentials? Organization { get; set; }
        public string OrganizationLabel { get; set; } = "-OrganizationCredential";

        /// <summary>Account ID to the profile whose credentials read that account.</summary>
        public IDictionary<string, string> AccountProfiles { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Turns a profile name into credentials (the cmdlets resolve profiles as AWS.Tools does, with -ProfileLocation).</summary>
        public Func<string, AWSCredentials>? ResolveProfile { get; set; }

        /// <summary>A role (name, or path and name) assumed with the caller's credentials in an account no other credentials belong to, only to read it.</summary>
        public string? AuditRoleName { get; set; }
        public string AuditSessionName { get; set; } = "RoleTrust";
    }
}
