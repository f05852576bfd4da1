using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Json;

namespace RoleTrust.Bench
{
    /// <summary>What kind of account it is: decides which roles, users and trusts it holds.</summary>
    internal enum AccountKind { Management, Identity, Security, Tooling, Network, Workload, Sandbox, Suspended, Standalone }

    internal sealed class GeneratedAccount
    {
        public int Index;
        public string Id = "";
        public string Name = "";
        public AccountKind Kind;
        /// <summary>OU (or root) id; null for standalone accounts outside the organization.</summary>
        public string? ParentId;
        public bool Production;
        public int Roles;
        public int Users;
    }

    internal sealed class GeneratedOu
    {
        public string Id = "";
        public string Name = "";
        public string ParentId = "";
        public int Depth;
    }

    /// <summary>Everything accounts need to know about the organization to reference each other.</summary>
    internal sealed class OrganizationPlan
    {
        public int Seed;
        public string OrganizationId = "";
        public string RootId = "";
        public List<GeneratedOu> Units = new List<GeneratedOu>();
        public List<GeneratedAccount> Accounts = new List<GeneratedAccount>();
        /// <summary>Third parties outside the organization (monitoring, backup, security vendors).</summary>
        public List<string> VendorAccounts = new List<string>();
        public GeneratedAccount Management = null!;
        public GeneratedAccount Identity = null!;
        public GeneratedAccount Security = null!;
        public List<GeneratedAccount> Tooling = new List<GeneratedAccount>();
        public string GitHubOrganization = "acme-corp";
        public IEnumerable<GeneratedAccount> Members => Accounts.Where(a => a.Kind != AccountKind.Standalone);
    }

    /// <summary>
    /// Seeded generator of synthetic organizations in the snapshot format: accounts/&lt;id&gt;.json exactly as
    /// `aws iam get-account-authorization-details` prints them (plus MaxSessionDuration and Description on roles, as
    /// Save-RoleTrustSnapshot adds them) and organization.json with nested OUs, SCPs and RCPs. The same seed and sizes
    /// always give the same bytes.
    /// </summary>
    internal static class OrganizationGenerator
    {
        public sealed class Options
        {
            public int Accounts = 500;
            public int Roles = 100_000;
            public int Users = 20_000;
            public int Seed = 1;
        }

