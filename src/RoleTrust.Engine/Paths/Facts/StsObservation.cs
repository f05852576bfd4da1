namespace RoleTrust.Paths.Facts
{
    public enum StsOutcome
    {
        /// <summary>The regional STS endpoint answered GetCallerIdentity.</summary>
        Answered,
        /// <summary>AWS rejected the credentials themselves (expired, unknown, bad signature or clock).</summary>
        CredentialsRejected,
        /// <summary>STS is not active in the region (RegionDisabledException).</summary>
        RegionDisabled,
        /// <summary>Anything else: no answer, throttling, a service error.</summary>
        Failed,
    }

    /// <summary>
    /// What one live GetCallerIdentity call against the regional STS endpoint said. Live mode gathers it; the
    /// CallerIdentity and StsEndpoint checks read it. On snapshot data there is none.
    /// </summary>
    public sealed class StsObservation
    {
        public StsObservation(string region, string endpoint, StsOutcome outcome, string? callerArn, string? callerAccount, string? callerUserId,
            string? errorCode = null, int statusCode = 0, string? errorMessage = null, bool sourceDefaultedToCaller = false, bool onlyReading = false)
        {
            Region = region; Endpoint = endpoint; Outcome = outcome; CallerArn = callerArn; CallerAccount = callerAccount; CallerUserId = callerUserId;
            ErrorCode = errorCode; StatusCode = statusCode; ErrorMessage = errorMessage; SourceDefaultedToCaller = sourceDefaultedToCaller; OnlyReading = onlyReading;
        }

        public string Region { get; }
        public string Endpoint { get; }
        public StsOutcome Outcome { get; }
        /// <summary>The caller, from the regional endpoint or another one when the region refused; null when STS could not tell.</summary>
        public string? CallerArn { get; }
        public string? CallerAccount { get; }
        public string? CallerUserId { get; }
        public string? ErrorCode { get; }
        public int StatusCode { get; }
        public string? ErrorMessage { get; }
        /// <summary>True when the source diagnosed is the caller because none was named.</summary>
        public bool SourceDefaultedToCaller { get; }
        /// <summary>
        /// The credentials in use only read the data: the call diagnosed was made by the source, with its own credentials
        /// (an error read after the fact). They are then the source's only when they belong to it.
        /// </summary>
        public bool OnlyReading { get; }
    }
}
