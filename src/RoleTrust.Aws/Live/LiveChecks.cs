using System;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Aws.Live
{
    /// <summary>What one STS GetCallerIdentity call against the regional endpoint said (no credential material is kept).</summary>
    public sealed class StsProbe
    {
        public StsProbe(string region, string endpoint, CallerIdentity? identity, AwsServiceException? error, CallerIdentity? fallbackIdentity = null,
            AwsCredentialsNotFoundException? credentialError = null)
        {
            Region = region; Endpoint = endpoint; Identity = identity; Error = error; FallbackIdentity = fallbackIdentity; CredentialError = credentialError;
        }

        /// <summary>The region whose STS endpoint was called.</summary>
        public string Region { get; }
        public string Endpoint { get; }
        /// <summary>The caller, when the regional call succeeded.</summary>
        public CallerIdentity? Identity { get; }
        /// <summary>The regional call's error, if any.</summary>
        public AwsServiceException? Error { get; }
        /// <summary>The credentials could not be produced at all (SSO without a token, a failing credential_process ...).</summary>
        public AwsCredentialsNotFoundException? CredentialError { get; }
        /// <summary>The caller as another endpoint saw it, when the regional one refused (e.g. region not active).</summary>
        public CallerIdentity? FallbackIdentity { get; }
        /// <summary>The ARN of the credentials in use (cmdlets default -SourceArn to it); null when STS could not tell.</summary>
        public string? CallerArn => (Identity ?? FallbackIdentity)?.Arn;
        public string? CallerAccount => (Identity ?? FallbackIdentity)?.Account;
        public bool RegionDisabled => Error?.Code == "RegionDisabledException";
        /// <summary>The AWS code (or CredentialsUnavailable) of a failed call.</summary>
        public string? FailureCode => Error?.Code ?? (CredentialError != null ? "CredentialsUnavailable" : null);
        /// <summary>Why the caller could not be told, in words.</summary>
        public string FailureText =>
            CredentialError != null ? CredentialError.Message
            : Error == null ? "sts:GetCallerIdentity answered"
            : Error.IsUnreachable ? $"sts:GetCallerIdentity could not reach {Error.Endpoint ?? Endpoint}{(Error.ServiceMessage.Length > 0 ? ": " + Error.ServiceMessage : "")}"
            : $"sts:GetCallerIdentity failed with {Error.Code}{(Error.ServiceMessage.Length > 0 ? ": " + Error.ServiceMessage : "")}";
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
        /// Never throws for AWS or credential errors; cancellation is passed on.
        /// </summary>
        public static Task<StsProbe> ProbeAsync(StsReader regional, StsReader? fallback = null, CancellationToken cancellationToken = default) =>
            ProbeAsync(regional, fallback == null ? null : () => fallback, cancellationToken);

        /// <summary>As above; the fallback reader is made only when the regional endpoint refuses.</summary>
        public static async Task<StsProbe> ProbeAsync(StsReader regional, Func<StsReader>? fallback, CancellationToken cancellationToken = default)
        {
            string region = regional.Endpoint.SigningRegion;
            string endpoint = regional.Endpoint.Url.ToString();
            try
            {
                return new StsProbe(region, endpoint, await regional.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false), null);
            }
            catch (AwsCredentialsNotFoundException e)
            {
                return new StsProbe(region, endpoint, null, null, null, e);
            }
            catch (AwsServiceException e)
            {
                CallerIdentity? other = null;
                if (e.Code == "RegionDisabledException" && fallback != null)
                {
                    try { other = await fallback().GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false); }
                    catch (AwsServiceException) { }
                }
                return new StsProbe(region, endpoint, null, e, other);
            }
        }

        /// <summary>AWS rejected the credentials themselves (expired, unknown, bad signature or clock), as opposed to any other failure.</summary>
        public static bool CredentialsRejected(StsProbe probe)
        {
            var e = probe.Error;
            if (probe.CredentialError != null) return true;
            return e != null && !probe.RegionDisabled &&
                   (LiveFailures.CredentialErrorCodes.Contains(e.Code) || (e.Code == "AccessDenied" && e.StatusCode == 403 && e.Operation == "GetCallerIdentity"));
        }

        /// <summary>
        /// The probe as the engine's observation. <paramref name="sourceDefaultedToCaller"/>: no source was named, so the
        /// caller is it. <paramref name="onlyReading"/>: the credentials only read the data of a call the source made (an
        /// error read after the fact).
        /// </summary>
        public static StsObservation Observe(StsProbe probe, bool sourceDefaultedToCaller, bool onlyReading = false)
        {
            var identity = probe.Identity ?? probe.FallbackIdentity;
            var e = probe.Error;
            StsOutcome outcome = e == null && probe.CredentialError == null ? StsOutcome.Answered
                : probe.RegionDisabled ? StsOutcome.RegionDisabled
                : CredentialsRejected(probe) ? StsOutcome.CredentialsRejected
                : StsOutcome.Failed;
            string? message = probe.CredentialError?.Message ?? (e == null ? null : e.IsUnreachable ? probe.FailureText : e.ServiceMessage);
            return new StsObservation(probe.Region, probe.Endpoint, outcome, identity?.Arn, identity?.Account, identity?.UserId,
                probe.FailureCode, e?.StatusCode ?? 0, message, sourceDefaultedToCaller, onlyReading);
        }
    }
}
