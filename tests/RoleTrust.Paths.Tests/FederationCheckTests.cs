using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Federation;
using Xunit;
using static RoleTrust.CheckStatus;

namespace RoleTrust.Paths.Tests
{
    /// <summary>AssumeRoleWithWebIdentity (GitHub Actions OIDC, built-in providers) and AssumeRoleWithSAML through the path checks.</summary>
    public class FederationCheckTests
    {
        private const string B = "222222222222";
        private const string GitHub = "token.actions.githubusercontent.com";
        private static readonly string ProviderArn = $"arn:aws:iam::{B}:oidc-provider/{GitHub}";
        private static readonly string Deploy = $"arn:aws:iam::{B}:role/GitHubDeploy";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        private static string GitHubTrust(string subPattern = "repo:Org/app:ref:refs/heads/main") => MemorySource.Trust(
            $"{{\"Federated\":\"{ProviderArn}\"}}",
            $"{{\"StringEquals\":{{\"{GitHub}:aud\":\"sts.amazonaws.com\"}},\"StringLike\":{{\"{GitHub}:sub\":\"{subPattern}\"}}}}",
            actions: "\"sts:AssumeRoleWithWebIdentity\"");

        private static MemorySource Account(string trust, params string[] clientIds)
        {
            var data = new MemorySource();
            data.AddRole(B, "GitHubDeploy", trust);
            data.Memberships[B] = MemorySource.Member(B);
            data.Providers[B] = new IdentityProviderSet(B, new[] { new OidcProviderData(ProviderArn, GitHub, clientIds.Length == 0 ? new[] { "sts.amazonaws.com" } : clientIds, new string[0]) },
                new SamlProviderData[0]);
            return data;
        }

