using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>Regions, endpoints and credential providers: problems have their own words before any call, and overrides reach every call.</summary>
    public class LiveConfigurationTests
    {
        [Theory]
        [InlineData("us-east-1", "aws")]
        [InlineData("EU-West-2", "aws")]
        [InlineData("cn-north-1", "aws-cn")]
        [InlineData("us-gov-west-1", "aws-us-gov")]
        public void Regions_the_SDK_knows_are_used_as_they_are(string region, string partition)
        {
            var check = AwsRegions.Check(region);
            Assert.Equal(region.ToLowerInvariant(), check.Region);
            Assert.Equal(partition, check.Partition);
            Assert.Null(check.Warning);
        }

        [Fact]
        public void A_well_formed_region_the_SDK_does_not_know_is_a_warning_naming_the_endpoint()
        {
            var check = AwsRegions.Check("xx-fake-9");
            Assert.Contains("not known to the AWS SDK", check.Warning);
            Assert.Contains("sts.xx-fake-9.amazonaws.com", check.Warning);
        }

        [Theory]
        [InlineData("us east 1")]
        [InlineData("useast1")]
        [InlineData("https://sts.us-east-1.amazonaws.com")]
        [InlineData("us-iso-east-1")]
        [InlineData("")]
        public void A_name_that_cannot_be_a_supported_region_is_an_error_before_any_call(string region)
        {
            var e = Assert.Throws<AwsRegionException>(() => AwsRegions.Check(region));
            Assert.Equal(region, e.Region);
        }

        private static int ClosedPort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        [Fact]
        public void An_unreachable_endpoint_ends_quickly_with_every_check_that_needs_it_Unknown_and_is_reported_once_per_service()
        {
            var options = new AwsClientOptions
            {
                EndpointUrl = $"http://127.0.0.1:{ClosedPort()}/", MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1),
                MaxBackoff = TimeSpan.FromMilliseconds(5), Environment = _ => null,
            };
            using var live = new LiveDiagnosis(new LiveCredentials(new BasicAWSCredentials("AKIDUNREACHABLE00001", "secret/unreachable"), "us-east-1"), options);
            var request = LiveHarness.Request("arn:aws:iam::111111111111:user/Bob", "arn:aws:iam::222222222222:role/Alice");
            var watch = Stopwatch.StartNew();
            var checks = LiveHarness.RunLive(live, request);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
            foreach (var name in new[] { "CallerIdentity", "SourcePrincipal", "TargetRole", "IdentityPolicy", "ServiceControlPolicy", "ResourceControlPolicy", "TrustPolicy", "StsEndpoint" })
                Assert.Equal(CheckStatus.Unknown, LiveHarness.Status(checks, name));
            Assert.Contains("could not reach http://127.0.0.1:", LiveHarness.Check(checks, "ServiceControlPolicy").Summary);
            var unreachable = live.TakeUnreachable();
            Assert.Contains(unreachable, e => e.Service == "sts" && e.Operation == "GetCallerIdentity");
            Assert.Contains(unreachable, e => e.Service == "organizations");
            Assert.All(unreachable, e => Assert.StartsWith("http://127.0.0.1:", e.Endpoint));
            Assert.All(unreachable, e => Assert.Equal(AwsServiceException.TransportError, e.Code));
        }

        /// <summary>A credentials file: source keys, and an assume-role profile built on them (role_arn + source_profile).</summary>
        private static string AssumeRoleProfiles(string folder, string accessKey, string secret)
        {
            string file = Path.Combine(folder, "credentials");
            File.WriteAllText(file, $"[base]\naws_access_key_id = {accessKey}\naws_secret_access_key = {secret}\n\n" +
                "[ci]\nrole_arn = arn:aws:iam::111111111111:role/ci/ci-runner\nsource_profile = base\nrole_session_name = from-profile\n");
            return file;
        }

        [Theory]
        [InlineData("EndpointUrl")]
        [InlineData("AWS_ENDPOINT_URL_STS")]
        public async Task An_assume_role_profile_calls_STS_where_the_endpoint_override_says(string how)
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string file = AssumeRoleProfiles(folder, LiveHarness.AccessKey("111111111111"), LiveHarness.Secret("111111111111"));
                var options = new AwsCredentialOptions
                {
                    ProfileName = "ci", ProfileLocation = file, Region = "eu-west-1",
                    EndpointUrl = how == "EndpointUrl" ? h.Fake.Url : null,
                    Environment = name => how == "AWS_ENDPOINT_URL_STS" && name == "AWS_ENDPOINT_URL_STS" ? h.Fake.Url : null,
                };
                var resolved = AwsCredentialResolver.Resolve(options);
                Assert.IsType<ProfileAssumeRoleCredentials>(resolved.Credentials);
                await CredentialFailures.VerifyAsync(resolved.Credentials, "the caller's credentials", "ci");
                var assume = Assert.Single(h.Fake.Requests, r => r.Operation == "AssumeRole");
                Assert.Equal("arn:aws:iam::111111111111:role/ci/ci-runner", assume.Parameters["RoleArn"]);
                Assert.Equal("from-profile", assume.Parameters["RoleSessionName"]);
                Assert.Equal("eu-west-1", assume.SigningRegion);

                using var sts = new StsReader(resolved.Credentials, "eu-west-1", new AwsClientOptions { EndpointUrl = h.Fake.Url, Environment = _ => null });
                Assert.Equal("arn:aws:sts::111111111111:assumed-role/ci-runner/from-profile", (await sts.GetCallerIdentityAsync()).Arn);
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public async Task A_refused_assume_role_profile_is_a_credential_problem_naming_the_profile_and_the_endpoint()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            h.Fake.InjectError("AssumeRole", 403, "AccessDenied", "not authorized to perform: sts:AssumeRole");
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string file = AssumeRoleProfiles(folder, LiveHarness.AccessKey("111111111111"), LiveHarness.Secret("111111111111"));
                var resolved = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "ci", ProfileLocation = file, Region = "us-east-1", EndpointUrl = h.Fake.Url, Environment = _ => null });
                var e = await Assert.ThrowsAsync<AwsCredentialsNotFoundException>(() => CredentialFailures.VerifyAsync(resolved.Credentials, "the caller's credentials", "ci"));
                Assert.Equal(CredentialProblem.AssumeRoleFailed, e.Problem);
                Assert.Contains("Profile 'ci' could not assume arn:aws:iam::111111111111:role/ci/ci-runner", e.Message);
                Assert.Contains(h.Fake.Url, e.Message);
                Assert.DoesNotContain(LiveHarness.Secret("111111111111"), e.Message);
            }
            finally { Directory.Delete(folder, true); }
        }

        /// <summary>A credentials file with a web identity profile (role_arn + web_identity_token_file), as on an EKS pod or a CI runner.</summary>
        private static string WebIdentityProfile(string folder, string tokenFile)
        {
            string file = Path.Combine(folder, "credentials");
            File.WriteAllText(file, $"[pod]\nrole_arn = arn:aws:iam::111111111111:role/ci/ci-runner\nweb_identity_token_file = {tokenFile}\nrole_session_name = from-token\n");
            return file;
        }

        [Theory]
        [InlineData("EndpointUrl")]
        [InlineData("AWS_ENDPOINT_URL_STS")]
        public async Task A_web_identity_profile_calls_STS_where_the_endpoint_override_says_and_never_shows_its_token(string how)
        {
            using var h = new LiveHarness(LiveHarness.Fixture("bob-alice"));
            const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6cnVubmVyIn0.c2lnbmF0dXJlLW5vdC1jaGVja2Vk";
            h.Fake.WebIdentityToken = Token;
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string tokenFile = Path.Combine(folder, "token");
                File.WriteAllText(tokenFile, Token + "\n");
                var options = new AwsCredentialOptions
                {
                    ProfileName = "pod", ProfileLocation = WebIdentityProfile(folder, tokenFile), Region = "eu-west-1",
                    EndpointUrl = how == "EndpointUrl" ? h.Fake.Url : null,
                    Environment = name => how == "AWS_ENDPOINT_URL_STS" && name == "AWS_ENDPOINT_URL_STS" ? h.Fake.Url : null,
                };
                var resolved = AwsCredentialResolver.Resolve(options);
                Assert.IsType<ProfileWebIdentityCredentials>(resolved.Credentials);
                await CredentialFailures.VerifyAsync(resolved.Credentials, "the caller's credentials", "pod");
                var call = Assert.Single(h.Fake.Requests, r => r.Operation == "AssumeRoleWithWebIdentity");
                Assert.Equal("arn:aws:iam::111111111111:role/ci/ci-runner", call.Parameters["RoleArn"]);
                Assert.Equal("from-token", call.Parameters["RoleSessionName"]);
                Assert.False(call.Headers.ContainsKey("Authorization"));

                using var sts = new StsReader(resolved.Credentials, "eu-west-1", new AwsClientOptions { EndpointUrl = h.Fake.Url, Environment = _ => null });
                Assert.Equal("arn:aws:sts::111111111111:assumed-role/ci-runner/from-token", (await sts.GetCallerIdentityAsync()).Arn);
                Assert.DoesNotContain(Token, resolved.Source);

                // A token the provider does not accept, and a token file that is gone: credential problems naming the profile, never the token.
                h.Fake.WebIdentityToken = "another-token";
                var refused = await Assert.ThrowsAsync<AwsCredentialsNotFoundException>(() =>
                    CredentialFailures.VerifyAsync(AwsCredentialResolver.Resolve(options).Credentials, "the caller's credentials", "pod"));
                Assert.Equal(CredentialProblem.AssumeRoleFailed, refused.Problem);
                Assert.Contains("Profile 'pod' could not assume arn:aws:iam::111111111111:role/ci/ci-runner with its web identity token", refused.Message);
                Assert.Contains("InvalidIdentityToken", refused.Message);
                Assert.Contains(h.Fake.Url, refused.Message);
                Assert.DoesNotContain(Token, refused.Message);
                File.Delete(tokenFile);
                var gone = await Assert.ThrowsAsync<AwsCredentialsNotFoundException>(() =>
                    CredentialFailures.VerifyAsync(AwsCredentialResolver.Resolve(options).Credentials, "the caller's credentials", "pod"));
                Assert.Equal(CredentialProblem.Unusable, gone.Problem);
                Assert.Contains(tokenFile, gone.Message);
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public async Task A_failing_credential_process_and_an_SSO_profile_without_a_token_each_say_what_to_do()
        {
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string file = Path.Combine(folder, "credentials");
                string failing = OperatingSystem.IsWindows() ? "cmd.exe /c exit 3" : "/bin/sh -c \"exit 3\"";
                File.WriteAllText(file, $"[proc]\ncredential_process = {failing}\n\n" +
                    "[sso]\nsso_start_url = https://roletrust-test.awsapps.invalid/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n");

                var proc = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "proc", ProfileLocation = file, Region = "us-east-1" });
                var e = await Assert.ThrowsAsync<AwsCredentialsNotFoundException>(() => CredentialFailures.VerifyAsync(proc.Credentials, "the caller's credentials", "proc"));
                Assert.Equal(CredentialProblem.CredentialProcessFailed, e.Problem);
                Assert.Contains("credential_process of profile 'proc' failed", e.Message);

                var sso = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "sso", ProfileLocation = file, Region = "us-east-1" });
                e = await Assert.ThrowsAsync<AwsCredentialsNotFoundException>(() => CredentialFailures.VerifyAsync(sso.Credentials, "the caller's credentials", "sso"));
                Assert.Equal(CredentialProblem.SsoLoginRequired, e.Problem);
                Assert.Contains("aws sso login --profile sso", e.Message);
                Assert.DoesNotContain("SourceArn", e.Message);
            }
            finally { Directory.Delete(folder, true); }
        }
    }
}
