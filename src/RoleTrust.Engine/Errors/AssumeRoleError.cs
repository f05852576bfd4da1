using System.Collections.Generic;

namespace RoleTrust
{
    /// <summary>
    /// What an AssumeRole-family error text says (Resolve-AssumeRoleError): the STS error code, who called, which action
    /// on which role, and which policy layer AWS named. Every property holds what the text holds, verbatim; a field the
    /// text does not carry is empty and listed in <see cref="Missing"/>. The rules are in docs/error-reading.md.
    /// </summary>
    public sealed class AssumeRoleError
    {
        public AssumeRoleError(string errorCode, string caller, string action, string resource, string layer, string denyKind,
            string policyArn, string message, IEnumerable<string>? missing = null, IEnumerable<PathCheck>? checks = null)
        {
            ErrorCode = errorCode; Caller = caller; Action = action; Resource = resource; Layer = layer; DenyKind = denyKind;
            PolicyArn = policyArn; Message = message; Missing = ReadableList.From(missing); Checks = ReadableList.From(checks);
        }

        /// <summary>The STS wire code (AccessDenied, ValidationError, RegionDisabledException, ...); empty for the console and the SAML sign-in page.</summary>
        public string ErrorCode { get; }
        /// <summary>The ARN after "User: ", verbatim (redactions included); empty when the text names no caller.</summary>
        public string Caller { get; }
        /// <summary>The denied action or the failing STS operation, in the sts: form.</summary>
        public string Action { get; }
        /// <summary>The role: the ARN after "on resource:", else the role a wrapper names.</summary>
        public string Resource { get; }
        /// <summary>The check (catalogue name) AWS's phrase points at; empty when AWS named none.</summary>
        public string Layer { get; }
        /// <summary>Implicit, Explicit or empty.</summary>
        public string DenyKind { get; }
        /// <summary>The policy ARN after the deny clause, when AWS gave one.</summary>
        public string PolicyArn { get; }
        /// <summary>AWS's message as the text carries it.</summary>
        public string Message { get; }
        /// <summary>The path checks for Caller and Resource, when they were run.</summary>
        public ReadableList<PathCheck> Checks { get; }
        /// <summary>What the text does not carry: ErrorCode, Caller, Action, Resource; "(redacted)" when an ARN is masked.</summary>
        public ReadableList<string> Missing { get; }

        /// <summary>The same reading with the path checks attached.</summary>
        public AssumeRoleError WithChecks(IEnumerable<PathCheck> checks) =>
            new AssumeRoleError(ErrorCode, Caller, Action, Resource, Layer, DenyKind, PolicyArn, Message, Missing, checks);

        public override string ToString() => string.IsNullOrEmpty(ErrorCode) ? Message : ErrorCode + ": " + Message;
    }
}
