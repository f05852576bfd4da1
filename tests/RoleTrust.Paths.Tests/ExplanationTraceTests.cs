using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RoleTrust.Engine.Evaluation;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// The story of a decision comes from the evaluator's own trace of it (docs/architecture.md, "facts, then checks"):
    /// the statements the checks name as having applied are exactly the statements the decision used, layer by layer.
    /// </summary>
    public class ExplanationTraceTests
    {
        public static IEnumerable<object[]> Fixtures() =>
            Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "fixtures")).Select(d => new object[] { Path.GetFileName(d) });

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void Statements_named_as_applied_are_the_ones_the_decision_used(string fixture)
        {
            var arns = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", fixture, "accounts"), "*.json")
                .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"Arn\"\\s*:\\s*\"(arn:aws:iam::\\d{12}:(?:user|role)/[^\"]+)\"").Cast<Match>())
                .Select(m => m.Groups[1].Value).Distinct().ToList();
            var roles = arns.Where(a => a.Contains(":role/")).ToList();
            int compared = 0;
            foreach (var source in arns)
                foreach (var role in roles)
                {
                    var request = new PathRequest { SourceArn = source, RoleArn = role, Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };
                    var facts = PathDiagnosis.Gather(request, Scenario.Snapshot(fixture)).Evaluation;
                    foreach (var action in facts.Actions)
                    {
                        var result = facts.ResultFor(action);
                        if (result == null) continue;
                        foreach (var layer in result.Layers.Where(l => l.Outcome != LayerOutcome.Exempt))
                        {
                            var used = layer.Allowing.Concat(layer.Denying).Select(Key).OrderBy(k => k).ToList();
                            var named = facts.Layer(layer.Layer).Statements.Where(s => s.Action == action && s.Applied).Select(s => Key(s.Ref)).OrderBy(k => k).ToList();
                            Assert.True(used.SequenceEqual(named),
                                $"{fixture}: {source} -> {role}, {action}, {layer.Layer}: decision used [{string.Join(", ", used)}], explanation names [{string.Join(", ", named)}]");
                            compared++;
                        }
                    }
                }
            Assert.True(compared > 0, $"{fixture}: no decision was compared");
        }

        [Fact]
        public void A_trust_deny_the_evaluator_applies_to_a_bounded_caller_is_the_one_the_trust_check_names()
        {
            // A Deny with NotPrincipal denies every caller that has a permissions boundary, whatever NotPrincipal lists
            // (IAM User Guide, NotPrincipal). Matching Bob against NotPrincipal again, which lists him and his account, would
            // find that the Deny skips him.
            const string A = "111111111111", B = "222222222222", Boundary = "arn:aws:iam::111111111111:policy/Boundary";
            var data = new MemorySource();
            var bob = data.AddUser(A, "Bob");
            bob.PermissionsBoundaryArn = Boundary;
            data.Account(A).Policies[Boundary] = new Engine.Model.ManagedPolicy(Boundary, "Boundary", new Engine.Model.PolicySource(MemorySource.AllowAssumeAll));
            string bobPrincipal = "{\"AWS\":\"arn:aws:iam::111111111111:user/Bob\"}";
            data.AddRole(B, "Target", MemorySource.TrustOf(
                "{\"Effect\":\"Allow\",\"Principal\":" + bobPrincipal + ",\"Action\":\"sts:AssumeRole\"}",
                "{\"Sid\":\"OnlyBob\",\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::111111111111:user/Bob\",\"arn:aws:iam::111111111111:root\"]},\"Action\":\"sts:AssumeRole\"}"));
            var request = new PathRequest { SourceArn = "arn:aws:iam::111111111111:user/Bob", RoleArn = "arn:aws:iam::222222222222:role/Target" };

            var trust = PathDiagnosis.Gather(request, data).Evaluation.Layer(RoleTrust.PolicyLayer.ResourcePolicy);

            Assert.Equal(new[] { "OnlyBob" }, trust.CertainDenials.Select(s => s.Statement.Sid));
            var check = PathDiagnosis.Run(request, data).Single(c => c.Check == "TrustPolicy");
            Assert.Equal("Fail", check.Status);
        }

        private static string Key(StatementRef s) => $"{s.LevelId}/{s.PolicyName}[{s.Index}]";
    }
}
