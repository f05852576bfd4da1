using System.Runtime.CompilerServices;
namespace RoleTrust.Engine.Evaluation
{
    /// <summary>The AccessDenied messages AWS documents for each policy layer (catalogue section A).</summary>
    public static class ErrorTexts
    {
        [MethodImpl(HotPath.Options)]
        public static string AccessDenied(string principalArn, string action, string resource, RoleTrust.PolicyLayer layer, bool explicitDeny, bool roleTrust, string? policyArn = null)
        {
            // Web identity and SAML denials name no layer (catalogue A).
            if (action.Equals("sts:AssumeRoleWithWebIdentity", System.StringComparison.OrdinalIgnoreCase) || action.Equals("sts:AssumeRoleWithSAML", System.StringComparison.OrdinalIgnoreCase))
                return "Not authorized to perform " + action;
            string head = $"User: {principalArn} is not authorized to perform: {action} on resource: {resource} ";
            string what = layer switch
            {
                RoleTrust.PolicyLayer.IdentityPolicy => "identity-based policy",
                RoleTrust.PolicyLayer.ResourcePolicy => roleTrust ? "role trust policy" : "resource-based policy",
                RoleTrust.PolicyLayer.PermissionsBoundary => "permissions boundary",
                RoleTrust.PolicyLayer.SessionPolicy => "session policy",
                RoleTrust.PolicyLayer.ServiceControlPolicy => "service control policy",
                RoleTrust.PolicyLayer.ResourceControlPolicy => "resource control policy",
                _ => "VPC endpoint policy",
            };
            if (!explicitDeny) return head + $"because no {what} allows the {action} action";
            string article = layer == RoleTrust.PolicyLayer.ResourcePolicy && roleTrust ? "the" : layer == RoleTrust.PolicyLayer.IdentityPolicy ? "an" : "a";
            return head + $"with an explicit deny in {article} {what}" + (policyArn != null && layer != RoleTrust.PolicyLayer.ResourcePolicy ? ": " + policyArn : "");
        }

        public const string RootCannotAssume = "Roles may not be assumed by root accounts.";
        public const string DurationExceedsMax = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
        public const string DurationExceedsChaining = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";
        public const string ConsoleInvalidInformation = "Invalid information in one or more fields. Check your information or contact your administrator.";

        public static string ValidationPattern(string value, string member, string pattern) =>
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}";

        public static string ValidationLength(string value, string member, int min, int max) =>
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have length {(value.Length < min ? "greater than or equal to " + min : "less than or equal to " + max)}";
    }
}
