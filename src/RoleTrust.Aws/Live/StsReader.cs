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

    /// <summary>A session of a role assumed only to read with it. Holds its keys in memory; ToString never shows them.</summary>
    public sealed class AssumedSession
    {
        internal AssumedSession(ImmutableCredentials keys, string assumedRoleArn, DateTime? expiration)
        {
            Keys = keys; AssumedRoleArn = assumedRoleArn; Expiration = expiration;
        }

        /// <summary>What STS returned for an AssumeRole or AssumeRoleWithWebIdentity call.</summary>
        internal static AssumedSession From(Credentials credentials, AssumedRoleUser? user) =>
            new AssumedSession(new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
                user?.Arn ?? "", credentials.Expiration);

        internal ImmutableCredentials Keys { get; }

        /// <summary>The session's keys as refreshing credentials hold them (an hour when STS gave no expiry).</summary>
        internal RefreshingAWSCredentials.CredentialsRefreshState RefreshState() =>
            new RefreshingAWSCredentials.CredentialsRefreshState(Keys, Expiration ?? DateTime.UtcNow.AddHours(1));
        public AWSCredentials Credentials => new SessionAWSCredentials(Keys.AccessKey, Keys.SecretKey, Keys.Token);
        /// <summary>arn:aws:sts::&lt;account&gt;:assumed-role/&lt;role&gt;/&lt;session&gt;</summary>
        public string AssumedRoleArn { get; }
        public DateTime? Expiration { get; }
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
        private readonly Action<AwsServiceException>? _unreachable;
        private readonly int _maxAttempts;

        public StsReader(AWSCredentials credentials, string region, AwsClientOptions? options = null)
        {
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            options ??= new AwsClientOptions();
            _log = options.RequestLog;
            _unreachable = options.Unreachable;
            _maxAttempts = Math.Max(1, options.MaxAttempts);
            Endpoint = AwsEndpoints.Sts(region, options.EndpointUrl, options.Environment, options.Configured);
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
        /// Assumes a role only to read with it: an audit role (-AuditRoleName) or an assume-role profile. The session's
        /// keys are kept in memory for the reads and never written anywhere.
        /// </summary>
        public Task<AssumedSession> AssumeRoleForReadingAsync(string roleArn, string roleSessionName, string? externalId = null, int durationSeconds = 3600,
            string? sourceIdentity = null, string? serialNumber = null, string? tokenCode = null, CancellationToken cancellationToken = default) =>
            Call("AssumeRole", async ct =>
            {
                var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = roleSessionName, DurationSeconds = durationSeconds };
                if (externalId != null) request.ExternalId = externalId;
                if (sourceIdentity != null) request.SourceIdentity = sourceIdentity;
                if (serialNumber != null) { request.SerialNumber = serialNumber; request.TokenCode = tokenCode; }
                var r = await _sts.AssumeRoleAsync(request, ct).ConfigureAwait(false);
                return AssumedSession.From(r.Credentials, r.AssumedRoleUser);
            }, cancellationToken);

        /// <summary>
        /// A web identity profile or AWS_WEB_IDENTITY_TOKEN_FILE: the role's session for the reads, in exchange for the
        /// token. AWS takes this call unsigned (the SDK sends it so); the token is never logged or kept.
        /// </summary>
        public Task<AssumedSession> AssumeRoleWithWebIdentityForReadingAsync(string roleArn, string roleSessionName, string webIdentityToken,
            CancellationToken cancellationToken = default) =>
            Call("AssumeRoleWithWebIdentity", async ct =>
            {
                var request = new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = roleSessionName, WebIdentityToken = webIdentityToken };
                var r = await _sts.AssumeRoleWithWebIdentityAsync(request, ct).ConfigureAwait(false);
                return AssumedSession.From(r.Credentials, r.AssumedRoleUser);
            }, cancellationToken);

        /// <summary>Save-RoleTrustSnapshot -AuditRoleName: the session's credentials for the reads of one account.</summary>
        public async Task<AWSCredentials> AssumeAuditRoleAsync(string roleArn, string roleSessionName = "RoleTrustSnapshot", CancellationToken cancellationToken = default) =>
            (await AssumeRoleForReadingAsync(roleArn, roleSessionName, cancellationToken: cancellationToken).ConfigureAwait(false)).Credentials;

        private async Task<T> Call<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
        {
            // Obtain the credentials first: a provider that fails (SSO without a token, credential_process, an assume-role
            // profile) is a credential problem with its own words, not a failed STS call.
            try { _ = await _credentials.GetCredentialsAsync().ConfigureAwait(false); }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                throw CredentialFailures.Classify(e, _credentials, "the credentials", null);
            }
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
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Log(operation, 0, "Cancelled", started);
                throw;
            }
            catch (Exception e) when (Unreachable(e) is Exception cause)
            {
                // DNS, connection, TLS or no answer in time: the SDK retried already.
                bool timeout = cause is OperationCanceledException || cause is TimeoutException;
                string code = timeout ? "RequestTimeout" : AwsServiceException.TransportError;
                Log(operation, 0, code, started);
                var unreachable = new AwsServiceException(AwsEndpoints.StsService, operation, code,
                    timeout ? "No answer in time." : SecretRedactor.Redact(FirstLine(cause.Message), _credentials), 0, null, null, _maxAttempts, null)
                    { Endpoint = Endpoint.Url.ToString() };
                _unreachable?.Invoke(unreachable);
                throw unreachable;
            }
            catch (AmazonClientException e)
            {
                Log(operation, 0, "ClientError", started);
                throw new AwsServiceException(AwsEndpoints.StsService, operation, "ClientError", SecretRedactor.Redact(e.Message, _credentials),
                    0, null, null, 1, null);
            }
        }

        /// <summary>The network failure behind an exception, if that is what it is.</summary>
        private static Exception? Unreachable(Exception e)
        {
            for (var x = e; x != null; x = x.InnerException)
                if (x is System.Net.Http.HttpRequestException || x is System.Net.Sockets.SocketException || x is System.IO.IOException
                    || x is System.Net.WebException || x is OperationCanceledException || x is TimeoutException)
                    return x;
            return null;
        }

        private static string FirstLine(string s)
        {
            int i = s.IndexOfAny(new[] { '\r', '\n' });
            return i < 0 ? s : s.Substring(0, i);
        }

        private void Log(string operation, int status, string? code, DateTime started) =>
            _log?.Add(new AwsRequestRecord(AwsEndpoints.StsService, operation, 1, status, code, DateTime.UtcNow - started, Endpoint.Url.ToString()));

        public void Dispose() => _sts.Dispose();
    }
}
