using System;

namespace RoleTrust.Aws.Live
{
    /// <summary>An error answer from an AWS service (or the transport failing after every retry).</summary>
    public class AwsServiceException : Exception
    {
        public AwsServiceException(string service, string operation, string code, string message, int statusCode,
            string? requestId, string? errorType = null, int attempts = 1, Exception? inner = null)
            : base(Compose(service, operation, code, message, statusCode, requestId), inner)
        {
            Service = service; Operation = operation; Code = code; ServiceMessage = message;
            StatusCode = statusCode; RequestId = requestId; ErrorType = errorType; Attempts = attempts;
        }

        /// <summary>The error code AWS returned, e.g. AccessDenied, NoSuchEntity, Throttling; "TransportError" when no answer came.</summary>
        public string Code { get; }
        /// <summary>The message text exactly as AWS returned it (with any secret of ours redacted).</summary>
        public string ServiceMessage { get; }
        /// <summary>HTTP status, 0 when no answer came.</summary>
        public int StatusCode { get; }
        public string? RequestId { get; }
        public string Service { get; }
        public string Operation { get; }
        /// <summary>Sender or Receiver where the service said so.</summary>
        public string? ErrorType { get; }
        public int Attempts { get; }

        /// <summary>The URL called, when the failure is about reaching it (TransportError, RequestTimeout).</summary>
        public string? Endpoint { get; set; }

        /// <summary>No answer came at all: the endpoint could not be reached (DNS, connection, TLS) or did not answer in time.</summary>
        public bool IsUnreachable => StatusCode == 0 && (Code == TransportError || Code == "RequestTimeout");

        /// <summary>The code of a failure without an HTTP answer.</summary>
        public const string TransportError = "TransportError";

        public bool IsAccessDenied => Code == "AccessDenied" || Code == "AccessDeniedException" || Code == "UnauthorizedOperation";
        public bool IsNotFound => Code == "NoSuchEntity" || Code.EndsWith("NotFoundException", StringComparison.Ordinal);

        private static string Compose(string service, string operation, string code, string message, int status, string? requestId)
        {
            var s = $"{service}:{operation} failed with {code}";
            if (!string.IsNullOrEmpty(message)) s += ": " + message;
            s += status > 0 ? $" (HTTP {status}" : " (no HTTP answer";
            if (!string.IsNullOrEmpty(requestId)) s += ", request id " + requestId;
            return s + ")";
        }
    }

    /// <summary>Why credentials could not be used; each has its own ErrorId in the cmdlets.</summary>
    public enum CredentialProblem
    {
        /// <summary>Nothing was given and the SDK chain found nothing, or keys were incomplete.</summary>
        NotFound,
        /// <summary>A named profile does not exist.</summary>
        ProfileNotFound,
        /// <summary>An IAM Identity Center (SSO) profile has no valid cached token: `aws sso login` is needed.</summary>
        SsoLoginRequired,
        /// <summary>A credential_process command failed or printed no usable credentials.</summary>
        CredentialProcessFailed,
        /// <summary>An assume-role profile's sts:AssumeRole call failed.</summary>
        AssumeRoleFailed,
        /// <summary>Anything else that stops credentials from being produced.</summary>
        Unusable,
    }

    /// <summary>No usable AWS credentials could be found, or the named source could not produce them.</summary>
    public sealed class AwsCredentialsNotFoundException : Exception
    {
        public AwsCredentialsNotFoundException(string message, Exception? inner = null, CredentialProblem problem = CredentialProblem.NotFound, string? profileName = null)
            : base(message, inner)
        {
            Problem = problem; ProfileName = profileName;
        }

        public CredentialProblem Problem { get; }
        /// <summary>The profile that failed, when one did.</summary>
        public string? ProfileName { get; }
    }

    /// <summary>No AWS region was given or configured.</summary>
    public sealed class AwsRegionNotFoundException : Exception
    {
        public AwsRegionNotFoundException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>A region name that cannot be used: not a region name at all, or in a partition RoleTrust does not support.</summary>
    public sealed class AwsRegionException : ArgumentException
    {
        public AwsRegionException(string message, string region) : base(message) { Region = region; }
        public string Region { get; }
    }

    /// <summary>An endpoint URL override (-EndpointUrl, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_&lt;SERVICE&gt;) that is not an absolute http(s) URL.</summary>
    public sealed class AwsEndpointUrlException : ArgumentException
    {
        public AwsEndpointUrlException(string message, string source) : base(message) { Source = source; }
        /// <summary>Where the URL came from: EndpointUrl or the variable's name.</summary>
        public new string Source { get; }
    }
}
