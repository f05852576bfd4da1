using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Audit;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using Xunit;

namespace RoleTrust.Engine.Tests.Findings
{
    /// <summary>SARIF 2.1.0 output: valid against the schema's rules for the objects written, faithful to the findings, safe to render.</summary>
    public class SarifWriterTests
    {
        private static readonly SarifOptions Options = new SarifOptions { ToolVersion = "0.1.0", InformationUri = "https://www.powershellgallery.com/packages/RoleTrust", SnapshotRootUri = "file:///snapshots/today/" };

        private static (string text, JsonNode log) Write(IEnumerable<TrustFinding>? findings = null, IEnumerable<TrustPolicyProblem>? problems = null)
        {
            var audits = FixtureTests.AuditAll();
            string text = SarifWriter.Write(findings ?? audits.SelectMany(a => a.Findings), problems ?? audits.Where(a => a.Problem != null).Select(a => a.Problem!), Options);
            return (text, JsonParser.Parse(text));
        }

        private static JsonNode Run(JsonNode log) => log.Get("runs")!.Items![0];

        [Fact]
        public void The_log_satisfies_the_SARIF_2_1_0_schema_for_every_object_written()
        {
            var (_, log) = Write();
            Assert.Empty(SarifShape.Validate(log));
        }

        [Fact]
        public void The_shape_check_catches_what_the_schema_forbids()
        {
            // The validator itself must fail on a missing required property, an unknown property and a bad level.
            var bad = JsonParser.Parse("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[{\"level\":\"fatal\",\"message\":{\"text\":\"x\"},\"extra\":1}]}]}");
            var errors = SarifShape.Validate(bad);
            Assert.Contains(errors, e => e.Contains("requires 'name'"));
            Assert.Contains(errors, e => e.Contains("'extra' is not a property of result"));
            Assert.Contains(errors, e => e.Contains("level 'fatal'"));
        }

