using System.Collections.Generic;
using System.Text.RegularExpressions;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Paths
{
    /// <summary>STS AssumeRole parameter constraints (STS API model; catalogue check 19).</summary>
    public static class ParameterRules
    {
        // AWS's patterns ([\w+=,.@-]*) mean ASCII word characters, and match the whole value: .NET's \w takes any
        // letter and its $ accepts a trailing newline, so both are spelled out.
        private static readonly Regex SessionName = new Regex(@"^[A-Za-z0-9_+=,.@-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex ExternalId = new Regex(@"^[A-Za-z0-9_+=,.@:\/-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex SerialNumber = new Regex(@"^[A-Za-z0-9_+=/:,.@-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex TokenCode = new Regex(@"^[0-9]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex TagKey = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+\z", RegexOptions.CultureInvariant);
        private static readonly Regex TagValue = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z", RegexOptions.CultureInvariant);
        public const int MaxSessionPolicyLength = 2048;

        /// <summary>Returns (problem, AWS error text) for each violated constraint.</summary>
        /// <summary>True when a session name can stand in a session ARN (assumed-role/Role/Name): not empty, only [\w+=,.@-].</summary>
        public static bool FitsInArn(string? sessionName) => !string.IsNullOrEmpty(sessionName) && SessionName.IsMatch(sessionName);

        public static List<(string problem, string errorText)> Validate(PathRequest r)
        {
            var problems = new List<(string, string)>();
            void Check(string? value, string member, int min, int max, Regex pattern, string patternText)
            {
                if (value == null) return;
                if (value.Length < min || value.Length > max)
                    problems.Add(($"{member} '{value}' must be {min} to {max} characters long.", ErrorTexts.ValidationLength(value, member, min, max)));
                else if (!pattern.IsMatch(value))
                    problems.Add(($"{member} '{value}' has characters outside {patternText}.", ErrorTexts.ValidationPattern(value, member, patternText)));
            }
            Check(r.RoleSessionName, "roleSessionName", 2, 64, SessionName, @"[\w+=,.@-]*");
            Check(r.ExternalId, "externalId", 2, 1224, ExternalId, @"[\w+=,.@:\/-]*");
            Check(r.SourceIdentity, "sourceIdentity", 2, 64, SessionName, @"[\w+=,.@-]*");
            if (r.SourceIdentity != null && r.SourceIdentity.StartsWith("aws:", System.StringComparison.OrdinalIgnoreCase))
                problems.Add(("SourceIdentity must not start with 'aws:'.", "Source Identity must not begin with \"aws:\"."));
            Check(r.SerialNumber, "serialNumber", 9, 256, SerialNumber, @"[\w+=/:,.@-]*");
            Check(r.TokenCode, "tokenCode", 6, 6, TokenCode, @"[\d]*");
            if ((r.SerialNumber == null) != (r.TokenCode == null))
                problems.Add(("MFA needs both SerialNumber and TokenCode.", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."));
            if (r.SessionTags.Count > 50)
                problems.Add(($"{r.SessionTags.Count} session tags exceed the limit of 50.", $"1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"));
            foreach (var tag in r.SessionTags)
            {
                Check(tag.Key, "tags.member.key", 1, 128, TagKey, @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");
                if (tag.Value.Length > 256 || !TagValue.IsMatch(tag.Value))
                    problems.Add(($"Session tag '{tag.Key}' has a value over 256 characters or with invalid characters.", ErrorTexts.ValidationLength(tag.Value, "tags.member.value", 0, 256)));
            }
            var tagKeys = new HashSet<string>(r.SessionTags.Keys, System.StringComparer.OrdinalIgnoreCase);
            if (tagKeys.Count != r.SessionTags.Count)
                problems.Add(("Session tag keys must be unique regardless of case.", "Duplicate tag keys found. Please note that Tag keys are case insensitive."));
            foreach (var k in r.TransitiveTagKeys)
                if (!tagKeys.Contains(k))
                    problems.Add(($"Transitive tag key '{k}' is not one of the session tags passed.", "The specified transitive tag key must be included in the requested tags."));
            if (r.SessionPolicy != null)
            {
                string text = Engine.Policies.PolicyParser.DecodePolicyText(r.SessionPolicy);
                if (text.Length > MaxSessionPolicyLength)
                    problems.Add(($"The session policy is {text.Length} characters; AssumeRole accepts at most {MaxSessionPolicyLength}.", "Policy document length exceeds the maximum allowed (2048 characters)."));
                else
                {
                    try { Engine.Policies.PolicyParser.Parse(text, "SessionPolicy", Engine.Policies.PolicyType.Session); }
                    catch (Engine.Policies.PolicyFormatException ex)
                    {
                        problems.Add(($"The session policy is not a valid policy: {ex.Message}", "MalformedPolicyDocument: " + ex.Message));
                    }
                }
            }
            return problems;
        }
    }
}
