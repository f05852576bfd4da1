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

    /// <summary>No usable AWS credentials could be found, or the named source could not produce them.</summary>
    public sealed class AwsCredentialsNotFoundException : Exception
    {
        public AwsCredentialsNotFoundException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>No AWS region was given or configured.</summary>
    public sealed class AwsRegionNotFoundException : Exception
    {
        public AwsRegionNotFoundException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
