using System;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Audit
{
    /// <summary>
    /// Whether one condition really limits who can call. A condition on the right key can still admit everyone:
    /// ...IfExists and ForAllValues: hold when the key is absent, a negated operator in an Allow admits every value
    /// but the listed ones, Null only tests presence, and a wildcard value can be met by an account or organization
    /// anyone can create. Each of those is reported with the reason and the change that makes it narrow.
    /// </summary>
    public sealed class Narrowing
    {
        private Narrowing(bool narrows, string? reason, string? fix)
        {
            Narrows = narrows; Reason = reason; Fix = fix;
        }

        public bool Narrows { get; }
        /// <summary>Why it does not narrow (a clause), null when it does.</summary>
        public string? Reason { get; }
        /// <summary>The change that would make it narrow, null when it does.</summary>
        public string? Fix { get; }

        private static readonly Narrowing Yes = new Narrowing(true, null, null);

        /// <summary>Assesses a condition on a key whose values identify an owner in the given form.</summary>
        public static Narrowing Assess(Condition c, OwnerForm form, bool variablesEnabled)
        {
            var op = c.Operator;
            string where = $"{op.Text} on {c.Key}";
            if (op.Family == OperatorFamily.Null)
                return No($"{where} only tests whether the key is present", $"replace Null on {c.Key} with StringEquals naming the allowed values");
            if (op.Set == SetQualifier.ForAllValues)
                return No($"{where} holds when the request has no value for the key", $"use {PlainOperator(op)} instead of {op.Text} on {c.Key}");
            if (op.IfExists)
                return No($"{where} holds when the request has no value for the key", $"use {PlainOperator(op)} instead of {op.Text} on {c.Key}");
            if (op.Negated)
                return No($"{where} admits every value except the ones listed", $"in an Allow, name the allowed values of {c.Key} with a positive operator such as StringEquals (keep exclusions for a Deny statement)");
            if (op.Family != OperatorFamily.String && op.Family != OperatorFamily.StringIgnoreCase && op.Family != OperatorFamily.StringLike && op.Family != OperatorFamily.Arn)
                return No($"{where} is not a string or ARN comparison", $"compare {c.Key} with StringEquals");
            bool wildcards = op.Family == OperatorFamily.StringLike || op.Family == OperatorFamily.Arn;
            foreach (var value in c.Values)
            {
                if (!PinsOwner(value, form, wildcards, variablesEnabled, out string? why))
                    return No($"{where} accepts \"{value}\", which {why}", $"replace \"{value}\" on {c.Key} with a value that names your own {OwnerNoun(form)} without wildcards before it");
            }
            return Yes;
        }

        private static Narrowing No(string reason, string fix) => new Narrowing(false, reason, fix);

        /// <summary>The operator without ForAllValues:/ForAnyValue: and IfExists, e.g. StringEquals.</summary>
        internal static string PlainOperator(ConditionOperator op)
        {
            string text = op.Text;
            int colon = text.IndexOf(':');
            if (colon >= 0) text = text.Substring(colon + 1);
            if (op.IfExists && text.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase)) text = text.Substring(0, text.Length - 8);
            return text;
        }

        private static string OwnerNoun(OwnerForm form) => form switch
        {
            OwnerForm.AccountId => "account id",
            OwnerForm.OrganizationId => "organization id",
            OwnerForm.OrganizationPath => "organization id",
            OwnerForm.Arn => "account id",
            OwnerForm.UniqueId => "principal's unique id",
            _ => "secret text",
        };

        /// <summary>
        /// Does a value admit only principals or resources of a particular owner? Policy variables that resolve to the
        /// role's own side (aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths) pin it to that owner; any
        /// other variable is filled in from the request, which the caller controls.
        /// </summary>
        internal static bool PinsOwner(string value, OwnerForm form, bool wildcards, bool variablesEnabled, out string? why)
        {
            why = null;
            string text = value;
            if (variablesEnabled && text.IndexOf("${", StringComparison.Ordinal) >= 0)
            {
                string? resolved = ResolveResourceVariables(text);
                if (resolved == null) { why = "takes its value from the request, which the caller controls"; return false; }
                text = resolved;
            }
            int wild = wildcards ? FirstWildcard(text) : -1;
            switch (form)
            {
                case OwnerForm.AccountId:
                case OwnerForm.OrganizationId:
                    if (text.Length == 0) { why = "is empty"; return false; }
                    if (wild >= 0) { why = "leaves the id to a wildcard"; return false; }
                    return true;
                case OwnerForm.OrganizationPath:
                {
                    int slash = text.IndexOf('/');
                    int orgEnd = slash < 0 ? text.Length : slash;
                    if (orgEnd == 0 || (wild >= 0 && wild < orgEnd)) { why = "leaves the organization id to a wildcard"; return false; }
                    return true;
                }
                case OwnerForm.Arn:
                {
                    if (wild < 0) return text.Length > 0;
                    var parts = text.Split(new[] { ':' }, 6);
                    // The account field, or the field before it when a wildcard swallowed a separator (arn:aws:*:111122223333:*).
                    for (int i = 3; i <= 4 && i < parts.Length; i++)
                        if (Model.Arn.IsAccountId(parts[i])) return true;
                    why = "leaves the account to a wildcard";
                    return false;
                }
                case OwnerForm.UniqueId:
                {
                    int colon = text.IndexOf(':');
                    int idEnd = colon < 0 ? text.Length : colon;
                    if (idEnd == 0 || (wild >= 0 && wild < idEnd)) { why = "leaves the unique id to a wildcard"; return false; }
                    return true;
                }
                default:
                    foreach (char ch in text) if (!wildcards || (ch != '*' && ch != '?')) return true;
                    why = "any value matches";
                    return false;
            }
        }

        /// <summary>True when a wildcard pattern matches every value (only '*' and '?' characters, at least one '*').</summary>
        internal static bool MatchesAnything(string value, bool wildcards)
        {
            if (!wildcards || value.IndexOf('*') < 0) return false;
            foreach (char c in value) if (c != '*' && c != '?') return false;
            return true;
        }

        internal static int FirstWildcard(string text)
        {
            int star = text.IndexOf('*'), question = text.IndexOf('?');
            if (star < 0) return question;
            if (question < 0) return star;
            return Math.Min(star, question);
        }

        /// <summary>Replaces resource-side variables and the literal escapes; null when another variable occurs.</summary>
        private static string? ResolveResourceVariables(string text) =>
            PolicyVariables.Replace(text, 0, static (inner, _) =>
            {
                int comma = inner.IndexOf(',');
                switch ((comma >= 0 ? inner.Substring(0, comma) : inner).Trim().ToLowerInvariant())
                {
                    case "*": case "?": return "x";
                    case "$": return "$";
                    case "aws:resourceaccount": return "000000000000";
                    case "aws:resourceorgid": return "o-resourceorg";
                    case "aws:resourceorgpaths": return "o-resourceorg/r-root/";
                    default: return null;
                }
            });
    }
}
