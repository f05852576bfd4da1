using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Deterministic generator of sts:AssumeRole cases shaped like a real AWS Organization: a fixed set of
    /// accounts, OUs, teams, roles and users, a pool of a few hundred distinct policies reused across cases,
    /// and per-case request context (source IP, MFA, org ID, external ID, tags).
    ///
    /// <c>expect</c> is derived by simple, independent logic: every generated statement carries a predicate
    /// written from the documented IAM rules for that one statement (never the engine). The decision is only
    /// written when it follows obviously from those predicates: any applicable Deny, a missing SCP or trust
    /// allow, or every gate allowing. Same-account cases where the identity side or the boundary does not
    /// allow depend on the trust policy's exact principal form and are left without <c>expect</c>.
    /// </summary>
    public sealed class CaseGenerator
    {
        private const string OrgId = "o-a1b2c3d4e5";
        private static readonly string[] Teams = { "platform", "data", "payments", "web", "ml", "security" };
        private static readonly string[] CorpCidrs = { "10.0.0.0/8", "192.0.2.0/24", "203.0.113.0/25" };

        private readonly Random _rng;
        private readonly List<Account> _accounts = new List<Account>();
        private readonly List<Account> _external = new List<Account>();
        private readonly List<Target> _targets = new List<Target>();
        private readonly List<Caller> _callers = new List<Caller>();
        private readonly List<Policy> _identityPool = new List<Policy>();
        private readonly Dictionary<string, Policy> _boundaries = new Dictionary<string, Policy>();
        private readonly List<Policy> _rcpPool = new List<Policy>();
        private Policy _fullAccess = null!;
        private readonly Dictionary<string, Ou> _ous = new Dictionary<string, Ou>();

        public CaseGenerator(int seed) { _rng = new Random(seed); BuildOrg(); }

        // ---------------------------------------------------------------- model

        private sealed class Account
        {
            public string Id = "";
            public Ou? Ou;                     // null: not in the organization (vendor / partner)
            public Policy? Rcp;                // RCP attached to this account's OU, when any
            public List<Target> Roles = new List<Target>();
        }

        private sealed class Ou
        {
            public string Id = "";
            public List<Policy> Policies = new List<Policy>();   // policies attached at the OU level
        }

        private sealed class Policy
        {
            public string Json = "";
            public List<Stmt> Statements = new List<Stmt>();
        }

        /// <summary>One statement and whether it applies to an sts:AssumeRole request (action, resource, principal, conditions).</summary>
        private sealed class Stmt
        {
            public bool Deny;
            public Func<Req, bool> Applies = _ => false;
        }

        private sealed class Target
        {
            public Account Account = null!;
            public string Name = "", Path = "/", Team = "";
            public string Arn => $"arn:aws:iam::{Account.Id}:role{Path}{Name}";
            public Policy Trust = null!;
            public string? ExternalId;
            public List<Caller> Intended = new List<Caller>();
            public List<Account> IntendedAccounts = new List<Account>();
        }

        private enum CallerKind { User, Role, Session }

        private sealed class Caller
        {
            public CallerKind Kind;
            public Account Account = null!;
            public string Name = "", Path = "/", Team = "", Env = "";
            public bool HasTeamTag = true;
            public string RoleArn => $"arn:aws:iam::{Account.Id}:role{Path}{Name}";
            public string UserArn => $"arn:aws:iam::{Account.Id}:user{Path}{Name}";
            /// <summary>The value of aws:PrincipalArn (the role ARN with its path for sessions).</summary>
            public string PrincipalArn => Kind == CallerKind.User ? UserArn : RoleArn;
            public List<Policy> Identity = new List<Policy>();
            public Policy? Boundary;
        }

        /// <summary>One generated request with the context values it carries (null: key absent).</summary>
        private sealed class Req
        {
            public Caller Caller = null!;
            public Target Target = null!;
            public string? SourceIp, Mfa, PrincipalOrgId, ExternalId;
            public bool CrossAccount => Caller.Account != Target.Account;
            public string? TeamTag => Caller.HasTeamTag ? Caller.Team : null;
        }

        // ---------------------------------------------------------------- JSON helpers

        private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private static JsonNode Strs(params string[] values) => values.Length == 1 ? JsonValue.Create(values[0])! : new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

        private static JsonObject Cond(params (string op, string key, string[] values)[] items)
        {
            var o = new JsonObject();
            foreach (var (op, key, values) in items)
            {
                if (!o.ContainsKey(op)) o[op] = new JsonObject();
                ((JsonObject)o[op]!)[key] = Strs(values);
            }
            return o;
        }

        private static JsonObject St(string effect, string? sid, JsonNode? principal, string actionKey, JsonNode action, string? resourceKey, JsonNode? resource, JsonObject? condition)
        {
            var s = new JsonObject();
            if (sid != null) s["Sid"] = sid;
            s["Effect"] = effect;
            if (principal != null) s["Principal"] = principal;
            s[actionKey] = action;
            if (resourceKey != null) s[resourceKey] = resource;
            if (condition != null) s["Condition"] = condition;
            return s;
        }

        private sealed class PolicyBuilder
        {
            private readonly JsonArray _statements = new JsonArray();
            private readonly Policy _policy = new Policy();
            public PolicyBuilder Add(JsonObject statement, bool deny, Func<Req, bool> applies)
            {
                _statements.Add(statement);
                _policy.Statements.Add(new Stmt { Deny = deny, Applies = applies });
                return this;
            }
            public PolicyBuilder Add(JsonObject statement) => Add(statement, false, _ => false); // not relevant to sts:AssumeRole
            public Policy Build()
            {
                var root = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = _statements };
                _policy.Json = root.ToJsonString(Compact);
                return _policy;
            }
        }

        // ---------------------------------------------------------------- predicates (documented IAM rules, per statement)

        private static bool InCorp(string ip)
        {
            var parts = ip.Split('.').Select(int.Parse).ToArray();
            return parts[0] == 10 || (parts[0] == 192 && parts[1] == 0 && parts[2] == 2) || (parts[0] == 203 && parts[1] == 0 && parts[2] == 113 && parts[3] < 128);
        }

        /// <summary>Text after ":role/" in an ARN, or null.</summary>
        private static string? AfterRole(string arn)
        {
            int i = arn.IndexOf(":role/", StringComparison.Ordinal);
            return i < 0 ? null : arn.Substring(i + 6);
        }

        // ---------------------------------------------------------------- organization

        private string NewAccountId() => _rng.Next(100000, 999999).ToString() + _rng.Next(100000, 999999).ToString();

        private T Pick<T>(IReadOnlyList<T> list) => list[_rng.Next(list.Count)];
        private bool Chance(double p) => _rng.NextDouble() < p;

        private void BuildOrg()
        {
            _fullAccess = new PolicyBuilder().Add(St("Allow", "FullAWSAccess", null, "Action", "*", "Resource", "*", null), false, _ => true).Build();

            // OUs with their deny-lists; "ou-legacy" lost FullAWSAccess in a migration (SCP implicit deny).
            string[] ouNames = { "ou-prod", "ou-nonprod", "ou-sandbox", "ou-security", "ou-legacy" };
            foreach (var n in ouNames) _ous[n] = new Ou { Id = n + "-" + _rng.Next(10000, 99999).ToString("x") };
            for (int i = 0; i < 28; i++)
            {
                var ou = _ous[ouNames[i < 10 ? 0 : i < 18 ? 1 : i < 23 ? 2 : i < 26 ? 3 : 4]];
                _accounts.Add(new Account { Id = NewAccountId(), Ou = ou });
            }
            for (int i = 0; i < 6; i++) _external.Add(new Account { Id = NewAccountId() });
            var sandboxIds = _accounts.Where(a => a.Ou == _ous["ou-sandbox"]).Select(a => a.Id).ToArray();

            var regionDeny = new PolicyBuilder()
                .Add(St("Deny", "DenyOutsideApprovedRegions", null, "NotAction", Strs("iam:*", "organizations:*", "sts:*", "route53:*", "cloudfront:*", "support:*", "budgets:*"),
                    "Resource", "*", Cond(("StringNotEquals", "aws:RequestedRegion", new[] { "us-east-1", "eu-west-1" }))), true, _ => false) // sts:* excluded by NotAction
                .Add(St("Deny", "DenyLeaveOrg", null, "Action", Strs("organizations:LeaveOrganization", "account:CloseAccount"), "Resource", "*", null), true, _ => false)
                .Build();
            var protectOrgRole = new PolicyBuilder()
                .Add(St("Deny", "ProtectOrgAccessRole", null, "Action", Strs("sts:AssumeRole"), "Resource", "arn:aws:iam::*:role/OrganizationAccountAccessRole",
                    Cond(("ArnNotLike", "aws:PrincipalArn", new[] { "arn:aws:iam::*:role/admin-*" }))), true,
                    r => r.Target.Name == "OrganizationAccountAccessRole" && !(AfterRole(r.Caller.PrincipalArn)?.StartsWith("admin-", StringComparison.Ordinal) ?? false))
                .Add(St("Deny", "DenyRootUser", null, "Action", "*", "Resource", "*", Cond(("StringLike", "aws:PrincipalArn", new[] { "arn:aws:iam::*:root" }))), true, _ => false)
                .Add(St("Deny", "DenyCloudTrailChanges", null, "Action", Strs("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"), "Resource", "*", null), true, _ => false)
                .Build();
            var sandboxFence = new PolicyBuilder()
                .Add(St("Deny", "SandboxAssumeOnlyInSandbox", null, "Action", Strs("sts:AssumeRole"), "NotResource", Strs(sandboxIds.Select(id => $"arn:aws:iam::{id}:role/*").ToArray()), null), true,
                    r => !sandboxIds.Contains(r.Target.Account.Id))
                .Add(St("Deny", "NoIamUsers", null, "Action", Strs("iam:CreateUser", "iam:CreateAccessKey"), "Resource", "*", null), true, _ => false)
                .Build();
            var securityDeny = new PolicyBuilder()
                .Add(St("Deny", "DenyGuardDutyChanges", null, "Action", Strs("guardduty:Delete*", "guardduty:Disassociate*", "securityhub:Disable*"), "Resource", "*", null), true, _ => false)
                .Build();

            _ous["ou-prod"].Policies.AddRange(new[] { _fullAccess, regionDeny, protectOrgRole });
            _ous["ou-nonprod"].Policies.AddRange(new[] { _fullAccess, regionDeny });
            _ous["ou-sandbox"].Policies.AddRange(new[] { _fullAccess, regionDeny, sandboxFence });
            _ous["ou-security"].Policies.AddRange(new[] { _fullAccess, securityDeny, protectOrgRole });
            _ous["ou-legacy"].Policies.AddRange(new[] { regionDeny });

            // RCPs: an STS data perimeter on prod and security (one variant exempts vendor accounts).
            var vendorIds = _external.Take(3).Select(a => a.Id).ToArray();
            var perimeter = new PolicyBuilder()
                .Add(St("Deny", "EnforceOrgIdentities", "*", "Action", Strs("sts:AssumeRole"), "Resource", "*",
                    Cond(("StringNotEqualsIfExists", "aws:PrincipalOrgID", new[] { OrgId }), ("BoolIfExists", "aws:PrincipalIsAWSService", new[] { "false" }))), true,
                    r => r.PrincipalOrgId != OrgId)
                .Build();
            var perimeterVendors = new PolicyBuilder()
                .Add(St("Deny", "EnforceOrgIdentitiesExceptVendors", "*", "Action", Strs("sts:AssumeRole", "sts:TagSession"), "Resource", "*",
                    Cond(("StringNotEqualsIfExists", "aws:PrincipalOrgID", new[] { OrgId }), ("StringNotEquals", "aws:PrincipalAccount", vendorIds),
                         ("BoolIfExists", "aws:PrincipalIsAWSService", new[] { "false" }))), true,
                    r => r.PrincipalOrgId != OrgId && !vendorIds.Contains(r.Caller.Account.Id))
                .Add(St("Deny", "EnforceTls", "*", "Action", Strs("s3:*"), "Resource", "*", Cond(("BoolIfExists", "aws:SecureTransport", new[] { "false" }))), true, _ => false)
                .Build();
            _rcpPool.Add(perimeter); _rcpPool.Add(perimeterVendors);
            foreach (var a in _accounts)
            {
                if (a.Ou == _ous["ou-prod"]) a.Rcp = perimeterVendors;
                else if (a.Ou == _ous["ou-security"]) a.Rcp = perimeter;
            }

            BuildIdentityPool();
            BuildBoundaries();
            BuildCallers();
            BuildTargets();
        }

        private void BuildIdentityPool()
        {
            // Reused managed-style policies: some allow sts:AssumeRole, some deny it, many are irrelevant to it.
            _identityPool.Add(new PolicyBuilder()
                .Add(St("Allow", "ReadOnly", null, "Action", Strs("s3:Get*", "s3:List*", "ec2:Describe*", "cloudwatch:Get*", "logs:FilterLogEvents"), "Resource", "*", null))
                .Add(St("Deny", "NoSecrets", null, "Action", Strs("secretsmanager:GetSecretValue"), "Resource", "*", null), true, _ => false).Build());
            _identityPool.Add(new PolicyBuilder().Add(St("Allow", "AdministratorAccess", null, "Action", "*", "Resource", "*", null), false, _ => true).Build());
            _identityPool.Add(new PolicyBuilder()
                .Add(St("Allow", "PowerUser", null, "NotAction", Strs("iam:*", "organizations:*", "account:*"), "Resource", "*", null), false, _ => true)
                .Add(St("Allow", "IamRead", null, "Action", Strs("iam:Get*", "iam:List*", "iam:CreateServiceLinkedRole"), "Resource", "*", null)).Build());
            _identityPool.Add(new PolicyBuilder()
                .Add(St("Allow", "AssumeAnyRole", null, "Action", Strs("sts:AssumeRole", "sts:TagSession"), "Resource", "arn:aws:iam::*:role/*", null), false, _ => true).Build());
            _identityPool.Add(new PolicyBuilder()
                .Add(St("Allow", null, null, "Action", "sts:AssumeRole", "Resource", "*", null), false, _ => true)
                .Add(St("Deny", "NoProdRoles", null, "Action", "sts:AssumeRole", "Resource", "arn:aws:iam::*:role/*prod*", null), true,
                    r => AfterRole(r.Target.Arn)!.Contains("prod")).Build());
            // Force-MFA for humans: deny everything but MFA self-service unless MFA is present.
            _identityPool.Add(new PolicyBuilder()
                .Add(St("Allow", "SelfService", null, "Action", Strs("iam:ChangePassword", "iam:GetUser", "iam:*MFADevice*"), "Resource", "arn:aws:iam::*:user/${aws:username}", null))
                .Add(St("Deny", "DenyAllExceptListedIfNoMFA", null, "NotAction", Strs("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ChangePassword", "sts:GetSessionToken"),
                    "Resource", "*", Cond(("BoolIfExists", "aws:MultiFactorAuthPresent", new[] { "false" }))), true,
                    r => r.Mfa != "true").Build());
            foreach (var team in Teams)
            {
                string t = team;
                _identityPool.Add(new PolicyBuilder()
                    .Add(St("Allow", "TeamData", null, "Action", Strs("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"), "Resource", $"arn:aws:dynamodb:*:*:table/{t}-*", null))
                    .Add(St("Allow", "TeamQueues", null, "Action", Strs("sqs:SendMessage", "sqs:ReceiveMessage"), "Resource", $"arn:aws:sqs:us-east-1:*:{t}-*", null))
                    .Add(St("Allow", "AssumeTeamRoles", null, "Action", "sts:AssumeRole", "Resource", $"arn:aws:iam::*:role/{t}-*", null), false,
                        r => r.Target.Arn.IndexOf(":role/" + t + "-", StringComparison.Ordinal) > 0).Build());
                _identityPool.Add(new PolicyBuilder()
                    .Add(St("Allow", "TeamBuckets", null, "Action", Strs("s3:GetObject", "s3:PutObject"), "Resource", $"arn:aws:s3:::{t}-artifacts/*", null))
                    .Add(St("Deny", "NoProdUnlessProdEnv", null, "Action", "sts:AssumeRole", "Resource", "arn:aws:iam::*:role/*prod*",
                        Cond(("StringNotEquals", "aws:PrincipalTag/env", new[] { "prod" }))), true,
                        r => AfterRole(r.Target.Arn)!.Contains("prod") && r.Caller.Env != "prod").Build());
            }
            // Per-account delegation policies: allow assuming any role in a few named accounts.
            for (int i = 0; i < 40; i++)
            {
                var accts = Enumerable.Range(0, 1 + _rng.Next(3)).Select(_ => Pick(_accounts).Id).Distinct().ToArray();
                var b = new PolicyBuilder()
                    .Add(St("Allow", "AssumeIntoAccounts", null, "Action", "sts:AssumeRole", "Resource", Strs(accts.Select(a => $"arn:aws:iam::{a}:role/*").ToArray()), null), false,
                        r => accts.Contains(r.Target.Account.Id));
                if (Chance(0.5))
                    b.Add(St("Allow", "Logs", null, "Action", Strs("logs:CreateLogStream", "logs:PutLogEvents"), "Resource", $"arn:aws:logs:us-east-1:{accts[0]}:log-group:/app/*", null));
                if (Chance(0.3))
                    b.Add(St("Deny", "NoBreakGlass", null, "Action", "sts:AssumeRole", "Resource", "arn:aws:iam::*:role/admin-breakglass", null), true,
                        r => r.Target.Name == "admin-breakglass" && r.Target.Path == "/");
                _identityPool.Add(b.Build());
            }
        }

        private void BuildBoundaries()
        {
            _boundaries["broad"] = new PolicyBuilder()
                .Add(St("Allow", "AllowAll", null, "Action", "*", "Resource", "*", null), false, _ => true)
                .Add(St("Deny", "NoIamWrite", null, "Action", Strs("iam:Create*", "iam:Put*", "iam:Attach*", "iam:Delete*"), "Resource", "*", null), true, _ => false).Build();
            _boundaries["dev"] = new PolicyBuilder()
                .Add(St("Allow", "DevServices", null, "Action", Strs("s3:*", "ec2:*", "dynamodb:*", "sqs:*", "sts:AssumeRole"), "Resource", "*", null), false, _ => true).Build();
            _boundaries["narrow"] = new PolicyBuilder()
                .Add(St("Allow", "ObserveOnly", null, "Action", Strs("s3:Get*", "logs:*", "cloudwatch:*"), "Resource", "*", null)).Build();
            _boundaries["team"] = new PolicyBuilder()
                .Add(St("Allow", "TeamRolesOnly", null, "Action", "sts:AssumeRole", "Resource", "arn:aws:iam::*:role/${aws:PrincipalTag/team}-*", null), false,
                    r => r.TeamTag != null && r.Target.Arn.IndexOf(":role/" + r.TeamTag + "-", StringComparison.Ordinal) > 0)
                .Add(St("Allow", "Storage", null, "Action", Strs("s3:*", "dynamodb:*"), "Resource", "*", null)).Build();
        }

        /// <summary>Any pool policy but the force-MFA one, which only humans carry.</summary>
        private Policy PickWorkloadPolicy()
        {
            int i = _rng.Next(_identityPool.Count - 1);
            return _identityPool[i >= ForceMfaIndex ? i + 1 : i];
        }

        private const int ForceMfaIndex = 5;

        private static readonly string[] RoleSuffixes = { "deploy", "readonly", "operator", "prod-deploy", "ci", "etl", "prod-admin" };

        private void BuildCallers()
        {
            var identityAccount = _accounts[_accounts.Count / 2];
            // Human users in the identity account.
            for (int i = 0; i < 90; i++)
            {
                var team = Pick(Teams);
                var c = new Caller
                {
                    Kind = CallerKind.User, Account = identityAccount, Team = team, Env = Chance(0.3) ? "prod" : "dev",
                    Name = $"{team}.user{i:D3}", Path = Chance(0.3) ? $"/people/{team}/" : "/", HasTeamTag = Chance(0.9),
                };
                c.Identity.Add(_identityPool[ForceMfaIndex]);
                c.Identity.Add(PickWorkloadPolicy());
                if (Chance(0.5)) c.Identity.Add(PickWorkloadPolicy());
                if (Chance(0.3)) c.Boundary = _boundaries[Pick(new[] { "broad", "dev", "narrow", "team" })];
                _callers.Add(c);
            }
            // Workload roles (called as sessions mostly, sometimes as the role itself) in every account.
            foreach (var a in _accounts.Concat(_external))
            {
                int n = 3 + _rng.Next(6);
                for (int i = 0; i < n; i++)
                {
                    var team = Pick(Teams);
                    string name = i == 0 && _accounts.Contains(a) && Chance(0.4) ? "admin-" + team : $"{team}-{Pick(RoleSuffixes)}-{i}";
                    var c = new Caller
                    {
                        Kind = Chance(0.85) ? CallerKind.Session : CallerKind.Role, Account = a, Team = team, Env = Chance(0.5) ? "prod" : "dev",
                        Name = name, Path = Chance(0.25) ? "/service/" : "/", HasTeamTag = Chance(0.85),
                    };
                    c.Identity.Add(PickWorkloadPolicy());
                    if (Chance(0.6)) c.Identity.Add(PickWorkloadPolicy());
                    if (Chance(0.2)) c.Identity.Add(_identityPool[Chance(0.5) ? 3 : 1]);
                    if (Chance(0.25)) c.Boundary = _boundaries[Pick(new[] { "broad", "dev", "narrow", "team" })];
                    _callers.Add(c);
                }
            }
        }

        private void BuildTargets()
        {
            string[] fixedNames = { "OrganizationAccountAccessRole", "admin-breakglass" };
            foreach (var a in _accounts.Concat(_external.Take(2)))
            {
                int n = 6 + _rng.Next(6);
                for (int i = 0; i < n; i++)
                {
                    var team = Pick(Teams);
                    var t = new Target
                    {
                        Account = a, Team = team,
                        Name = i < fixedNames.Length ? fixedNames[i] : $"{team}-{Pick(RoleSuffixes)}",
                        Path = i >= fixedNames.Length && Chance(0.2) ? $"/teams/{team}/" : "/",
                    };
                    if (a.Roles.Any(r => r.Name == t.Name)) t.Name += "-" + i;
                    t.Trust = BuildTrust(t);
                    a.Roles.Add(t);
                    _targets.Add(t);
                }
            }
        }

        private Policy BuildTrust(Target t)
        {
            var b = new PolicyBuilder();
            var acct = t.Account;
            var sameAccountCallers = _callers.Where(c => c.Account == acct).ToList();
            int statements = 0;
            JsonNode actions = Chance(0.5) ? Strs("sts:AssumeRole") : Strs("sts:AssumeRole", "sts:TagSession");

            if (t.Name == "OrganizationAccountAccessRole")
            {
                var mgmt = _accounts[0];
                b.Add(St("Allow", null, new JsonObject { ["AWS"] = $"arn:aws:iam::{mgmt.Id}:root" }, "Action", "sts:AssumeRole", null, null, null), false,
                    r => r.Caller.Account == mgmt);
                t.IntendedAccounts.Add(mgmt);
                statements++;
            }
            if (t.Name == "admin-breakglass")
            {
                var humans = _callers.Where(c => c.Kind == CallerKind.User).OrderBy(_ => _rng.Next()).Take(3).ToList();
                b.Add(St("Allow", "BreakGlassHumansWithMfa", new JsonObject { ["AWS"] = Strs(humans.Select(h => h.UserArn).ToArray()) }, "Action", actions.DeepClone(), null, null,
                    Cond(("Bool", "aws:MultiFactorAuthPresent", new[] { "true" }))), false,
                    r => humans.Contains(r.Caller) && r.Mfa == "true");
                t.Intended.AddRange(humans);
                statements++;
            }
            var used = new HashSet<int>();
            while (statements == 0 || (statements < 3 && Chance(0.35)))
            {
                statements++;
                int kind = _rng.Next(6);
                if (!used.Add(kind)) continue;
                switch (kind)
                {
                    case 0: // same-account delegation
                        b.Add(St("Allow", "SameAccount", new JsonObject { ["AWS"] = $"arn:aws:iam::{acct.Id}:root" }, "Action", actions.DeepClone(), null, null, null), false,
                            r => r.Caller.Account == acct);
                        t.IntendedAccounts.Add(acct);
                        break;
                    case 1: // vendor / partner account with an external ID
                    {
                        var other = Chance(0.6) ? Pick(_external) : Pick(_accounts);
                        string extId = "ext-" + _rng.Next(100000, 999999);
                        t.ExternalId = extId;
                        b.Add(St("Allow", "PartnerWithExternalId", new JsonObject { ["AWS"] = Chance(0.5) ? other.Id : $"arn:aws:iam::{other.Id}:root" }, "Action", "sts:AssumeRole", null, null,
                            Cond(("StringEquals", "sts:ExternalId", new[] { extId }))), false,
                            r => r.Caller.Account == other && r.ExternalId == extId);
                        t.IntendedAccounts.Add(other);
                        break;
                    }
                    case 2: // specific roles, same or other accounts
                    {
                        var roles = _callers.Where(c => c.Kind != CallerKind.User).OrderBy(_ => _rng.Next()).Take(1 + _rng.Next(3)).ToList();
                        if (sameAccountCallers.Count > 0 && Chance(0.5)) { var s = Pick(sameAccountCallers); if (s.Kind != CallerKind.User && !roles.Contains(s)) roles.Add(s); }
                        b.Add(St("Allow", "NamedRoles", new JsonObject { ["AWS"] = Strs(roles.Select(c => c.RoleArn).ToArray()) }, "Action", actions.DeepClone(), null, null, null), false,
                            r => r.Caller.Kind != CallerKind.User && roles.Contains(r.Caller));
                        t.Intended.AddRange(roles);
                        break;
                    }
                    case 3: // named users with MFA
                    {
                        var users = _callers.Where(c => c.Kind == CallerKind.User).OrderBy(_ => _rng.Next()).Take(1 + _rng.Next(4)).ToList();
                        b.Add(St("Allow", "UsersWithMfa", new JsonObject { ["AWS"] = Strs(users.Select(c => c.UserArn).ToArray()) }, "Action", actions.DeepClone(), null, null,
                            Cond(("Bool", "aws:MultiFactorAuthPresent", new[] { "true" }))), false,
                            r => users.Contains(r.Caller) && r.Mfa == "true");
                        t.Intended.AddRange(users);
                        break;
                    }
                    case 4: // anyone in the organization
                        b.Add(St("Allow", "AnyoneInOrg", new JsonObject { ["AWS"] = "*" }, "Action", actions.DeepClone(), null, null,
                            Cond(("StringEquals", "aws:PrincipalOrgID", new[] { OrgId }))), false,
                            r => r.PrincipalOrgId == OrgId);
                        t.IntendedAccounts.AddRange(_accounts.Take(3));
                        break;
                    default: // team roles anywhere in the org, by tag
                        b.Add(St("Allow", "TeamRolesInOrg", new JsonObject { ["AWS"] = "*" }, "Action", actions.DeepClone(), null, null,
                            Cond(("StringEquals", "aws:PrincipalOrgID", new[] { OrgId }), ("StringLike", "aws:PrincipalArn", new[] { "arn:aws:iam::*:role/*${aws:PrincipalTag/team}-*" }))), false,
                            r => r.PrincipalOrgId == OrgId && r.TeamTag != null
                                 && AfterRole(r.Caller.PrincipalArn) is string rest && r.Caller.PrincipalArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal)
                                 && rest.Contains(r.TeamTag + "-"));
                        t.Intended.AddRange(_callers.Where(c => c.Team == t.Team && c.Kind != CallerKind.User).Take(4));
                        break;
                }
            }
            if (Chance(0.3))
                b.Add(St("Deny", "DenyOutsideCorpNetwork", new JsonObject { ["AWS"] = "*" }, "Action", "sts:AssumeRole", null, null,
                    Cond(("NotIpAddress", "aws:SourceIp", CorpCidrs))), true,
                    r => r.SourceIp == null || !InCorp(r.SourceIp)); // negated operator, key missing: condition true
            return b.Build();
        }

        // ---------------------------------------------------------------- cases

        public int DistinctPolicies
        {
            get
            {
                var set = new HashSet<string>(_identityPool.Select(p => p.Json));
                foreach (var p in _boundaries.Values) set.Add(p.Json);
                foreach (var p in _rcpPool) set.Add(p.Json);
                foreach (var o in _ous.Values) foreach (var p in o.Policies) set.Add(p.Json);
                foreach (var t in _targets) set.Add(t.Trust.Json);
                return set.Count;
            }
        }

        public void Write(TextWriter w, int count)
        {
            for (int i = 0; i < count; i++) w.Write(NextCase(i) + "\n");
        }

        private string NextCase(int index)
        {
            var target = Pick(_targets);
            Caller caller;
            double roll = _rng.NextDouble();
            if (roll < 0.45 && target.Intended.Count > 0) caller = Pick(target.Intended);
            else if (roll < 0.75 && target.IntendedAccounts.Count > 0)
            {
                var acct = Pick(target.IntendedAccounts);
                var inAcct = _callers.Where(c => c.Account == acct).ToList();
                caller = inAcct.Count > 0 ? Pick(inAcct) : Pick(_callers);
            }
            else caller = Pick(_callers);

            var req = new Req { Caller = caller, Target = target };
            if (Chance(0.9)) req.SourceIp = Chance(0.8) ? $"10.{_rng.Next(256)}.{_rng.Next(256)}.{_rng.Next(1, 255)}" : $"198.51.100.{_rng.Next(1, 255)}";
            if (caller.Kind == CallerKind.User) req.Mfa = Chance(0.7) ? "true" : Chance(0.5) ? "false" : null;
            else if (Chance(0.2)) req.Mfa = "false";
            if (caller.Account.Ou != null && Chance(0.93)) req.PrincipalOrgId = OrgId;
            if (target.ExternalId != null && Chance(0.8)) req.ExternalId = Chance(0.85) ? target.ExternalId : "ext-wrong";

            // Context as a case file gives it.
            var ctx = new JsonObject();
            if (req.SourceIp != null) ctx["aws:SourceIp"] = req.SourceIp;
            if (req.Mfa != null) ctx["aws:MultiFactorAuthPresent"] = req.Mfa;
            if (req.PrincipalOrgId != null) ctx["aws:PrincipalOrgID"] = req.PrincipalOrgId;
            if (req.ExternalId != null) ctx["sts:ExternalId"] = req.ExternalId;
            if (caller.Kind == CallerKind.Session) ctx["aws:PrincipalArn"] = caller.RoleArn;
            if (caller.HasTeamTag) ctx["aws:PrincipalTag/team"] = caller.Team;
            ctx["aws:PrincipalTag/env"] = caller.Env;
            ctx["aws:RequestedRegion"] = Chance(0.8) ? "us-east-1" : "eu-west-1";
            if (Chance(0.3)) ctx["aws:TagKeys"] = new JsonArray("team", "cost-center");

            var o = new JsonObject
            {
                ["id"] = $"case-{index:D6}",
                ["principal"] = caller.Kind switch
                {
                    CallerKind.User => caller.UserArn,
                    CallerKind.Role => caller.RoleArn,
                    _ => $"arn:aws:sts::{caller.Account.Id}:assumed-role/{caller.Name}/session-{_rng.Next(1000, 9999)}",
                },
                ["action"] = "sts:AssumeRole",
                ["resource"] = target.Arn,
            };
            if (req.CrossAccount && Chance(0.5)) o["resourceAccount"] = target.Account.Id;
            o["identityPolicies"] = new JsonArray(caller.Identity.Select(p => (JsonNode)JsonValue.Create(p.Json)!).ToArray());
            if (caller.Boundary != null) o["permissionBoundaries"] = new JsonArray(JsonValue.Create(caller.Boundary.Json));

            // SCPs of the caller's account: root, OU, account (object form or bare arrays).
            List<(string id, List<Policy> policies)>? scps = null;
            if (caller.Account.Ou != null)
            {
                scps = new List<(string, List<Policy>)>
                {
                    ("r-root", new List<Policy> { _fullAccess }),
                    (caller.Account.Ou.Id, caller.Account.Ou.Policies),
                    (caller.Account.Id, new List<Policy> { _fullAccess }),
                };
                bool objectForm = Chance(0.7);
                var arr = new JsonArray();
                foreach (var (id, ps) in scps)
                {
                    var list = new JsonArray(ps.Select(p => (JsonNode)JsonValue.Create(p.Json)!).ToArray());
                    arr.Add(objectForm ? new JsonObject { ["id"] = id, ["policies"] = list } : list);
                }
                o["scps"] = arr;
            }
            if (target.Account.Rcp != null)
                o["rcps"] = new JsonArray(new JsonObject { ["id"] = target.Account.Ou!.Id, ["policies"] = new JsonArray(JsonValue.Create(target.Account.Rcp.Json)) });
            o["trustPolicy"] = target.Trust.Json;
            o["context"] = ctx;

            string? expect = Expect(req, scps);
            if (expect != null) o["expect"] = expect;
            return o.ToJsonString(Compact);
        }

        /// <summary>The decision when it is obvious from the per-statement predicates; null otherwise.</summary>
        private static string? Expect(Req r, List<(string id, List<Policy> policies)>? scps)
        {
            bool AnyDeny(IEnumerable<Policy> ps) => ps.SelectMany(p => p.Statements).Any(s => s.Deny && s.Applies(r));
            bool AnyAllow(IEnumerable<Policy> ps) => ps.SelectMany(p => p.Statements).Any(s => !s.Deny && s.Applies(r));

            var all = new List<Policy>(r.Caller.Identity) { r.Target.Trust };
            if (r.Caller.Boundary != null) all.Add(r.Caller.Boundary);
            if (scps != null) foreach (var l in scps) all.AddRange(l.policies);
            if (r.Target.Account.Rcp != null) all.Add(r.Target.Account.Rcp);
            if (AnyDeny(all)) return "ExplicitlyDenied";

            bool scpAllows = scps == null || scps.All(l => AnyAllow(l.policies));
            bool trustAllows = AnyAllow(new[] { r.Target.Trust });
            bool identityAllows = AnyAllow(r.Caller.Identity);
            bool boundaryAllows = r.Caller.Boundary == null || AnyAllow(new[] { r.Caller.Boundary });
            if (!scpAllows || !trustAllows) return "ImplicitlyDenied";       // every SCP level and a role's trust policy must allow
            if (identityAllows && boundaryAllows) return "Allowed";
            if (r.CrossAccount) return "ImplicitlyDenied";                  // across accounts the identity side must allow too
            return null;                                                    // same account: depends on how the trust names the caller
        }
    }
}