        [Fact]
        public void The_driver_describes_every_rule_with_its_level_and_security_severity()
        {
            var driver = Run(Write().log).Get("tool")!.Get("driver")!;
            Assert.Equal("RoleTrust", driver.Get("name")!.Text);
            Assert.Equal("0.1.0", driver.Get("version")!.Text);
            Assert.Equal(Options.InformationUri, driver.Get("informationUri")!.Text);
            var rules = driver.Get("rules")!.Items!;
            Assert.Equal(TrustRules.All.Select(r => r.Id), rules.Select(r => r.Get("id")!.Text));
            var expectedLevel = new Dictionary<string, string> { ["High"] = "error", ["Medium"] = "warning", ["Low"] = "note", ["Info"] = "note" };
            foreach (var (rule, node) in TrustRules.All.Zip(rules, (a, b) => (a, b)))
            {
                Assert.Equal(expectedLevel[rule.Severity.ToString()], node.Get("defaultConfiguration")!.Get("level")!.Text);
                Assert.Equal(rule.FullDescription, node.Get("fullDescription")!.Get("text")!.Text);
                Assert.False(string.IsNullOrEmpty(node.Get("help")!.Get("text")!.Text));
                double score = double.Parse(node.Get("properties")!.Get("security-severity")!.Text!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(score, rule.Severity == FindingSeverity.High ? 7.0 : rule.Severity == FindingSeverity.Medium ? 4.0 : 0.1,
                    rule.Severity == FindingSeverity.High ? 8.9 : rule.Severity == FindingSeverity.Medium ? 6.9 : 3.9);
            }
        }

        [Fact]
        public void Each_finding_is_one_result_pointing_at_its_account_file_and_statement()
        {
            var findings = FixtureTests.AllFindings();
            var results = Run(Write(findings).log).Get("results")!.Items!;
            Assert.Equal(findings.Count, results.Count);
            for (int i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                var r = results[i];
                var rule = TrustRules.Get(f.RuleId);
                Assert.Equal(f.RuleId, r.Get("ruleId")!.Text);
                Assert.Equal(rule.Index.ToString(), r.Get("ruleIndex")!.Text);
                Assert.Equal(SarifWriter.Level(rule.Severity), r.Get("level")!.Text);
                Assert.StartsWith(f.Summary, r.Get("message")!.Get("text")!.Text);
                var location = r.Get("locations")!.Items!.Single();
                var artifact = location.Get("physicalLocation")!.Get("artifactLocation")!;
                Assert.Equal($"accounts/{f.Account}.json", artifact.Get("uri")!.Text);
                Assert.Equal(SarifWriter.UriBaseId, artifact.Get("uriBaseId")!.Text);
                string roleName = f.Role.Substring(f.Role.LastIndexOf('/') + 1);
                Assert.Equal($"RoleDetailList[?RoleName=='{roleName}'].AssumeRolePolicyDocument.Statement[{f.StatementIndex}]",
                    location.Get("logicalLocations")!.Items!.Single().Get("fullyQualifiedName")!.Text);
                Assert.Equal(f.Evidence, r.Get("properties")!.Get("evidence")!.Text);
            }
        }

        [Fact]
        public void Fingerprints_are_stable_across_runs_and_distinct_between_findings()
        {
            string Prints(JsonNode log) => string.Join(",", Run(log).Get("results")!.Items!.Select(r => r.Get("partialFingerprints")!.Get(SarifWriter.FingerprintName)!.Text));
            var first = Prints(Write().log);
            Assert.Equal(first, Prints(Write().log));
            var all = first.Split(',');
            Assert.Equal(all.Length, all.Distinct().Count());
        }

        [Fact]
        public void A_statement_moving_does_not_change_the_fingerprint_when_it_has_a_Sid()
        {
            var a = new TrustFinding("WildcardPrincipal", "High", "1", "arn:aws:iam::1:role/r", 0, "Open", "*", "s", "f", "{}");
            var b = new TrustFinding("WildcardPrincipal", "High", "1", "arn:aws:iam::1:role/r", 3, "Open", "*", "s2", "f2", "{ }");
            var c = new TrustFinding("WildcardPrincipal", "High", "1", "arn:aws:iam::1:role/other", 0, "Open", "*", "s", "f", "{}");
            Assert.Equal(FindingIdentity.Fingerprint(a), FindingIdentity.Fingerprint(b));
            Assert.NotEqual(FindingIdentity.Fingerprint(a), FindingIdentity.Fingerprint(c));
        }

        [Fact]
        public void Roles_that_could_not_be_audited_are_tool_execution_notifications()
        {
            var (_, log) = Write();
            var notes = Run(log).Get("invocations")!.Items![0].Get("toolExecutionNotifications")!.Items!;
            var note = Assert.Single(notes);
            Assert.Equal("error", note.Get("level")!.Text);
            Assert.Equal("InvalidTrustPolicy", note.Get("descriptor")!.Get("id")!.Text);
            Assert.Contains("broken-trust", note.Get("message")!.Get("text")!.Text);
        }

        [Fact]
        public void Markup_in_role_names_and_policy_text_never_reaches_the_output_as_markup()
        {
            const string script = "</script><script>alert(1)</script>";
            const string img = "<img src=x onerror=alert(document.cookie)>";
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + img + "\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringLike\":{\"aws:PrincipalOrgID\":\"" + script + "&amp;*\"}}}]}";
            var role = new IamRole { Arn = "arn:aws:iam::111122223333:role/" + script, Name = script, TrustPolicy = new PolicySource(trust) };
            var audit = new TrustPolicyAuditor(AuditKit.Organization).Audit(AuditKit.Own, role);
            var problem = new TrustPolicyProblem("InvalidTrustPolicy", AuditKit.Own, role.Arn, "bad " + img);
            Assert.NotEmpty(audit.Findings);

            string text = SarifWriter.Write(audit.Findings, new[] { problem }, Options);
            Assert.DoesNotContain("<", text);
            Assert.DoesNotContain(">", text);
            Assert.DoesNotContain("&", text);
            Assert.DoesNotContain("markdown", text);
            // Escaped, not lost: the strings read back exactly.
            var result = Run(JsonParser.Parse(text)).Get("results")!.Items![0];
            Assert.Equal(role.Arn, result.Get("properties")!.Get("role")!.Text);
            Assert.Equal(img, result.Get("properties")!.Get("sid")!.Text);
            Assert.Contains(script + "&amp;*", result.Get("properties")!.Get("evidence")!.Text);
            Assert.Contains("\\u003c/script\\u003e", text);
        }

        [Theory]
        [InlineData("a\\<b>\u2028&c'd")]
        [InlineData("\"quoted\" </script>\n\t\u0001")]
        [InlineData("plain")]
        public void String_escaping_reads_back_exactly_and_leaves_no_markup_or_separators(string value)
        {
            var sb = new System.Text.StringBuilder();
            JsonWriter.WriteString(sb, value, markupSafe: true);
            string literal = sb.ToString();
            Assert.Equal(value, JsonParser.Parse(literal).Text);
            Assert.DoesNotContain("<", literal);
            Assert.DoesNotContain(">", literal);
            Assert.DoesNotContain("&", literal);
            Assert.DoesNotContain("\u2028", literal);
            Assert.DoesNotContain("'", literal);
        }

        [Fact]
        public void An_empty_audit_is_still_a_valid_log_with_all_rules()
        {
            string text = SarifWriter.Write(new TrustFinding[0], null, new SarifOptions { ToolVersion = "0.1.0", InformationUri = "https://example.org/roletrust" });
            var log = JsonParser.Parse(text);
            Assert.Empty(SarifShape.Validate(log));
            Assert.Empty(Run(log).Get("results")!.Items!);
            Assert.Null(Run(log).Get("originalUriBaseIds"));
        }
    }
}
