using System.Collections.Generic;
using System.Linq;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// The read-only permissions RoleTrust's live source uses, per place they are needed. Kept next to the
    /// clients so that a new call cannot be added without its permission being listed.
    /// </summary>
    public static class RequiredPermissions
    {
        /// <summary>IAM reads in an account whose principals or roles are diagnosed.</summary>
        public static readonly IReadOnlyList<string> Iam = new[]
        {
            "iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRoles",
            "iam:GetUser", "iam:ListUserPolicies", "iam:GetUserPolicy", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser",
            "iam:GetGroup", "iam:ListGroupPolicies", "iam:GetGroupPolicy", "iam:ListAttachedGroupPolicies",
            "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAccountAliases",
            "iam:ListOpenIDConnectProviders", "iam:GetOpenIDConnectProvider", "iam:ListSAMLProviders",
        };

        /// <summary>Extra IAM read for Save-RoleTrustSnapshot (the whole account in one paginated call).</summary>
        public static readonly IReadOnlyList<string> Snapshot = new[] { "iam:GetAccountAuthorizationDetails", "iam:ListRoles" };

        /// <summary>Organizations reads, in the management account or a delegated administrator.</summary>
        public static readonly IReadOnlyList<string> Organizations = new[]
        {
            "organizations:DescribeOrganization", "organizations:DescribeAccount", "organizations:DescribeOrganizationalUnit",
            "organizations:ListRoots", "organizations:ListParents",
            "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccounts", "organizations:ListAccountsForParent",
            "organizations:ListPolicies", "organizations:ListPoliciesForTarget", "organizations:ListTargetsForPolicy", "organizations:DescribePolicy",
        };

        /// <summary>
        /// The caller's permission to assume the read-only role of -AuditRoleName in every account (the role's own trust
        /// policy must admit the caller too): sts:AssumeRole on that role name, in any account of any partition.
        /// </summary>
        public static string AuditRolePolicyDocument(string auditRoleName) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RoleTrustAssumeAuditRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"," +
            "\"Resource\":\"arn:*:iam::*:role/" + auditRoleName.Trim().Trim('/') + "\"}]}";

        /// <summary>A policy document allowing exactly these actions on every resource (IAM reads cannot be narrowed usefully).</summary>
        public static string PolicyDocument(IEnumerable<string> actions, string sid) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Action\":[" +
            string.Join(",", actions.Distinct().Select(a => "\"" + a + "\"")) + "],\"Resource\":\"*\"}]}";
    }
}
