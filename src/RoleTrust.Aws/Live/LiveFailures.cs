using System;
using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// How a failed live read is put into words and into a <see cref="DataGap"/>: which call failed, on what, with which
    /// credentials, and why (the cause). The remedy is <see cref="LivePhrasing"/>'s. Never carries secrets.
    /// </summary>
    internal static class LiveFailures
    {
        /// <summary>Codes meaning the credentials themselves are bad (not a denial of one action).</summary>
        public static readonly HashSet<string> CredentialErrorCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidSignatureException",
            "UnrecognizedClientException", "IncompleteSignature", "InvalidAccessKeyId", "AuthFailure", "RequestExpired", "RequestTimeTooSkewed",
        };

        public static bool IsNotFound(Exception e) => e is AwsServiceException a && a.Code == "NoSuchEntity";

        /// <summary>The action an exception came from, as service:Operation, when the client said.</summary>
        public static string Operation(Exception e, string fallback) =>
            e is AwsServiceException a && a.Operation.Length > 0 ? a.Service + ":" + a.Operation : fallback;

        public static DataGapCause Cause(Exception e) => e switch
        {
            AwsServiceException a when a.IsAccessDenied => DataGapCause.AccessDenied,
            AwsServiceException a when CredentialErrorCodes.Contains(a.Code) => DataGapCause.CredentialsRejected,
            AwsCredentialsNotFoundException _ => DataGapCause.CredentialsRejected,
            _ => DataGapCause.ServiceError,
        };

        /// <summary>A gap for a failed read of <paramref name="subject"/> in <paramref name="account"/>, read with <paramref name="credentials"/>.</summary>
        public static DataGap Gap(DataGapKind kind, Exception e, string operation, string subject, string? account, string credentials)
        {
            string op = Operation(e, operation);
            return new DataGap(kind, Cause(e), account, subject, op, Detail(e, op, subject, credentials));
        }

        /// <summary>"iam:GetRole on arn:... was denied (AccessDenied) for -TargetCredential (arn:...)"; "... could not reach http://...: Connection refused".</summary>
        public static string Detail(Exception e, string operation, string resource, string credentials)
        {
            if (e is AwsServiceException a)
            {
                if (a.IsAccessDenied) return $"{operation} on {resource} was denied ({a.Code}) for {credentials}";
                if (CredentialErrorCodes.Contains(a.Code)) return $"{operation} on {resource} failed: AWS rejected {credentials} ({a.Code})";
                if (a.IsUnreachable)
                    return $"{operation} on {resource} could not reach {a.Endpoint ?? "the endpoint"}{(a.ServiceMessage.Length > 0 ? ": " + a.ServiceMessage : "")} " +
                           $"({a.Attempts} attempt(s))";
                if (System.Linq.Enumerable.Contains(AwsSignedHttpClient.ThrottlingCodes, a.Code) || System.Linq.Enumerable.Contains(AwsSignedHttpClient.TransientCodes, a.Code) || a.StatusCode >= 500)
                    return $"{operation} on {resource} failed after {a.Attempts} attempt(s): {a.Code}{(a.StatusCode > 0 ? $" (HTTP {a.StatusCode})" : "")}";
                return $"{operation} on {resource} failed: {a.Code}{(string.IsNullOrEmpty(a.ServiceMessage) ? "" : ": " + a.ServiceMessage)}";
            }
            if (e is AwsCredentialsNotFoundException) return $"{operation} on {resource} could not be signed: {e.Message}";
            return $"{operation} on {resource} failed: {e.Message}";
        }

        /// <summary>A network failure worth its own error record (EndpointUnreachable), or null.</summary>
        public static AwsServiceException? Unreachable(Exception? e) => e is AwsServiceException a && a.IsUnreachable ? a : null;
    }
}
