using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Graph;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// The differential guarantee of the trust graph (docs/graph.md): an unconditional edge exists exactly when the path
    /// checks open the path; a conditional edge is closed for the request as stated and opens with request values its
    /// conditions name; every other pair is closed. Checked on every path fixture, the bundled example, and organizations
    /// from the benchmark's generator, pair by pair against PathDiagnosis (what Test-AssumeRolePath runs).
    /// </summary>
    public class TrustGraphTests
    {
        internal static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        public static IEnumerable<object[]> Fixtures() =>
            new[] { "cross-account", "no-org", "rcp-perimeter", "same-account", "scp-allowlist", "scp-denylist", "bob-alice", "graph-chain" }
                .Select(f => new object[] { f });

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SnapshotSource> GraphFixtures =
            new System.Collections.Concurrent.ConcurrentDictionary<string, SnapshotSource>();

        /// <summary>A path fixture, a graph fixture (graph-fixtures/), or the bundled example (bob-alice) from the repository.</summary>
        internal static SnapshotSource Load(string fixture)
        {
            if (fixture.StartsWith("graph-", StringComparison.Ordinal))
                return GraphFixtures.GetOrAdd(fixture, f => SnapshotSource.Load(Path.Combine(AppContext.BaseDirectory, "graph-fixtures", f)));
            if (fixture != "bob-alice") return Scenario.Snapshot(fixture);
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir.FullName, "RoleTrust.sln"))) dir = dir.Parent!;
            return SnapshotSource.Load(Path.Combine(dir.FullName, "examples", "bob-alice"));
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void Edges_are_exactly_the_paths_the_checks_open_on_every_fixture(string fixture)
        {
            var snapshot = Load(fixture);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var report = Differential.Compare(snapshot, graph, Now);
            Assert.True(report.Mismatches.Count == 0, string.Join("\n", report.Mismatches));
            // Pairs the checks could not decide (no organization data, say) are reported, not dropped silently.
            if (fixture == "no-org") Assert.Contains(graph.Problems, p => p.Contains("organization.json"));
            Assert.True(graph.CandidatesTested < report.Pairs, $"{graph.CandidatesTested} pairs asked about of {report.Pairs}: the graph must index, not test every pair");
        }

        [Theory]
        [InlineData(1, 120)]
        [InlineData(7, 40)]
        public void Edges_are_exactly_the_paths_the_checks_open_on_a_generated_organization(int seed, int users)
        {
            var snapshot = GeneratedOrganization.Load(12, 120, users, seed);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var report = Differential.Compare(snapshot, graph, Now);
            Assert.True(report.Mismatches.Count == 0, $"{report.Mismatches.Count} mismatches of {report.Pairs} pairs:\n" + string.Join("\n", report.Mismatches.Take(40)));
            // The organization exercises every kind of edge: open, conditional (MFA, ExternalId, region), and closed.
            Assert.True(report.Open > 0 && report.Conditional > 0 && report.Closed > 0, $"open {report.Open}, conditional {report.Conditional}, closed {report.Closed}");
            // Most pairs are decided from their statements alone; the comparison holds those to the path checks too.
            Assert.True(graph.FastDecisions > graph.CandidatesTested / 4, $"{graph.FastDecisions} of {graph.CandidatesTested} pairs decided from statements alone");
            // Decisions are shared between pairs the checks cannot tell apart (people in the same groups): fewer runs of the
            // checks (MFA retries included) than pairs asked about, so the comparison above covers shared decisions too.
            if (users >= 100) Assert.True(graph.ProfileCount < graph.PrincipalCount && graph.DiagnosesRun < graph.CandidatesTested, $"{graph.DiagnosesRun} diagnoses for {graph.CandidatesTested} pairs; {graph.ProfileCount} profiles ({graph.UnsharedPrincipals} unshared) for {graph.PrincipalCount} principals, {graph.RoleClassCount} role classes ({graph.UnsharedRoles} unshared) for {graph.RoleCount} roles");
        }

        [Fact]
        public void Principals_outside_the_data_services_and_providers_are_nodes_of_their_own_kind()
        {
            var snapshot = GeneratedOrganization.Load(12, 150, 40, 1);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var users = new HashSet<string>(snapshot.Accounts.SelectMany(a => a.Users.Values.Select(u => u.Arn)), StringComparer.Ordinal);
            var roles = new HashSet<string>(snapshot.Accounts.SelectMany(a => a.Roles.Values.Select(r => r.Arn)), StringComparer.Ordinal);
            var kinds = graph.Edges.GroupBy(e => e.Source.Kind).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var kind in new[] { TrustNodeKind.User, TrustNodeKind.Role, TrustNodeKind.ExternalAccount, TrustNodeKind.Service, TrustNodeKind.Federated })
                Assert.True(kinds.ContainsKey(kind), $"no edge from a {kind} node");
            // Never counted as IAM users of the data: only users of the data are User nodes.
            Assert.All(kinds[TrustNodeKind.User], e => Assert.Contains(e.Source.Id, users));
            Assert.All(kinds[TrustNodeKind.ExternalAccount], e => Assert.Matches(@"^arn:aws:iam::\d{12}:root$", e.Source.Id));
            Assert.All(kinds[TrustNodeKind.ExternalAccount], e => Assert.False(graph.HoldsAccount(e.Source.AccountId!)));
            Assert.All(kinds[TrustNodeKind.Service], e => Assert.EndsWith(".amazonaws.com", e.Source.Id));
            Assert.All(kinds[TrustNodeKind.Federated], e => Assert.Matches(@":(oidc|saml)-provider/", e.Source.Id));
            Assert.All(graph.Edges.Where(e => e.Source.Kind == TrustNodeKind.Anyone), e => Assert.Equal("*", e.Source.Id));
            Assert.All(graph.Edges, e => Assert.Contains(e.Role.Id, roles));
        }

        [Fact]
        public void Paths_chain_edges_of_the_graph_through_roles_only()
        {
            var snapshot = GeneratedOrganization.Load(12, 150, 40, 1);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var edges = graph.Edges.ToDictionary(e => (e.Source.Id, e.Role.Id));
            var roles = snapshot.Accounts.SelectMany(a => a.Roles.Values.Select(r => r.Arn)).OrderBy(r => r, StringComparer.Ordinal).ToList();
            var paths = roles.SelectMany(r => PathSearch.To(graph, r, 3)).ToList();
            Assert.Contains(paths, p => p.Depth >= 2);
            foreach (var p in paths)
            {
                for (int i = 0; i < p.Hops.Count; i++)
                {
                    var h = p.Hops[i];
                    Assert.True(edges.ContainsKey((h.Source, h.Role)), $"{h.Source} -> {h.Role} is not an edge");
                    if (i > 0) { Assert.Equal(p.Hops[i - 1].Role, h.Source); Assert.Equal("Role", h.SourceKind); }
                }
                Assert.Equal(p.Hops.Any(h => h.Conditional), p.Conditional);
            }
            // -From finds the same paths the other way: every depth-1 path from a user is a depth-1 path to its role.
            var user = snapshot.Accounts.SelectMany(a => a.Users.Values).Select(u => u.Arn).First(u => graph.OutOf(u).Count > 0);
            foreach (var p in PathSearch.From(graph, user, 1))
                Assert.Contains(PathSearch.To(graph, p.Role, 1), q => q.Source == user && q.Conditional == p.Conditional);
        }

        [Theory]
        [InlineData(1, 120)]
        [InlineData(7, 40)]
        public void The_edges_out_of_each_principal_are_the_edges_into_the_roles(int seed, int users)
        {
            var snapshot = GeneratedOrganization.Load(12, 120, users, seed);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var into = graph.Edges.Select(e => $"{e.Source.Id} -> {e.Role.Id} [{string.Join(", ", e.Conditions)}]").OrderBy(x => x, StringComparer.Ordinal).ToList();
            var sources = graph.Edges.Select(e => e.Source.Id).Distinct().ToList();
            var fresh = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var outOf = sources.SelectMany(s => fresh.OutOf(s)).Select(e => $"{e.Source.Id} -> {e.Role.Id} [{string.Join(", ", e.Conditions)}]").OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(into, outOf);
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

        [Fact]
        public void Asking_the_same_question_again_runs_no_check_again()
        {
            var snapshot = GeneratedOrganization.Load(12, 150, 40, 1);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var role = snapshot.Accounts.SelectMany(a => a.Roles.Values).Select(r => r.Arn).First(r => r.Contains(":role/human/"));
            var first = PathSearch.To(graph, role, 3);
            int diagnoses = graph.DiagnosesRun;
            var again = PathSearch.To(graph, role, 3);
            Assert.Equal(diagnoses, graph.DiagnosesRun);
            Assert.Equal(first.Select(p => p.ToString()), again.Select(p => p.ToString()));
        }

        [Fact]
        public void Callers_of_accounts_outside_the_organization_are_decided_from_their_statements()
        {
            // SCPs and RCPs of the organization never reach an account outside it, so the statements decide its callers'
            // pairs as they do a standalone account's, unless a statement reads the organization keys the checks leave
            // open for it. The differential tests above hold these decisions to the checks.
            var snapshot = GeneratedOrganization.Load(40, 6000, 1500, 3);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            var outside = snapshot.Accounts
                .Where(a => snapshot.GetMembership(a.AccountId).Value?.Kind == MembershipKind.OutsideKnownOrganization)
                .SelectMany(a => a.Users.Values.Select(u => u.Arn).Concat(a.Roles.Values.Select(r => r.Arn)))
                .ToList();
            Assert.NotEmpty(outside);
            int runs = graph.DiagnosesRun, fast = graph.FastDecisions;
            foreach (var arn in outside) graph.OutOf(arn);
            Assert.True(graph.FastDecisions - fast > graph.DiagnosesRun - runs,
                $"{graph.FastDecisions - fast} decisions from statements, {graph.DiagnosesRun - runs} runs of the checks for {outside.Count} callers outside the organization");
        }

        [Fact]
        public void Asking_for_every_edge_beyond_a_limit_stops_with_TrustGraphTooLargeException_and_within_it_gives_them_all()
        {
            var snapshot = GeneratedOrganization.Load(12, 150, 40, 1);
            var graph = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now);
            int all = TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now).AllEdges(System.Threading.CancellationToken.None).Count;
            Assert.True(all > 100, $"{all} edges");
            var ex = Assert.Throws<TrustGraphTooLargeException>(() => graph.AllEdges(System.Threading.CancellationToken.None, maxEdges: all / 2));
            Assert.Equal(all / 2, ex.Limit);
            Assert.Equal(all, graph.AllEdges(System.Threading.CancellationToken.None, maxEdges: all).Count);
        }

        [Fact]
        public void Comparing_role_by_role_gives_every_edge_change_added_first_in_role_and_source_order()
        {
            // Two organizations with some edges in common (the same service principals and outside accounts trusted):
            // the changes are exactly the differences of the two edge sets.
            var yesterday = GeneratedOrganization.Load(12, 150, 40, 1);
            var today = GeneratedOrganization.Load(12, 150, 40, 2);
            var before = TrustGraphBuilder.Build(yesterday.Accounts, yesterday, Now);
            var after = TrustGraphBuilder.Build(today.Accounts, today, Now);
            static string Key(TrustEdge e) { var h = new AssumeRoleHop(e); return $"{h.Source} -> {h.Role} [{h.Conditions}]"; }
            var old = before.AllEdges(System.Threading.CancellationToken.None).Select(Key).ToHashSet(StringComparer.Ordinal);
            var now = after.AllEdges(System.Threading.CancellationToken.None).Select(Key).ToHashSet(StringComparer.Ordinal);

            var changes = SnapshotComparison.EdgeChanges(before, after, System.Threading.CancellationToken.None);

            var added = changes.Where(c => c.Change == "Added").ToList();
            var removed = changes.Where(c => c.Change == "Removed").ToList();
            Assert.NotEmpty(added);
            Assert.NotEmpty(removed);
            Assert.Equal(now.Except(old).OrderBy(k => k, StringComparer.Ordinal), added.Select(c => c.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(old.Except(now).OrderBy(k => k, StringComparer.Ordinal), removed.Select(c => c.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(changes.Take(added.Count), added);
            foreach (var list in new[] { added, removed })
                Assert.Equal(list.OrderBy(c => c.Role, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal), list);
            Assert.Empty(SnapshotComparison.EdgeChanges(after, after, System.Threading.CancellationToken.None));
            // The same data indexed twice (two loads of one folder): every role compared, nothing changed.
            Assert.Empty(SnapshotComparison.EdgeChanges(after, TrustGraphBuilder.Build(today.Accounts, today, Now), System.Threading.CancellationToken.None));
        }

        [Fact]
        public void Building_the_index_stops_within_half_a_second_of_cancellation()
        {
            var snapshot = GeneratedOrganization.Load(40, 6000, 1500, 3);
            using var cancel = new System.Threading.CancellationTokenSource();
            var started = new System.Threading.ManualResetEventSlim();
            var build = Task.Run(() => TrustGraphBuilder.Build(snapshot.Accounts, snapshot, Now, (done, total) => started.Set(), cancel.Token));
            Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "the build never reported progress");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            cancel.Cancel();
            var ex = Record.Exception(() => build.GetAwaiter().GetResult());
            watch.Stop();
            Assert.IsAssignableFrom<OperationCanceledException>(ex);
            Assert.True(watch.ElapsedMilliseconds < 500, $"stopped {watch.ElapsedMilliseconds} ms after cancellation");
        }
    }
}

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// The graph-chain fixture: people (account 1, under an SCP that denies prod-* roles) reach production (account 3,
    /// under an RCP perimeter) only through tool roles (account 2); a boundary, a trust Deny, MFA lost in a chain, an
    /// ExternalId, a source network, and partners inside and outside the perimeter decide the rest.
    /// </summary>
    public class TrustGraphChainTests
    {
        private const string People = "111111111111", Tools = "222222222222", Prod = "333333333333";
        private static string U(string name) => $"arn:aws:iam::{People}:user/{name}";
        private static string T(string name) => $"arn:aws:iam::{Tools}:role/{name}";
        private static string P(string name) => $"arn:aws:iam::{Prod}:role/{name}";

        private static readonly Lazy<TrustGraph> Graph = new Lazy<TrustGraph>(() =>
        {
            var s = TrustGraphTests.Load("graph-chain");
            return TrustGraphBuilder.Build(s.Accounts, s, TrustGraphTests.Now);
        });

        private static TrustEdge? Edge(string source, string role) => Graph.Value.Into(role).SingleOrDefault(e => e.Source.Id == source);

        [Fact]
        public void Scp_boundary_trust_deny_rcp_and_chained_mfa_close_edges()
        {
            Assert.NotNull(Edge(U("bob"), T("tools-admin")));
            Assert.Null(Edge(U("alice"), T("tools-admin")));          // her boundary allows only hop-* roles
            Assert.NotNull(Edge(U("alice"), T("hop-build")));
            Assert.Empty(Graph.Value.OutOf(U("carol")));                // no identity allow, and the trusts name only the account
            Assert.Null(Edge(U("bob"), P("prod-deploy")));              // the Dev OU's SCP denies prod-* roles
            Assert.Null(Edge(T("hop-ci"), P("prod-guarded")));          // the trust's Deny names hop-ci
            Assert.False(Edge(T("hop-build"), P("prod-guarded"))!.Conditional);
            Assert.Null(Edge(T("hop-ci"), P("prod-admin")));            // MFA is never carried into a chained session
            Assert.Empty(Graph.Value.Into(P("prod-partner")));          // the RCP perimeter denies an account outside the organization
        }

        [Fact]
        public void Conditional_edges_name_the_request_values_they_need()
        {
            var vendor = Edge("arn:aws:iam::444444444444:root", P("prod-vendor"))!;
            Assert.Equal(TrustNodeKind.ExternalAccount, vendor.Source.Kind);
            Assert.Equal("sts:ExternalId", Assert.Single(vendor.Conditions).Key);
            var ip = Edge(T("hop-ci"), P("prod-ip"))!;
            Assert.Equal("aws:SourceIp", Assert.Single(ip.Conditions).Key);
        }

        [Fact]
        public void People_reach_production_only_through_a_tool_role()
        {
            var from = PathSearch.From(Graph.Value, U("bob"), 2);
            var deploy = from.Single(p => p.Role == P("prod-deploy"));
            Assert.Equal(2, deploy.Depth);
            Assert.False(deploy.Conditional);
            Assert.Contains(deploy.Hops[0].Role, new[] { T("hop-build"), T("hop-ci") });
            Assert.True(from.Single(p => p.Role == P("prod-ip")).Conditional);
            Assert.DoesNotContain(from, p => p.Role == P("prod-admin") || p.Role == P("prod-partner") || p.Role == P("prod-vendor"));
            Assert.DoesNotContain(PathSearch.From(Graph.Value, U("bob"), 1), p => p.Role.StartsWith($"arn:aws:iam::{Prod}:", StringComparison.Ordinal));

            var to = PathSearch.To(Graph.Value, P("prod-deploy"), 2);
            Assert.Equal(new[] { T("hop-build"), T("hop-ci") }, to.Where(p => p.Depth == 1).Select(p => p.Source));
            Assert.Equal(new[] { U("alice"), U("bob") }, to.Where(p => p.Depth == 2).Select(p => p.Source));
        }

        [Fact]
        public void A_role_session_stands_for_its_role()
        {
            var session = PathSearch.From(Graph.Value, $"arn:aws:sts::{Tools}:assumed-role/hop-ci/deploy-42", 1).Select(p => p.ToString());
            var role = PathSearch.From(Graph.Value, T("hop-ci"), 1).Select(p => p.ToString());
            Assert.Equal(role, session);
            Assert.NotEmpty(role);
        }
    }
}
