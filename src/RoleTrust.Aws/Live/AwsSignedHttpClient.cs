using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// A raw HTTP client for awsQuery (IAM) and JSON 1.1 (Organizations) services. Requests are signed with
    /// AWSSDK.Core's <see cref="AWSSigV4Signer"/>; the retry loop follows the SDK's standard mode (throttling and
    /// transient codes, 5xx, 429, transport errors, exponential backoff with full jitter); a clock-skew error is
    /// answered once by re-signing with the server's Date. Errors become <see cref="AwsServiceException"/>.
    /// </summary>
    public sealed class AwsSignedHttpClient : IDisposable
    {
        internal const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
        internal const string JsonContentType = "application/x-amz-json-1.1";

        /// <summary>The SDK's throttling codes (StandardRetryPolicy) plus TooManyRequestsException.</summary>
        public static readonly IReadOnlyCollection<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        };

        /// <summary>The SDK's transient (timeout) codes.</summary>
        public static readonly IReadOnlyCollection<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
        };

        private static readonly HashSet<int> RetryableStatus = new HashSet<int> { 429, 500, 502, 503, 504, 509 };

        private readonly AWSCredentials _credentials;
        private readonly AwsClientOptions _options;
        private readonly HttpClient _http;
        private readonly Random _random;
        private readonly object _randomGate = new object();
        private long _clockOffsetTicks;

        public AwsSignedHttpClient(AWSCredentials credentials, AwsClientOptions? options = null)
        {
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _options = options ?? new AwsClientOptions();
            if (_options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
            _http = _options.Handler != null ? new HttpClient(_options.Handler, disposeHandler: false) : new HttpClient();
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // per-attempt timeout is ours
            _random = _options.Random ?? new Random();
        }

        public AwsClientOptions Options => _options;

        /// <summary>Server time minus local time, learnt from a clock-skew error; added to the signing time.</summary>
        public TimeSpan ClockOffset
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
            set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
        }

        // ---------------------------------------------------------------- awsQuery

        /// <summary>Calls an awsQuery operation and returns its &lt;ActionResult&gt; element (the root when there is none).</summary>
        public async Task<XElement> QueryAsync(AwsServiceEndpoint endpoint, string action, string version,
            IEnumerable<KeyValuePair<string, string>>? parameters = null, CancellationToken cancellationToken = default)
        {
            var body = new StringBuilder();
            body.Append("Action=").Append(Uri.EscapeDataString(action)).Append("&Version=").Append(Uri.EscapeDataString(version));
            if (parameters != null)
                foreach (var p in parameters)
                    body.Append('&').Append(Uri.EscapeDataString(p.Key)).Append('=').Append(Uri.EscapeDataString(p.Value ?? ""));
            var response = await SendAsync(endpoint, action, Encoding.UTF8.GetBytes(body.ToString()), FormContentType, null, cancellationToken).ConfigureAwait(false);
            XDocument doc;
            try { doc = XDocument.Parse(response.Body); }
            catch (Exception e)
            {
                throw new AwsServiceException(endpoint.Service, action, "InvalidResponse", "The response was not XML: " + e.Message,
                    response.StatusCode, response.RequestId, null, response.Attempts);
            }
            var root = doc.Root!;
            return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? root;
        }

        /// <summary>
        /// Calls a paginated awsQuery operation until IsTruncated is false, passing each Marker back, and returns every
        /// page's result element in order.
        /// </summary>
        public async Task<IReadOnlyList<XElement>> QueryAllPagesAsync(AwsServiceEndpoint endpoint, string action, string version,
            IEnumerable<KeyValuePair<string, string>>? parameters = null, CancellationToken cancellationToken = default)
        {
            var baseParams = parameters?.ToList() ?? new List<KeyValuePair<string, string>>();
            if (_options.PageSize.HasValue && !baseParams.Any(p => p.Key == "MaxItems"))
                baseParams.Add(new KeyValuePair<string, string>("MaxItems", _options.PageSize.Value.ToString(CultureInfo.InvariantCulture)));
            var pages = new List<XElement>();
            string? marker = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var ps = new List<KeyValuePair<string, string>>(baseParams);
                if (marker != null) ps.Add(new KeyValuePair<string, string>("Marker", marker));
                var page = await QueryAsync(endpoint, action, version, ps, cancellationToken).ConfigureAwait(false);
                pages.Add(page);
                bool truncated = string.Equals(Child(page, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
                marker = Child(page, "Marker");
                if (!truncated || string.IsNullOrEmpty(marker)) break;
                if (!seen.Add(marker!))
                    throw new AwsServiceException(endpoint.Service, action, "InvalidResponse", "The service returned the same Marker twice.", 200, null);
            }
            return pages;
        }

        // ---------------------------------------------------------------- JSON 1.1

        /// <summary>Calls a JSON 1.1 operation (X-Amz-Target: prefix.operation) and returns the parsed answer.</summary>
        public async Task<JsonNode> JsonAsync(AwsServiceEndpoint endpoint, string targetPrefix, string operation,
            JsonNode? body = null, CancellationToken cancellationToken = default)
        {
            string text = body == null ? "{}" : JsonWriter.Write(body);
            var response = await SendAsync(endpoint, operation, Encoding.UTF8.GetBytes(text), JsonContentType,
                targetPrefix + "." + operation, cancellationToken).ConfigureAwait(false);
            try { return string.IsNullOrWhiteSpace(response.Body) ? JsonNode.Object(new List<KeyValuePair<string, JsonNode>>()) : JsonParser.Parse(response.Body); }
            catch (JsonSyntaxException e)
            {
                throw new AwsServiceException(endpoint.Service, operation, "InvalidResponse", "The response was not JSON: " + e.Message,
                    response.StatusCode, response.RequestId, null, response.Attempts);
            }
        }

        /// <summary>Calls a NextToken-paginated JSON operation until no NextToken is returned; returns every page.</summary>
        public async Task<IReadOnlyList<JsonNode>> JsonAllPagesAsync(AwsServiceEndpoint endpoint, string targetPrefix, string operation,
            IEnumerable<KeyValuePair<string, JsonNode>>? members = null, CancellationToken cancellationToken = default)
        {
            var baseMembers = members?.ToList() ?? new List<KeyValuePair<string, JsonNode>>();
            if (_options.PageSize.HasValue && !baseMembers.Any(m => m.Key == "MaxResults"))
                baseMembers.Add(new KeyValuePair<string, JsonNode>("MaxResults", JsonNode.Number(_options.PageSize.Value.ToString(CultureInfo.InvariantCulture))));
            var pages = new List<JsonNode>();
            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var m = new List<KeyValuePair<string, JsonNode>>(baseMembers);
                if (token != null) m.Add(new KeyValuePair<string, JsonNode>("NextToken", JsonNode.String(token)));
                var page = await JsonAsync(endpoint, targetPrefix, operation, JsonNode.Object(m), cancellationToken).ConfigureAwait(false);
                pages.Add(page);
                var next = page.Get("NextToken");
                token = next != null && next.Kind == JsonKind.String && next.Text!.Length > 0 ? next.Text : null;
                if (token == null) break;
                if (!seen.Add(token))
                    throw new AwsServiceException(endpoint.Service, operation, "InvalidResponse", "The service returned the same NextToken twice.", 200, null);
            }
            return pages;
        }

        // ---------------------------------------------------------------- the request loop

        internal sealed class RawResponse
        {
            public int StatusCode;
            public string Body = "";
            public string? RequestId;
            public int Attempts;
        }

        internal async Task<RawResponse> SendAsync(AwsServiceEndpoint endpoint, string operation, byte[] body, string contentType,
            string? target, CancellationToken cancellationToken)
        {
            int max = _options.MaxAttempts;
            bool skewCorrected = false;
            int attempt = 0;
            while (true)
            {
                attempt++;
                cancellationToken.ThrowIfCancellationRequested();
                var started = DateTime.UtcNow;
                HttpResponseMessage? response = null;
                string responseBody;
                try
                {
                    using var request = await BuildRequestAsync(endpoint, body, contentType, target, attempt, max, cancellationToken).ConfigureAwait(false);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_options.AttemptTimeout);
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                        responseBody = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested &&
                                              (e is HttpRequestException || e is IOException || e is OperationCanceledException))
                    {
                        string code = e is OperationCanceledException ? "RequestTimeout" : "TransportError";
                        Log(endpoint, operation, attempt, 0, code, started);
                        if (attempt >= max)
                        {
                            var unreachable = new AwsServiceException(endpoint.Service, operation, code,
                                e is OperationCanceledException ? $"No answer within {_options.AttemptTimeout.TotalSeconds:0.###} s." : InnermostMessage(e),
                                0, null, null, attempt, e) { Endpoint = endpoint.Url.ToString() };
                            _options.Unreachable?.Invoke(unreachable);
                            throw unreachable;
                        }
                        await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Log(endpoint, operation, attempt, 0, "Cancelled", started);
                    throw;
                }

                using (response)
                {
                    int status = (int)response.StatusCode;
                    string? requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
                    if (status >= 200 && status < 300)
                    {
                        Log(endpoint, operation, attempt, status, null, started);
                        return new RawResponse { StatusCode = status, Body = responseBody, RequestId = requestId, Attempts = attempt };
                    }

                    var error = ParseError(response, responseBody, contentType == JsonContentType);
                    error.RequestId ??= requestId;
                    Log(endpoint, operation, attempt, status, error.Code, started);

                    if (!skewCorrected && IsClockSkewError(error.Code, error.Message) && response.Headers.Date.HasValue)
                    {
                        // Re-sign with the server's clock; once per call, not counted against the backoff schedule.
                        ClockOffset = response.Headers.Date.Value.UtcDateTime - DateTime.UtcNow;
                        skewCorrected = true;
                        max++; // the re-signed attempt does not use up a retry
                        continue;
                    }

                    bool retryable = ThrottlingCodes.Contains(error.Code) || TransientCodes.Contains(error.Code) || RetryableStatus.Contains(status);
                    if (retryable && attempt < max)
                    {
                        await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    throw new AwsServiceException(endpoint.Service, operation, error.Code, Redact(error.Message), status,
                        error.RequestId, error.Type, attempt);
                }
            }
        }

        private async Task<HttpRequestMessage> BuildRequestAsync(AwsServiceEndpoint endpoint, byte[] body, string contentType,
            string? target, int attempt, int max, CancellationToken cancellationToken)
        {
            var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint.Url, Content = body };
            signing.Headers["Content-Type"] = contentType;
            if (target != null) signing.Headers["X-Amz-Target"] = target;
            var parameters = new AWSSigV4Parameters
            {
                Credentials = _credentials,
                Region = RegionEndpoint.GetBySystemName(endpoint.SigningRegion),
                Service = endpoint.SigningName,
                SignedAt = _options.FixedSigningTime ?? DateTime.UtcNow + ClockOffset,
            };
            AWSSigningResult signed;
            try
            {
                signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { throw; }
            catch (Exception e)
            {
                // Credential providers (SSO, process, assume-role) fail here; keep their message, never our secrets.
                throw CredentialFailures.Classify(e, _credentials, $"the credentials signing the {endpoint.Service} request", null);
            }

            var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
            var content = new ByteArrayContent(body);
            content.Headers.Remove("Content-Type");
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content = content;
            if (target != null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            foreach (var h in signed.Headers)
                request.Headers.TryAddWithoutValidation(h.Key, h.Value);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.TryAddWithoutValidation("amz-sdk-request", $"attempt={attempt}; max={max}");
            return request;
        }

        /// <summary>"Connection refused (127.0.0.1:9)", "Name or service not known (sts.xx.amazonaws.com:443)": the first line that says why.</summary>
        private static string InnermostMessage(Exception e)
        {
            for (var x = e; x != null; x = x.InnerException)
                if (!string.IsNullOrWhiteSpace(x.Message)) return x.Message.Split('\n')[0].Trim();
            return e.GetType().Name;
        }

        private async Task BackoffAsync(int attempt, CancellationToken cancellationToken)
        {
            double ceiling = Math.Min(_options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), _options.MaxBackoff.TotalMilliseconds);
            double jitter;
            lock (_randomGate) jitter = _random.NextDouble();
            var delay = TimeSpan.FromMilliseconds(jitter * ceiling);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>RequestTimeTooSkewed and friends, and SignatureDoesNotMatch / InvalidSignatureException saying "Signature expired".</summary>
        public static bool IsClockSkewError(string code, string? message)
        {
            switch (code)
            {
                case "RequestTimeTooSkewed":
                case "RequestExpired":
                case "RequestInTheFuture":
                    return true;
                case "SignatureDoesNotMatch":
                case "InvalidSignatureException":
                case "AuthFailure":
                    return message != null && message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0;
                default:
                    return false;
            }
        }

        internal sealed class ParsedError
        {
            public string Code = "Unknown";
            public string Message = "";
            public string? RequestId;
            public string? Type;
        }

        internal static ParsedError ParseError(HttpResponseMessage response, string body, bool json)
        {
            var e = new ParsedError();
            var headerType = Header(response, "x-amzn-ErrorType");
            try
            {
                string trimmed = body.TrimStart();
                if (trimmed.StartsWith("<", StringComparison.Ordinal))
                {
                    var root = XDocument.Parse(body).Root!;
                    var err = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(x => x.Name.LocalName == "Error");
                    if (err != null)
                    {
                        e.Code = Child(err, "Code") ?? e.Code;
                        e.Message = Child(err, "Message") ?? "";
                        e.Type = Child(err, "Type");
                    }
                    e.RequestId = root.Descendants().FirstOrDefault(x => x.Name.LocalName == "RequestId")?.Value;
                }
                else if (trimmed.StartsWith("{", StringComparison.Ordinal))
                {
                    var node = JsonParser.Parse(body);
                    var type = node.Get("__type")?.Text ?? node.Get("code")?.Text ?? node.Get("Code")?.Text;
                    if (type != null) e.Code = StripCode(type);
                    e.Message = node.Get("message")?.Text ?? node.Get("Message")?.Text ?? "";
                }
            }
            catch (Exception) { /* not a parsable error body: fall back to header and status */ }
            if (e.Code == "Unknown" && headerType != null) e.Code = StripCode(headerType);
            if (e.Code == "Unknown")
                e.Code = (int)response.StatusCode >= 500 ? "ServiceUnavailable" : "HttpStatus" + (int)response.StatusCode;
            if (e.Message.Length == 0) e.Message = response.ReasonPhrase ?? "";
            return e;
        }

        private static string StripCode(string code)
        {
            int colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            int hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            return code.Trim();
        }

        internal static string? Child(XElement parent, string localName) =>
            parent.Elements().FirstOrDefault(x => x.Name.LocalName == localName)?.Value;

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private void Log(AwsServiceEndpoint endpoint, string operation, int attempt, int status, string? code, DateTime started) =>
            _options.RequestLog?.Add(new AwsRequestRecord(endpoint.Service, operation, attempt, status, code, DateTime.UtcNow - started, endpoint.Url.ToString()));

        /// <summary>Removes this client's secret key and session token from text that may be shown to users.</summary>
        internal string Redact(string text) => SecretRedactor.Redact(text, _credentials);

        public void Dispose() => _http.Dispose();
    }

    /// <summary>Scrubs secret keys and session tokens out of text before it reaches a message or a log.</summary>
    public static class SecretRedactor
    {
        public static string Redact(string text, AWSCredentials? credentials)
        {
            if (string.IsNullOrEmpty(text) || credentials == null) return text;
            ImmutableCredentials? c;
            try { c = credentials.GetCredentials(); } catch { return text; }
            return Redact(text, c?.SecretKey, c?.Token);
        }

        public static string Redact(string text, params string?[] secrets)
        {
            if (string.IsNullOrEmpty(text)) return text;
            foreach (var s in secrets)
                if (!string.IsNullOrEmpty(s) && s!.Length >= 4)
                    text = text.Replace(s, "****");
            return text;
        }
    }
}
