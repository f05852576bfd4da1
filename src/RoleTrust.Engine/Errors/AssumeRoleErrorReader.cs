using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RoleTrust.Errors
{
    /// <summary>
    /// Reads an AssumeRole-family error out of the text a client printed (AWS CLI and boto3, the .NET, Java, Go,
    /// JavaScript, Ruby and PHP SDKs, AWS.Tools, Terraform, configure-aws-credentials, CloudTrail, raw XML and JSON
    /// error bodies, the console). The reading rules are a contract, described in docs/error-reading.md: each field
    /// holds what the text says, verbatim, or is empty; nothing is guessed.
    /// </summary>
    public static class AssumeRoleErrorReader
    {
        /// <summary>Longer texts are cut: an error is never that long, a whole log may be.</summary>
        public const int MaxTextLength = 1_000_000;

        /// <summary>The actions an AssumeRole call is authorized for (the session tags, source identity and context ones included).</summary>
        public static readonly IReadOnlyList<string> FamilyActions = new[]
        {
            "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext",
        };

        private static readonly string[] FamilyOperations = { "AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML" };

        private const RegexOptions Options = RegexOptions.CultureInvariant;
        private static Regex R(string pattern, RegexOptions extra = RegexOptions.None) => new Regex(pattern, Options | extra);

        // Error codes where a client puts them, most explicit first.
        private static readonly Regex Cli = R(@"An error occurred \(([A-Za-z][\w.]*)\) when calling the (\w+) operation");
        private static readonly Regex ApiError = R(@"\bapi error ([A-Za-z]\w*):");
        private static readonly Regex GoModeled = R(@"\bStatusCode: \d{3}, RequestID: [^,]*, (?!api error)([A-Za-z]\w*):");
        private static readonly Regex ServiceBlock = R(@"\(Service: ([^;,)]+)[;,]\s*Status Code: \d{3}[;,]\s*Error Code: ([A-Za-z]\w*)", RegexOptions.IgnoreCase);
        private static readonly Regex ErrorCodeLabel = R(@"\bError Code: ([A-Za-z]\w*)", RegexOptions.IgnoreCase);
        private static readonly Regex XmlCode = R(@"<Code>\s*([A-Za-z][\w.]*)\s*</Code>");
        private static readonly Regex CloudTrailCode = R(@"""errorCode""\s*:\s*""([A-Za-z][\w.]*)""");
        private static readonly Regex JsonType = R(@"""__type""\s*:\s*""(?:[^""#]*#)?([A-Za-z]\w*)""");
        private static readonly Regex QueryError = R(@"\bx-amzn-query-error\s*:\s*([A-Za-z]\w*)", RegexOptions.IgnoreCase);
        private static readonly Regex Php = R(@"\b([A-Za-z]\w*) \((?:client|server)\):");
        private static readonly Regex Ruby = R(@"\bAws::STS::Errors::([A-Za-z]\w*)");
        private static readonly Regex CodeProperty = R(@"[""']?\b(?:Code|code|ErrorCode|errorCode)[""']?\s*[:=]\s*[""']([A-Za-z]\w*)[""']");
        private static readonly Regex ErrorCodeListed = R(@"\bErrorCode\s*:\s*([A-Za-z]\w*)");
        private static readonly Regex ClassName = R(@"\b(" + string.Join("|", StsErrorCodes.ClassNames.Keys) + @")\b");
        private static readonly Regex BareCode = R(@"(?<![\w.:/-])(" + string.Join("|", StsErrorCodes.Known) + @")(?=:\s|\s+--?\s)");

        // What was denied, and in which operation.
        private static readonly Regex Perform = R(@"\b[Nn]ot authorized to perform:?\s+([A-Za-z0-9-]+:[A-Za-z0-9*]+)");
        private static readonly Regex UserIs = R(@"\bUser: ((?:(?! is not authori|User: ).){1,400}?) is not authorized to perform\b");
        private static readonly Regex OnResource = R(@"\bon resource:\s*");
        private static readonly Regex CloudTrailCaller = R(@"""userIdentity""\s*:\s*\{[^{}]*?""arn""\s*:\s*""([^""]+)""");
        private static readonly (Regex Pattern, string? Operation)[] Operations =
        {
            (R(@"\boperation error STS: (\w+)"), null),
            (R(@"""eventName""\s*:\s*""(\w+)"""), null),
            (R(@"\bError executing ""(\w+)"""), null),
            (R(@"\bError calling (\w+) for role\b"), null),
            (R(@"\bde_(\w+)CommandError\b"), null),
            (R(@"\b(AssumeRole(?:WithWebIdentity|WithSAML)?)Command\b"), null),
            (R(@"\bassume_role_with_web_identity\("), "AssumeRoleWithWebIdentity"),
            (R(@"\bassume_role_with_saml\("), "AssumeRoleWithSAML"),
            (R(@"\bassume_role\("), "AssumeRole"),
            (R(@"\bStsAssumeRoleWithWebIdentityCredentialsProvider\b|\bSTSAssumeRoleWithWebIdentitySessionCredentialsProvider\b"), "AssumeRoleWithWebIdentity"),
            (R(@"\bAssumeRoleWithWebIdentityCredentials\b|\bAssumeRoleWebIdentityCredentials\b|\bassume_role_web_identity_credentials\b"), "AssumeRoleWithWebIdentity"),
            (R(@"\bStsAssumeRoleWithSamlCredentialsProvider\b"), "AssumeRoleWithSAML"),
            (R(@"\bStsAssumeRoleCredentialsProvider\b|\bSTSAssumeRoleSessionCredentialsProvider\b|\bAssumeRoleAWSCredentials\b|\bAssumeRoleCredentials\b|\bassume_role_credentials\b"), "AssumeRole"),
            (R(@"\bCould not assume role with (?:OIDC|web identity token file)\b"), "AssumeRoleWithWebIdentity"),
            (R(@"\bCould not assume role with user credentials\b"), "AssumeRole"),
            (R(@"\bUse-STSWebIdentityRole\b|\bUseSTSWebIdentityRoleCmdlet\b"), "AssumeRoleWithWebIdentity"),
            (R(@"\bUse-STSRoleWithSAML\b|\bUseSTSRoleWithSAMLCmdlet\b"), "AssumeRoleWithSAML"),
            (R(@"\bUse-STSRole\b|\bUseSTSRoleCmdlet\b"), "AssumeRole"),
        };

        // The role, when a wrapper names it rather than AWS's message.
        private static readonly Regex[] WrapperRoles =
        {
            R(@"\bIAM Role \((?=arn:)"),
            R(@"\bThe role ""(?=arn:)"),
            R(@"\bError calling AssumeRole\w* for role (?=arn:)"),
            R(@"""roleArn""\s*:\s*""(?=arn:)"),
            R(@"\brole_arn:\s*""(?=arn:)"),
            R(@"\brole-to-assume:\s*(?=arn:)"),
        };

        /// <summary>Text that only STS's clients print: with an error code, it is an STS error.</summary>
        private static readonly Regex StsMarker = R(@"Aws::STS::|Amazon\.SecurityToken|services\.securitytoken|services\.sts\.|AWSSecurityTokenService|\bsts(?:\.[a-z0-9-]+)?\.amazonaws\.com|client-sts|\bsts\.amazonaws\.com/doc/|Terraform AWS Provider|cannot be assumed", RegexOptions.IgnoreCase);
        private static readonly Regex ValidationMember = R(@"at '(\w+)' failed to satisfy constraint");
        private static readonly Regex MessageField = R(@"<Message>(.*?)</Message>|""(?:errorMessage|Message|message)""\s*:\s*""((?:[^""\\]|\\.)*)""");
        private static readonly Regex CliRest = R(@"An error occurred \([^)]*\) when calling the \w+ operation(?: \([^)]*\))?: (.+)$", RegexOptions.Multiline);

        /// <summary>Reads one text.</summary>
        public static AssumeRoleErrorReading Read(string? text) => Read(new[] { text });

        /// <summary>
        /// Reads several texts that describe one failure: an exception's message and its inner exceptions' (outermost
        /// first, each optionally as "TypeName: message"), an ErrorRecord's ErrorDetails.Message, and the error code a
        /// client exposes as a property (AWS.Tools' AmazonServiceException.ErrorCode), which wins over the texts.
        /// </summary>
        public static AssumeRoleErrorReading Read(IEnumerable<string?> texts, string? errorCode = null)
        {
            var parts = new List<string>();
            foreach (var t in texts ?? Enumerable.Empty<string?>())
            {
                if (string.IsNullOrWhiteSpace(t)) continue;
                string n = ErrorTextNormalizer.Normalize(t!.Length > MaxTextLength ? t.Substring(0, MaxTextLength) : t);
                if (n.Length > 0 && !parts.Contains(n)) parts.Add(n);
            }
            string text = string.Join("\n", parts);

            var cli = Cli.Match(text);
            string code = FindCode(text, cli, errorCode);
            var known = KnownStsMessages.Find(text, out var knownMatch);

            // Action: the one after "perform", else the operation the text names.
            var perform = Perform.Match(text);
            string performAction = perform.Success ? StsForm(perform.Groups[1].Value) : "";
            string operation = cli.Success ? cli.Groups[2].Value : FindOperation(text);
            string action = performAction.Length > 0 ? performAction
                : operation.Length > 0 && FamilyOperations.Contains(operation, StringComparer.OrdinalIgnoreCase) ? "sts:" + Canonical(operation) : "";

            var user = UserIs.Match(text);
            string caller = user.Success ? user.Groups[1].Value.Trim() : "";
            if (caller.Length == 0)
            {
                var ct = CloudTrailCaller.Match(text);
                if (ct.Success) caller = ct.Groups[1].Value;
            }

            int afterAction = perform.Success ? perform.Index + perform.Length : 0;
            var onResource = OnResource.Match(text, afterAction);
            string resource = onResource.Success && (!perform.Success || onResource.Index - afterAction < 4)
                ? ReadResource(text, onResource.Index + onResource.Length) : "";
            if (resource.Length == 0) resource = WrapperRole(text);

            var clause = perform.Success ? DenyClause.Find(text, afterAction) : null;
            if (clause != null && clause.Start - afterAction > 400) clause = null;

            if (code.Length == 0)
                code = known != null ? known.Code : perform.Success ? StsErrorCodes.AccessDenied : "";

            string layer = clause != null ? clause.Layer
                : known != null ? known.Layer
                : LayerOfCode(code, text);

            string message = FindMessage(text, user, perform, onResource, clause, known, knownMatch, resource);

            var missing = new List<string>();
            if (code.Length == 0 && !(known?.Codeless ?? false)) missing.Add("ErrorCode");
            AddArnGap(missing, "Caller", caller);
            if (action.Length == 0) missing.Add("Action");
            AddArnGap(missing, "Resource", resource);
            if (clause != null && clause.Layer.Length == 0)
                missing.Add($"Layer (AWS named a policy type it does not document: '{clause.Phrase}')");

            var error = new AssumeRoleError(code, caller, action, resource, layer, clause?.Kind ?? "", clause?.PolicyArn ?? "", message, missing);
            string reason = WhyNotFamily(text, performAction, operation, code, known, errorCode);
            return new AssumeRoleErrorReading(error, reason.Length == 0, reason);
        }

        /// <summary>
        /// What the path checks need and the reading lacks: a full caller ARN and a full role ARN (not masked). Empty
        /// when the checks can run. Each entry is one of <see cref="AssumeRoleError.Missing"/>.
        /// </summary>
        public static IReadOnlyList<string> MissingForPathChecks(AssumeRoleError error) =>
            error.Missing.Where(m => m.StartsWith("Caller", StringComparison.Ordinal) || m.StartsWith("Resource", StringComparison.Ordinal)).ToList();

        private static string WhyNotFamily(string text, string performAction, string operation, string code, KnownStsMessages.Entry? known, string? errorCodeProperty)
        {
            if (text.Length == 0) return "The text is empty.";
            if (performAction.Length > 0)
                return FamilyActions.Contains(performAction, StringComparer.OrdinalIgnoreCase) ? ""
                    : $"The denied action is {performAction}, not an action of AssumeRole (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML, sts:TagSession, sts:SetSourceIdentity, sts:SetContext).";
            if (operation.Length > 0)
                return FamilyOperations.Contains(operation, StringComparer.OrdinalIgnoreCase) ? ""
                    : $"The failing operation is {operation}, not AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML.";
            if (known != null) return "";
            if (code.Length > 0 && (StsErrorCodes.IsFamilyOnly(code) || StsMarker.IsMatch(text))) return "";
            return code.Length > 0 || !string.IsNullOrEmpty(errorCodeProperty)
                ? $"The text carries the error code {(code.Length > 0 ? code : errorCodeProperty)} but names no AssumeRole action, no STS operation and no message STS documents for assuming a role."
                : "Found no STS error code, no sts:AssumeRole* action, no STS operation and no message STS documents for assuming a role.";
        }

        private static string FindCode(string text, Match cli, string? property)
        {
            if (property != null && StsErrorCodes.IsWireCode(property.Trim())) return StsErrorCodes.Canonical(property.Trim());
            if (cli.Success && StsErrorCodes.IsWireCode(cli.Groups[1].Value)) return StsErrorCodes.Canonical(cli.Groups[1].Value);
            foreach (var pattern in new[] { ApiError, GoModeled })
                if (First(pattern, text) is string c) return c;
            var blocks = ServiceBlock.Matches(text);
            foreach (Match b in blocks)
                if (IsStsService(b.Groups[1].Value) && StsErrorCodes.IsWireCode(b.Groups[2].Value)) return StsErrorCodes.Canonical(b.Groups[2].Value);
            // An "Error Code:" outside a (Service: ...) block; a block of another service (AWS's SAML sign-in
            // discovery service) carries that service's code, not STS's.
            if (blocks.Count == 0 && First(ErrorCodeLabel, text) is string label) return label;
            foreach (var pattern in new[] { XmlCode, CloudTrailCode, QueryError, JsonType, Php, Ruby, CodeProperty, ErrorCodeListed, ClassName, BareCode })
                if (First(pattern, text) is string c) return c;
            return "";
        }

        private static string? First(Regex pattern, string text)
        {
            for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
                if (StsErrorCodes.IsWireCode(m.Groups[1].Value)) return StsErrorCodes.Canonical(m.Groups[1].Value);
            return null;
        }

        private static bool IsStsService(string service)
        {
            service = service.Trim();
            return service.IndexOf("SecurityToken", StringComparison.OrdinalIgnoreCase) >= 0
                || service.Equals("Sts", StringComparison.OrdinalIgnoreCase) || service.Equals("AWS STS", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The STS operation the text names. A chain names several (Terraform's GetCallerIdentity failing because its
        /// AssumeRoleWithWebIdentity did): the AssumeRole one is the one that failed.
        /// </summary>
        private static string FindOperation(string text)
        {
            string first = "";
            foreach (var (pattern, operation) in Operations)
                for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
                {
                    string name = operation ?? m.Groups[1].Value;
                    if (FamilyOperations.Contains(name, StringComparer.OrdinalIgnoreCase)) return name;
                    if (first.Length == 0) first = name;
                }
            return first;
        }

        /// <summary>"sts:assumerole" as AWS spells it: sts:AssumeRole.</summary>
        private static string StsForm(string action)
        {
            int colon = action.IndexOf(':');
            string service = action.Substring(0, colon).ToLowerInvariant();
            string name = action.Substring(colon + 1);
            if (service == "sts")
                foreach (var known in FamilyActions)
                    if (string.Equals(known, "sts:" + name, StringComparison.OrdinalIgnoreCase)) return known;
            return service + ":" + name;
        }

        private static string Canonical(string operation)
        {
            foreach (var op in FamilyOperations) if (string.Equals(op, operation, StringComparison.OrdinalIgnoreCase)) return op;
            return operation;
        }

        private static string ReadResource(string text, int at)
        {
            string? arn = ArnToken.ReadAt(text, at);
            if (arn != null) return arn;
            // Not an ARN (a truncated or hand-edited one): the word as written.
            int end = at;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '<' && text[end] != '\'') end++;
            return text.Substring(at, end - at).TrimEnd('.', ',', ')', ';');
        }

        private static string WrapperRole(string text)
        {
            foreach (var pattern in WrapperRoles)
            {
                var m = pattern.Match(text);
                if (m.Success && ArnToken.ReadAt(text, m.Index + m.Length) is string arn) return arn;
            }
            return "";
        }

        private static string LayerOfCode(string code, string text)
        {
            if (code == StsErrorCodes.ValidationError)
            {
                var member = ValidationMember.Match(text);
                if (member.Success && member.Groups[1].Value.Equals("durationSeconds", StringComparison.OrdinalIgnoreCase)) return "SessionDuration";
                if (text.IndexOf("DurationSeconds", StringComparison.OrdinalIgnoreCase) >= 0 && !member.Success) return "SessionDuration";
            }
            return StsErrorCodes.LayerOf(code);
        }

        private static void AddArnGap(List<string> missing, string field, string arn)
        {
            if (arn.Length == 0) missing.Add(field);
            else if (!ArnToken.IsFull(arn)) missing.Add(ArnToken.LooksMasked(arn) ? field + " (redacted)" : field + " (not a full ARN)");
        }

        private static string FindMessage(string text, Match user, Match perform, Match onResource, DenyClause? clause,
            KnownStsMessages.Entry? known, Match knownMatch, string resource)
        {
            if (perform.Success)
            {
                int start = user.Success && user.Index < perform.Index ? user.Index : perform.Index;
                int end = perform.Index + perform.Length;
                if (onResource.Success && onResource.Index >= end && onResource.Index - end < 4 && resource.Length > 0)
                {
                    int at = text.IndexOf(resource, onResource.Index, StringComparison.Ordinal);
                    if (at >= 0) end = at + resource.Length;
                }
                if (clause != null) end = Math.Max(end, clause.End);
                return text.Substring(start, end - start).Trim();
            }
            if (known != null)
                return Sentence(text, knownMatch.Index);
            var field = MessageField.Match(text);
            if (field.Success)
            {
                string value = field.Groups[1].Success ? field.Groups[1].Value : field.Groups[2].Value;
                if (value.Trim().Length > 0) return value.Trim();
            }
            var rest = CliRest.Match(text);
            if (rest.Success) return rest.Groups[1].Value.Trim();
            int newline = text.IndexOf('\n');
            string first = newline < 0 ? text : text.Substring(0, newline);
            return first.Length > 1000 ? first.Substring(0, 1000) : first;
        }

        /// <summary>A documented message, from where it starts to where the client's own text resumes.</summary>
        private static string Sentence(string text, int start)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            foreach (var stop in new[] { " (Service:", " (service:", "</", " status code:", " StatusCode:", " - <", " (truncated", "\",", "\" ", "',", "' ", " at ", " At ", " + ", " [" })
            {
                int i = text.IndexOf(stop, start, end - start, StringComparison.Ordinal);
                if (i > start) end = i;
            }
            return text.Substring(start, end - start).Trim().TrimEnd('"', '\'');
        }
    }
}
