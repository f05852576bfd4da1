using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Federation;
using Xunit;
using static RoleTrust.CheckStatus;
using Stj = System.Text.Json.Nodes;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// The snapshot's identity providers (providers/&lt;id&gt;.json) and account aliases (AccountAliases in an account file):
    /// absent data makes the IdentityProvider check Unknown, never Pass; present but unusable data is Unknown too, and the
    /// load names the file and the JSON path; an entry that is fine keeps its answer. Built on a copy of examples/bob-alice
    /// with its providers file and aliases replaced, and a GitHub Actions role and a SAML role added to account 222222222222.
    /// </summary>
    public class FederationSnapshotTests
    {
        private const string B = "222222222222", A = "111111111111";
        private const string Providers = "providers/222222222222.json", AccountB = "accounts/222222222222.json", AccountA = "accounts/111111111111.json";
        private const string GitHub = "token.actions.githubusercontent.com";
        private static readonly string OidcArn = $"arn:aws:iam::{B}:oidc-provider/{GitHub}";
        private static readonly string SamlArn = $"arn:aws:iam::{B}:saml-provider/Okta";
        private static readonly string Deploy = $"arn:aws:iam::{B}:role/OidcDeploy";
        private static readonly string Analyst = $"arn:aws:iam::{B}:role/Analyst";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        private const string GoodProviders = "{\"OpenIDConnectProviders\":[{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com\"," +
            "\"Url\":\"token.actions.githubusercontent.com\",\"ClientIDList\":[\"sts.amazonaws.com\"],\"ThumbprintList\":[\"6938fd4d98bab03faadb97b34396831e3780aea1\"]}]," +
            "\"SAMLProviders\":[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\",\"ValidUntil\":\"2030-01-01T00:00:00Z\"}]}";

        /// <summary>bob-alice with the two federated roles; <paramref name="providers"/> is the providers file's text (null: no file).</summary>
        private static SnapshotFolder Folder(string? providers = GoodProviders)
        {
            var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountB, account =>
            {
                var roles = account["RoleDetailList"]!.AsArray();
                roles.Add(Role("OidcDeploy", $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Federated\":\"{OidcArn}\"}},\"Action\":\"sts:AssumeRoleWithWebIdentity\"," +
                    $"\"Condition\":{{\"StringEquals\":{{\"{GitHub}:aud\":\"sts.amazonaws.com\"}},\"StringLike\":{{\"{GitHub}:sub\":\"repo:Org/app:ref:refs/heads/main\"}}}}}}]}}"));
                roles.Add(Role("Analyst", $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Federated\":\"{SamlArn}\"}},\"Action\":\"sts:AssumeRoleWithSAML\"," +
                    "\"Condition\":{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}"));
            });
            if (System.IO.Directory.Exists(folder.PathOf("providers"))) System.IO.Directory.Delete(folder.PathOf("providers"), true);
            foreach (var file in new[] { AccountA, AccountB }) folder.Edit(file, n => n.AsObject().Remove("AccountAliases"));
            if (providers != null)
            {
                System.IO.Directory.CreateDirectory(folder.PathOf("providers"));
                folder.Write(Providers, providers);
            }
            return folder;
        }

        private static Stj.JsonNode Role(string name, string trust) => Stj.JsonNode.Parse(
            $"{{\"Path\":\"/\",\"RoleName\":\"{name}\",\"RoleId\":\"AROA{name.ToUpperInvariant().PadRight(17, 'X')}\",\"Arn\":\"arn:aws:iam::{B}:role/{name}\"," +
            $"\"CreateDate\":\"2025-01-01T00:00:00Z\",\"AssumeRolePolicyDocument\":{trust},\"RolePolicyList\":[],\"AttachedManagedPolicies\":[],\"Tags\":[],\"MaxSessionDuration\":3600}}")!;

        private static WebIdentityClaims Token(string sub = "repo:Org/app:ref:refs/heads/main", string aud = "\"sts.amazonaws.com\"") =>
            WebIdentityClaims.FromJson(JsonParser.Parse($"{{\"iss\":\"https://{GitHub}\",\"sub\":\"{sub}\",\"aud\":{aud}}}"));

        private static SamlAssertion Assertion() => SamlAttributesReader.FromJson(JsonParser.Parse(
            $"{{\"Issuer\":\"http://www.okta.com/exk1\",\"NameID\":\"alice@example.com\",\"Recipient\":\"https://signin.aws.amazon.com/saml\"," +
            $"\"https://aws.amazon.com/SAML/Attributes/Role\":\"{Analyst},{SamlArn}\",\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\":\"alice\"}}"));

        private static PathCheck Oidc(SnapshotSource data, WebIdentityClaims? token = null) =>
            PathDiagnosis.Run(new PathRequest { RoleArn = Deploy, WebIdentity = token ?? Token(), RoleSessionName = "gha", Now = Now }, data)
                .Single(c => c.GetName() == CheckName.IdentityProvider);

        private static PathCheck Saml(SnapshotSource data) =>
            PathDiagnosis.Run(new PathRequest { RoleArn = Analyst, Saml = Assertion(), Now = Now }, data).Single(c => c.GetName() == CheckName.IdentityProvider);

        private static void AssertIssue(SnapshotSource data, string message) =>
            Assert.True(data.Issues.Any(i => i.Message == message), $"expected \"{message}\"; got:\n  " + string.Join("\n  ", data.Issues.Select(i => i.Message)));

        /// <summary>A providers file with one OIDC entry replaced by <paramref name="entry"/> (JSON) and the SAML list as given.</summary>
        private static string ProvidersWith(string oidcEntries, string samlEntries = "[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\"}]") =>
            $"{{\"OpenIDConnectProviders\":{oidcEntries},\"SAMLProviders\":{samlEntries}}}";

        private const string GoodOidcEntry = "{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com\",\"Url\":\"token.actions.githubusercontent.com\",\"ClientIDList\":[\"sts.amazonaws.com\"]}";

        // ------------------------------------------------------------ present, absent

        [Fact]
        public void A_providers_file_that_lists_the_provider_and_audience_passes_and_the_whole_path_opens()
        {
            using var folder = Folder();
            var data = folder.Load();
            Assert.Empty(data.Issues);
            var checks = PathDiagnosis.Run(new PathRequest { RoleArn = Deploy, WebIdentity = Token(), RoleSessionName = "gha", Now = Now }, data);
            Assert.True(checks.All(c => c.Passed), string.Join("\n", checks.Select(c => $"{c.Check} {c.Status}: {c.Summary}")));
            Assert.Equal(Pass, Saml(data).GetStatus());
        }

        [Fact]
        public void Without_a_providers_file_the_provider_check_is_Unknown_and_names_the_file_to_add()
        {
            using var folder = Folder(providers: null);
            var oidc = Oidc(folder.Load());
            Assert.Equal(Unknown, oidc.GetStatus());
            Assert.Contains("the snapshot has no providers/222222222222.json", oidc.Summary);
            Assert.Contains("Add providers/222222222222.json", oidc.Fix);
            Assert.Equal(Unknown, Saml(folder.Load()).GetStatus());
        }

        [Fact]
        public void A_provider_missing_from_a_readable_file_fails_and_an_audience_it_does_not_list_fails()
        {
            using var folder = Folder(ProvidersWith("[]", "[]"));
            var data = folder.Load();
            Assert.Equal(Fail, Oidc(data).GetStatus());
            Assert.Equal(Fail, Saml(data).GetStatus());
            folder.Write(Providers, ProvidersWith("[" + GoodOidcEntry.Replace("sts.amazonaws.com\"]", "https://github.com/Org\"]") + "]"));
            var audience = Oidc(folder.Load());
            Assert.Equal(Fail, audience.GetStatus());
            Assert.Equal("InvalidIdentityToken: Incorrect token audience", audience.ErrorText);
        }

        [Fact]
        public void A_URL_given_with_its_scheme_or_left_out_is_the_one_the_ARN_names()
        {
            using var folder = Folder(ProvidersWith("[" + GoodOidcEntry.Replace("\"Url\":\"token", "\"Url\":\"https://token") + "]"));
            Assert.Empty(folder.Load().Issues);
            Assert.Equal(Pass, Oidc(folder.Load()).GetStatus());
            folder.Write(Providers, ProvidersWith("[" + GoodOidcEntry.Replace("\"Url\":\"token.actions.githubusercontent.com\",", "") + "]"));
            Assert.Equal(Pass, Oidc(folder.Load()).GetStatus());
        }

        // ------------------------------------------------------------ malformed

        [Theory]
        [InlineData("{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com\",\"ClientIDList\":\"sts.amazonaws.com\"}",
            "providers/222222222222.json: OpenIDConnectProviders[0].ClientIDList: expected an array of strings, found a string")]
        [InlineData("{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com\",\"ClientIDList\":[\"sts.amazonaws.com\",7]}",
            "providers/222222222222.json: OpenIDConnectProviders[0].ClientIDList[1]: expected a string, found a number")]
        [InlineData("{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com\"}",
            "providers/222222222222.json: OpenIDConnectProviders[0].ClientIDList: missing, so which audiences the provider accepts is not known")]
        public void A_known_provider_whose_client_IDs_cannot_be_read_is_Unknown_never_a_failed_audience(string entry, string issue)
        {
            using var folder = Folder(ProvidersWith("[" + entry + "]"));
            var data = folder.Load();
            AssertIssue(data, issue);
            var oidc = Oidc(data);
            Assert.Equal(Unknown, oidc.GetStatus());
            Assert.Contains("which audiences it accepts cannot be told", oidc.Summary);
            Assert.Contains("Correct providers/222222222222.json", oidc.Fix);
        }

        [Theory]
        [InlineData("{\"OpenIDConnectProviders\":{\"Arn\":\"x\"},\"SAMLProviders\":[]}", "providers/222222222222.json: OpenIDConnectProviders: expected an array, found an object")]
        [InlineData("{\"SAMLProviders\":[]}", "providers/222222222222.json: OpenIDConnectProviders: missing: the file does not list these providers")]
        [InlineData("{\"OpenIDConnectProviders\":[\"token.actions.githubusercontent.com\"],\"SAMLProviders\":[]}", "providers/222222222222.json: OpenIDConnectProviders[0]: expected an object, found a string")]
        [InlineData("{\"OpenIDConnectProviders\":[{\"Url\":\"token.actions.githubusercontent.com\"}],\"SAMLProviders\":[]}", "providers/222222222222.json: OpenIDConnectProviders[0].Arn: missing, so the entry cannot be identified")]
        [InlineData("{\"OpenIDConnectProviders\":[{\"Arn\":\"arn:aws:iam::222222222222:role/x\"}],\"SAMLProviders\":[]}", "providers/222222222222.json: OpenIDConnectProviders[0].Arn: 'arn:aws:iam::222222222222:role/x' is not an IAM oidc-provider ARN")]
        [InlineData("{\"OpenIDConnectProviders\":[{\"Arn\":\"arn:aws:iam::222222222222:oidc-provider/a.example.com\",\"Url\":\"b.example.com\",\"ClientIDList\":[]}],\"SAMLProviders\":[]}",
            "providers/222222222222.json: OpenIDConnectProviders[0].Url: 'b.example.com' is not the URL the ARN names (a.example.com), so which issuer the provider serves is ambiguous")]
        public void A_list_that_cannot_be_read_whole_makes_a_missing_provider_Unknown_not_absent(string file, string issue)
        {
            using var folder = Folder(file);
            var data = folder.Load();
            AssertIssue(data, issue);
            var oidc = Oidc(data);
            Assert.Equal(Unknown, oidc.GetStatus());
            Assert.Contains("Cannot tell whether account 222222222222 has an IAM OIDC provider", oidc.Summary);
        }

        [Fact]
        public void An_entry_that_cannot_be_identified_does_not_hide_an_intact_provider()
        {
            using var folder = Folder(ProvidersWith("[{\"ClientIDList\":[]}," + GoodOidcEntry + "]"));
            var data = folder.Load();
            AssertIssue(data, "providers/222222222222.json: OpenIDConnectProviders[0].Arn: missing, so the entry cannot be identified");
            Assert.Equal(Pass, Oidc(data).GetStatus());
        }

        [Fact]
        public void A_provider_listed_twice_is_ambiguous()
        {
            using var folder = Folder(ProvidersWith("[" + GoodOidcEntry + "," + GoodOidcEntry + "]"));
            var data = folder.Load();
            Assert.Contains(data.Issues, i => i.Message.Contains("OpenIDConnectProviders[1].Arn") && i.Message.Contains("is listed before"));
            Assert.Equal(Unknown, Oidc(data).GetStatus());
        }

        [Fact]
        public void A_malformed_thumbprint_list_is_reported_but_decides_nothing()
        {
            using var folder = Folder(ProvidersWith("[" + GoodOidcEntry.Replace("}", ",\"ThumbprintList\":\"abc\"}") + "]"));
            var data = folder.Load();
            AssertIssue(data, "providers/222222222222.json: OpenIDConnectProviders[0].ThumbprintList: expected an array of strings, found a string");
            Assert.Equal(Pass, Oidc(data).GetStatus());
        }

        [Theory]
        [InlineData("[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\",\"ValidUntil\":\"next year\"}]",
            "providers/222222222222.json: SAMLProviders[0].ValidUntil: 'next year' is not a date and time", "whether its metadata is still valid cannot be told")]
        [InlineData("[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\",\"ValidUntil\":20300101}]",
            "providers/222222222222.json: SAMLProviders[0].ValidUntil: expected a date and time (a string), found a number", "whether its metadata is still valid cannot be told")]
        [InlineData("{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\"}",
            "providers/222222222222.json: SAMLProviders: expected an array, found an object", "Cannot tell whether account 222222222222 has the SAML provider")]
        public void SAML_providers_that_cannot_be_read_are_Unknown(string saml, string issue, string summary)
        {
            using var folder = Folder(ProvidersWith("[" + GoodOidcEntry + "]", saml));
            var data = folder.Load();
            AssertIssue(data, issue);
            var check = Saml(data);
            Assert.Equal(Unknown, check.GetStatus());
            Assert.Contains(summary, check.Summary);
            Assert.Equal(Pass, Oidc(data).GetStatus());
        }

        [Fact]
        public void An_expired_SAML_provider_fails_and_one_without_a_date_passes()
        {
            using var folder = Folder(ProvidersWith("[]", "[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\",\"ValidUntil\":\"2025-01-01T00:00:00Z\"}]"));
            var check = Saml(folder.Load());
            Assert.Equal(Fail, check.GetStatus());
            Assert.Contains("metadata expired", check.Summary);
            folder.Write(Providers, ProvidersWith("[]", "[{\"Arn\":\"arn:aws:iam::222222222222:saml-provider/Okta\"}]"));
            Assert.Equal(Pass, Saml(folder.Load()).GetStatus());
        }

        [Theory]
        [InlineData("not json", "providers/222222222222.json: ")]
        [InlineData("[]", "providers/222222222222.json: The providers file must hold a JSON object")]
        [InlineData("{\"OpenIDConnectProviders\":[{\"Arn\":\"arn:aws:iam::333333333333:oidc-provider/x.example.com\"}],\"SAMLProviders\":[]}",
            "providers/222222222222.json: OpenIDConnectProviders[0].Arn: 'arn:aws:iam::333333333333:oidc-provider/x.example.com' names account 333333333333, not 222222222222 (the file's name)")]
        public void A_file_that_cannot_be_used_at_all_makes_the_providers_Unknown_and_leaves_the_account_alone(string text, string issueStart)
        {
            using var folder = Folder(text);
            var data = folder.Load();
            var issue = data.Issues.FirstOrDefault(i => i.File == Providers);
            Assert.NotNull(issue);
            Assert.True(issue!.FileUnusable);
            Assert.StartsWith(issueStart, issue.Message);
            var oidc = Oidc(data);
            Assert.Equal(Unknown, oidc.GetStatus());
            Assert.Contains("providers/222222222222.json cannot be used", oidc.Summary);
            // The account file itself is fine: the role and its trust are still read.
            Assert.Equal(LookupStatus.Found, data.GetRole(B, "OidcDeploy").Status);
        }

        [Fact]
        public void Files_under_providers_that_are_not_account_files_are_named()
        {
            using var folder = Folder();
            folder.Write("providers/prod.json", GoodProviders);
            folder.Write("providers/notes.txt", "hello");
            var data = folder.Load();
            Assert.Contains(data.Issues, i => i.Message == "providers/prod.json: the file name is not a 12-digit account ID" && i.FileUnusable);
            Assert.Contains(data.Issues, i => i.Message.StartsWith("providers/notes.txt: not part of the snapshot format", StringComparison.Ordinal));
            Assert.Equal(Pass, Oidc(data).GetStatus());
        }

        // ------------------------------------------------------------ AccountAliases

        private static SnapshotFolder Aliased(string? a, string? b)
        {
            var folder = Folder();
            if (a != null) folder.Edit(AccountA, n => n["AccountAliases"] = Stj.JsonNode.Parse(a));
            if (b != null) folder.Edit(AccountB, n => n["AccountAliases"] = Stj.JsonNode.Parse(b));
            return folder;
        }

        [Fact]
        public void An_alias_listed_in_an_account_file_names_that_account()
        {
            using var folder = Aliased("[\"example-dev\"]", "[\"example-prod\"]");
            var data = folder.Load();
            Assert.Empty(data.Issues);
            Assert.Equal(B, data.FindAccountByAlias("example-prod").Value);
            Assert.Equal(A, data.FindAccountByAlias("example-dev").Value);
        }

        [Fact]
        public void An_alias_no_account_lists_is_NotFound_only_when_every_account_file_carries_its_aliases()
        {
            using (var all = Aliased("[]", "[\"example-prod\"]"))
                Assert.Equal(LookupStatus.NotFound, all.Load().FindAccountByAlias("example-test").Status);
            using var some = Aliased(null, "[\"example-prod\"]");
            var lookup = some.Load().FindAccountByAlias("example-test");
            Assert.Equal(LookupStatus.Unavailable, lookup.Status);
            Assert.Contains("accounts/111111111111.json carries no AccountAliases", SnapshotPhrasing.Instance.Describe(lookup.Gap!));
            Assert.Contains("Add AccountAliases", SnapshotPhrasing.Instance.Remedy(lookup.Gap!));
        }

        [Theory]
        [InlineData("\"example-prod\"", "accounts/222222222222.json: AccountAliases: expected an array of strings, found a string")]
        [InlineData("[\"example-prod\", 3]", "accounts/222222222222.json: AccountAliases[1]: expected a string, found a number")]
        [InlineData("[\"\"]", "accounts/222222222222.json: AccountAliases[0]: an empty string is no alias")]
        public void Malformed_aliases_are_reported_and_make_an_unlisted_alias_Unknown(string aliases, string issue)
        {
            using var folder = Aliased("[]", aliases);
            var data = folder.Load();
            AssertIssue(data, issue);
            Assert.Equal(LookupStatus.Unavailable, data.FindAccountByAlias("example-test").Status);
            // The account file is otherwise used.
            Assert.Equal(LookupStatus.Found, data.GetRole(B, "Alice").Status);
        }

        [Fact]
        public void An_alias_two_account_files_list_is_ambiguous()
        {
            using var folder = Aliased("[\"example\"]", "[\"example\"]");
            var lookup = folder.Load().FindAccountByAlias("example");
            Assert.Equal(LookupStatus.Unavailable, lookup.Status);
            Assert.Contains("111111111111 and 222222222222 both list it", SnapshotPhrasing.Instance.Describe(lookup.Gap!));
        }
    }
}
