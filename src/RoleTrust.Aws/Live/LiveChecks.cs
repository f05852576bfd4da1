using System;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Paths.Facts;

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
    /// What live mode observes of the credentials in use, for the CallerIdentity and StsEndpoint checks: one
    /// GetCallerIdentity call against the regional STS endpoint; credential problems are told apart from denials.
    /// </summary>
    public static class LiveChecks
    {
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

        /// <summary>The probe as the engine's observation. <paramref name="sourceDefaultedToCaller"/>: no source was named, so the caller is it.</summary>
        public static StsObservation Observe(StsProbe probe, bool sourceDefaultedToCaller)
        {
            var identity = probe.Identity ?? probe.FallbackIdentity;
            var e = probe.Error;
            StsOutcome outcome = e == null ? StsOutcome.Answered
                : probe.RegionDisabled ? StsOutcome.RegionDisabled
                : LiveSource.CredentialErrorCodes.Contains(e.Code) || (e.Code == "AccessDenied" && e.StatusCode == 403 && e.Operation == "GetCallerIdentity") ? StsOutcome.CredentialsRejected
                : StsOutcome.Failed;
            return new StsObservation(probe.Region, probe.Endpoint, outcome, identity?.Arn, identity?.Account, identity?.UserId,
                e?.Code, e?.StatusCode ?? 0, e?.ServiceMessage, sourceDefaultedToCaller);
        }
    }
}