        public static void Run(string[] args)
        {
            if (args.Length < 2) throw new ArgumentException("usage: generate-org <folder> [--accounts 500] [--roles 100000] [--users 20000] [--seed 1]");
            var o = new Options();
            for (int i = 2; i + 1 < args.Length; i += 2)
            {
                int v = int.Parse(args[i + 1]);
                switch (args[i])
                {
                    case "--accounts": o.Accounts = v; break;
                    case "--roles": o.Roles = v; break;
                    case "--users": o.Users = v; break;
                    case "--seed": o.Seed = v; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            var watch = Stopwatch.StartNew();
            long bytes = Generate(args[1], o);
            Console.WriteLine($"generated {o.Accounts:N0} accounts, {o.Roles:N0} roles, {o.Users:N0} users (seed {o.Seed}) -> {Path.GetFullPath(args[1])}: " +
                $"{bytes / 1e6:N1} MB in {watch.Elapsed.TotalSeconds:N1} s");
        }

        /// <summary>Writes the snapshot; returns the bytes written.</summary>
        public static long Generate(string folder, Options o)
        {
            if (o.Accounts < 12) throw new ArgumentException("--accounts must be at least 12 (management, identity, security, tooling, network, sandbox, suspended, standalone and workload accounts).");
            var plan = Plan(o);
            string accountsDir = Path.Combine(folder, "accounts");
            if (Directory.Exists(accountsDir))
                foreach (var stale in Directory.GetFiles(accountsDir, "*.json")) File.Delete(stale);
            Directory.CreateDirectory(accountsDir);
            long total = 0;
            // Each account draws from its own generator (seed, account index), so parallel writing stays deterministic.
            Parallel.ForEach(plan.Accounts, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, account =>
            {
                string text = CliJson.Write(new AccountGenerator(plan, account).Build());
                byte[] data = new UTF8Encoding(false).GetBytes(text);
                File.WriteAllBytes(Path.Combine(accountsDir, account.Id + ".json"), data);
                System.Threading.Interlocked.Add(ref total, data.Length);
            });
            string org = CliJson.Write(OrganizationJson(plan));
            File.WriteAllText(Path.Combine(folder, "organization.json"), org, new UTF8Encoding(false));
            return total + org.Length;
        }

        // ------------------------------------------------------------------ the plan

        internal static OrganizationPlan Plan(Options o)
        {
            var rng = new Random(o.Seed);
            var plan = new OrganizationPlan { Seed = o.Seed };
            plan.OrganizationId = "o-" + Ids.Lower(rng, 10);
            plan.RootId = "r-" + Ids.Lower(rng, 4);
            var usedIds = new HashSet<string>();
            string NewAccountId()
            {
                string id;
                do id = rng.Next(100000, 999999).ToString() + rng.Next(0, 999999).ToString("D6"); while (!usedIds.Add(id));
                return id;
            }
            for (int i = 0; i < 12; i++) plan.VendorAccounts.Add(NewAccountId());

            // OUs: Security, Infrastructure/Shared, Workloads/{Prod,NonProd}/BU/Team/Restricted (depth 5), Sandbox, Suspended.
            GeneratedOu Ou(string name, string parent, int depth)
            {
                var ou = new GeneratedOu { Id = $"ou-{plan.RootId.Substring(2)}-{Ids.Lower(rng, 8)}", Name = name, ParentId = parent, Depth = depth };
                plan.Units.Add(ou);
                return ou;
            }
            var security = Ou("Security", plan.RootId, 1);
            var infrastructure = Ou("Infrastructure", plan.RootId, 1);
            var shared = Ou("Shared", infrastructure.Id, 2);
            var workloads = Ou("Workloads", plan.RootId, 1);
            var sandbox = Ou("Sandbox", plan.RootId, 1);
            var suspended = Ou("Suspended", plan.RootId, 1);
            var leaves = new List<(GeneratedOu ou, bool prod)>();
            foreach (var (envName, prod) in new[] { ("Prod", true), ("NonProd", false) })
            {
                var env = Ou(envName, workloads.Id, 2);
                int units = 3 + rng.Next(3);
                for (int b = 0; b < units; b++)
                {
                    var bu = Ou($"{Words.BusinessUnits[b % Words.BusinessUnits.Length]}-{envName}", env.Id, 3);
                    leaves.Add((bu, prod));
                    int teams = 1 + rng.Next(3);
                    for (int t = 0; t < teams; t++)
                    {
                        var team = Ou($"{Words.Teams[rng.Next(Words.Teams.Length)]}-{b}{t}", bu.Id, 4);
                        leaves.Add((team, prod));
                        if (rng.Next(3) == 0) leaves.Add((Ou("Restricted", team.Id, 5), prod));
                    }
                }
            }

            // Accounts: the fixed roles first, then workloads spread over the workload OUs.
            GeneratedAccount Account(AccountKind kind, string name, string? parent, bool prod = false)
            {
                var a = new GeneratedAccount { Index = plan.Accounts.Count, Id = NewAccountId(), Kind = kind, Name = name, ParentId = parent, Production = prod };
                plan.Accounts.Add(a);
                return a;
            }
            plan.Management = Account(AccountKind.Management, "management", plan.RootId);
            plan.Identity = Account(AccountKind.Identity, "identity", security.Id);
            plan.Security = Account(AccountKind.Security, "security-audit", security.Id);
            Account(AccountKind.Security, "log-archive", security.Id);
            int toolingCount = Math.Max(2, Math.Min(5, o.Accounts / 100));
            for (int i = 0; i < toolingCount; i++) plan.Tooling.Add(Account(AccountKind.Tooling, $"tooling-{i + 1}", shared.Id));
            Account(AccountKind.Network, "network", infrastructure.Id);
            Account(AccountKind.Standalone, "acquired-legacy-1", null);
            Account(AccountKind.Standalone, "acquired-legacy-2", null);
            int fixedCount = plan.Accounts.Count;
            int sandboxes = Math.Max(1, (o.Accounts - fixedCount) / 20);
            int suspendedCount = Math.Max(1, (o.Accounts - fixedCount) / 50);
            for (int i = 0; i < sandboxes; i++) Account(AccountKind.Sandbox, $"sandbox-{i + 1}", sandbox.Id);
            for (int i = 0; i < suspendedCount; i++) Account(AccountKind.Suspended, $"closed-{i + 1}", suspended.Id);
            int workloadIndex = 0;
            while (plan.Accounts.Count < o.Accounts)
            {
                var (leaf, prod) = leaves[rng.Next(leaves.Count)];
                Account(AccountKind.Workload, $"{Words.Apps[rng.Next(Words.Apps.Length)]}-{(prod ? "prod" : "dev")}-{++workloadIndex}", leaf.Id, prod);
            }

            AllocateRoles(plan, o.Roles, rng);
            AllocateUsers(plan, o.Users, rng);
            return plan;
        }

        /// <summary>Skewed like real organizations (a few accounts hold thousands of roles), at least 6 roles each, summing to the total.</summary>
        private static void AllocateRoles(OrganizationPlan plan, int total, Random rng)
        {
            var weights = plan.Accounts.Select(a => a.Kind switch
            {
                AccountKind.Workload => Math.Exp(rng.NextDouble() * 2.6 - 1.3) * (a.Production ? 1.4 : 1.0),
                AccountKind.Tooling => 2.0,
                AccountKind.Sandbox or AccountKind.Suspended => 0.2,
                _ => 0.6,
            }).ToArray();
            Distribute(plan.Accounts, weights, total, 6, (a, n) => a.Roles = n);
        }

        /// <summary>Most users live in the identity account; legacy users are scattered over some workload accounts.</summary>
        private static void AllocateUsers(OrganizationPlan plan, int total, Random rng)
        {
            var weights = plan.Accounts.Select(a => a.Kind switch
            {
                AccountKind.Identity => plan.Accounts.Count * 1.5,
                AccountKind.Workload or AccountKind.Standalone or AccountKind.Tooling => rng.Next(3) == 0 ? 1.0 + rng.NextDouble() * 2 : 0,
                _ => 0.0,
            }).ToArray();
            Distribute(plan.Accounts, weights, total, 0, (a, n) => a.Users = n);
        }

        private static void Distribute(List<GeneratedAccount> accounts, double[] weights, int total, int minimum, Action<GeneratedAccount, int> set)
        {
            int n = accounts.Count;
            int free = Math.Max(0, total - minimum * n);
            double sum = weights.Sum();
            var exact = weights.Select(w => sum == 0 ? 0 : w / sum * free).ToArray();
            var floor = exact.Select(x => (int)Math.Floor(x)).ToArray();
            int rest = free - floor.Sum();
            foreach (int i in Enumerable.Range(0, n).OrderByDescending(i => exact[i] - floor[i]).ThenBy(i => i).Take(rest)) floor[i]++;
            for (int i = 0; i < n; i++) set(accounts[i], minimum + floor[i]);
        }

        // ------------------------------------------------------------------ organization.json

        private static JsonNode OrganizationJson(OrganizationPlan plan)
        {
            var rng = new Random(plan.Seed * 31 + 7);
            string mgmt = plan.Management.Id;
            var members = plan.Members.ToList();
            string PolicyId() => "p-" + Ids.Lower(rng, 8);
            JsonNode Pol(string id, string name, string type, JsonNode content, IEnumerable<string> targets) =>
                J.O(("Id", J.S(id)), ("Name", J.S(name)), ("Type", J.S(type)), ("Content", J.S(JsonWriter.Write(content, indented: true))), ("Targets", J.Strings(targets)));
            string Ou(string name) => plan.Units.First(u => u.Name == name).Id;
            var sandboxOu = Ou("Sandbox");
            var allNodes = new[] { plan.RootId }.Concat(plan.Units.Select(u => u.Id)).Concat(members.Select(a => a.Id)).ToList();
            var prodOu = Ou("Prod");

            var policies = new List<JsonNode>
            {
                Pol("p-FullAWSAccess", "FullAWSAccess", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Allow")), ("Action", J.S("*")), ("Resource", J.S("*")))),
                    allNodes.Where(n => n != sandboxOu)),
                Pol(PolicyId(), "DenyLeaveOrganization", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Sid", J.S("DenyLeave")), ("Effect", J.S("Deny")), ("Action", J.S("organizations:LeaveOrganization")), ("Resource", J.S("*")))),
                    new[] { plan.RootId }),
                Pol(PolicyId(), "ProtectSecurityRoles", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Sid", J.S("ProtectAuditRoles")), ("Effect", J.S("Deny")),
                        ("Action", J.Strings(new[] { "iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy" })),
                        ("Resource", J.S("arn:aws:iam::*:role/security/*")),
                        ("Condition", J.O(("ArnNotLike", J.O(("aws:PrincipalArn", J.S("arn:aws:iam::*:role/security/*")))))))),
                    new[] { plan.RootId }),
                Pol(PolicyId(), "RegionGuard", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Sid", J.S("DenyOutsideApprovedRegions")), ("Effect", J.S("Deny")),
                        ("NotAction", J.Strings(new[] { "iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*", "waf:*", "budgets:*", "health:*" })),
                        ("Resource", J.S("*")),
                        ("Condition", J.O(("StringNotEquals", J.O(("aws:RequestedRegion", J.Strings(new[] { "eu-west-1", "eu-central-1", "us-east-1" })))),
                            ("ArnNotLike", J.O(("aws:PrincipalArn", J.S("arn:aws:iam::*:role/OrganizationAccountAccessRole")))))))),
                    new[] { Ou("Workloads") }),
                Pol(PolicyId(), "DenyRootUser", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Deny")), ("Action", J.S("*")), ("Resource", J.S("*")),
                        ("Condition", J.O(("StringLike", J.O(("aws:PrincipalArn", J.S("arn:aws:iam::*:root")))))))),
                    new[] { Ou("Workloads"), Ou("Sandbox") }),
                Pol(PolicyId(), "ProdNoUserKeys", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Deny")), ("Action", J.Strings(new[] { "iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile" })), ("Resource", J.S("*")))),
                    new[] { prodOu }),
                Pol(PolicyId(), "SandboxAllowList", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Sid", J.S("AllowedServices")), ("Effect", J.S("Allow")),
                        ("Action", J.Strings(new[] { "ec2:*", "s3:*", "lambda:*", "dynamodb:*", "logs:*", "cloudwatch:*", "sts:*", "iam:Get*", "iam:List*", "iam:PassRole", "sqs:*", "sns:*" })),
                        ("Resource", J.S("*")))),
                    new[] { sandboxOu }),
                Pol(PolicyId(), "QuarantineDenyAll", "SERVICE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Deny")), ("Action", J.S("*")), ("Resource", J.S("*")))),
                    new[] { Ou("Suspended") }),
                Pol("p-RCPFullAWSAccess", "RCPFullAWSAccess", "RESOURCE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Allow")), ("Principal", J.S("*")), ("Action", J.S("*")), ("Resource", J.S("*")))),
                    allNodes),
                Pol(PolicyId(), "StsIdentityPerimeter", "RESOURCE_CONTROL_POLICY",
                    J.Policy(J.O(("Sid", J.S("EnforceOrgIdentities")), ("Effect", J.S("Deny")), ("Principal", J.S("*")),
                        ("Action", J.Strings(new[] { "sts:AssumeRole", "sts:SetContext" })), ("Resource", J.S("*")),
                        ("Condition", J.O(
                            ("StringNotEqualsIfExists", J.O(("aws:PrincipalOrgID", J.S(plan.OrganizationId)), ("aws:PrincipalAccount", J.Strings(plan.VendorAccounts.Take(6))))),
                            ("BoolIfExists", J.O(("aws:PrincipalIsAWSService", J.S("false")))))))),
                    new[] { prodOu }),
                Pol(PolicyId(), "S3SecureTransport", "RESOURCE_CONTROL_POLICY",
                    J.Policy(J.O(("Effect", J.S("Deny")), ("Principal", J.S("*")), ("Action", J.S("s3:*")), ("Resource", J.S("*")),
                        ("Condition", J.O(("BoolIfExists", J.O(("aws:SecureTransport", J.S("false")))))))),
                    new[] { Ou("Workloads") }),
            };

            var policyTypes = J.A(J.O(("Type", J.S("SERVICE_CONTROL_POLICY")), ("Status", J.S("ENABLED"))), J.O(("Type", J.S("RESOURCE_CONTROL_POLICY")), ("Status", J.S("ENABLED"))));
            return J.O(
                ("Organization", J.O(("Id", J.S(plan.OrganizationId)), ("ManagementAccountId", J.S(mgmt)))),
                ("Roots", J.A(J.O(("Id", J.S(plan.RootId)), ("Arn", J.S($"arn:aws:organizations::{mgmt}:root/{plan.OrganizationId}/{plan.RootId}")),
                    ("Name", J.S("Root")), ("PolicyTypes", policyTypes)))),
                ("OrganizationalUnits", J.A(plan.Units.Select(u => J.O(("Id", J.S(u.Id)), ("Name", J.S(u.Name)), ("ParentId", J.S(u.ParentId)))))),
                ("Accounts", J.A(members.Select(a => J.O(("Id", J.S(a.Id)), ("Name", J.S(a.Name)), ("ParentId", J.S(a.ParentId!)))))),
                ("Policies", J.A(policies)));
        }
    }

    /// <summary>Random identifiers in AWS's shapes.</summary>
    internal static class Ids
    {
        private const string LowerChars = "abcdefghijklmnopqrstuvwxyz0123456789";
        private const string UpperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        public static string Lower(Random rng, int length)
        {
            var c = new char[length];
            for (int i = 0; i < length; i++) c[i] = LowerChars[rng.Next(LowerChars.Length)];
            return new string(c);
        }

        /// <summary>AROA / AIDA / ANPA / AIPA + 17 characters, as IAM's unique ids look.</summary>
        public static string Unique(Random rng, string prefix)
        {
            var c = new char[17];
            for (int i = 0; i < c.Length; i++) c[i] = UpperChars[rng.Next(UpperChars.Length)];
            return prefix + new string(c);
        }

        public static string Hex(Random rng, int length)
        {
            var c = new char[length];
            for (int i = 0; i < length; i++) c[i] = "0123456789ABCDEF"[rng.Next(16)];
            return new string(c);
        }

        /// <summary>The AWS CLI's date form, in 2019..2025.</summary>
        public static string Date(Random rng)
        {
            var d = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(rng.Next(0, 6 * 365 * 86400));
            return d.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    internal static class Words
    {
        public static readonly string[] BusinessUnits = { "Retail", "Payments", "Logistics", "Marketing", "Data" };
        public static readonly string[] Teams = { "checkout", "catalog", "search", "fraud", "billing", "routing", "warehouse", "growth", "analytics", "ml", "platform", "identity" };
        public static readonly string[] Apps = { "orders", "payments", "inventory", "shipping", "search", "reco", "pricing", "ledger", "notify", "reports", "etl", "portal", "mobile-api", "events", "images" };
        public static readonly string[] Components = { "api", "worker", "ingest", "export", "scheduler", "cache", "sync", "batch", "stream", "web", "backup", "audit" };
        public static readonly string[] FirstNames = { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yvonne" };
        public static readonly string[] Regions = { "eu-west-1", "eu-central-1", "us-east-1" };
    }
}
