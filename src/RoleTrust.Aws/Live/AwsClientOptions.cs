using System;
using System.Net.Http;

namespace RoleTrust.Aws.Live
{
    /// <summary>Settings shared by the live clients. Defaults follow the SDK's "standard" retry mode.</summary>
    public sealed class AwsClientOptions
    {
        /// <summary>Total attempts per operation, first one included (SDK default 3). At least 1.</summary>
        public int MaxAttempts { get; set; } = 3;
        /// <summary>Backoff before retry n is random(0,1) × min(BaseDelay × 2^(n-1), MaxBackoff) ("full jitter").</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Timeout of one HTTP attempt; a timed-out attempt is retried like a transport error.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>Optional handler (tests, proxies). The client does not dispose it.</summary>
        public HttpMessageHandler? Handler { get; set; }
        /// <summary>Where every attempt is recorded (service and operation names only).</summary>
        public AwsRequestLog? RequestLog { get; set; }
        /// <summary>Tests only: sign every request at this time instead of the (skew-corrected) clock.</summary>
        public DateTime? FixedSigningTime { get; set; }
        /// <summary>An explicit endpoint URL for every service this client calls (the cmdlets' -EndpointUrl).</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>Source of environment variables for endpoint overrides (defaults to the process environment).</summary>
        public Func<string, string?>? Environment { get; set; }
        /// <summary>The endpoint URLs the shared config file sets for the active profile (after -EndpointUrl and AWS_ENDPOINT_URL*).</summary>
        public ConfiguredEndpoints? Configured { get; set; }
        public string UserAgent { get; set; } = "RoleTrust/0.1";
        /// <summary>Page size sent as MaxItems / MaxResults; null leaves the service default.</summary>
        public int? PageSize { get; set; }
        /// <summary>Told of every call that got no answer at all after its retries (DNS, connection, TLS, timeout).</summary>
        public Action<AwsServiceException>? Unreachable { get; set; }
        /// <summary>Source of jitter; tests may fix it.</summary>
        public Random? Random { get; set; }
    }
}
