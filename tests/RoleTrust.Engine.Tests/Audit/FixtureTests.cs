using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RoleTrust.Engine.Audit;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using Xunit;

namespace RoleTrust.Engine.Tests.Findings
{
    /// <summary>
    /// The findings fixture (tests/fixtures/findings, see its README): every rule fires on its role and on nothing else,
    /// the organization decides who is outside, and an invalid trust policy is a problem, not a finding.
    /// </summary>
    public class FixtureTests
    {
        public static string FixtureFolder
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "tests", "fixtures", "findings");
                    if (Directory.Exists(candidate)) return candidate;
                }
                throw new DirectoryNotFoundException("tests/fixtures/findings not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Reads the fixture's RoleDetailLists and organization (only what the audit needs).</summary>
        public static (List<AccountData> accounts, OrganizationData organization) Load()
        {
            var accounts = new List<AccountData>();
            foreach (var file in Directory.GetFiles(Path.Combine(FixtureFolder, "accounts"), "*.json"))
            {
                var account = new AccountData(Path.GetFileNameWithoutExtension(file));
                foreach (var r in JsonParser.Parse(File.ReadAllText(file)).Get("RoleDetailList")!.Items!)
                {
                    var role = new IamRole { Arn = r.Get("Arn")!.Text!, Name = r.Get("RoleName")!.Text!, TrustPolicy = PolicySource.From(r.Get("AssumeRolePolicyDocument")) };
                    account.Roles[role.Name] = role;
                }
                accounts.Add(account);
            }
            var org = JsonParser.Parse(File.ReadAllText(Path.Combine(FixtureFolder, "organization.json")));
            var organization = new OrganizationData(org.Get("Organization")!.Get("Id")!.Text!, org.Get("Organization")!.Get("ManagementAccountId")!.Text!);
            foreach (var a in org.Get("Accounts")!.Items!) organization.Accounts.Add(a.Get("Id")!.Text!);
            return (accounts, organization);
        }

        public static List<RoleAudit> AuditAll()
        {
            var (accounts, organization) = Load();
            var auditor = new TrustPolicyAuditor(TrustAudit.ZoneFor(organization, accounts));
            return TrustAudit.AuditAccounts(accounts, auditor).ToList();
        }

        public static List<TrustFinding> AllFindings() => AuditAll().SelectMany(a => a.Findings).ToList();

        [Fact]
        public void Every_role_gets_exactly_the_findings_its_README_lists()
        {
            var expected = new[]
            {
                "111111111111 deleted-principal DeletedPrincipal@0",
                "111111111111 encoded-wildcard WildcardPrincipal@0",
                "111111111111 forallvalues-externalid ThirdPartyWithoutExternalId@0",
                "111111111111 forallvalues-externalid ForAllValuesOnSingleValuedKey@0",
                "111111111111 github-exact-no-aud OidcMissingAudience@0",
                "111111111111 github-no-sub OidcMissingSubject@0",
                "111111111111 github-wildcard-sub OidcWildcardSubject@0",
                "111111111111 ifexists-wildcard WildcardPrincipal@0",
                "111111111111 lambda-exec ServiceWithoutSourceCondition@0",
                "111111111111 notprincipal InvalidTrustElement@1",
                "111111111111 open-wildcard WildcardPrincipal@0",
                "111111111111 outside-org-snapshot-account ThirdPartyWithoutExternalId@0",
                "111111111111 saml-no-aud SamlMissingAudience@0",
                "111111111111 tooling-account-root AccountRootTrust@0",
                "111111111111 vendor-no-externalid ThirdPartyWithoutExternalId@0",
                "222222222222 shared-lambda ServiceWithoutSourceCondition@0",
            };
            var actual = AllFindings().Select(f => $"{f.Account} {SarifWriter.RoleName(f.Role)} {f.RuleId}@{f.StatementIndex}").ToArray();
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void The_fixture_exercises_every_rule_id()
        {
            var seen = AllFindings().Select(f => f.RuleId).Distinct().OrderBy(x => x).ToList();
            Assert.Equal(TrustRules.All.Select(r => r.Id).OrderBy(x => x), seen);
        }

        [Fact]
        public void The_invalid_trust_policy_is_the_only_problem()
        {
            var problem = Assert.Single(AuditAll(), a => a.Problem != null).Problem!;
            Assert.Equal("arn:aws:iam::111111111111:role/broken-trust", problem.Role);
            Assert.Equal("InvalidTrustPolicy", problem.ErrorId);
        }

        [Fact]
        public void Without_the_organization_the_snapshots_accounts_are_the_zone()
        {
            var (accounts, _) = Load();
            var findings = TrustAudit.AuditAccounts(accounts, new TrustPolicyAuditor(TrustAudit.ZoneFor(null, accounts))).SelectMany(a => a.Findings).ToList();
            // 333333333333 has an account file, so without organization.json it is no longer outside ...
            Assert.DoesNotContain(findings, f => f.Role.EndsWith("/outside-org-snapshot-account"));
            // ... while the vendor, which has none, still is.
            Assert.Contains(findings, f => f.Role.EndsWith("/vendor-no-externalid") && f.RuleId == "ThirdPartyWithoutExternalId");
        }

        [Fact]
        public void The_audit_is_deterministic()
        {
            var first = AllFindings().Select(f => f.Summary + f.Fix + f.Evidence).ToList();
            var second = AllFindings().Select(f => f.Summary + f.Fix + f.Evidence).ToList();
            Assert.Equal(first, second);
        }
    }
}
