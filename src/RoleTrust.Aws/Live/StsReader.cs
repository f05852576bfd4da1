using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace RoleTrust.Aws.Live
{
    public sealed class CallerIdentity
    {
        public string Account { get; set; } = "";
        public string Arn { get; set; } = "";
        public string UserId { get; set; } = "";
        public override string ToString() => Arn;
    }

    /// <summary>
    /// The outcome of a deliberate AssumeRole probe. The temporary credentials AWS returned are discarded: only the
    /// identity and expiry are kept, so nothing secret can leak from here.
    /// </summary>
    public sealed class AssumeRoleProbeResult
    {
        public string AssumedRoleArn { get; set; } = "";
        public string AssumedRoleId { get; set; } = "";
        public string? SourceIdentity { get; set; }
        public DateTime? Expiration { get; set; }
        /// <summary>The temporary access key id (not secret; useful to find the session in CloudTrail).</summary>
        public string? AccessKeyId { get; set; }
        public override string ToString() => AssumedRoleArn;
    }

    /// <summary>STS through the real AmazonSecurityTokenServiceClient. GetCallerIdentity, and AssumeRole only as an explicit probe.</summary>
    public sealed class StsReader : IDisposable
    {
        /// <summary>AssumeRole's shortest session; the probe always asks for it.</summary>
        public const int ProbeDurationSeconds = 900;

        private readonly AmazonSecurityTokenServiceClient _sts;
        private readonly AWSCredentials _credentials;
        private readonly AwsRequestLog? _log;

        public StsReader(AWSCredentials credentials, string region, AwsClientOptions? options = null)
        {
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            options ??= new AwsClientOptions();
            _log = options.RequestLog;
            Endpoint = AwsEndpoints.Sts(region, options.EndpointUrl, options.Environment);
            var config = new AmazonSecurityTokenServiceConfig
            {
                MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1),
                Timeout = options.AttemptTimeout,
            };
            if (Endpoint.OverrideSource != null)
            {
                config.ServiceURL = Endpoint.Url.ToString();
                config.AuthenticationRegion = Endpoint.SigningRegion;
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Endpoint.SigningRegion);
            }
            _sts = new AmazonSecurityTokenServiceClient(credentials, config);
        }

        public AwsServiceEndpoint Endpoint { get; }

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
            Call("GetCallerIdentity", async ct =>
            {
                var r = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct).ConfigureAwait(false);
                return new CallerIdentity { Account = r.Account ?? "", Arn = r.Arn ?? "", UserId = r.UserId ?? "" };
            }, cancellationToken);

        /// <summary>
        /// Really calls sts:AssumeRole (900 seconds, the minimum) to prove a path works. This is the only write-like call
        /// RoleTrust makes; callers must ask for it explicitly. The returned credentials are thrown away.
        /// </summary>
        public Task<AssumeRoleProbeResult> ProbeAssumeRoleAsync(string roleArn, string roleSessionName = "RoleTrustProbe",
            string? externalId = null, string? sourceIdentity = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(roleArn)) throw new ArgumentException("A role ARN is required.", nameof(roleArn));
            return Call("AssumeRole", async ct =>
            {
                var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = roleSessionName, DurationSeconds = ProbeDurationSeconds };
                if (externalId != null) request.ExternalId = externalId;
                if (sourceIdentity != null) request.SourceIdentity = sourceIdentity;
                var r = await _sts.AssumeRoleAsync(request, ct).ConfigureAwait(false);
                return new AssumeRoleProbeResult
                {
                    AssumedRoleArn = r.AssumedRoleUser?.Arn ?? "",
                    AssumedRoleId = r.AssumedRoleUser?.AssumedRoleId ?? "",
                    SourceIdentity = r.SourceIdentity,
                    Expiration = r.Credentials?.Expiration,
                    AccessKeyId = r.Credentials?.AccessKeyId,
                };
            }, cancellationToken);
        }

        /// <summary>
        /// Assumes an audit role to read another account (Save-RoleTrustSnapshot -AuditRoleName only): the credentials are
        /// kept in memory for the reads of that account and never written anywhere.
        /// </summary>
        public Task<AWSCredentials> AssumeAuditRoleAsync(string roleArn, string roleSessionName = "RoleTrustSnapshot", CancellationToken cancellationToken = default) =>
            Call("AssumeRole", async ct =>
            {
                var r = await _sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = roleSessionName, DurationSeconds = 3600 }, ct).ConfigureAwait(false);
                return (AWSCredentials)new SessionAWSCredentials(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken);
            }, cancellationToken);

        private async Task<T> Call<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
        {
            var started = DateTime.UtcNow;
            try
            {
                var result = await call(ct).ConfigureAwait(false);
                Log(operation, 200, null, started);
                return result;
            }
            catch (AmazonServiceException e) when (e.StatusCode != 0 || !string.IsNullOrEmpty(e.ErrorCode))
            {
                string code = string.IsNullOrEmpty(e.ErrorCode) ? "Unknown" : e.ErrorCode;
                Log(operation, (int)e.StatusCode, code, started);
                throw new AwsServiceException(AwsEndpoints.StsService, operation, code, SecretRedactor.Redact(e.Message, _credentials),
                    (int)e.StatusCode, e.RequestId, e.ErrorType.ToString(), 1, null);
            }
            catch (OperationCanceledException)
            {
                Log(operation, 0, "Cancelled", started);
                throw;
            }
            catch (AmazonClientException e)
            {
                Log(operation, 0, "ClientError", started);
                throw new AwsServiceException(AwsEndpoints.StsService, operation, "ClientError", SecretRedactor.Redact(e.Message, _credentials),
                    0, null, null, 1, null);
            }
        }

        private void Log(string operation, int status, string? code, DateTime started) =>
            _log?.Add(new AwsRequestRecord(AwsEndpoints.StsService, operation, 1, status, code, DateTime.UtcNow - started, Endpoint.Url.ToString()));

        public void Dispose() => _sts.Dispose();
    }
}