        private static WebIdentityClaims Token(string sub, string aud = "sts.amazonaws.com", string iss = "https://" + GitHub, string? azp = null) =>
            WebIdentityClaims.FromJson(JsonParser.Parse(
                $"{{\"iss\":\"{iss}\",\"sub\":\"{sub}\",\"aud\":\"{aud}\"{(azp == null ? "" : $",\"azp\":\"{azp}\"")},\"exp\":{Now.AddMinutes(5).ToUnixTimeSeconds()}}}"));

        private static IReadOnlyList<PathCheck> Run(IAccountDataSource data, WebIdentityClaims token, string role = "") =>
            PathDiagnosis.Run(new PathRequest { RoleArn = role.Length == 0 ? Deploy : role, WebIdentity = token, RoleSessionName = "gha", Now = Now }, data);

        private static PathCheck Get(IReadOnlyList<PathCheck> checks, CheckName name) => checks.Single(c => c.GetName() == name);

        [Fact]
        public void A_GitHub_job_on_the_trusted_branch_opens_the_path_and_the_callers_side_does_not_apply()
        {
            var checks = Run(Account(GitHubTrust()), Token("repo:Org/app:ref:refs/heads/main"));
            Assert.True(checks.All(c => c.Passed), string.Join("\n", checks.Select(c => $"{c.Check} {c.Status}: {c.Summary}")));
            Assert.Equal(Pass, Get(checks, CheckName.IdentityProvider).GetStatus());
            foreach (var n in new[] { CheckName.CallerIdentity, CheckName.SourcePrincipal, CheckName.IdentityPolicy, CheckName.PermissionsBoundary, CheckName.SessionPolicy, CheckName.ServiceControlPolicy })
                Assert.Equal(NotApplicable, Get(checks, n).GetStatus());
            Assert.Equal(Pass, Get(checks, CheckName.ResourceControlPolicy).GetStatus());
            Assert.Equal(Pass, Get(checks, CheckName.TrustConditions).GetStatus());
            Assert.Equal(ProviderArn, checks[0].Source);
        }

        [Fact]
        public void A_job_that_declares_an_environment_has_an_environment_subject_and_the_fix_says_so()
        {
            var checks = Run(Account(GitHubTrust()), Token("repo:Org/app:environment:prod"));
            var conditions = Get(checks, CheckName.TrustConditions);
            Assert.Equal(Fail, conditions.GetStatus());
            Assert.Contains("environment:NAME", conditions.Fix);
            Assert.Contains("repo:Org/app:environment:prod", conditions.Fix);
            Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", conditions.ErrorText);
        }

        [Fact]
        public void Subjects_match_case_sensitively()
        {
            Assert.Equal(Fail, Get(Run(Account(GitHubTrust()), Token("repo:org/app:ref:refs/heads/main")), CheckName.TrustConditions).GetStatus());
        }

        [Fact]
        public void No_provider_for_the_issuer_fails_with_the_InvalidIdentityToken_message()
        {
            var data = Account(GitHubTrust());
            data.Providers[B] = new IdentityProviderSet(B, new OidcProviderData[0], new SamlProviderData[0]);
            var provider = Get(Run(data, Token("repo:Org/app:ref:refs/heads/main")), CheckName.IdentityProvider);
            Assert.Equal(Fail, provider.GetStatus());
            Assert.Equal($"InvalidIdentityToken: No OpenIDConnect provider found in your account for https://{GitHub}", provider.ErrorText);
        }

        [Fact]
        public void A_provider_URL_that_differs_in_case_is_named_as_the_near_miss()
        {
            var data = Account(GitHubTrust());
            data.Providers[B] = new IdentityProviderSet(B, new[] { new OidcProviderData(ProviderArn, "Token.Actions.GitHubUserContent.com", new[] { "sts.amazonaws.com" }, new string[0]) }, new SamlProviderData[0]);
            var provider = Get(Run(data, Token("repo:Org/app:ref:refs/heads/main")), CheckName.IdentityProvider);
            Assert.Equal(Fail, provider.GetStatus());
            Assert.Contains("must equal the issuer exactly", provider.Summary);
        }

        [Fact]
        public void An_audience_the_provider_does_not_list_fails_with_Incorrect_token_audience()
        {
            var provider = Get(Run(Account(GitHubTrust(), "https://github.com/Org"), Token("repo:Org/app:ref:refs/heads/main")), CheckName.IdentityProvider);
            Assert.Equal(Fail, provider.GetStatus());
            Assert.Equal("InvalidIdentityToken: Incorrect token audience", provider.ErrorText);
            Assert.Contains("sts.amazonaws.com", provider.Fix);
        }

        [Fact]
        public void The_authorized_party_is_the_audience_when_the_token_has_one()
        {
            // aud lists several values; azp names the one the token was issued to, and that is <provider>:aud.
            var trust = GitHubTrust();
            var token = WebIdentityClaims.FromJson(JsonParser.Parse(
                $"{{\"iss\":\"https://{GitHub}\",\"sub\":\"repo:Org/app:ref:refs/heads/main\",\"aud\":[\"other\",\"sts.amazonaws.com\"],\"azp\":\"sts.amazonaws.com\"}}"));
            var checks = Run(Account(trust), token);
            Assert.Equal(Pass, Get(checks, CheckName.IdentityProvider).GetStatus());
            Assert.Equal(Pass, Get(checks, CheckName.TrustConditions).GetStatus());
        }

        [Fact]
        public void Without_the_role_accounts_providers_the_provider_check_is_Unknown_never_Pass()
        {
            var data = Account(GitHubTrust());
            data.Providers.Clear();
            var provider = Get(Run(data, Token("repo:Org/app:ref:refs/heads/main")), CheckName.IdentityProvider);
            Assert.Equal(Unknown, provider.GetStatus());
        }

        [Fact]
        public void A_built_in_provider_needs_no_IAM_provider()
        {
            var data = Account(MemorySource.Trust("{\"Federated\":\"accounts.google.com\"}", "{\"StringEquals\":{\"accounts.google.com:aud\":\"my-client\"}}", actions: "\"sts:AssumeRoleWithWebIdentity\""));
            data.Providers.Clear();
            var checks = Run(data, Token("1234567890", aud: "my-client", iss: "https://accounts.google.com"));
            Assert.Equal(Pass, Get(checks, CheckName.IdentityProvider).GetStatus());
            Assert.Equal(Pass, Get(checks, CheckName.TrustPolicy).GetStatus());
            Assert.Equal(Pass, Get(checks, CheckName.TrustConditions).GetStatus());
        }

        [Fact]
        public void A_trust_without_the_provider_fails_and_the_fix_names_the_provider_with_audience_and_subject()
        {
            var checks = Run(Account(MemorySource.Trust($"{{\"AWS\":\"arn:aws:iam::{B}:root\"}}")), Token("repo:Org/app:ref:refs/heads/main"));
            var trust = Get(checks, CheckName.TrustPolicy);
            Assert.Equal(Fail, trust.GetStatus());
            Assert.Contains($"\"Federated\":\"{ProviderArn}\"", trust.Change!.Statement);
            Assert.Contains("sts:AssumeRoleWithWebIdentity", trust.Change.Statement);
            Assert.Contains($"\"{GitHub}:sub\":\"repo:Org/app:ref:refs/heads/main\"", trust.Change.Statement);
            Assert.Contains($"\"{GitHub}:aud\":\"sts.amazonaws.com\"", trust.Change.Statement);
        }

        [Fact]
        public void An_RCP_identity_perimeter_blocks_web_identity_callers_too()
        {
            var data = Account(GitHubTrust());
            var perimeter = new OrganizationPolicy("p-rcp", "Perimeter", OrganizationPolicy.ResourceControlPolicyType,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-mine\"}}}]}",
                new string[0], null);
            data.Memberships[B] = MemorySource.Member(B, rcps: perimeter);
            Assert.Equal(Fail, Get(Run(data, Token("repo:Org/app:ref:refs/heads/main")), CheckName.ResourceControlPolicy).GetStatus());
        }

        // ------------------------------------------------------------ SAML

        private static readonly string SamlProvider = $"arn:aws:iam::{B}:saml-provider/Okta";
        private static readonly string Analyst = $"arn:aws:iam::{B}:role/Analyst";

        private static MemorySource SamlAccount(bool providerExists = true)
        {
            var data = new MemorySource();
            data.AddRole(B, "Analyst", MemorySource.Trust($"{{\"Federated\":\"{SamlProvider}\"}}",
                "{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}", actions: "\"sts:AssumeRoleWithSAML\""));
            data.Memberships[B] = MemorySource.Member(B);
            data.Providers[B] = new IdentityProviderSet(B, new OidcProviderData[0],
                providerExists ? new[] { new SamlProviderData(SamlProvider, Now.AddYears(1)) } : new SamlProviderData[0]);
            return data;
        }

        private static SamlAssertion Assertion(string recipient = "https://signin.aws.amazon.com/saml", string role = "") =>
            SamlAttributesReader.FromJson(JsonParser.Parse(
                $"{{\"Issuer\":\"http://www.okta.com/exk1\",\"NameID\":\"alice@example.com\",\"Recipient\":\"{recipient}\"," +
                $"\"https://aws.amazon.com/SAML/Attributes/Role\":\"{(role.Length == 0 ? Analyst : role)},{SamlProvider}\"," +
                "\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\":\"alice\"}"));

        private static IReadOnlyList<PathCheck> RunSaml(IAccountDataSource data, SamlAssertion assertion) =>
            PathDiagnosis.Run(new PathRequest { RoleArn = Analyst, Saml = assertion, Now = Now }, data);

        [Fact]
        public void A_SAML_user_whose_assertion_names_the_role_and_provider_gets_in()
        {
            var checks = RunSaml(SamlAccount(), Assertion());
            Assert.True(checks.All(c => c.Passed), string.Join("\n", checks.Select(c => $"{c.Check} {c.Status}: {c.Summary}")));
            Assert.Equal(SamlProvider, checks[0].Source);
        }

        [Fact]
        public void A_missing_SAML_provider_fails_the_provider_check()
        {
            Assert.Equal(Fail, Get(RunSaml(SamlAccount(providerExists: false), Assertion()), CheckName.IdentityProvider).GetStatus());
        }

        [Fact]
        public void An_assertion_for_another_role_fails_the_provider_check()
        {
            var provider = Get(RunSaml(SamlAccount(), Assertion(role: $"arn:aws:iam::{B}:role/Other")), CheckName.IdentityProvider);
            Assert.Equal(Fail, provider.GetStatus());
            Assert.Contains("Role attribute", provider.Summary);
        }

        [Fact]
        public void A_regional_sign_in_recipient_does_not_meet_a_global_SAML_aud_condition()
        {
            var checks = RunSaml(SamlAccount(), Assertion(recipient: "https://eu-west-1.signin.aws.amazon.com/saml"));
            Assert.Equal(Fail, Get(checks, CheckName.TrustConditions).GetStatus());
            Assert.Equal("Not authorized to perform sts:AssumeRoleWithSAML", Get(checks, CheckName.TrustConditions).ErrorText);
        }
    }
}
