using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Audit
{
    /// <summary>The audit rules over role trust policies, in the order of the contract (ARCHITECTURE.md).</summary>
    public static class TrustRules
    {
        public const string WildcardPrincipal = "WildcardPrincipal";
        public const string ThirdPartyWithoutExternalId = "ThirdPartyWithoutExternalId";
        public const string DeletedPrincipal = "DeletedPrincipal";
        public const string OidcMissingSubject = "OidcMissingSubject";
        public const string OidcWildcardSubject = "OidcWildcardSubject";
        public const string OidcMissingAudience = "OidcMissingAudience";
        public const string ForAllValuesOnSingleValuedKey = "ForAllValuesOnSingleValuedKey";
        public const string SamlMissingAudience = "SamlMissingAudience";
        public const string ServiceWithoutSourceCondition = "ServiceWithoutSourceCondition";
        public const string InvalidTrustElement = "InvalidTrustElement";
        public const string AccountRootTrust = "AccountRootTrust";

        private static readonly List<TrustRule> Rules = new List<TrustRule>();

        private static TrustRule Add(string id, FindingSeverity severity, string name, string shortDescription, string fullDescription, string help)
        {
            var rule = new TrustRule(Rules.Count, id, severity, name, shortDescription, fullDescription, help);
            Rules.Add(rule);
            return rule;
        }

        public static readonly TrustRule WildcardPrincipalRule = Add(WildcardPrincipal, FindingSeverity.High, "Wildcard principal",
            "An Allow statement lets any AWS principal assume the role.",
            "Flags an Allow statement whose Principal is \"*\" or {\"AWS\": \"*\"}, whose Action covers an assume action, and that has no condition " +
            "narrowing who can call: a positive condition (not ...IfExists, not negated, not ForAllValues:) on aws:PrincipalOrgID, " +
            "aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, aws:userid, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, " +
            "aws:SourceOrgPaths, aws:SourceOwner or sts:ExternalId whose every value pins an owner (literal account and organization ids, " +
            "an ARN with a literal account, an external id with literal text). Deny statements are never flagged.",
            "Anyone with AWS credentials, in any account, can assume a role trusted this way. Limit the callers with a condition such as " +
            "StringEquals on aws:PrincipalOrgID, or name the principals that need the role instead of \"*\".");

        public static readonly TrustRule ThirdPartyWithoutExternalIdRule = Add(ThirdPartyWithoutExternalId, FindingSeverity.Medium, "Third party without external ID",
            "An Allow statement lets an account outside the organization assume the role without an external ID.",
            "Flags an Allow statement whose Action covers sts:AssumeRole and whose Principal names an account, or a user, role or session of an " +
            "account, that is neither the role's own account nor in the organization (without organization data: not one of the audited " +
            "accounts), when no positive, non-IfExists condition on sts:ExternalId with a literal value is present.",
            "A third party trusted without an external ID can be tricked into using its access to your role on behalf of someone else " +
            "(the confused deputy problem). Agree an external ID with the third party and require it with StringEquals on sts:ExternalId.");

        public static readonly TrustRule DeletedPrincipalRule = Add(DeletedPrincipal, FindingSeverity.Medium, "Deleted principal",
            "An Allow statement names a unique id (AROA..., AIDA...), so the user or role it named was deleted.",
            "Flags an Allow statement whose Principal holds a unique principal id (AIDA... for a user, AROA... for a role) instead of an ARN: " +
            "IAM shows the id once the named principal has been deleted, and the statement admits nobody any more.",
            "A re-created user or role gets a new unique id, so it is not trusted again. Replace the id with the ARN of the principal that " +
            "should assume the role, or remove it; a condition on aws:PrincipalArn survives re-creation.");

        public static readonly TrustRule OidcMissingSubjectRule = Add(OidcMissingSubject, FindingSeverity.High, "OIDC trust without subject condition",
            "An Allow statement admits an OIDC provider for sts:AssumeRoleWithWebIdentity with no condition on the token's subject.",
            "Flags an Allow statement whose Principal is an OIDC provider (Federated arn:...:oidc-provider/<host/path>, or cognito-identity.amazonaws.com, " +
            "accounts.google.com, graph.facebook.com, www.amazon.com) and whose Action covers sts:AssumeRoleWithWebIdentity, when no condition " +
            "uses the provider's subject key (<host/path>:sub; graph.facebook.com:id, www.amazon.com:user_id).",
            "Every identity the provider issues tokens to can assume the role: for GitHub Actions, any workflow in any repository. Require " +
            "the subject with StringEquals (or StringLike bounded to your organization), e.g. repo:<org>/<repo>:ref:refs/heads/main.");

        public static readonly TrustRule OidcWildcardSubjectRule = Add(OidcWildcardSubject, FindingSeverity.High, "OIDC subject any repository can meet",
            "An Allow statement conditions the OIDC subject on a pattern that any repository or organization can meet.",
            "Flags an Allow statement admitting an OIDC provider for sts:AssumeRoleWithWebIdentity that has conditions on the subject key, none " +
            "of which bounds it: a condition bounds the subject when its operator is positive (not negated, not Null) and every value either has " +
            "no wildcard or spells out a claim and its owner before the first wildcard (repo:<org>/..., project_path:<group>/..., " +
            "organization:<name>:...). \"*\", \"repo:*\" and \"repo:*/*\" are flagged; \"repo:<org>/*\" is not.",
            "Anyone can create a repository or organization that matches such a pattern and obtain a token for it. Name your organization " +
            "(and preferably the repository and branch or environment) before any wildcard.");

        public static readonly TrustRule OidcMissingAudienceRule = Add(OidcMissingAudience, FindingSeverity.Low, "OIDC trust without audience condition",
            "An Allow statement admits an OIDC provider with no condition on the token's audience.",
            "Flags an Allow statement admitting an OIDC provider for sts:AssumeRoleWithWebIdentity with no positive condition (not negated, not " +
            "Null, not a value of only wildcards) on the provider's audience key (<host/path>:aud; graph.facebook.com:app_id, www.amazon.com:app_id).",
            "The audience names the client the token was issued for. Without it, tokens issued to other clients of the same provider are " +
            "accepted. Require it with StringEquals (sts.amazonaws.com for GitHub Actions, the client or identity pool id otherwise).");

        public static readonly TrustRule ForAllValuesOnSingleValuedKeyRule = Add(ForAllValuesOnSingleValuedKey, FindingSeverity.High, "ForAllValues on a single-valued key",
            "An Allow statement uses ForAllValues: on a single-valued condition key, which matches when the key is absent.",
            "Flags an Allow statement with a ForAllValues: condition on a key known to be single-valued (sts:ExternalId, sts:RoleSessionName, " +
            "sts:SourceIdentity, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, aws:SourceIp, " +
            "aws:MultiFactorAuthPresent, aws:PrincipalTag/..., aws:RequestTag/..., SAML:aud, an OIDC provider's sub or aud, and the other " +
            "single-valued global and STS keys). Multivalued keys (aws:TagKeys, aws:PrincipalOrgPaths, <provider>:amr ...) and keys RoleTrust does not know are not flagged.",
            "ForAllValues: holds when the request has no value for the key at all, so a caller that simply omits the key passes. Use the " +
            "plain operator (StringEquals instead of ForAllValues:StringEquals).");

        public static readonly TrustRule SamlMissingAudienceRule = Add(SamlMissingAudience, FindingSeverity.Low, "SAML trust without SAML:aud",
            "An Allow statement admits a SAML provider with no condition on SAML:aud.",
            "Flags an Allow statement whose Principal is a SAML provider (Federated arn:...:saml-provider/<name>) and whose Action covers " +
            "sts:AssumeRoleWithSAML, when no positive condition (not negated, not Null, not a value of only wildcards) uses SAML:aud.",
            "SAML:aud is the endpoint the assertion was addressed to. Requiring it (usually https://signin.aws.amazon.com/saml) makes sure the " +
            "assertion was meant for AWS sign-in.");

        public static readonly TrustRule ServiceWithoutSourceConditionRule = Add(ServiceWithoutSourceCondition, FindingSeverity.Info, "Service principal without source condition",
            "An Allow statement admits an AWS service without aws:SourceAccount, aws:SourceArn or aws:SourceOrgID.",
            "Flags an Allow statement whose Principal names a service (Service: ...amazonaws.com) and whose Action covers sts:AssumeRole, " +
            "when no condition narrowing the source is present: a positive, non-IfExists condition on aws:SourceAccount, aws:SourceArn, " +
            "aws:SourceOrgID or aws:SourceOrgPaths whose values pin an owner.",
            "Without a source condition, the service may assume the role on behalf of a resource in any account (the cross-service confused " +
            "deputy). Where the service sends these keys, require aws:SourceAccount (or aws:SourceArn) of the resource that uses the role. " +
            "Some services, such as EC2 instance profiles and Lambda execution roles, do not send them.");

        public static readonly TrustRule InvalidTrustElementRule = Add(InvalidTrustElement, FindingSeverity.Medium, "Element invalid in a trust policy",
            "A statement uses NotPrincipal, Resource or NotResource, which IAM rejects in a role trust policy.",
            "Flags any statement, Allow or Deny, that has a NotPrincipal, Resource or NotResource element. IAM refuses to save such a trust " +
            "policy, so the document in the data cannot be the one in force, or was never accepted.",
            "Rewrite NotPrincipal as Principal \"*\" with a condition on aws:PrincipalArn (ArnNotEquals in a Deny), and remove Resource and " +
            "NotResource: the resource of a trust policy is always the role itself.");

        public static readonly TrustRule AccountRootTrustRule = Add(AccountRootTrust, FindingSeverity.Info, "Whole account of the organization trusted",
            "An Allow statement lets a whole other account of the organization assume the role.",
            "Flags an Allow statement whose Action covers sts:AssumeRole and whose Principal names another account of the organization as a " +
            "whole (arn:aws:iam::<id>:root or the bare id), unless a condition on aws:PrincipalArn (naming roles or users, e.g. " +
            "arn:aws:iam::<id>:role/cicd/*) or aws:userid narrows it to some of the account's principals. Without organization data, " +
            "\"of the organization\" means one of the audited accounts. Accounts outside the organization are ThirdPartyWithoutExternalId's; " +
            "the role's own account is not flagged.",
            "Every user and role of that account whose identity policies allow sts:AssumeRole on this role can assume it. Name the principals " +
            "that need it, or keep the account and add a condition on aws:PrincipalArn.");

        /// <summary>Every rule, in contract order; a rule's <see cref="TrustRule.Index"/> is its position here.</summary>
        public static IReadOnlyList<TrustRule> All => Rules;

        private static readonly Dictionary<string, TrustRule> ById = BuildIndex();

        private static Dictionary<string, TrustRule> BuildIndex()
        {
            var index = new Dictionary<string, TrustRule>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in Rules) index[r.Id] = r;
            return index;
        }

        /// <summary>The rule with this id (case-insensitive), or null.</summary>
        public static TrustRule? Find(string id) => ById.TryGetValue(id, out var r) ? r : null;

        public static TrustRule Get(string id) => Find(id) ?? throw new ArgumentException($"'{id}' is not a trust rule id.", nameof(id));
    }
}
