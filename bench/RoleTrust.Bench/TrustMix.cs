using System;
using System.Collections.Generic;
using RoleTrust.Engine.Json;

namespace RoleTrust.Bench
{
    /// <summary>One kind of role and how often it occurs among an account's ordinary roles (weights, not percentages).</summary>
    internal enum RoleKind
    {
        ServiceNoCondition, ServiceWithSource, Ec2Instance, SameAccountRole, SameAccountRoot, HubNamedRole, HubRootWithArnCondition, HubRoot,
        HumanFromIdentity, SsoSamlWithAudience, SamlWithoutAudience, GitHubExact, GitHubOrganization, GitHubWildcard, GitHubNoSubject,
        GitHubNoAudience, EksServiceAccount, VendorWithExternalId, VendorWithoutExternalId, WildcardOrgNarrowed, WildcardIfExists, WildcardOpen,
        ForAllValuesExternalId, DeletedPrincipal, StandalonePartner,
    }

    /// <summary>
    /// The trust policies of a realistic organization: mostly service roles (many without source conditions), hub-and-spoke
    /// deployment from a few tooling accounts, people from the identity account with MFA, Identity Center (SAML) roles,
    /// GitHub Actions and EKS web identity, vendors, and a tail of risky shapes (wildcards, deleted principals).
    /// </summary>
    internal static class TrustMix
    {
        public static readonly (RoleKind kind, double weight)[] Workload =
        {
            (RoleKind.ServiceNoCondition, 24), (RoleKind.ServiceWithSource, 16), (RoleKind.Ec2Instance, 7), (RoleKind.SameAccountRole, 5),
            (RoleKind.SameAccountRoot, 3), (RoleKind.HubNamedRole, 9), (RoleKind.HubRootWithArnCondition, 4), (RoleKind.HubRoot, 2.5),
            (RoleKind.HumanFromIdentity, 5), (RoleKind.SsoSamlWithAudience, 5), (RoleKind.SamlWithoutAudience, 0.8), (RoleKind.GitHubExact, 4),
            (RoleKind.GitHubOrganization, 1.5), (RoleKind.GitHubWildcard, 0.4), (RoleKind.GitHubNoSubject, 0.3), (RoleKind.GitHubNoAudience, 0.5),
            (RoleKind.EksServiceAccount, 3), (RoleKind.VendorWithExternalId, 2.2), (RoleKind.VendorWithoutExternalId, 0.6),
            (RoleKind.WildcardOrgNarrowed, 0.8), (RoleKind.WildcardIfExists, 0.15), (RoleKind.WildcardOpen, 0.08), (RoleKind.ForAllValuesExternalId, 0.15),
            (RoleKind.DeletedPrincipal, 0.8), (RoleKind.StandalonePartner, 0.4),
        };

        public static readonly (RoleKind kind, double weight)[] Tooling =
        {
            (RoleKind.ServiceNoCondition, 10), (RoleKind.ServiceWithSource, 10), (RoleKind.GitHubExact, 20), (RoleKind.GitHubOrganization, 8),
            (RoleKind.GitHubWildcard, 1), (RoleKind.GitHubNoAudience, 2), (RoleKind.SameAccountRole, 10), (RoleKind.HumanFromIdentity, 5),
            (RoleKind.Ec2Instance, 6), (RoleKind.EksServiceAccount, 6),
        };

        public static readonly (RoleKind kind, double weight)[] Other =
        {
            (RoleKind.ServiceNoCondition, 30), (RoleKind.ServiceWithSource, 20), (RoleKind.HumanFromIdentity, 15), (RoleKind.HubNamedRole, 10),
            (RoleKind.SsoSamlWithAudience, 10), (RoleKind.SameAccountRole, 10), (RoleKind.Ec2Instance, 5),
        };

        public static RoleKind Pick((RoleKind kind, double weight)[] mix, Random rng)
        {
            double total = 0;
            foreach (var m in mix) total += m.weight;
            double x = rng.NextDouble() * total;
            foreach (var m in mix)
            {
                if (x < m.weight) return m.kind;
                x -= m.weight;
            }
            return mix[mix.Length - 1].kind;
        }

        /// <summary>Services that assume roles, and whether they send aws:SourceAccount/aws:SourceArn when they do.</summary>
        public static readonly (string service, string prefix, bool sendsSource)[] Services =
        {
            ("lambda.amazonaws.com", "lambda", false), ("ecs-tasks.amazonaws.com", "task", false), ("states.amazonaws.com", "sfn", true),
            ("events.amazonaws.com", "events", true), ("glue.amazonaws.com", "glue", true), ("codebuild.amazonaws.com", "codebuild", true),
            ("sns.amazonaws.com", "sns", true), ("firehose.amazonaws.com", "firehose", true), ("sagemaker.amazonaws.com", "sagemaker", true),
            ("apigateway.amazonaws.com", "apigw", true), ("scheduler.amazonaws.com", "scheduler", true), ("backup.amazonaws.com", "backup", true),
            ("pipes.amazonaws.com", "pipes", true), ("datasync.amazonaws.com", "datasync", true),
        };

        public static JsonNode Statement(JsonNode principal, string action, JsonNode? condition = null, string? sid = null) =>
            J.O(("Sid", sid == null ? null : J.S(sid)), ("Effect", J.S("Allow")), ("Principal", principal), ("Action", J.S(action)), ("Condition", condition));

        public static JsonNode StatementActions(JsonNode principal, IReadOnlyList<string> actions, JsonNode? condition = null, string? sid = null) =>
            J.O(("Sid", sid == null ? null : J.S(sid)), ("Effect", J.S("Allow")), ("Principal", principal), ("Action", J.OneOrMany(actions)), ("Condition", condition));

        public static JsonNode AwsPrincipal(params string[] principals) => J.O(("AWS", J.OneOrMany(principals)));
        public static JsonNode Service(string service) => J.O(("Service", J.S(service)));
        public static JsonNode Federated(string provider) => J.O(("Federated", J.S(provider)));
        public static JsonNode Cond(string op, string key, JsonNode value) => J.O((op, J.O((key, value))));
    }
}
