using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Graph;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>The trust graph has exactly the edges the path checks open, found by indexing rather than by testing every pair.</summary>
    public class TrustGraphTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        public static IEnumerable<object[]> Fixtures() =>
            new[] { "cross-account", "no-org", "rcp-perimeter", "same-account", "scp-allowlist", "scp-denylist", "bob-alice" }
                .Select(f => new object[] { f });

        /// <summary>A path fixture, or the bundled example (bob-alice) from the repository.</summary>
        private static SnapshotSource Load(string fixture)
        {
            if (fixture != "bob-alice") return Scenario.Snapshot(fixture);
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir.FullName, "RoleTrust.sln"))) dir = dir.Parent!;
            return SnapshotSource.Load(Path.Combine(dir.FullName, "examples", "bob-alice"));
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void An_unconditional_edge_exists_exactly_when_the_path_checks_open_the_path(string fixture)
        {
            var snapshot = Load(fixture);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var principals = snapshot.Accounts.SelectMany(a => a.Users.Values.Select(u => u.Arn).Concat(a.Roles.Values.Select(r => r.Arn))).ToList();
            var roles = snapshot.Accounts.SelectMany(a => a.Roles.Values.Select(r => r.Arn)).ToList();
            var mismatches = new List<string>();
            int open = 0;
            foreach (var p in principals)
                foreach (var r in roles)
                {
                    var checks = PathDiagnosis.Run(new PathRequest { SourceArn = p, RoleArn = r, Now = Now }, snapshot);
                    bool isOpen = checks.All(c => c.Passed);
                    var edge = graph.Into(r).FirstOrDefault(e => e.Source.Id == p);
                    bool unconditional = edge != null && !edge.Conditional;
                    if (isOpen) open++;
                    if (isOpen != unconditional)
                        mismatches.Add($"{p} -> {r}: path {(isOpen ? "open" : "closed")}, edge {(edge == null ? "none" : edge.Conditional ? "conditional" : "unconditional")}"
                            + (isOpen ? "" : ": " + string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Check} {c.Status}"))));
                }
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
            // Pairs the checks could not decide (no organization data, say) are reported, not dropped silently.
            if (fixture == "no-org") Assert.Contains(graph.Problems, p => p.Contains("organization.json"));
            Assert.True(graph.CandidatesTested < principals.Count * roles.Count, $"{graph.CandidatesTested} pairs tested of {principals.Count * roles.Count}: the graph must index, not test every pair");
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void A_conditional_edge_opens_with_the_request_values_its_conditions_name(string fixture)
        {
            var snapshot = Load(fixture);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            foreach (var e in graph.Edges.Where(e => e.Conditional && e.Source.InData))
            {
                // Each condition names a key the caller chooses with the request; none may describe who the caller is.
                Assert.All(e.Conditions, c => Assert.DoesNotMatch("^aws:Principal", c.Key));
                var closed = PathDiagnosis.Run(new PathRequest { SourceArn = e.Source.Id, RoleArn = e.Role.Id, Now = Now }, snapshot);
                Assert.Contains(closed, c => !c.Passed);
            }
        }

        [Fact]
        public void Bob_Alice_example_edges_name_their_trust_and_identity_statements()
        {
            var snapshot = Load("bob-alice");
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var chain = graph.Into("arn:aws:iam::222222222222:role/ci/Deploy").Single(e => e.Source.Id == "arn:aws:iam::111111111111:role/ci/ci-runner");
            Assert.False(chain.Conditional);
            Assert.NotNull(chain.TrustStatement);
            Assert.NotNull(chain.IdentityStatement);
            // Carol's trust requires MFA: open for a request that carries it.
            var carol = graph.Into("arn:aws:iam::222222222222:role/Alice").Single(e => e.Source.Id == "arn:aws:iam::111111111111:user/Carol");
            Assert.True(carol.Conditional);
            Assert.Contains(carol.Conditions, c => c.Key == "aws:MultiFactorAuthPresent");
            Assert.DoesNotContain(graph.Into("arn:aws:iam::222222222222:role/Alice"), e => e.Source.Id == "arn:aws:iam::111111111111:user/Bob");
        }
    }
}
