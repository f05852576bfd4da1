using System;
using System.Collections.Generic;

namespace RoleTrust.Errors
{
    /// <summary>
    /// The STS wire codes of the AssumeRole family, the SDK class names that stand for them, and the codes that are
    /// never STS's: SDK wrappers (credential-provider errors) and PowerShell error categories.
    /// </summary>
    internal static class StsErrorCodes
    {
        public const string AccessDenied = "AccessDenied";
        public const string ValidationError = "ValidationError";
        public const string RegionDisabled = "RegionDisabledException";
        public const string InvalidIdentityToken = "InvalidIdentityToken";
        /// <summary>The web identity token (or SAML assertion) passed is expired.</summary>
        public const string ExpiredTokenException = "ExpiredTokenException";
        /// <summary>The caller's own credentials are expired.</summary>
        public const string ExpiredToken = "ExpiredToken";
        public const string IdpRejectedClaim = "IDPRejectedClaim";
        public const string IdpCommunicationError = "IDPCommunicationError";
        public const string MalformedPolicyDocument = "MalformedPolicyDocument";
        public const string PackedPolicyTooLarge = "PackedPolicyTooLarge";
        public const string InvalidClientTokenId = "InvalidClientTokenId";
        public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";

        /// <summary>Wire codes that may stand alone before a colon ("AccessDenied: User: ..." in Go v1 and JavaScript).</summary>
        public static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            AccessDenied, ValidationError, RegionDisabled, InvalidIdentityToken, ExpiredTokenException, ExpiredToken,
            IdpRejectedClaim, IdpCommunicationError, MalformedPolicyDocument, PackedPolicyTooLarge, InvalidClientTokenId,
            SignatureDoesNotMatch, "IncompleteSignature", "MissingAuthenticationToken", "InvalidAuthorizationMessageException",
        };

        /// <summary>Modeled exception classes (STS model shape names and the SDKs' spellings) and the wire code each carries.</summary>
        public static readonly Dictionary<string, string> ClassNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["InvalidIdentityTokenException"] = InvalidIdentityToken,
            ["IDPRejectedClaimException"] = IdpRejectedClaim,
            ["IdpRejectedClaimException"] = IdpRejectedClaim,
            ["IDPCommunicationErrorException"] = IdpCommunicationError,
            ["IdpCommunicationErrorException"] = IdpCommunicationError,
            ["MalformedPolicyDocumentException"] = MalformedPolicyDocument,
            ["PackedPolicyTooLargeException"] = PackedPolicyTooLarge,
            ["ExpiredTokenException"] = ExpiredTokenException,
            ["RegionDisabledException"] = RegionDisabled,
        };

        /// <summary>
        /// Codes that are not STS's: SDK credential-provider wrappers, generic exception types, and PowerShell's error
        /// categories (an ErrorRecord's CategoryInfo and FullyQualifiedErrorId carry them).
        /// </summary>
        private static readonly HashSet<string> NotWireCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CredentialsError", "WebIdentityErr", "CredentialsProviderError", "ProviderError", "NoCredentialProviders",
            "SharedCredsLoad", "SharedCredsAccessDenied", "AssumeRoleTokenProviderNotSetError", "CredentialRequiresARNError",
            "AmazonClientException", "AmazonServiceException", "AmazonSecurityTokenServiceException", "SdkClientException",
            "SdkServiceException", "AwsServiceException", "StsException", "AWSSecurityTokenServiceException", "ClientError",
            "BotoCoreError", "NoCredentialsError", "CustomError", "Error", "Exception", "RequestError", "RequestFailure",
            "TimeoutError", "InvalidOperationException", "ArgumentException", "HttpErrorResponseException",
            // PowerShell ErrorCategory names
            "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected", "InvalidArgument", "InvalidData",
            "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError", "NotImplemented", "NotInstalled",
            "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied",
            "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr", "SecurityError",
            "ProtocolError", "ConnectionError", "AuthenticationError", "LimitsExceeded", "QuotaExceeded", "NotEnabled",
        };

        /// <summary>An identifier that can be a wire code: a name, not a wrapper, not a PowerShell category.</summary>
        public static bool IsWireCode(string? code)
        {
            if (string.IsNullOrEmpty(code) || code!.Length > 64 || !char.IsLetter(code[0])) return false;
            foreach (char c in code) if (!char.IsLetterOrDigit(c) && c != '.' && c != '_') return false;
            return !NotWireCodes.Contains(code);
        }

        /// <summary>The wire code a class name stands for, or the code itself.</summary>
        public static string Canonical(string code) => ClassNames.TryGetValue(code, out var wire) ? wire : code;

        /// <summary>The check a code points at when the message names no policy layer.</summary>
        public static string LayerOf(string code)
        {
            switch (code)
            {
                case RegionDisabled: return "StsEndpoint";
                case ExpiredToken: case InvalidClientTokenId: case SignatureDoesNotMatch:
                case "IncompleteSignature": case "MissingAuthenticationToken":
                    return "CallerIdentity";
                case InvalidIdentityToken: case IdpRejectedClaim: case ExpiredTokenException: case IdpCommunicationError:
                    return "IdentityProvider";
                case MalformedPolicyDocument: case PackedPolicyTooLarge: case ValidationError:
                    return "RequestParameters";
                default: return "";
            }
        }

        /// <summary>Codes only the AssumeRole family returns: seeing one is enough to know the text is about assuming a role.</summary>
        public static bool IsFamilyOnly(string code) =>
            code == RegionDisabled || code == InvalidIdentityToken || code == ExpiredTokenException || code == IdpRejectedClaim
            || code == IdpCommunicationError || code == PackedPolicyTooLarge;
    }
}
