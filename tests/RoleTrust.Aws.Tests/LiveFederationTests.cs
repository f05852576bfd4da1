using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Federation;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// Identity providers and account aliases read live (ListOpenIDConnectProviders, GetOpenIDConnectProvider,
    /// ListSAMLProviders, ListAccountAliases) through the credentials that read the role's account, against the fake
    /// serving tests/fixtures/federation; and Save-RoleTrustSnapshot's collector writing them.
    /// </summary>
    public class LiveFederationTests
    {
        private const string Dev = "111111111111", Prod = "222222222222", Management = "999999999999";
        private const string GitHub = "token.actions.githubusercontent.com";
        private static readonly string Deploy = $"arn:aws:iam::{Prod}:role/GitHubDeploy";
        private static readonly string Analyst = $"arn:aws:iam::{Prod}:role/Analyst";
        private static readonly string SamlProvider = $"arn:aws:iam::{Prod}:saml-provider/Okta";

        private static WebIdentityClaims Token(string sub) =>
            WebIdentityClaims.FromJson(JsonParser.Parse($"{{\"iss\":\"https://{GitHub}\",\"sub\":\"{sub}\",\"aud\":\"sts.amazonaws.com\"}}"));

        private static SamlAssertion Assertion() => SamlAttributesReader.FromJson(JsonParser.Parse(
            $"{{\"Issuer\":\"http://www.okta.com/exk1\",\"NameID\":\"alice@example.com\",\"Recipient\":\"https://signin.aws.amazon.com/saml\"," +
            $"\"https://aws.amazon.com/SAML/Attributes/Role\":\"{Analyst},{SamlProvider}\",\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\":\"alice\"}}"));

        /// <summary>The federated requests compared live and offline: each GitHub subject shape against each GitHub role, and SAML.</summary>
        private static IEnumerable<(string Label, PathRequest Request)> Requests()
        {
            foreach (var sub in new[] { "repo:Org/app:ref:refs/heads/main", "repo:Org/app:environment:prod", "repo:Org/app:ref:refs/tags/v1.2.0", "repo:Org/app:pull_request", "repo:org/app:ref:refs/heads/main" })
                foreach (var role in new[] { "GitHubDeploy", "GitHubProd", "GitHubRelease", "GitHubPullRequest" })
                    yield return ($"{sub} -> {role}", new PathRequest { RoleArn = $"arn:aws:iam::{Prod}:role/{role}", WebIdentity = Token(sub), RoleSessionName = "gha", Now = LiveHarness.Now });
            yield return ("SAML -> Analyst", new PathRequest { RoleArn = Analyst, Saml = Assertion(), Now = LiveHarness.Now });
        }

        /// <summary>A federated request as the cmdlets run it live: the role's side and its account's providers read at once.</summary>
        private static IReadOnlyList<PathCheck> RunLive(LiveDiagnosis live, PathRequest request)
        {
            var run = Task.Run(async () =>
            {
                var probe = live.CallerProbeAsync();
                await live.PrefetchAsync("", request.RoleArn, identityProviders: true).ConfigureAwait(false);
                return PathDiagnosis.Run(request, live.Data, null, LiveChecks.Observe(await probe.ConfigureAwait(false), sourceDefaultedToCaller: false));
            });
            if (!run.Wait(LiveHarness.Timeout)) throw new TimeoutException(request.RoleArn);
            return run.Result;
        }

        private static LiveHarness Harness() => new LiveHarness(LiveHarness.Fixture("federation"));

        [Fact]
        public async Task The_IAM_client_reads_the_providers_the_way_the_snapshot_file_lists_them()
        {
            using var h = Harness();
            var iam = h.Iam(Prod);
            var arns = await iam.ListOpenIDConnectProvidersAsync();
            Assert.Equal(new[] { $"arn:aws:iam::{Prod}:oidc-provider/{GitHub}" }, arns);
            var provider = await iam.GetOpenIDConnectProviderAsync(arns[0]);
            Assert.Equal(GitHub, provider.Url);
            Assert.Equal(new[] { "sts.amazonaws.com" }, provider.ClientIdList);
            Assert.Equal(new[] { "6938fd4d98bab03faadb97b34396831e3780aea1" }, provider.ThumbprintList);
            var saml = await iam.ListSAMLProvidersAsync();
            Assert.Equal(SamlProvider, saml.Single().Arn);
            Assert.Equal("2099-01-01T00:00:00Z", saml.Single().ValidUntil);
            Assert.Equal(new[] { "example-prod" }, await iam.ListAccountAliasesAsync());
            Assert.All(h.Fake.Requests, r => Assert.True(r.SignatureValid, r.ToString()));
        }

        [Fact]
        public void Every_federated_request_gets_the_snapshots_answer_live_with_credentials_of_the_roles_account()
        {
            using var h = Harness();
            var snapshot = h.Snapshot();
            var live = h.Live(Dev, target: Prod, organization: Management);
            foreach (var (label, request) in Requests())
            {
                var expected = PathDiagnosis.Run(request, snapshot);
                var actual = RunLive(live, request);
                var diffs = Equivalence.Differences(expected, actual, unknownAllowed: false);
                Assert.True(diffs.Count == 0, $"{label}:\n  " + string.Join("\n  ", diffs) + "\nlive:\n" + LiveHarness.Show(actual));
            }
            // The providers were read once, with the credentials of the role's account.
            Assert.Single(h.RequestsBy(LiveHarness.AccessKey(Prod)), r => r.Operation == "ListOpenIDConnectProviders");
            Assert.Empty(h.RequestsBy(LiveHarness.AccessKey(Dev)).Where(r => r.Operation.Contains("Provider")));
        }

        [Fact]
        public void The_GitHub_job_on_main_gets_in_live_and_a_job_with_an_environment_is_told_the_subject_shapes()
        {
            using var h = Harness();
            var live = h.Live(Dev, target: Prod, organization: Management);
            var open = RunLive(live, new PathRequest { RoleArn = Deploy, WebIdentity = Token("repo:Org/app:ref:refs/heads/main"), Now = LiveHarness.Now });
            Assert.True(open.All(c => c.Passed), LiveHarness.Show(open));
            Assert.Equal(CheckStatus.Pass, LiveHarness.Status(open, "IdentityProvider"));
            var environment = LiveHarness.Check(RunLive(live, new PathRequest { RoleArn = Deploy, WebIdentity = Token("repo:Org/app:environment:prod"), Now = LiveHarness.Now }), "TrustConditions");
            Assert.Equal(CheckStatus.Fail, environment.GetStatus());
            Assert.Contains("environment:NAME", environment.Fix);
        }

        [Fact]
        public void Without_credentials_for_the_roles_account_the_provider_check_is_Unknown_and_says_which_would_read_it()
        {
            using var h = Harness();
            var checks = RunLive(h.Live(Dev), new PathRequest { RoleArn = Deploy, WebIdentity = Token("repo:Org/app:ref:refs/heads/main"), Now = LiveHarness.Now });
            var provider = LiveHarness.Check(checks, "IdentityProvider");
            Assert.Equal(CheckStatus.Unknown, provider.GetStatus());
            Assert.Contains("no credentials given can read account 222222222222", provider.Summary);
            Assert.Contains("-TargetProfileName", provider.Fix);
            Assert.Empty(h.Fake.Requests.Where(r => r.Operation == "ListOpenIDConnectProviders"));
        }

        [Theory]
        [InlineData("ListOpenIDConnectProviders")]
        [InlineData("GetOpenIDConnectProvider")]
        [InlineData("ListSAMLProviders")]
        public void A_denied_provider_read_makes_the_check_Unknown_naming_the_permission(string operation)
        {
            using var h = Harness();
            h.Fake.InjectAccessDenied(operation);
            var checks = RunLive(h.Live(Dev, target: Prod, organization: Management),
                new PathRequest { RoleArn = Deploy, WebIdentity = Token("repo:Org/app:ref:refs/heads/main"), Now = LiveHarness.Now });
            var provider = LiveHarness.Check(checks, "IdentityProvider");
            Assert.Equal(CheckStatus.Unknown, provider.GetStatus());
            Assert.Contains($"iam:{operation}", provider.Summary);
            Assert.Contains($"Grant iam:{operation}", provider.Fix);
        }

        [Fact]
        public void An_alias_resolves_with_the_credentials_of_its_account_and_an_unknown_one_says_where_it_looked()
        {
            using var h = Harness();
            var live = h.Live(Dev, target: Prod);
            var federation = (IFederationDataSource)live.Data;
            Assert.Equal(Prod, federation.FindAccountByAlias("example-prod").Value);
            Assert.Equal(Dev, federation.FindAccountByAlias("example-dev").Value);
            var unknown = federation.FindAccountByAlias("example-test");
            Assert.Equal(LookupStatus.NotFound, unknown.Status);
            Assert.Contains("111111111111 (the caller's credentials)", unknown.NotFoundReason);
            Assert.Contains("222222222222 (-TargetCredential)", unknown.NotFoundReason);
            // Each account's aliases are listed once.
            Assert.Equal(2, h.Fake.Requests.Count(r => r.Operation == "ListAccountAliases"));
        }

        [Fact]
        public void A_denied_alias_read_leaves_the_alias_unknown_rather_than_absent()
        {
            using var h = Harness();
            h.Fake.InjectAccessDenied("ListAccountAliases");
            var lookup = ((IFederationDataSource)h.Live(Dev).Data).FindAccountByAlias("example-prod");
            Assert.Equal(LookupStatus.Unavailable, lookup.Status);
            Assert.Equal(DataGapCause.AccessDenied, lookup.Gap!.Cause);
            Assert.Equal("iam:ListAccountAliases", lookup.Gap.Operation);
        }

        [Fact]
        public async Task The_collector_writes_the_providers_and_aliases_and_the_collected_snapshot_answers_as_the_original()
        {
            using var h = Harness();
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-collect-fed-" + Guid.NewGuid().ToString("N"));
            try
            {
                var collector = new SnapshotCollector(Dev, h.Iam(Dev), a => Task.FromResult<IIamReader>(h.Iam(a)), h.Organizations(Management));
                var result = await collector.CollectAsync(folder, new[] { Dev, Prod }, true);
                Assert.True(result.Complete, string.Join("; ", result.Failures));
                Assert.Contains(Path.Combine(folder, "providers", Prod + ".json"), result.Files);
                Assert.Contains(Path.Combine(folder, "providers", Dev + ".json"), result.Files);
                var collected = SnapshotSource.Load(folder);
                Assert.Empty(collected.Issues);
                Assert.Equal(Prod, collected.FindAccountByAlias("example-prod").Value);
                var original = h.Snapshot();
                foreach (var (label, request) in Requests())
                {
                    var expected = PathDiagnosis.Run(request, original);
                    var actual = PathDiagnosis.Run(request, collected);
                    Assert.True(expected.Select(c => (c.Check, c.Status, c.Summary)).SequenceEqual(actual.Select(c => (c.Check, c.Status, c.Summary))),
                        $"{label}\nexpected:\n{LiveHarness.Show(expected)}\nactual:\n{LiveHarness.Show(actual)}");
                }
                var providers = JsonParser.Parse(File.ReadAllText(Path.Combine(folder, "providers", Prod + ".json")));
                Assert.Equal(new[] { "OpenIDConnectProviders", "SAMLProviders" }, providers.Members!.Select(m => m.Key));
            }
            finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
        }

        [Fact]
        public async Task A_denied_provider_or_alias_read_still_writes_the_account_file_and_names_what_is_missing()
        {
            using var h = Harness();
            h.Fake.InjectAccessDenied("ListSAMLProviders");
            h.Fake.InjectAccessDenied("ListAccountAliases");
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-collect-fed-" + Guid.NewGuid().ToString("N"));
            try
            {
                var result = await new SnapshotCollector(Prod, h.Iam(Prod)).CollectAsync(folder, null, false);
                Assert.Equal(new[] { Prod }, result.AccountsWritten);
                var failure = Assert.Single(result.Failures);
                Assert.Contains("AccountAliases not written", failure.Reason);
                Assert.Contains("providers/222222222222.json not written", failure.Reason);
                Assert.Contains("iam:ListSAMLProviders was denied", failure.Reason);
                Assert.False(File.Exists(Path.Combine(folder, "providers", Prod + ".json")));
                var collected = SnapshotSource.Load(folder);
                Assert.Equal(LookupStatus.Unavailable, collected.GetIdentityProviders(Prod).Status);
                Assert.Equal(LookupStatus.Found, collected.GetRole(Prod, "GitHubDeploy").Status);
            }
            finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
        }
    }
}
