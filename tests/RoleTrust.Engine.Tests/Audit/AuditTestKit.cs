using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Audit;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Tests.Findings
{
    /// <summary>Audits one trust policy the way a snapshot audit would, so rule tests read as the policy under test.</summary>
    internal static class AuditKit
    {
        /// <summary>The role's own account.</summary>
        public const string Own = "111122223333";
        /// <summary>Another account of the organization.</summary>
        public const string Sibling = "444455556666";
        /// <summary>An account outside the organization.</summary>
        public const string Vendor = "999988887777";
        public const string OrgId = "o-test123456";
        public const string RoleArn = "arn:aws:iam::111122223333:role/Audited";
        public const string GitHub = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
        public const string Okta = "arn:aws:iam::111122223333:saml-provider/Okta";

        public static TrustZone Organization => TrustZone.FromOrganization(OrgId, new[] { Own, Sibling });

        public static IReadOnlyList<TrustFinding> FindingsOf(string trustJson, TrustZone? zone = null, string account = Own, string roleArn = RoleArn)
        {
            var role = new IamRole { Arn = roleArn, Name = roleArn.Substring(roleArn.LastIndexOf('/') + 1), TrustPolicy = new PolicySource(trustJson) };
            var result = new TrustPolicyAuditor(zone ?? Organization).Audit(account, role);
            Xunit.Assert.Null(result.Problem);
            return result.Findings;
        }

        public static List<string> Rules(string trustJson, TrustZone? zone = null) => FindingsOf(trustJson, zone).Select(f => f.RuleId).ToList();

        /// <summary>A trust policy of one statement.</summary>
        public static string Trust(string principal, string action = "sts:AssumeRole", string? condition = null, string effect = "Allow", string? extra = null)
        {
            string p = principal.StartsWith("{") || principal.StartsWith("\"") ? principal : "{\"AWS\":\"" + principal + "\"}";
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + p + ",\"Action\":\"" + action + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + (extra == null ? "" : "," + extra) + "}]}";
        }

        public static string Oidc(string? condition, string provider = GitHub) =>
            Trust("{\"Federated\":\"" + provider + "\"}", "sts:AssumeRoleWithWebIdentity", condition);
    }
}
