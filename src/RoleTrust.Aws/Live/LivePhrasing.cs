using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>Gaps in live data: which read failed and why (the detail), and which credentials or permission would make it.</summary>
    public sealed class LivePhrasing : PlainPhrasing
    {
        private readonly string _callerAccountId;

        public LivePhrasing(string callerAccountId) { _callerAccountId = callerAccountId; }

        public override string Describe(DataGap gap) => gap.Detail ?? base.Describe(gap);

        public override string Remedy(DataGap gap)
        {
            string account = gap.AccountId ?? "";
            if (gap.Kind == DataGapKind.Organization || gap.Kind == DataGapKind.OrganizationMembership)
                return "Pass credentials of the management account or a delegated administrator for AWS Organizations (-OrganizationProfileName or -OrganizationCredential), " +
                    "and credentials that can read the account itself (-TargetProfileName or -TargetCredential) so that it can tell whether it is in an organization.";
            switch (gap.Cause)
            {
                case DataGapCause.NoCredentials:
                    return $"Pass credentials that can read account {account} (-TargetProfileName or -TargetCredential).";
                case DataGapCause.AccessDenied:
                    return account == _callerAccountId
                        ? $"Grant {gap.Operation} to the caller (Get-RoleTrustRequiredPermission lists the read-only policies)."
                        : $"Grant {gap.Operation} to the credentials used for account {account}, or pass credentials that can read there (-TargetProfileName or -TargetCredential).";
                case DataGapCause.CredentialsRejected:
                    return "Refresh the credentials or sync the clock, then run again.";
                case DataGapCause.ServiceError:
                    return "Try again later.";
                default:
                    return base.Remedy(gap);
            }
        }

        public override string RemedyForRequestKeys(IReadOnlyList<string> keys) => RequestKeyRemedy.For(keys);
    }
}
