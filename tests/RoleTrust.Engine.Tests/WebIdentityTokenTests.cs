using System;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using RoleTrust.Federation;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>-WebIdentityToken / -TokenClaims: decoding only, and the condition keys STS derives (docs/federation.md).</summary>
    public class WebIdentityTokenTests
    {
        private const string Header = "{\"alg\":\"RS256\",\"kid\":\"38826b17\",\"typ\":\"JWT\"}";
        private const string GitHubPayload = "{\"jti\":\"e2d1c0b9\",\"sub\":\"repo:octo-org/octo-repo:environment:prod\",\"aud\":\"sts.amazonaws.com\","
            + "\"ref\":\"refs/heads/main\",\"sha\":\"d6a1\",\"repository\":\"octo-org/octo-repo\",\"repository_owner\":\"octo-org\",\"repository_owner_id\":\"65\","
            + "\"run_id\":\"917\",\"repository_id\":\"35\",\"actor_id\":\"12\",\"actor\":\"octocat\",\"workflow\":\"deploy\",\"event_name\":\"push\","
            + "\"environment\":\"prod\",\"job_workflow_ref\":\"octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main\",\"runner_environment\":\"github-hosted\","
            + "\"iss\":\"https://token.actions.githubusercontent.com\",\"nbf\":1719735900,\"exp\":1719736800,\"iat\":1719736200}";

        internal static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        internal static string Jwt(string payload, string header = Header) => B64(header) + "." + B64(payload) + ".c2lnbmF0dXJl";

        private static string Key(WebIdentityConditionKeys keys, string key) => keys.Context.TryGet(key, out var v) ? v.ToString() : "<absent>";

        private static PolicyFormatException Bad(string token) => Assert.Throws<PolicyFormatException>(() => WebIdentityToken.Decode(token));

        [Fact]
        public void GitHubActionsToken_DecodesItsClaims()
        {
            var c = WebIdentityToken.Decode(Jwt(GitHubPayload));

            Assert.Equal("https://token.actions.githubusercontent.com", c.Issuer);
            Assert.Equal("repo:octo-org/octo-repo:environment:prod", c.Subject);
            Assert.Equal(new[] { "sts.amazonaws.com" }, c.Audiences);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1719736800), c.ExpiresAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1719736200), c.IssuedAt);
            Assert.Equal(("RS256", "38826b17"), (c.Algorithm, c.KeyId));
            Assert.Equal("octo-org", c.Claims["repository_owner"][0]);
            Assert.Equal("GitHub Actions", c.Provider.Name);
            Assert.False(c.IsBuiltInProvider);
        }

        [Fact]
        public void KeyPrefix_IsTheIssuerWithoutScheme_AndNamesTheOidcProvider()
        {
            var c = WebIdentityToken.Decode(Jwt(GitHubPayload));

            Assert.Equal("token.actions.githubusercontent.com", c.KeyPrefix);
            Assert.Equal("arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com", c.ProviderArn("444455556666"));
            Assert.Equal("arn:aws-us-gov:iam::444455556666:oidc-provider/token.actions.githubusercontent.com", c.FederatedPrincipal("444455556666", "aws-us-gov"));
            Assert.Throws<ArgumentException>(() => c.ProviderArn("4444"));
        }

        [Fact]
        public void GitHubKeys_AreSubAud_AndTheClaimsAwsExposes_OtherClaimsNeverBecomeKeys()
        {
            var keys = WebIdentityToken.Decode(Jwt(GitHubPayload)).ConditionKeys();
            const string p = "token.actions.githubusercontent.com:";

            Assert.Equal("repo:octo-org/octo-repo:environment:prod", Key(keys, p + "sub"));
            Assert.Equal("sts.amazonaws.com", Key(keys, p + "aud"));
            Assert.Equal("octo-org/octo-repo", Key(keys, p + "repository"));
            Assert.Equal("prod", Key(keys, p + "environment"));
            Assert.Equal("refs/heads/main", Key(keys, p + "ref"));
            Assert.Equal("octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main", Key(keys, p + "job_workflow_ref"));
            foreach (var notAKey in new[] { "repository_owner", "event_name", "run_id", "sha", "runner_environment", "jti", "iss", "exp" })
                Assert.Equal("<absent>", Key(keys, p + notAKey));
            Assert.Equal("<absent>", Key(keys, p + "amr"));   // a key of every OIDC provider, but this token has no amr claim
        }

        [Fact]
        public void AudAsAList_IsKeptWhole()
        {
            var c = WebIdentityToken.Decode(Jwt("{\"iss\":\"https://idp.example.com\",\"sub\":\"u1\",\"aud\":[\"app-1\",\"app-2\"]}"));

            Assert.Equal(new[] { "app-1", "app-2" }, c.Audiences);
            Assert.Equal("[app-1, app-2]", Key(c.ConditionKeys(), "idp.example.com:aud"));
        }

        [Fact]
        public void Azp_WhenPresent_IsTheAudKey_AndAudIsOaud()
        {
            var keys = WebIdentityToken.Decode(Jwt("{\"iss\":\"https://login.example.com/tenant-1/v2.0\",\"sub\":\"u1\",\"aud\":\"api://backend\",\"azp\":\"spa-client\"}")).ConditionKeys();

            Assert.Equal("spa-client", Key(keys, "login.example.com/tenant-1/v2.0:aud"));
            Assert.Equal("api://backend", Key(keys, "login.example.com/tenant-1/v2.0:oaud"));
            Assert.Equal("u1", Key(keys, "login.example.com/tenant-1/v2.0:sub"));
        }

        [Fact]
        public void Amr_IsASet_WhetherTheClaimIsOneStringOrAList()
        {
            var one = WebIdentityToken.Decode(Jwt("{\"iss\":\"https://idp.example.com\",\"amr\":\"mfa\"}")).ConditionKeys();
            var many = WebIdentityToken.Decode(Jwt("{\"iss\":\"https://idp.example.com\",\"amr\":[\"pwd\",\"mfa\"]}")).ConditionKeys();

            Assert.True(one.Context.TryGet("idp.example.com:amr", out var v1) && v1.IsMultiValued);
            Assert.True(many.Context.TryGet("idp.example.com:amr", out var v2) && v2.IsMultiValued && v2.Values.Length == 2);
        }

        [Theory]
        [InlineData("accounts.google.com")]
        [InlineData("https://accounts.google.com")]
        public void Google_IsBuiltIn_WithItsOwnKeys_AndNoIamProvider(string iss)
        {
            var c = WebIdentityToken.Decode(Jwt("{\"iss\":\"" + iss + "\",\"sub\":\"1103\",\"aud\":\"web.apps.googleusercontent.com\",\"azp\":\"android.apps.googleusercontent.com\",\"amr\":[\"pwd\"]}"));
            var keys = c.ConditionKeys();

            Assert.True(c.IsBuiltInProvider);
            Assert.Null(c.ProviderArn("444455556666"));
            Assert.Equal("accounts.google.com", c.FederatedPrincipal("444455556666"));
            Assert.Equal("android.apps.googleusercontent.com", Key(keys, "accounts.google.com:aud"));
            Assert.Equal("web.apps.googleusercontent.com", Key(keys, "accounts.google.com:oaud"));
            Assert.Equal("1103", Key(keys, "accounts.google.com:sub"));
            Assert.Equal("<absent>", Key(keys, "accounts.google.com:amr"));   // Google's keys are aud, oaud, sub
            Assert.Contains("accounts.google.com:google/organization_number", keys.KeysWithoutClaimSource);
        }

        [Fact]
        public void Cognito_FacebookAndAmazon_UseTheirOwnKeys()
        {
            var cognito = WebIdentityClaims.FromJson(T.J("{\"iss\":\"cognito-identity.amazonaws.com\",\"aud\":\"us-east-1:pool\",\"sub\":\"us-east-1:id\",\"amr\":[\"authenticated\",\"graph.facebook.com\"]}")).ConditionKeys();
            var facebook = WebIdentityClaims.FromJson(T.J("{\"iss\":\"graph.facebook.com\",\"app_id\":\"1234\",\"id\":\"5678\",\"sub\":\"x\"}")).ConditionKeys();
            var amazon = WebIdentityClaims.FromJson(T.J("{\"iss\":\"www.amazon.com\",\"app_id\":\"amzn1.application\",\"user_id\":\"amzn1.account\"}")).ConditionKeys();

            Assert.Equal("[authenticated, graph.facebook.com]", Key(cognito, "cognito-identity.amazonaws.com:amr"));
            Assert.Equal("us-east-1:pool", Key(cognito, "cognito-identity.amazonaws.com:aud"));
            Assert.Equal(("1234", "5678", "<absent>"), (Key(facebook, "graph.facebook.com:app_id"), Key(facebook, "graph.facebook.com:id"), Key(facebook, "graph.facebook.com:sub")));
            Assert.Equal(("amzn1.application", "amzn1.account"), (Key(amazon, "www.amazon.com:app_id"), Key(amazon, "www.amazon.com:user_id")));
        }

        [Theory]
        [InlineData("https://token.actions.githubusercontent.com/octo-enterprise", "token.actions.githubusercontent.com/octo-enterprise", "GitHub Actions")]
        [InlineData("https://token.actions.octocorp.ghe.com", "token.actions.octocorp.ghe.com", "GitHub Actions")]
        [InlineData("https://gitlab.com", "gitlab.com", "GitLab")]
        [InlineData("https://agent.buildkite.com", "agent.buildkite.com", "Buildkite")]
        [InlineData("https://oidc.circleci.com/org/1b2c", "oidc.circleci.com/org/1b2c", "CircleCI")]
        [InlineData("https://tenant.eu.auth0.com/", "tenant.eu.auth0.com/", "OpenID Connect")]
        public void TheProvider_AndKeyPrefix_FollowTheIssuersHostAndPath(string iss, string prefix, string provider)
        {
            var c = WebIdentityClaims.FromJson(T.J("{\"iss\":\"" + iss + "\",\"sub\":\"s\",\"repository\":\"o/r\",\"project_id\":\"7\"}"));

            Assert.Equal((prefix, provider), (c.KeyPrefix, c.Provider.Name));
            Assert.Equal("s", Key(c.ConditionKeys(), prefix + ":sub"));
            Assert.Equal(provider == "GitHub Actions" ? "o/r" : "<absent>", Key(c.ConditionKeys(), prefix + ":repository"));
            Assert.Equal(provider == "GitLab" ? "7" : "<absent>", Key(c.ConditionKeys(), prefix + ":project_id"));
        }

        [Fact]
        public void TheProviderData_HasTheKeysTheServiceReferenceListsForGitHub()
        {
            var github = WebIdentityProvider.All.Single(p => p.Name == "GitHub Actions");
            var keys = github.Keys.Select(k => k.Key).ToList();

            foreach (var key in new[] { "sub", "aud", "actor", "actor_id", "enterprise_id", "environment", "job_workflow_ref", "ref", "repository", "repository_id", "repository_owner_id", "workflow" })
                Assert.Contains(key, keys);
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.All(WebIdentityProvider.All, p => Assert.NotEmpty(p.Keys));
        }

        [Fact]
        public void ABearerPrefix_AndSurroundingSpace_AreIgnored()
        {
            Assert.Equal("octocat", WebIdentityToken.Decode("  Bearer " + Jwt(GitHubPayload) + "\n").Claims["actor"][0]);
        }

        // ---- Malformed tokens: a stable error id, never the token in the message ----

        [Theory]
        [InlineData("", "empty")]
        [InlineData("abc.def", "three parts")]
        [InlineData("a.b.c.d", "three parts")]
        [InlineData("a.b.c.d.e", "encrypted")]
        [InlineData("eyJhbGciOiJSUzI1NiJ9.e*yJpc3MiOiJ4In0.sig", "payload is not base64url")]
        [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0xy.sig", "payload is not base64url")]
        [InlineData("bm90IGpzb24.eyJpc3MiOiJ4In0.sig", "header is not JSON")]
        public void MalformedTokens_AreRejected(string token, string says)
        {
            var ex = Bad(token);

            Assert.Equal(FederationErrorIds.InvalidWebIdentityToken, ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }

        [Theory]
        [InlineData("not json at all", "payload is not JSON")]
        [InlineData("[\"iss\",\"x\"]", "must be a JSON object")]
        [InlineData("\"just a string\"", "must be a JSON object")]
        [InlineData("{\"iss\":42}", "'iss' must be a string")]
        [InlineData("{\"iss\":\"x\",\"sub\":12345}", "'sub' must be a string")]
        [InlineData("{\"iss\":\"x\",\"aud\":7}", "'aud' must be a string or a list of strings")]
        [InlineData("{\"iss\":\"x\",\"aud\":[\"a\",7]}", "holding non-strings")]
        [InlineData("{\"iss\":\"x\",\"azp\":{\"a\":1}}", "'azp' must be a string")]
        [InlineData("{\"iss\":\"x\",\"amr\":{\"m\":1}}", "'amr' must be a string or a list")]
        [InlineData("{\"iss\":\"x\",\"exp\":\"2025-01-01T00:00:00Z\"}", "'exp' must be seconds since 1970")]
        [InlineData("{\"sub\":\"x\"}", "no 'iss'")]
        public void PayloadsOfTheWrongShape_AreRejected(string payload, string says)
        {
            var ex = Bad(B64(Header) + "." + B64(payload) + ".sig");

            Assert.Equal(FederationErrorIds.InvalidWebIdentityToken, ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }

        [Fact]
        public void AHeaderThatIsNoObject_IsRejected()
        {
            Assert.Contains("header must be a JSON object", Bad(B64("[1]") + "." + B64("{\"iss\":\"x\"}") + ".s").Message);
        }

        [Fact]
        public void ATokenLongerThanStsAccepts_IsRejected()
        {
            Assert.Contains("at most 20,000", Bad(Jwt("{\"iss\":\"x\",\"pad\":\"" + new string('a', 20000) + "\"}")).Message);
        }

        [Fact]
        public void ErrorMessages_NeverQuoteTheToken()
        {
            string secretish = Jwt("{\"iss\":\"https://idp.example.com\",\"sub\":\"SECRET-SUBJECT\",\"exp\":\"soon\"}");
            var ex = Bad(secretish);

            Assert.DoesNotContain("SECRET-SUBJECT", ex.Message);
            Assert.DoesNotContain(secretish.Split('.')[1], ex.Message);
            Assert.Null(ex.OffendingValue);
        }

        // ---- Claims typed as a dictionary (-TokenClaims) ----

        [Fact]
        public void Dictionary_GivesTheSameKeysAsTheToken()
        {
            var fromToken = WebIdentityToken.Decode(Jwt(GitHubPayload)).ConditionKeys().Context;
            var fromDictionary = WebIdentityClaims.FromJson(JsonParser.Parse(GitHubPayload)).ConditionKeys().Context;

            Assert.Equal(fromToken.Entries.Select(e => e.Key + "=" + e.Value).OrderBy(s => s), fromDictionary.Entries.Select(e => e.Key + "=" + e.Value).OrderBy(s => s));
        }

        [Fact]
        public void Dictionary_AcceptsDatesForTimes_AndReportsItsOwnErrorId()
        {
            var c = WebIdentityClaims.FromJson(T.J("{\"iss\":\"https://idp.example.com\",\"exp\":\"2030-01-01T00:00:00Z\"}"));
            Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), c.ExpiresAt);

            var ex = Assert.Throws<PolicyFormatException>(() => WebIdentityClaims.FromJson(T.J("{\"sub\":\"x\"}")));
            Assert.Equal(FederationErrorIds.InvalidTokenClaims, ex.ErrorId);
            Assert.Equal(FederationErrorIds.InvalidTokenClaims,
                Assert.Throws<PolicyFormatException>(() => WebIdentityClaims.FromJson(T.J("{\"iss\":\"x\",\"exp\":\"tomorrow-ish\"}"))).ErrorId);
        }
    }
}
