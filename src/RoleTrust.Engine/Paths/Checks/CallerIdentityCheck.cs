using System;
using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The credentials in use belong to the source diagnosed; root credentials cannot assume roles (live only).</summary>
    internal sealed class CallerIdentityCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.CallerIdentity;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var sts = f.Sts;
            if (sts == null)
                return Make(f, CheckStatus.NotApplicable, "No credentials are in use (offline data), so the source is the one the request names.");
            if (f.Request.IsFederated)
                return Make(f, CheckStatus.NotApplicable, $"{f.Request.Action} is called with a token or assertion, not with AWS credentials.");
            if (sts.CallerArn == null)
            {
                if (sts.Outcome == StsOutcome.CredentialsRejected && sts.OnlyReading)
                    return Make(f, CheckStatus.Unknown,
                        $"AWS rejected the credentials in use ({sts.ErrorCode}), so neither the data nor whether they are the source's credentials can be told.",
                        evidence: $"sts:GetCallerIdentity at {sts.Endpoint} failed with {sts.ErrorCode}.",
                        fix: "Refresh the credentials or sync the clock (for example a new SSO login or session token, or other credentials), then run again.");
                if (sts.Outcome == StsOutcome.CredentialsRejected)
                    return Make(f, CheckStatus.Fail, $"AWS rejected the credentials in use ({sts.ErrorCode}): they are expired, unknown, or signed with a wrong clock.",
                        evidence: $"sts:GetCallerIdentity at {sts.Endpoint} failed with {sts.ErrorCode}.",
                        fix: "Refresh the credentials or sync the clock (for example a new SSO login or session token, or other credentials), then run again.",
                        errorText: $"{sts.ErrorCode}: {sts.ErrorMessage}");
                if (sts.Outcome == StsOutcome.RegionDisabled)
                    return Make(f, CheckStatus.Unknown, $"Cannot tell who the caller is: STS is not active in {sts.Region} (see StsEndpoint).",
                        fix: "Use a region where STS is active, or activate it.");
                return Make(f, CheckStatus.Unknown, $"Cannot tell who the caller is: sts:GetCallerIdentity failed with {sts.ErrorCode}{(sts.StatusCode > 0 ? $" (HTTP {sts.StatusCode})" : "")}.",
                    fix: "Try again; check network access to the STS endpoint.");
            }

            string evidence = $"sts:GetCallerIdentity: Arn {sts.CallerArn}, Account {sts.CallerAccount}, UserId {sts.CallerUserId}.";
            if (!PrincipalIdentity.TryParse(sts.CallerArn, out var caller, out _))
                return Make(f, CheckStatus.Unknown, $"STS returned a caller ARN RoleTrust cannot read: {sts.CallerArn}.", evidence);
            if (sts.OnlyReading && !(PrincipalIdentity.TryParse(f.Request.SourceArn, out var source, out _) && IsSamePrincipal(caller, source)))
                return Make(f, CheckStatus.NotApplicable,
                    $"The call was made by {f.Request.SourceArn} with its own credentials; the credentials in use ({sts.CallerArn}) only read the data.", evidence);
            if (caller.Kind == PrincipalKind.Root)
                return Make(f, CheckStatus.Fail, $"The credentials in use are the root user's of account {sts.CallerAccount}; {ErrorTexts.RootCannotAssume}",
                    evidence, "Use an IAM user or role of the account (not the root user's access keys) to call AssumeRole.", ErrorTexts.RootCannotAssume);
            if (sts.SourceDefaultedToCaller)
                return Make(f, CheckStatus.Pass, $"The credentials in use belong to {sts.CallerArn}, the source diagnosed.", evidence);
            if (!PrincipalIdentity.TryParse(f.Request.SourceArn, out var expected, out _))
                return Make(f, CheckStatus.Unknown, $"'{f.Request.SourceArn}' is not an ARN RoleTrust can compare with the caller {sts.CallerArn}.", evidence);
            if (IsSamePrincipal(caller, expected))
                return Make(f, CheckStatus.Pass, caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.Role
                    ? $"The credentials in use are a session of role {expected.Arn} ({sts.CallerArn})."
                    : $"The credentials in use belong to {sts.CallerArn}.", evidence);
            return Make(f, CheckStatus.Fail, $"The credentials in use belong to {sts.CallerArn}, not to the source {f.Request.SourceArn}: AssumeRole would be called as {sts.CallerArn}.",
                evidence, $"Use the credentials of {f.Request.SourceArn}, or diagnose the current caller instead.");
        }

        /// <summary>True when the caller is the expected principal: same ARN, or a session of the expected role.</summary>
        internal static bool IsSamePrincipal(PrincipalIdentity caller, PrincipalIdentity expected)
        {
            if (string.Equals(caller.Arn, expected.Arn, StringComparison.Ordinal)) return true;
            if (caller.AccountId != expected.AccountId || caller.Partition != expected.Partition) return false;
            if (caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.Role) return caller.Name == expected.Name;
            if (caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.AssumedRole)
                return caller.Name == expected.Name && caller.SessionName == expected.SessionName;
            // User ARNs from GetCallerIdentity carry the path; a source ARN without it names the same user only if the rest matches.
            if (caller.Kind == PrincipalKind.User && expected.Kind == PrincipalKind.User)
                return caller.Name == expected.Name && (expected.Path == null || expected.Path == "/" || expected.Path == caller.Path);
            return false;
        }
    }
}
