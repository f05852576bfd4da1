using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Gaps in live data: which read failed, with which credentials and why (the detail), and which credentials or
    /// permission would make it, naming the parameters that give credentials for an account (-TargetProfileName /
    /// -TargetCredential, -AccountProfileName, -AuditRoleName) and for AWS Organizations (-OrganizationProfileName /
    /// -OrganizationCredential).
    /// </summary>
    public sealed class LivePhrasing : PlainPhrasing
    {
        public static new readonly LivePhrasing Instance = new LivePhrasing();

        public override string Describe(DataGap gap) => gap.Detail ?? base.Describe(gap);

        public override string Remedy(DataGap gap)
        {
            string account = gap.AccountId ?? "";
            bool organization = gap.Kind == DataGapKind.Organization || gap.Kind == DataGapKind.OrganizationMembership;
            switch (gap.Cause)
            {
                case DataGapCause.NoCredentials when organization:
                    return $"Pass credentials that can read account {account} ({AccountCredentials(account)}), so that its own view of AWS Organizations tells " +
                           "whether it is in an organization; for the SCPs and RCPs of an organization, credentials of its management account or a delegated " +
                           "administrator (-OrganizationProfileName or -OrganizationCredential).";
                case DataGapCause.NoCredentials:
                    return $"Pass credentials that can read account {account}: {AccountCredentials(account)}.";
                case DataGapCause.AccessDenied when gap.Operation == "sts:AssumeRole":
                    return $"Let the caller assume the audit role in account {account} (the role's trust policy and the caller's sts:AssumeRole permission), " +
                           $"or pass other credentials that can read there ({AccountCredentials(account)}).";
                case DataGapCause.AccessDenied when organization:
                    return "Pass credentials of the management account or a delegated administrator for AWS Organizations (-OrganizationProfileName or " +
                           $"-OrganizationCredential), or grant {gap.Operation ?? "the read"} to the credentials used (Get-RoleTrustRequiredPermission -Scope Organization).";
                case DataGapCause.AccessDenied:
                    return $"Grant {gap.Operation ?? "the read"} to the credentials used for account {account} (Get-RoleTrustRequiredPermission lists the " +
                           $"read-only policies), or pass credentials that can read there ({AccountCredentials(account)}).";
                case DataGapCause.CredentialsRejected:
                    return "Refresh the credentials (for an IAM Identity Center profile: aws sso login) or sync the clock, then run again.";
                case DataGapCause.ServiceError:
                    return "Run again later; if an endpoint could not be reached, check the network, -Region and -EndpointUrl (or AWS_ENDPOINT_URL_*).";
                case DataGapCause.NotCollected when organization:
                    return "Run again once AWS Organizations has finished switching the policy type.";
                default:
                    return base.Remedy(gap);
            }
        }

        private static string AccountCredentials(string account) =>
            $"-TargetProfileName or -TargetCredential, -AccountProfileName @{{ '{account}' = '<profile>' }}, or -AuditRoleName <role> " +
            "(a read-only role RoleTrust assumes there with the caller's credentials)";

        public override string RemedyForRequestKeys(IReadOnlyList<string> keys) => RequestKeyRemedy.For(keys);
    }
}
