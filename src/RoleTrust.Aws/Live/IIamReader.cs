using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RoleTrust.Aws.Live
{
    /// <summary>Read-only IAM. Every list is complete (all pages). Policy documents come back URL-decoded.</summary>
    public interface IIamReader
    {
        Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default);
        /// <summary>GetUser; a null name means the calling user.</summary>
        Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<string>> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken = default);
        Task<IamInlinePolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default);
        Task<IamInlinePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default);
        Task<IamGroupDetails> GetGroupAsync(string groupName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<string>> ListGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default);
        Task<IamInlinePolicy> GetGroupPolicyAsync(string groupName, string policyName, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default);
        Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default);
        Task<IamPolicyVersion> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamRole>> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<string>> ListAccountAliasesAsync(CancellationToken cancellationToken = default);
        /// <summary>ListOpenIDConnectProviders: the ARNs of the account's OIDC providers.</summary>
        Task<IReadOnlyList<string>> ListOpenIDConnectProvidersAsync(CancellationToken cancellationToken = default);
        Task<IamOidcProvider> GetOpenIDConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<IamSamlProvider>> ListSAMLProvidersAsync(CancellationToken cancellationToken = default);
        /// <summary>
        /// GetAccountAuthorizationDetails, all pages merged, as the JSON text `aws iam get-account-authorization-details
        /// --output json` prints: UserDetailList, GroupDetailList, RoleDetailList, Policies; documents as JSON objects.
        /// </summary>
        Task<string> GetAccountAuthorizationDetailsJsonAsync(CancellationToken cancellationToken = default);
    }
}
