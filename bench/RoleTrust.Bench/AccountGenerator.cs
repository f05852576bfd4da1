using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Json;
using static RoleTrust.Bench.TrustMix;

namespace RoleTrust.Bench
{
    /// <summary>
    /// One account's get-account-authorization-details output: users in groups, roles with the organization's trust mix,
    /// inline and managed identity policies (wildcards, NotAction, Deny, boundaries, several versions), and the
    /// AWS-managed policies attached in the account. Members appear in the order the AWS CLI prints them.
    /// </summary>
    internal sealed class AccountGenerator
    {
        private readonly OrganizationPlan _plan;
        private readonly GeneratedAccount _account;
        private readonly Random _rng;
        private readonly string _id;
        private readonly HashSet<string> _roleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonNode> _trustCache = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _attachments = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _boundaryUses = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<(string name, string arn)> _customerPolicies = new List<(string, string)>();
        private readonly List<Func<JsonNode>> _customerEntries = new List<Func<JsonNode>>();
        private readonly List<JsonNode> _inlinePool = new List<JsonNode>();
        private readonly List<string> _ownRoleArns = new List<string>();
        private string _boundaryArn = "";
        private string _ssoProvider = "";
        private string _oktaProvider = "";
        private string _githubProvider = "";
        private string _eksProvider = "";
        private string _eksPrefix = "";

        public AccountGenerator(OrganizationPlan plan, GeneratedAccount account)
        {
            _plan = plan; _account = account; _id = account.Id;
            _rng = new Random(unchecked(plan.Seed * 1_000_003 + account.Index * 7919 + 17));
        }

        public JsonNode Build()
        {
            _ssoProvider = $"arn:aws:iam::{_id}:saml-provider/AWSSSO_{Ids.Hex(_rng, 16).ToLowerInvariant()}_DO_NOT_DELETE";
            _oktaProvider = $"arn:aws:iam::{_id}:saml-provider/Okta";
            _githubProvider = $"arn:aws:iam::{_id}:oidc-provider/token.actions.githubusercontent.com";
            string region = Words.Regions[_rng.Next(Words.Regions.Length)];
            _eksPrefix = $"oidc.eks.{region}.amazonaws.com/id/{Ids.Hex(_rng, 32)}";
            _eksProvider = $"arn:aws:iam::{_id}:oidc-provider/{_eksPrefix}";

            CustomerManagedPolicies();
            BuildInlinePool();
            var groups = _account.Users > 0 ? Groups() : new List<JsonNode>();
            var users = Users();
            var roles = Roles();
            var policies = _customerEntries.Select(entry => entry()).Concat(AwsManagedPolicies()).ToList();
            return J.O(("UserDetailList", J.A(users)), ("GroupDetailList", J.A(groups)), ("RoleDetailList", J.A(roles)), ("Policies", J.A(policies)));
        }

        // ------------------------------------------------------------------ roles

        private List<JsonNode> Roles()
        {
            var roles = new List<JsonNode>();
            bool member = _account.Kind != AccountKind.Standalone;
            // Roles every member account has: the access role Organizations creates, the security auditor, Identity Center roles, a service-linked role.
            if (member && _account.Kind != AccountKind.Management)
                roles.Add(Role("/", "OrganizationAccountAccessRole", Trust(Statement(AwsPrincipal($"arn:aws:iam::{_plan.Management.Id}:root"), "sts:AssumeRole")),
                    attached: new[] { "AdministratorAccess" }, description: "Created by AWS Organizations"));
            if (member)
            {
                roles.Add(Role("/security/", "auditor", Trust(Statement(AwsPrincipal($"arn:aws:iam::{_plan.Security.Id}:role/security/scanner"), "sts:AssumeRole",
                    Cond("StringEquals", "aws:PrincipalOrgID", J.S(_plan.OrganizationId)))), attached: new[] { "SecurityAudit", "ReadOnlyAccess" }));
                foreach (var set in new[] { "AdministratorAccess", "ReadOnly" })
                    roles.Add(Role($"/aws-reserved/sso.amazonaws.com/{Words.Regions[0]}/", $"AWSReservedSSO_{set}_{Ids.Hex(_rng, 16).ToLowerInvariant()}",
                        Trust(StatementActions(Federated(_ssoProvider), new[] { "sts:AssumeRoleWithSAML", "sts:TagSession" },
                            Cond("StringEquals", "SAML:aud", J.S("https://signin.aws.amazon.com/saml")))),
                        attached: new[] { set == "ReadOnly" ? "ViewOnlyAccess" : "AdministratorAccess" }, maxSession: 43200));
            }
            roles.Add(Role("/aws-service-role/support.amazonaws.com/", "AWSServiceRoleForSupport", Trust(Statement(Service("support.amazonaws.com"), "sts:AssumeRole")),
                attached: new[] { "AWSSupportServiceRolePolicy" }, description: "Enables resource access for AWS to provide billing, administrative and support services"));
            if (_account.Kind == AccountKind.Security && _account == _plan.Security)
                roles.Add(Role("/security/", "scanner", Trust(Statement(Service("lambda.amazonaws.com"), "sts:AssumeRole")), attached: new[] { "SecurityAudit" },
                    inline: new[] { AssumePolicy("AssumeAuditors", new[] { "arn:aws:iam::*:role/security/auditor" }) }));
            if (_account.Kind == AccountKind.Tooling)
                foreach (var name in new[] { "deployer", "terraform-apply", "terraform-plan" })
                    roles.Add(Role("/cicd/", name, Trust(GitHub($"repo:{_plan.GitHubOrganization}/infrastructure:environment:{(name == "terraform-plan" ? "plan" : "production")}", true)),
                        inline: new[] { AssumePolicy("AssumeDeployTargets", new[] { "arn:aws:iam::*:role/cicd/deploy-target", "arn:aws:iam::*:role/cicd/*" }) },
                        attached: new[] { "ReadOnlyAccess" }, maxSession: 7200));

            var mix = _account.Kind switch
            {
                AccountKind.Workload or AccountKind.Sandbox or AccountKind.Standalone => TrustMix.Workload,
                AccountKind.Tooling => TrustMix.Tooling,
                _ => TrustMix.Other,
            };
            int counter = 0;
            while (roles.Count < _account.Roles)
                roles.Add(OrdinaryRole(Pick(mix, _rng), ++counter));
            return roles;
        }

