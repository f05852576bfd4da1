using System;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>What one STS GetCallerIdentity call against the regional endpoint said (no credential material is kept).</summary>
    public sealed class StsProbe
    {
        public StsProbe(string region, string endpoint, CallerIdentity? identity, AwsServiceException? error, CallerIdentity? fallbackIdentity = null)
        {
            Region = region; Endpoint = endpoint; Identity = identity; Error = error; FallbackIdentity = fallbackIdentity;
        }

        /// <summary>The region whose STS endpoint was called.</summary>
        public string Region { get; }
        public string Endpoint { get; }
        /// <summary>The caller, when the regional call succeeded.</summary>
        public CallerIdentity? Identity { get; }
        /// <summary>The regional call's error, if any.</summary>
        public AwsServiceException? Error { get; }
        /// <summary>The caller as another endpoint saw it, when the regional one refused (e.g. region not active).</summary>
        public CallerIdentity? FallbackIdentity { get; }
        /// <summary>The ARN of the credentials in use (cmdlets default -SourceArn to it); null when STS could not tell.</summary>
        public string? CallerArn => (Identity ?? FallbackIdentity)?.Arn;
        public string? CallerAccount => (Identity ?? FallbackIdentity)?.Account;
        public bool RegionDisabled => Error?.Code == "RegionDisabledException";
    }

    /// <summary>
    /// The two live-only checks of the catalogue: <c>CallerIdentity</c> (the credentials in use belong to the source) and
    /// <c>StsEndpoint</c> (STS is active in the region used). Both come from one GetCallerIdentity call against the
    /// regional STS endpoint; credential problems are reported as such, never as a denial.
    /// </summary>
    public static class LiveChecks
    {
        /// <summary>The message AWS returns when STS is not activated in a region (IAM User Guide, "Activating and deactivating AWS STS in an AWS Region").</summary>
        public const string RegionDisabledText = "STS is not activated in this region for account:{0}. Your account administrator can activate STS in this region using the IAM Console.";

        /// <summary>
        /// Calls GetCallerIdentity on <paramref name="regional"/> (the STS endpoint of the region used). When that endpoint
        /// refuses with RegionDisabledException and <paramref name="fallback"/> is given (e.g. us-east-1), the caller is read there.
        /// Never throws for AWS errors; cancellation is passed on.
        /// </summary>
        public static async Task<StsProbe> ProbeAsync(StsReader regional, StsReader? fallback = null, CancellationToken cancellationToken = default)
        {
            string region = regional.Endpoint.SigningRegion;
            string endpoint = regional.Endpoint.Url.ToString();
            try
            {
                return new StsProbe(region, endpoint, await regional.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false), null);
            }
            catch (AwsServiceException e)
            {
                CallerIdentity? other = null;
                if (e.Code == "RegionDisabledException" && fallback != null)
                {
                    try { other = await fallback.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false); }
                    catch (AwsServiceException) { }
                }
                return new StsProbe(region, endpoint, null, e, other);
            }
        }

        /// <summary>
        /// CallerIdentity: Pass when the credentials belong to <paramref name="expectedSourceArn"/> (a session of role R
        /// matches R; null means "the current caller"); Fail for root credentials, for someone else's credentials, and for
        /// credentials AWS rejects (expired, unknown key, bad signature or clock), with the AWS error code.
        /// </summary>
        public static PathCheck CallerIdentity(StsProbe probe, string? expectedSourceArn, string roleArn)
        {
            string source = expectedSourceArn ?? probe.CallerArn ?? "";
            PathCheck Make(CheckStatus status, string summary, string? evidence = null, string? fix = null, string? error = null) =>
                new PathCheck(1, "CallerIdentity", status, source, roleArn, summary, evidence, fix, error);

            var identity = probe.Identity ?? probe.FallbackIdentity;
            if (identity == null)
            {
                var e = probe.Error!;
                if (LiveSource.CredentialErrorCodes.Contains(e.Code) || e.Code == "AccessDenied" && e.StatusCode == 403 && e.Operation == "GetCallerIdentity")
                    return Make(CheckStatus.Fail, $"AWS rejected the credentials in use ({e.Code}): they are expired, unknown, or signed with a wrong clock.",
                        evidence: $"sts:GetCallerIdentity at {probe.Endpoint} failed with {e.Code}.",
                        fix: "Refresh credentials / sync the clock (e.g. aws sso login, a new session token, or the right -ProfileName), then run again.",
                        error: $"{e.Code}: {e.ServiceMessage}");
                if (e.Code == "RegionDisabledException")
                    return Make(CheckStatus.Unknown, $"Cannot tell who the caller is: STS is not active in {probe.Region} (see StsEndpoint).",
                        fix: "Use a region where STS is active, or activate it.");
                return Make(CheckStatus.Unknown, $"Cannot tell who the caller is: sts:GetCallerIdentity failed with {e.Code}{(e.StatusCode > 0 ? $" (HTTP {e.StatusCode})" : "")}.",
                    fix: "Try again; check network access to the STS endpoint.");
            }

            string evidence = $"sts:GetCallerIdentity: Arn {identity.Arn}, Account {identity.Account}, UserId {identity.UserId}.";
            if (!PrincipalIdentity.TryParse(identity.Arn, out var caller, out _))
                return Make(CheckStatus.Unknown, $"STS returned a caller ARN RoleTrust cannot read: {identity.Arn}.", evidence);
            if (caller.Kind == PrincipalKind.Root)
                return Make(CheckStatus.Fail, $"The credentials in use are the root user's of account {identity.Account}; {ErrorTexts.RootCannotAssume}",
                    evidence, "Use an IAM user or role of the account (not the root user's access keys) to call AssumeRole.", ErrorTexts.RootCannotAssume);
            if (expectedSourceArn == null)
                return Make(CheckStatus.Pass, $"The credentials in use belong to {identity.Arn}, the source diagnosed.", evidence);
            if (!PrincipalIdentity.TryParse(expectedSourceArn, out var expected, out _))
                return Make(CheckStatus.Unknown, $"'{expectedSourceArn}' is not an ARN RoleTrust can compare with the caller {identity.Arn}.", evidence);
            if (Matches(caller, expected))
                return Make(CheckStatus.Pass, caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.Role
                    ? $"The credentials in use are a session of role {expected.Arn} ({identity.Arn})."
                    : $"The credentials in use belong to {identity.Arn}.", evidence);
            return Make(CheckStatus.Fail, $"The credentials in use belong to {identity.Arn}, not to the source {expectedSourceArn}: AssumeRole would be called as {identity.Arn}.",
                evidence, $"Use the credentials of {expectedSourceArn} (e.g. -ProfileName), or omit -SourceArn to diagnose the current caller.");
        }

        /// <summary>StsEndpoint: Pass when the regional endpoint answered; Fail with the documented message when STS is not active there.</summary>
        public static PathCheck StsEndpoint(StsProbe probe, string sourceArn, string roleArn)
        {
            if (probe.Identity != null)
                return new PathCheck(14, "StsEndpoint", CheckStatus.Pass, sourceArn, roleArn, $"STS answered at {probe.Endpoint} (region {probe.Region}).");
            var e = probe.Error!;
            if (probe.RegionDisabled)
            {
                string account = probe.CallerAccount ?? (PrincipalIdentity.TryParse(sourceArn, out var s, out _) ? s.AccountId ?? "" : "");
                return new PathCheck(14, "StsEndpoint", CheckStatus.Fail, sourceArn, roleArn,
                    $"STS is not activated in region {probe.Region} for account {account}.",
                    $"sts:GetCallerIdentity at {probe.Endpoint} failed with RegionDisabledException.",
                    $"Activate STS in {probe.Region} (IAM console, Account settings, Security Token Service (STS), Endpoints), or use another region's endpoint (-Region).",
                    string.Format(RegionDisabledText, account));
            }
            if (LiveSource.CredentialErrorCodes.Contains(e.Code))
                return new PathCheck(14, "StsEndpoint", CheckStatus.Unknown, sourceArn, roleArn,
                    $"STS at {probe.Endpoint} rejected the credentials ({e.Code}), so whether STS is active there is not known (see CallerIdentity).",
                    fix: "Refresh credentials / sync the clock, then run again.");
            return new PathCheck(14, "StsEndpoint", CheckStatus.Unknown, sourceArn, roleArn,
                $"STS at {probe.Endpoint} did not answer usefully: {e.Code}{(e.StatusCode > 0 ? $" (HTTP {e.StatusCode})" : "")}.",
                fix: "Try again; check network access to the regional STS endpoint.");
        }

        /// <summary>True when the caller is the expected principal: same ARN, or a session of the expected role.</summary>
        public static bool Matches(PrincipalIdentity caller, PrincipalIdentity expected)
        {
            if (string.Equals(caller.Arn, expected.Arn, StringComparison.Ordinal)) return true;
            if (caller.AccountId != expected.AccountId || caller.Partition != expected.Partition) return false;
            if (caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.Role) return caller.Name == expected.Name;
            if (caller.Kind == PrincipalKind.AssumedRole && expected.Kind == PrincipalKind.AssumedRole)
                return caller.Name == expected.Name && caller.SessionName == expected.SessionName;
            // User ARNs from GetCallerIdentity carry the path; a -SourceArn without it names the same user only if the rest matches.
            if (caller.Kind == PrincipalKind.User && expected.Kind == PrincipalKind.User) return caller.Name == expected.Name && (expected.Path == null || expected.Path == "/" || expected.Path == caller.Path);
            return false;
        }
    }
}
