using System.Collections.Generic;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>STS is active in the region used (live only: one GetCallerIdentity against the regional endpoint tells).</summary>
    internal sealed class StsEndpointCheck : PathCheckRule
    {
        /// <summary>The message AWS returns when STS is not activated in a region.</summary>
        internal const string RegionDisabledText = "STS is not activated in this region for account:{0}. Your account administrator can activate STS in this region using the IAM Console.";

        public override CheckName Name => CheckName.StsEndpoint;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var sts = f.Sts;
            if (sts == null) return Make(f, CheckStatus.NotApplicable, "Offline data: whether STS is active in the region used can only be checked live.");
            string? sourceAccount = PrincipalIdentity.TryParse(f.Request.SourceArn, out var source, out _) ? source.AccountId : null;
            if (sts.OnlyReading && sts.CallerAccount != null && sts.CallerAccount != sourceAccount)
                return Make(f, CheckStatus.NotApplicable,
                    $"The credentials in use belong to account {sts.CallerAccount}, not to the caller's account, and only read the data: whether STS was active where the call was made cannot be told from them.");
            switch (sts.Outcome)
            {
                case StsOutcome.Answered:
                    return Make(f, CheckStatus.Pass, $"STS answered at {sts.Endpoint} (region {sts.Region}).");
                case StsOutcome.RegionDisabled:
                    string account = sts.CallerAccount ?? (PrincipalIdentity.TryParse(f.Request.SourceArn, out var s, out _) ? s.AccountId ?? "" : "");
                    return Make(f, CheckStatus.Fail, $"STS is not activated in region {sts.Region} for account {account}.",
                        $"sts:GetCallerIdentity at {sts.Endpoint} failed with RegionDisabledException.",
                        $"Activate STS in {sts.Region} (IAM console, Account settings, Security Token Service (STS), Endpoints), or use another region's endpoint.",
                        string.Format(RegionDisabledText, account));
                case StsOutcome.CredentialsRejected:
                    return Make(f, CheckStatus.Unknown,
                        $"STS at {sts.Endpoint} rejected the credentials ({sts.ErrorCode}), so whether STS is active there is not known (see CallerIdentity).",
                        fix: "Refresh the credentials or sync the clock, then run again.");
                default:
                    return Make(f, CheckStatus.Unknown, $"STS at {sts.Endpoint} did not answer usefully: {sts.ErrorCode}{(sts.StatusCode > 0 ? $" (HTTP {sts.StatusCode})" : "")}.",
                        fix: "Try again; check network access to the regional STS endpoint.");
            }
        }
    }
}