        private JsonNode OrdinaryRole(RoleKind kind, int n)
        {
            string app = Words.Apps[_rng.Next(Words.Apps.Length)];
            string component = Words.Components[_rng.Next(Words.Components.Length)];
            JsonNode trust;
            string path = "/";
            string prefix;
            JsonNode? instanceProfile = null;
            bool lambda = false;
            string hub = _plan.Tooling[_rng.Next(_plan.Tooling.Count)].Id;
            switch (kind)
            {
                case RoleKind.ServiceNoCondition:
                case RoleKind.ServiceWithSource:
                {
                    var (service, p, sendsSource) = Services[_rng.Next(Services.Length)];
                    prefix = p;
                    lambda = service == "lambda.amazonaws.com";
                    path = _rng.Next(3) == 0 ? "/service-role/" : "/";
                    JsonNode? condition = null;
                    if (kind == RoleKind.ServiceWithSource && sendsSource)
                        condition = _rng.Next(3) == 0
                            ? J.O(("StringEquals", J.O(("aws:SourceAccount", J.S(_id)))), ("ArnLike", J.O(("aws:SourceArn", J.S($"arn:aws:{p}:*:{_id}:*")))))
                            : Cond("StringEquals", "aws:SourceAccount", J.S(_id));
                    trust = Trust(Statement(Service(service), "sts:AssumeRole", condition));
                    break;
                }
                case RoleKind.Ec2Instance:
                    prefix = "ec2";
                    trust = Trust(Statement(Service("ec2.amazonaws.com"), "sts:AssumeRole"));
                    break;
                case RoleKind.SameAccountRole:
                    prefix = "chain";
                    trust = Trust(Statement(AwsPrincipal(_ownRoleArns.Count > 0 ? _ownRoleArns[_rng.Next(_ownRoleArns.Count)] : $"arn:aws:iam::{_id}:role/OrganizationAccountAccessRole"), "sts:AssumeRole"));
                    break;
                case RoleKind.SameAccountRoot:
                    prefix = "local";
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{_id}:root"), "sts:AssumeRole", _rng.Next(2) == 0 ? Cond("Bool", "aws:MultiFactorAuthPresent", J.S("true")) : null));
                    break;
                case RoleKind.HubNamedRole:
                case RoleKind.DeletedPrincipal:
                {
                    prefix = "deploy";
                    path = "/cicd/";
                    var principals = new List<string> { $"arn:aws:iam::{hub}:role/cicd/deployer" };
                    if (_rng.Next(3) == 0) principals.Add($"arn:aws:iam::{hub}:role/cicd/terraform-apply");
                    if (kind == RoleKind.DeletedPrincipal) principals.Add(Ids.Unique(_rng, _rng.Next(4) == 0 ? "AIDA" : "AROA"));
                    trust = Trust(StatementActions(AwsPrincipal(principals.ToArray()), new[] { "sts:AssumeRole", "sts:TagSession" }));
                    break;
                }
                case RoleKind.HubRootWithArnCondition:
                    prefix = "deploy";
                    path = "/cicd/";
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{hub}:root"), "sts:AssumeRole", Cond("ArnLike", "aws:PrincipalArn", J.S($"arn:aws:iam::{hub}:role/cicd/*"))));
                    break;
                case RoleKind.HubRoot:
                    prefix = "deploy";
                    path = "/cicd/";
                    trust = Trust(Statement(AwsPrincipal(hub), "sts:AssumeRole"));
                    break;
                case RoleKind.HumanFromIdentity:
                {
                    prefix = "human";
                    path = "/human/";
                    var condition = J.O(("Bool", J.O(("aws:MultiFactorAuthPresent", J.S("true")))),
                        ("NumericLessThan", J.O(("aws:MultiFactorAuthAge", J.S("43200")))));
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{_plan.Identity.Id}:root"), "sts:AssumeRole", condition));
                    break;
                }
                case RoleKind.SsoSamlWithAudience:
                    prefix = "federated";
                    trust = Trust(StatementActions(Federated(_oktaProvider), new[] { "sts:AssumeRoleWithSAML", "sts:TagSession" },
                        Cond("StringEquals", "SAML:aud", J.S("https://signin.aws.amazon.com/saml"))));
                    break;
                case RoleKind.SamlWithoutAudience:
                    prefix = "federated";
                    trust = Trust(Statement(Federated(_oktaProvider), "sts:AssumeRoleWithSAML"));
                    break;
                case RoleKind.GitHubExact:
                    prefix = "gha";
                    trust = Trust(GitHub($"repo:{_plan.GitHubOrganization}/{app}:ref:refs/heads/{(_rng.Next(3) == 0 ? "release" : "main")}", true));
                    break;
                case RoleKind.GitHubOrganization:
                    prefix = "gha";
                    trust = Trust(GitHub($"repo:{_plan.GitHubOrganization}/*", true, like: true));
                    break;
                case RoleKind.GitHubWildcard:
                    prefix = "gha";
                    trust = Trust(GitHub(_rng.Next(2) == 0 ? "repo:*" : "*", true, like: true));
                    break;
                case RoleKind.GitHubNoSubject:
                    prefix = "gha";
                    trust = Trust(Statement(Federated(_githubProvider), "sts:AssumeRoleWithWebIdentity",
                        Cond("StringEquals", "token.actions.githubusercontent.com:aud", J.S("sts.amazonaws.com"))));
                    break;
                case RoleKind.GitHubNoAudience:
                    prefix = "gha";
                    trust = Trust(GitHub($"repo:{_plan.GitHubOrganization}/{app}:environment:prod", false));
                    break;
                case RoleKind.EksServiceAccount:
                    prefix = "irsa";
                    trust = Trust(Statement(Federated(_eksProvider), "sts:AssumeRoleWithWebIdentity",
                        J.O(("StringEquals", J.O(($"{_eksPrefix}:sub", J.S($"system:serviceaccount:{app}:{component}")), ($"{_eksPrefix}:aud", J.S("sts.amazonaws.com")))))));
                    break;
                case RoleKind.VendorWithExternalId:
                case RoleKind.VendorWithoutExternalId:
                {
                    prefix = "vendor";
                    path = "/vendor/";
                    string vendor = _plan.VendorAccounts[_rng.Next(_plan.VendorAccounts.Count)];
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{vendor}:root"), "sts:AssumeRole",
                        kind == RoleKind.VendorWithExternalId ? Cond("StringEquals", "sts:ExternalId", J.S(Ids.Hex(_rng, 24))) : null));
                    break;
                }
                case RoleKind.WildcardOrgNarrowed:
                    prefix = "shared";
                    trust = Trust(Statement(AwsPrincipal("*"), "sts:AssumeRole", _rng.Next(2) == 0
                        ? Cond("StringEquals", "aws:PrincipalOrgID", J.S(_plan.OrganizationId))
                        : Cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", J.S($"{_plan.OrganizationId}/{_plan.RootId}/*"))));
                    break;
                case RoleKind.WildcardIfExists:
                    prefix = "shared";
                    trust = Trust(Statement(AwsPrincipal("*"), "sts:AssumeRole", Cond("StringEqualsIfExists", "aws:PrincipalOrgID", J.S(_plan.OrganizationId))));
                    break;
                case RoleKind.WildcardOpen:
                    prefix = "public";
                    trust = Trust(Statement(J.S("*"), "sts:AssumeRole", _rng.Next(2) == 0 ? Cond("StringEquals", "aws:PrincipalTag/team", J.S("platform")) : null));
                    break;
                case RoleKind.ForAllValuesExternalId:
                {
                    prefix = "vendor";
                    path = "/vendor/";
                    string vendor = _plan.VendorAccounts[_rng.Next(_plan.VendorAccounts.Count)];
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{vendor}:root"), "sts:AssumeRole", Cond("ForAllValues:StringEquals", "sts:ExternalId", J.S(Ids.Hex(_rng, 24)))));
                    break;
                }
                default: // StandalonePartner: an account that has a file in the snapshot but is not in the organization
                {
                    prefix = "partner";
                    var standalone = _plan.Accounts.Where(a => a.Kind == AccountKind.Standalone && a.Id != _id).ToList();
                    string other = standalone.Count > 0 ? standalone[_rng.Next(standalone.Count)].Id : _plan.VendorAccounts[0];
                    trust = Trust(Statement(AwsPrincipal($"arn:aws:iam::{other}:role/integration"), "sts:AssumeRole"));
                    break;
                }
            }
            string name = UniqueName($"{prefix}-{app}-{component}-{n}");
            if (kind == RoleKind.Ec2Instance) instanceProfile = J.S(name);
            bool human = kind == RoleKind.HumanFromIdentity;
            var inline = new List<JsonNode>();
            int inlineCount = _rng.Next(10) switch { 0 => 0, < 7 => 1, _ => 2 };
            for (int i = 0; i < inlineCount; i++) inline.Add(_inlinePool[_rng.Next(_inlinePool.Count)]);
            if (kind == RoleKind.SameAccountRole || (kind == RoleKind.HubNamedRole && _rng.Next(4) == 0))
                inline.Add(AssumePolicy("AssumeNext", new[] { $"arn:aws:iam::{_id}:role/chain-*", $"arn:aws:iam::*:role/cicd/deploy-*" }));
            var attached = new List<string>();
            int attachedCount = _rng.Next(4);
            for (int i = 0; i < attachedCount; i++)
                attached.Add(_rng.Next(2) == 0 ? AwsManagedForRoles[_rng.Next(AwsManagedForRoles.Length)] : _customerPolicies[_rng.Next(_customerPolicies.Count)].name);
            if (lambda) attached.Add("AWSLambdaBasicExecutionRole");
            if (human) attached.Add(_rng.Next(3) == 0 ? "PowerUserAccess" : "ReadOnlyAccess");
            int maxSession = human ? (_rng.Next(2) == 0 ? 14400 : 43200) : _rng.Next(10) == 0 ? 7200 : 3600;
            var role = Role(path, name, trust, inline, attached.Distinct().ToArray(), maxSession,
                description: _rng.Next(2) == 0 ? $"{prefix} role for {app} {component}" : null,
                boundary: _account.Kind == AccountKind.Workload && !_account.Production && _rng.Next(3) == 0,
                instanceProfile: instanceProfile != null);
            if (kind != RoleKind.GitHubWildcard && kind != RoleKind.WildcardOpen && _ownRoleArns.Count < 50) _ownRoleArns.Add($"arn:aws:iam::{_id}:role{path}{name}");
            return role;
        }

        private JsonNode GitHub(string subject, bool audience, bool like = false)
        {
            var members = new List<KeyValuePair<string, JsonNode>>();
            var equals = new List<KeyValuePair<string, JsonNode>>();
            if (audience) equals.Add(new KeyValuePair<string, JsonNode>("token.actions.githubusercontent.com:aud", J.S("sts.amazonaws.com")));
            if (!like) equals.Add(new KeyValuePair<string, JsonNode>("token.actions.githubusercontent.com:sub", J.S(subject)));
            if (equals.Count > 0) members.Add(new KeyValuePair<string, JsonNode>("StringEquals", JsonNode.Object(equals)));
            if (like) members.Add(new KeyValuePair<string, JsonNode>("StringLike", J.O(("token.actions.githubusercontent.com:sub", J.S(subject)))));
            return Statement(Federated(_githubProvider), "sts:AssumeRoleWithWebIdentity", JsonNode.Object(members));
        }

        /// <summary>Identical trust documents are one shared tree (roles share them, as stamped-out roles do in real accounts).</summary>
        private JsonNode Trust(JsonNode statement)
        {
            var doc = J.Policy(statement);
            string key = JsonWriter.Write(doc);
            if (_trustCache.TryGetValue(key, out var shared)) return shared;
            _trustCache[key] = doc;
            return doc;
        }

        private string UniqueName(string name)
        {
            string candidate = name;
            for (int i = 2; !_roleNames.Add(candidate); i++) candidate = name + "-" + i;
            return candidate;
        }

        private JsonNode Role(string path, string name, JsonNode trust, IEnumerable<JsonNode>? inline = null, string[]? attached = null, int maxSession = 3600,
            string? description = null, bool boundary = false, bool instanceProfile = false)
        {
            _roleNames.Add(name);
            string arn = $"arn:aws:iam::{_id}:role{path}{name}";
            string roleId = Ids.Unique(_rng, "AROA");
            string created = Ids.Date(_rng);
            var inlineList = (inline ?? Enumerable.Empty<JsonNode>()).ToList();
            var profiles = new List<JsonNode>();
            if (instanceProfile)
                profiles.Add(J.O(("Path", J.S(path)), ("InstanceProfileName", J.S(name)), ("InstanceProfileId", J.S(Ids.Unique(_rng, "AIPA"))),
                    ("Arn", J.S($"arn:aws:iam::{_id}:instance-profile{path}{name}")), ("CreateDate", J.S(created)),
                    ("Roles", J.A(J.O(("Path", J.S(path)), ("RoleName", J.S(name)), ("RoleId", J.S(roleId)), ("Arn", J.S(arn)), ("CreateDate", J.S(created)),
                        ("AssumeRolePolicyDocument", trust))))));
            var tags = new List<JsonNode>();
            int tagCount = 1 + _rng.Next(5);
            string[] keys = { "team", "cost-center", "environment", "application", "owner", "data-classification" };
            for (int i = 0; i < tagCount; i++)
                tags.Add(J.O(("Key", J.S(keys[i])), ("Value", J.S(i switch { 0 => Words.Teams[_rng.Next(Words.Teams.Length)], 1 => "cc-" + _rng.Next(1000, 9999), 2 => _account.Production ? "prod" : "dev", 3 => Words.Apps[_rng.Next(Words.Apps.Length)], _ => Words.FirstNames[_rng.Next(Words.FirstNames.Length)] + "@example.com" }))));
            var lastUsed = _rng.Next(4) == 0 ? J.O() : J.O(("LastUsedDate", J.S(Ids.Date(_rng))), ("Region", J.S(Words.Regions[_rng.Next(Words.Regions.Length)])));
            return J.O(
                ("Path", J.S(path)), ("RoleName", J.S(name)), ("RoleId", J.S(roleId)), ("Arn", J.S(arn)), ("CreateDate", J.S(created)),
                ("AssumeRolePolicyDocument", trust),
                ("InstanceProfileList", J.A(profiles)),
                ("RolePolicyList", J.A(inlineList.Select((p, i) => J.O(("PolicyName", J.S(p.Get("__name")?.Text ?? $"inline-{i}")), ("PolicyDocument", Document(p)))))),
                ("AttachedManagedPolicies", J.A((attached ?? Array.Empty<string>()).Select(Attach))),
                ("PermissionsBoundary", boundary ? BoundaryRef() : null),
                ("Tags", tags.Count > 0 ? J.A(tags) : null),
                ("RoleLastUsed", lastUsed),
                ("MaxSessionDuration", J.N(maxSession)),
                ("Description", description == null ? null : J.S(description)));
        }

        // ------------------------------------------------------------------ users and groups

        private static readonly string[] GroupNames = { "Administrators", "Developers", "ReadOnly", "BreakGlass", "Auditors", "DataEngineers", "Support" };

        private List<JsonNode> Groups()
        {
            var groups = new List<JsonNode>();
            foreach (var g in GroupNames)
            {
                var policies = new List<JsonNode> { ForceMfaPolicy() };
                string[] attached;
                switch (g)
                {
                    case "Administrators":
                        policies.Add(AssumePolicy("AssumeAdminRoles", new[] { "arn:aws:iam::*:role/human/*", "arn:aws:iam::*:role/OrganizationAccountAccessRole" }));
                        attached = new[] { "IAMUserChangePassword" };
                        break;
                    case "Developers":
                        policies.Add(AssumePolicy("AssumeDeveloperRoles", new[] { "arn:aws:iam::*:role/human/human-*" }, denyProd: true));
                        attached = new[] { "IAMUserChangePassword", _customerPolicies[0].name };
                        break;
                    case "BreakGlass":
                        policies.Add(J.O(("__name", J.S("BreakGlassAdmin")), ("Version", J.S("2012-10-17")), ("Statement", J.A(
                            J.O(("Effect", J.S("Allow")), ("NotAction", J.Strings(new[] { "organizations:*", "account:*" })), ("Resource", J.S("*")))))));
                        attached = Array.Empty<string>();
                        break;
                    default:
                        policies.Add(AssumePolicy("Assume" + g, new[] { "arn:aws:iam::*:role/security/auditor", "arn:aws:iam::*:role/human/*readonly*" }));
                        attached = new[] { "ReadOnlyAccess" };
                        break;
                }
                groups.Add(J.O(("Path", J.S("/")), ("GroupName", J.S(g)), ("GroupId", J.S(Ids.Unique(_rng, "AGPA"))), ("Arn", J.S($"arn:aws:iam::{_id}:group/{g}")),
                    ("CreateDate", J.S(Ids.Date(_rng))),
                    ("GroupPolicyList", J.A(policies.Select(p => J.O(("PolicyName", J.S(p.Get("__name")!.Text!)), ("PolicyDocument", Document(p)))))),
                    ("AttachedManagedPolicies", J.A(attached.Select(Attach)))));
            }
            return groups;
        }

        private List<JsonNode> Users()
        {
            var users = new List<JsonNode>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < _account.Users; i++)
            {
                bool service = _account.Kind != AccountKind.Identity || _rng.Next(10) == 0;
                string name;
                do name = service ? $"svc-{Words.Apps[_rng.Next(Words.Apps.Length)]}-{_rng.Next(1000)}" : $"{Words.FirstNames[_rng.Next(Words.FirstNames.Length)]}.{Words.FirstNames[_rng.Next(Words.FirstNames.Length)]}{_rng.Next(100)}";
                while (!names.Add(name));
                var groupList = new List<string>();
                int groupCount = 1 + _rng.Next(2);
                for (int g = 0; g < groupCount; g++)
                {
                    string group = _rng.Next(10) switch { 0 => "Administrators", 1 => "BreakGlass", < 6 => "Developers", 6 => "Auditors", 7 => "DataEngineers", 8 => "Support", _ => "ReadOnly" };
                    if (!groupList.Contains(group)) groupList.Add(group);
                }
                if (_account.Kind != AccountKind.Identity && _rng.Next(2) == 0) groupList.Clear();
                var inline = new List<JsonNode>();
                if (service || _rng.Next(8) == 0) inline.Add(_inlinePool[_rng.Next(_inlinePool.Count)]);
                var attached = new List<string>();
                if (_rng.Next(4) == 0) attached.Add(_customerPolicies[_rng.Next(_customerPolicies.Count)].name);
                var tags = service ? J.A(J.O(("Key", J.S("owner")), ("Value", J.S(Words.FirstNames[_rng.Next(Words.FirstNames.Length)] + "@example.com")))) : null;
                users.Add(J.O(("Path", J.S(service ? "/service/" : "/")), ("UserName", J.S(name)), ("UserId", J.S(Ids.Unique(_rng, "AIDA"))),
                    ("Arn", J.S($"arn:aws:iam::{_id}:user{(service ? "/service/" : "/")}{name}")), ("CreateDate", J.S(Ids.Date(_rng))),
                    ("UserPolicyList", inline.Count == 0 ? null : J.A(inline.Select((p, k) => J.O(("PolicyName", J.S(p.Get("__name")?.Text ?? $"inline-{k}")), ("PolicyDocument", Document(p)))))),
                    ("GroupList", J.Strings(groupList)),
                    ("AttachedManagedPolicies", J.A(attached.Select(Attach))),
                    ("PermissionsBoundary", !service && _rng.Next(5) == 0 ? BoundaryRef() : null),
                    ("Tags", tags)));
            }
            return users;
        }

        // ------------------------------------------------------------------ identity policies

        private JsonNode AssumePolicy(string name, IEnumerable<string> resources, bool denyProd = false)
        {
            var statements = new List<JsonNode>
            {
                J.O(("Sid", J.S(name)), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "sts:AssumeRole", "sts:TagSession" })), ("Resource", J.Strings(resources))),
            };
            if (denyProd)
                statements.Add(J.O(("Sid", J.S("DenyProd")), ("Effect", J.S("Deny")), ("Action", J.S("sts:AssumeRole")), ("Resource", J.S("arn:aws:iam::*:role/human/*admin*")),
                    ("Condition", J.O(("StringNotEquals", J.O(("aws:PrincipalTag/role", J.S("lead"))))))));
            return J.O(("__name", J.S(name)), ("Version", J.S("2012-10-17")), ("Statement", J.A(statements)));
        }

        private JsonNode ForceMfaPolicy() => J.O(("__name", J.S("ForceMFA")), ("Version", J.S("2012-10-17")), ("Statement", J.A(
            J.O(("Sid", J.S("DenyAllExceptListedIfNoMFA")), ("Effect", J.S("Deny")),
                ("NotAction", J.Strings(new[] { "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken" })),
                ("Resource", J.S("*")), ("Condition", J.O(("BoolIfExists", J.O(("aws:MultiFactorAuthPresent", J.S("false"))))))))));

        /// <summary>Inline policies roles and users reuse: service access with wildcards, Deny guards, NotAction grants, chaining.</summary>
        private void BuildInlinePool()
        {
            for (int i = 0; i < 12; i++)
            {
                string app = Words.Apps[_rng.Next(Words.Apps.Length)];
                string bucket = $"{app}-{_id}-{Words.Components[_rng.Next(Words.Components.Length)]}";
                var statements = new List<JsonNode>
                {
                    J.O(("Sid", J.S("Data")), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "s3:GetObject*", "s3:PutObject", "s3:ListBucket" })),
                        ("Resource", J.Strings(new[] { $"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*" }))),
                    J.O(("Sid", J.S("Table")), ("Effect", J.S("Allow")), ("Action", J.S("dynamodb:*")),
                        ("Resource", J.S($"arn:aws:dynamodb:{Words.Regions[_rng.Next(3)]}:{_id}:table/{app}*"))),
                };
                switch (i % 4)
                {
                    case 0:
                        statements.Add(J.O(("Sid", J.S("NoDeletes")), ("Effect", J.S("Deny")), ("Action", J.Strings(new[] { "s3:DeleteBucket", "dynamodb:DeleteTable" })), ("Resource", J.S("*"))));
                        break;
                    case 1:
                        statements.Add(J.O(("Sid", J.S("EverythingButIam")), ("Effect", J.S("Allow")), ("NotAction", J.Strings(new[] { "iam:*", "organizations:*", "account:*" })), ("Resource", J.S("*"))));
                        break;
                    case 2:
                        statements.Add(J.O(("Sid", J.S("Queue")), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage" })),
                            ("Resource", J.S($"arn:aws:sqs:*:{_id}:{app}-*")), ("Condition", J.O(("StringEquals", J.O(("aws:ResourceTag/application", J.S(app))))))));
                        break;
                    default:
                        statements.Add(J.O(("Sid", J.S("AssumeDownstream")), ("Effect", J.S("Allow")), ("Action", J.S("sts:AssumeRole")),
                            ("Resource", J.S($"arn:aws:iam::*:role/{app}-*")), ("Condition", J.O(("StringEquals", J.O(("aws:ResourceOrgID", J.S(_plan.OrganizationId))))))));
                        break;
                }
                _inlinePool.Add(J.O(("__name", J.S($"{app}-access")), ("Version", J.S("2012-10-17")), ("Statement", J.A(statements))));
            }
        }

        /// <summary>The account's own managed policies (one is the permissions boundary); written last, when attachment counts are known.</summary>
        private void CustomerManagedPolicies()
        {
            int count = 4 + (int)Math.Sqrt(_account.Roles) / 2 + _rng.Next(4);
            _boundaryArn = $"arn:aws:iam::{_id}:policy/boundaries/DeveloperBoundary";
            for (int i = 0; i < count; i++)
            {
                bool boundary = i == 0;
                string name = boundary ? "DeveloperBoundary" : $"{Words.Apps[_rng.Next(Words.Apps.Length)]}-{Words.Components[_rng.Next(Words.Components.Length)]}-{i}";
                string path = boundary ? "/boundaries/" : "/";
                string arn = $"arn:aws:iam::{_id}:policy{path}{name}";
                if (!boundary) _customerPolicies.Add((name, arn));
                int versions = 1 + _rng.Next(5);
                int defaultVersion = 1 + _rng.Next(versions);
                var versionList = new List<JsonNode>();
                for (int v = versions; v >= 1; v--)
                    versionList.Add(J.O(("Document", boundary ? BoundaryDocument(v) : ManagedDocument(v)), ("VersionId", J.S("v" + v)), ("IsDefaultVersion", J.B(v == defaultVersion)),
                        ("CreateDate", J.S(Ids.Date(_rng)))));
                string policyId = Ids.Unique(_rng, "ANPA"), created = Ids.Date(_rng), updated = Ids.Date(_rng);
                _customerEntries.Add(() => J.O(("PolicyName", J.S(name)), ("PolicyId", J.S(policyId)), ("Arn", J.S(arn)), ("Path", J.S(path)),
                    ("DefaultVersionId", J.S("v" + defaultVersion)), ("AttachmentCount", J.N(_attachments.TryGetValue(arn, out var a) ? a : 0)),
                    ("PermissionsBoundaryUsageCount", J.N(_boundaryUses.TryGetValue(arn, out var b) ? b : 0)), ("IsAttachable", J.B(true)),
                    ("CreateDate", J.S(created)), ("UpdateDate", J.S(updated)), ("PolicyVersionList", J.A(versionList))));
            }
            if (_customerPolicies.Count == 0) _customerPolicies.Add(("DeveloperBoundary", _boundaryArn));
        }

        private JsonNode ManagedDocument(int version)
        {
            string app = Words.Apps[_rng.Next(Words.Apps.Length)];
            var statements = new List<JsonNode>
            {
                J.O(("Sid", J.S("Read")), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "s3:Get*", "s3:List*", "logs:Describe*", "logs:Get*", "cloudwatch:GetMetricData", "kms:Decrypt" }.Take(2 + version))),
                    ("Resource", J.S("*"))),
                J.O(("Sid", J.S("Write")), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "sqs:SendMessage", "sns:Publish", "events:PutEvents" })),
                    ("Resource", J.Strings(new[] { $"arn:aws:sqs:*:{_id}:{app}-*", $"arn:aws:sns:*:{_id}:{app}-*", $"arn:aws:events:*:{_id}:event-bus/{app}" }))),
            };
            if (version % 2 == 0)
                statements.Add(J.O(("Sid", J.S("DenyUnencrypted")), ("Effect", J.S("Deny")), ("Action", J.S("s3:PutObject")), ("Resource", J.S("*")),
                    ("Condition", J.O(("StringNotEquals", J.O(("s3:x-amz-server-side-encryption", J.S("aws:kms"))))))));
            if (version >= 3)
                statements.Add(J.O(("Sid", J.S("PassOwnRoles")), ("Effect", J.S("Allow")), ("Action", J.S("iam:PassRole")), ("Resource", J.S($"arn:aws:iam::{_id}:role/{app}-*")),
                    ("Condition", J.O(("StringEquals", J.O(("iam:PassedToService", J.Strings(new[] { "lambda.amazonaws.com", "ecs-tasks.amazonaws.com" }))))))));
            return J.Policy(statements.ToArray());
        }

        private static JsonNode BoundaryDocument(int version) => J.Policy(
            J.O(("Sid", J.S("AllowMostServices")), ("Effect", J.S("Allow")), ("NotAction", J.Strings(new[] { "iam:*", "organizations:*", "account:*" }.Take(1 + Math.Min(version, 2)))), ("Resource", J.S("*"))),
            J.O(("Sid", J.S("AllowReadIamAndAssume")), ("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "iam:Get*", "iam:List*", "iam:PassRole", "sts:AssumeRole" })), ("Resource", J.S("*"))),
            J.O(("Sid", J.S("DenyBoundaryChanges")), ("Effect", J.S("Deny")), ("Action", J.Strings(new[] { "iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "iam:CreatePolicyVersion" })),
                ("Resource", J.S("*"))));

        private JsonNode BoundaryRef()
        {
            _boundaryUses[_boundaryArn] = _boundaryUses.TryGetValue(_boundaryArn, out var n) ? n + 1 : 1;
            return J.O(("PermissionsBoundaryType", J.S("Policy")), ("PermissionsBoundaryArn", J.S(_boundaryArn)));
        }

        private JsonNode Attach(string name)
        {
            string arn = AwsManaged.ContainsKey(name) ? AwsManagedArn(name) : _customerPolicies.FirstOrDefault(p => p.name == name).arn ?? _boundaryArn;
            _attachments[arn] = _attachments.TryGetValue(arn, out var n) ? n + 1 : 1;
            return J.O(("PolicyName", J.S(name)), ("PolicyArn", J.S(arn)));
        }

        /// <summary>A policy as stored: the generator's __name marker removed.</summary>
        private static JsonNode Document(JsonNode p) =>
            p.Get("__name") == null ? p : JsonNode.Object(p.Members!.Where(m => m.Key != "__name").ToList());

        // ------------------------------------------------------------------ AWS managed policies

        private static readonly string[] ServicePrefixes =
        {
            "access-analyzer", "acm", "apigateway", "application-autoscaling", "appsync", "athena", "autoscaling", "backup", "batch", "cloudformation", "cloudfront",
            "cloudtrail", "cloudwatch", "codebuild", "codecommit", "codedeploy", "codepipeline", "cognito-identity", "cognito-idp", "config", "dax", "directconnect",
            "dms", "ds", "dynamodb", "ec2", "ecr", "ecs", "eks", "elasticache", "elasticbeanstalk", "elasticfilesystem", "elasticloadbalancing", "elasticmapreduce",
            "es", "events", "firehose", "fsx", "glacier", "glue", "guardduty", "iam", "inspector2", "iot", "kafka", "kinesis", "kms", "lambda", "logs", "macie2",
            "mq", "organizations", "rds", "redshift", "route53", "s3", "sagemaker", "secretsmanager", "securityhub", "ses", "sns", "sqs", "ssm", "states", "sts",
            "tag", "transfer", "waf", "wafv2", "workspaces", "xray",
        };

        private static readonly string[] AwsManagedForRoles = { "ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "CloudWatchAgentServerPolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore", "AdministratorAccess" };

        private static string AwsManagedArn(string name) => name switch
        {
            "AWSLambdaBasicExecutionRole" => "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "AWSSupportServiceRolePolicy" => "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy",
            "ViewOnlyAccess" or "SecurityAudit" => "arn:aws:iam::aws:policy/job-function/" + (name == "ViewOnlyAccess" ? "ViewOnlyAccess" : "SecurityAudit"),
            _ => "arn:aws:iam::aws:policy/" + name,
        };

        /// <summary>Documents shaped like the AWS-managed ones (the read-only ones are long action lists, as the real ones are).</summary>
        private static readonly Dictionary<string, JsonNode> AwsManaged = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["AdministratorAccess"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.S("*")), ("Resource", J.S("*")))),
            ["PowerUserAccess"] = J.Policy(
                J.O(("Effect", J.S("Allow")), ("NotAction", J.Strings(new[] { "iam:*", "organizations:*", "account:*" })), ("Resource", J.S("*"))),
                J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization", "account:ListRegions" })), ("Resource", J.S("*")))),
            ["ReadOnlyAccess"] = ReadActions("ReadOnlyAccessStatement", 140, new[] { "Describe*", "Get*", "List*", "BatchGet*" }),
            ["ViewOnlyAccess"] = ReadActions("ViewOnlyAccessStatement", 90, new[] { "Describe*", "List*" }),
            ["SecurityAudit"] = ReadActions("SecurityAuditStatement", 110, new[] { "Describe*", "GetPolicy*", "List*", "GetBucket*" }),
            ["AmazonS3ReadOnlyAccess"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*" })), ("Resource", J.S("*")))),
            ["AWSLambdaBasicExecutionRole"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents" })), ("Resource", J.S("*")))),
            ["CloudWatchAgentServerPolicy"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "cloudwatch:PutMetricData", "ec2:DescribeVolumes", "ec2:DescribeTags", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:CreateLogStream", "logs:CreateLogGroup" })), ("Resource", J.S("*"))),
                J.O(("Effect", J.S("Allow")), ("Action", J.S("ssm:GetParameter")), ("Resource", J.S("arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*")))),
            ["AmazonEC2ContainerRegistryReadOnly"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage" })), ("Resource", J.S("*")))),
            ["AmazonSSMManagedInstanceCore"] = J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest", "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations", "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult", "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation" })), ("Resource", J.S("*"))),
                J.O(("Effect", J.S("Allow")), ("Action", J.Strings(new[] { "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply" })), ("Resource", J.S("*")))),
            ["AWSSupportServiceRolePolicy"] = ReadActions("AWSSupportAccess", 60, new[] { "Describe*", "Get*" }),
            ["IAMUserChangePassword"] = J.Policy(
                J.O(("Effect", J.S("Allow")), ("Action", J.S("iam:ChangePassword")), ("Resource", J.S("arn:aws:iam::*:user/${aws:username}"))),
                J.O(("Effect", J.S("Allow")), ("Action", J.S("iam:GetAccountPasswordPolicy")), ("Resource", J.S("*")))),
        };

        private static JsonNode ReadActions(string sid, int count, string[] verbs)
        {
            var actions = new List<string>();
            for (int i = 0; actions.Count < count; i++)
                actions.Add($"{ServicePrefixes[i % ServicePrefixes.Length]}:{verbs[(i / ServicePrefixes.Length) % verbs.Length]}");
            return J.Policy(J.O(("Sid", J.S(sid)), ("Effect", J.S("Allow")), ("Action", J.Strings(actions)), ("Resource", J.S("*"))));
        }

        /// <summary>The AWS-managed policies attached in this account, as get-account-authorization-details lists them (default version only).</summary>
        private IEnumerable<JsonNode> AwsManagedPolicies()
        {
            foreach (var entry in AwsManaged)
            {
                string arn = AwsManagedArn(entry.Key);
                if (!_attachments.TryGetValue(arn, out int count)) continue;
                string path = arn.Substring("arn:aws:iam::aws:policy".Length, arn.Length - "arn:aws:iam::aws:policy".Length - entry.Key.Length);
                yield return J.O(("PolicyName", J.S(entry.Key)), ("PolicyId", J.S("ANPA" + Ids.Hex(new Random(entry.Key.Length * 7919 + entry.Key[0]), 17))), ("Arn", J.S(arn)), ("Path", J.S(path)),
                    ("DefaultVersionId", J.S("v3")), ("AttachmentCount", J.N(count)), ("PermissionsBoundaryUsageCount", J.N(0)), ("IsAttachable", J.B(true)),
                    ("CreateDate", J.S("2015-02-06T18:39:46+00:00")), ("UpdateDate", J.S("2023-07-21T18:02:41+00:00")),
                    ("PolicyVersionList", J.A(J.O(("Document", entry.Value), ("VersionId", J.S("v3")), ("IsDefaultVersion", J.B(true)), ("CreateDate", J.S("2023-07-21T18:02:41+00:00"))))));
            }
        }
    }
}
