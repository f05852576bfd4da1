using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>What kind of resource-based policy, if any, governs a request (docs/evaluation-rules.md, "Service exceptions").</summary>
    public enum ResourcePolicyRole
    {
        /// <summary>An ordinary resource-based policy (bucket, queue, secret ...): within one account either side may grant.</summary>
        Ordinary,
        /// <summary>A role's trust policy for assuming the role: it must always allow, even within one account.</summary>
        RoleTrust,
        /// <summary>A KMS key policy: every key has one and it must always allow, even within one account.</summary>
        KeyPolicy,
        /// <summary>
        /// Any other action on a role (iam:PassRole, iam:GetRole ...): the trust policy governs only assuming the role,
        /// so no resource-based policy takes part and only the caller's own account can be granted.
        /// </summary>
        NoneForRoleAction,
    }

    /// <summary>The service-specific exceptions to the general evaluation logic that AWS documents.</summary>
    public static class ServiceRules
    {
        /// <summary>
        /// Services whose resources resource control policies apply to (AWS Organizations User Guide, "List of AWS
        /// services that support RCPs", as of early 2026). Requests for other services' resources are not affected by RCPs.
        /// </summary>
        public static readonly IReadOnlyList<string> RcpServices = new[]
        {
            "s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "logs", "cognito-idp", "cognito-identity",
        };

        /// <summary>
        /// Actions no policy can allow or deny: sts:GetCallerIdentity needs no permission, and an explicit deny does
        /// not stop it, because a denied call would reveal the same information (STS API Reference, GetCallerIdentity).
        /// </summary>
        public static bool NeedsNoPermission(string action) => string.Equals(action, "sts:GetCallerIdentity", StringComparison.OrdinalIgnoreCase);

        /// <summary>Actions a role's trust policy authorizes (assuming the role and the session actions that come with it).</summary>
        public static bool IsAssumeRoleFamily(string action) =>
            action.StartsWith("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) || string.Equals(action, "sts:TagSession", StringComparison.OrdinalIgnoreCase)
            || string.Equals(action, "sts:SetSourceIdentity", StringComparison.OrdinalIgnoreCase) || string.Equals(action, "sts:SetContext", StringComparison.OrdinalIgnoreCase);

        public static bool IsRole(string resource) => Arn.TryParse(resource, out var arn) && IsRole(arn);

        /// <summary>A KMS key (not an alias: access to aliases is controlled by identity-based policies alone).</summary>
        public static bool IsKmsKey(string resource) => Arn.TryParse(resource, out var arn) && IsKmsKey(arn);

        private static bool IsRole(Arn arn) => arn.Service == "iam" && arn.Resource.StartsWith("role/", StringComparison.Ordinal);
        private static bool IsKmsKey(Arn arn) => arn.Service == "kms" && arn.Resource.StartsWith("key/", StringComparison.Ordinal);

        public static ResourcePolicyRole Classify(string action, string resource) => Classify(action, Arn.TryParse(resource, out var arn) ? arn : null);

        [MethodImpl(HotPath.Options)]
        internal static ResourcePolicyRole Classify(string action, Arn? resource)
        {
            if (resource == null) return ResourcePolicyRole.Ordinary;
            if (IsRole(resource)) return IsAssumeRoleFamily(action) ? ResourcePolicyRole.RoleTrust : ResourcePolicyRole.NoneForRoleAction;
            if (IsKmsKey(resource)) return ResourcePolicyRole.KeyPolicy;
            return ResourcePolicyRole.Ordinary;
        }

        /// <summary>
        /// Why a change to this resource may be refused whatever the policies say, or null: the resource belongs to AWS
        /// (an AWS managed policy, a role IAM Identity Center keeps under /aws-reserved/sso.amazonaws.com/, a KMS alias
        /// under alias/aws/). Only changes count: reading actions (Get, List, Describe, Generate, Simulate) and assuming
        /// a role are ordinary. Not modelled beyond this warning: which calls AWS refuses, and how it answers.
        /// </summary>
        internal static string? AwsReservedChange(string action, Arn? resource)
        {
            if (resource == null) return null;
            string? what =
                resource.Service == "iam" && resource.Account == "aws" && resource.Resource.StartsWith("policy/", StringComparison.Ordinal) ? "an AWS managed policy, which nobody can change"
                : resource.Service == "iam" && resource.Resource.StartsWith("role/aws-reserved/sso.amazonaws.com/", StringComparison.Ordinal) ? "a role that IAM Identity Center creates and manages"
                : resource.Service == "kms" && resource.Resource.StartsWith("alias/aws/", StringComparison.Ordinal) ? "an alias reserved for an AWS managed key"
                : null;
            if (what == null) return null;
            int colon = action.IndexOf(':');
            string verb = colon < 0 ? action : action.Substring(colon + 1);
            if (action.StartsWith("sts:", StringComparison.OrdinalIgnoreCase)) return null;
            foreach (var read in ReadVerbs)
                if (verb.StartsWith(read, StringComparison.OrdinalIgnoreCase)) return null;
            return what;
        }

        private static readonly string[] ReadVerbs = { "Get", "List", "Describe", "Generate", "Simulate" };

        /// <summary>
        /// Whether resource control policies apply to this action: they apply to the actions of the services listed in
        /// <see cref="RcpServices"/> (sts:AssumeRole on a role included, although the role's ARN is an iam ARN).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static bool RcpsApplyTo(string action)
        {
            int colon = action.IndexOf(':');
            if (colon <= 0) return false;
            foreach (var service in RcpServices)
                if (service.Length == colon && string.Compare(action, 0, service, 0, colon, StringComparison.OrdinalIgnoreCase) == 0) return true;
            return false;
        }
    }
}
