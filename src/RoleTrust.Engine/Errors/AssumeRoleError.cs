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
            string policyArn, string message, IEnumerable<string>? missing = null, IEnumerable<PathCheck>? checks = null,
            bool? agrees = null, IEnumerable<string>? otherBlockingChecks = null, string found = "")
        {
            ErrorCode = errorCode; Caller = caller; Action = action; Resource = resource; Layer = layer; DenyKind = denyKind;
            PolicyArn = policyArn; Message = message; Missing = ReadableList.From(missing); Checks = ReadableList.From(checks);
            Agrees = agrees; OtherBlockingChecks = ReadableList.From(otherBlockingChecks); Found = found;
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
        /// <summary>
        /// Whether the path checks agree with AWS: true when they fail at the layer AWS named (or, when AWS named none, fail
        /// somewhere); false when they find that layer open; null when not checked or not known (see <see cref="Found"/>).
        /// </summary>
        public bool? Agrees { get; }
        /// <summary>Checks that fail besides the layer AWS named: AWS names only one per error.</summary>
        public ReadableList<string> OtherBlockingChecks { get; }
        /// <summary>What the path checks found, beside what AWS said; empty when they were not run.</summary>
        public string Found { get; }

        /// <summary>The same reading with the path checks attached, compared with what AWS said.</summary>
        public AssumeRoleError WithChecks(IEnumerable<PathCheck> checks)
        {
            var list = new List<PathCheck>(checks);
            var c = Errors.ErrorComparison.Compare(this, list);
            return new AssumeRoleError(ErrorCode, Caller, Action, Resource, Layer, DenyKind, PolicyArn, Message, Missing, list, c.Agrees, c.OtherBlocking, c.Found);
        }

        public override string ToString() => string.IsNullOrEmpty(ErrorCode) ? Message : ErrorCode + ": " + Message;
    }
}
