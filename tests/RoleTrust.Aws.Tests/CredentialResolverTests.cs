using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    [CollectionDefinition("ProcessEnvironment", DisableParallelization = true)]
    public class ProcessEnvironmentCollection { }

    /// <summary>Changes process environment variables; restores them after each test.</summary>
    [Collection("ProcessEnvironment")]
    public class CredentialResolverTests : IDisposable
    {
        private static readonly string[] Vars =
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EC2_METADATA_DISABLED", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
            "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
        };
        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();
        private readonly string _dir;

        public CredentialResolverTests()
        {
            foreach (var v in Vars) { _saved[v] = Environment.GetEnvironmentVariable(v); Environment.SetEnvironmentVariable(v, null); }
            _dir = Path.Combine(Path.GetTempPath(), "roletrust-creds-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "none-credentials"));
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_dir, "none-config"));
        }

        public void Dispose()
        {
            foreach (var kv in _saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
            try { Directory.Delete(_dir, true); } catch { }
        }

        private string CredentialsFile()
        {
            string path = Path.Combine(_dir, "credentials");
            File.WriteAllText(path,
                "[default]\naws_access_key_id = AKIDDEFAULTPROFILE01\naws_secret_access_key = defaultProfileSecret0000000000000000000000\nregion = eu-north-1\n\n" +
                "[audit]\naws_access_key_id = AKIDAUDITPROFILE0001\naws_secret_access_key = auditProfileSecret00000000000000000000000\n" +
                "aws_session_token = auditProfileSessionToken0000\nregion = us-gov-west-1\n\n" +
                "[noregion]\naws_access_key_id = AKIDNOREGION00000001\naws_secret_access_key = noRegionSecret000000000000000000000000000\n");
            return path;
        }

        private static void SetEnvKeys()
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT00001");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "environmentSecret000000000000000000000000");
        }

        [Fact]
        public void Access_keys_win_over_profile_and_credential_object()
        {
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions
            {
                AccessKey = "AKIDPARAMETER0000001", SecretKey = "parameterSecret", SessionToken = "parameterToken",
                ProfileName = "does-not-exist", Credential = TestKeys.Alice, Region = "us-east-1",
            });
            var c = r.Credentials.GetCredentials();
            Assert.Equal("AKIDPARAMETER0000001", c.AccessKey);
            Assert.Equal("parameterToken", c.Token);
            Assert.Contains("given as parameters", r.Source);
            Assert.Equal("us-east-1", r.Region);
            Assert.Equal("the Region parameter", r.RegionSource);
        }

        [Fact]
        public void Access_key_without_secret_key_is_a_clear_error()
        {
            var e = Assert.Throws<AwsCredentialsNotFoundException>(() =>
                AwsCredentialResolver.Resolve(new AwsCredentialOptions { AccessKey = "AKIDPARAMETER0000001", Region = "us-east-1" }));
            Assert.Contains("AccessKey and SecretKey must be given together", e.Message);
        }

        [Fact]
        public void Named_profile_from_ProfileLocation_gives_its_credentials_and_region()
        {
            SetEnvKeys();
            Environment.SetEnvironmentVariable("AWS_REGION", "ap-south-1");
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "audit", ProfileLocation = CredentialsFile(), Credential = TestKeys.Alice });
            var c = r.Credentials.GetCredentials();
            Assert.Equal("AKIDAUDITPROFILE0001", c.AccessKey);
            Assert.Equal("auditProfileSessionToken0000", c.Token);
            Assert.Equal("us-gov-west-1", r.Region); // profile region beats AWS_REGION
            Assert.Equal("profile 'audit'", r.RegionSource);
            Assert.StartsWith("profile 'audit' in ", r.Source);
            Assert.Equal("audit", r.ProfileName);
        }

        [Fact]
        public void Missing_named_profile_is_an_error_and_never_falls_through()
        {
            SetEnvKeys();
            var e = Assert.Throws<AwsCredentialsNotFoundException>(() => AwsCredentialResolver.Resolve(new AwsCredentialOptions
            {
                ProfileName = "nope", ProfileLocation = CredentialsFile(), Credential = TestKeys.Alice, Region = "us-east-1",
            }));
            Assert.Contains("Profile 'nope' was not found", e.Message);
        }

        [Fact]
        public void Credential_object_wins_over_the_default_chain()
        {
            SetEnvKeys();
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions { Credential = TestKeys.Alice, Region = "us-east-1" });
            Assert.Equal(TestKeys.AliceAccessKey, r.Credentials.GetCredentials().AccessKey);
            Assert.Contains("given credentials object", r.Source);
        }

        [Fact]
        public void Default_chain_reads_environment_variables()
        {
            SetEnvKeys();
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "environmentSessionToken000");
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "eu-west-3");
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions());
            var c = r.Credentials.GetCredentials();
            Assert.Equal("AKIDENVIRONMENT00001", c.AccessKey);
            Assert.Equal("environmentSessionToken000", c.Token);
            Assert.Contains("environment variables", r.Source);
            Assert.Equal("eu-west-3", r.Region);
            Assert.Equal("environment variable AWS_DEFAULT_REGION", r.RegionSource);
        }

        [Fact]
        public void Region_precedence_is_explicit_then_profile_then_AWS_REGION_then_AWS_DEFAULT_REGION()
        {
            string file = CredentialsFile();
            Environment.SetEnvironmentVariable("AWS_REGION", "ap-south-1");
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "eu-west-3");
            Assert.Equal("ca-central-1", AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "audit", ProfileLocation = file, Region = "ca-central-1" }).Region);
            Assert.Equal("us-gov-west-1", AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "audit", ProfileLocation = file }).Region);
            Assert.Equal("ap-south-1", AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "noregion", ProfileLocation = file }).Region);
            Environment.SetEnvironmentVariable("AWS_REGION", null);
            Assert.Equal("eu-west-3", AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "noregion", ProfileLocation = file }).Region);
        }

        [Fact]
        public void Missing_region_is_a_typed_error()
        {
            var e = Assert.Throws<AwsRegionNotFoundException>(() => AwsCredentialResolver.Resolve(new AwsCredentialOptions { Credential = TestKeys.Alice }));
            Assert.Contains("No AWS region", e.Message);
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions { Credential = TestKeys.Alice }, requireRegion: false);
            Assert.Null(r.Region);
        }

        [Fact]
        public void Missing_credentials_is_a_typed_error()
        {
            var e = Assert.Throws<AwsCredentialsNotFoundException>(() => AwsCredentialResolver.Resolve(new AwsCredentialOptions { Region = "us-east-1" }));
            Assert.Contains("No AWS credentials were found", e.Message);
        }

        [Fact]
        public void Descriptions_and_ToString_never_show_secrets()
        {
            var options = new AwsCredentialOptions { AccessKey = "AKIDPARAMETER0000001", SecretKey = "parameterSecretValue", SessionToken = "parameterTokenValue", Region = "us-east-1" };
            var r = AwsCredentialResolver.Resolve(options);
            foreach (var text in new[] { options.ToString(), r.ToString(), r.Source })
            {
                Assert.DoesNotContain("parameterSecretValue", text);
                Assert.DoesNotContain("parameterTokenValue", text);
                Assert.DoesNotContain("AKIDPARAMETER0000001", text); // the key id is shown masked
            }
            Assert.Contains("AKID****0001", r.Source);

            var p = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "audit", ProfileLocation = CredentialsFile() });
            Assert.DoesNotContain("auditProfileSecret", p.ToString());
            Assert.DoesNotContain("auditProfileSessionToken", p.ToString());
        }

        [Fact]
        public void Sso_profile_resolves_to_SSO_credentials_because_the_SSO_assemblies_ship_with_the_module()
        {
            string path = Path.Combine(_dir, "sso-credentials");
            File.WriteAllText(path,
                "[profile corp-dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\nregion = eu-west-1\n\n" +
                "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n" +
                "[corp-dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\nregion = eu-west-1\n");
            var r = AwsCredentialResolver.Resolve(new AwsCredentialOptions { ProfileName = "corp-dev", ProfileLocation = path });
            Assert.Equal("SSOAWSCredentials", r.Credentials.GetType().Name);
            Assert.Equal("eu-west-1", r.Region);
        }
    }
}
