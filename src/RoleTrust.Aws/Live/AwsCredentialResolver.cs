using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace RoleTrust.Aws.Live
{
    /// <summary>What the caller gave: the AWS.Tools common credential and region parameters, without PowerShell types.</summary>
    public sealed class AwsCredentialOptions
    {
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        public string? ProfileName { get; set; }
        /// <summary>A shared credentials file to read profiles from instead of the default stores.</summary>
        public string? ProfileLocation { get; set; }
        public AWSCredentials? Credential { get; set; }
        public string? Region { get; set; }
        /// <summary>Source of environment variables for region and endpoint look-up (defaults to the process environment).</summary>
        public Func<string, string?>? Environment { get; set; }
        /// <summary>
        /// The STS endpoint override (-EndpointUrl) for the sts:AssumeRole calls of assume-role profiles; with
        /// AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL from <see cref="Environment"/> it decides where those calls go.
        /// </summary>
        public string? EndpointUrl { get; set; }

        /// <summary>Names what was given; never the secret key or session token.</summary>
        public override string ToString()
        {
            var parts = new System.Collections.Generic.List<string>();
            if (AccessKey != null) parts.Add("AccessKey=" + AwsCredentialResolver.MaskAccessKey(AccessKey));
            if (SecretKey != null) parts.Add("SecretKey=****");
            if (SessionToken != null) parts.Add("SessionToken=****");
            if (ProfileName != null) parts.Add("ProfileName=" + ProfileName);
            if (ProfileLocation != null) parts.Add("ProfileLocation=" + ProfileLocation);
            if (Credential != null) parts.Add("Credential=" + Credential.GetType().Name);
            if (Region != null) parts.Add("Region=" + Region);
            return parts.Count == 0 ? "(defaults)" : string.Join(", ", parts);
        }
    }

    /// <summary>Credentials and region ready for the live clients, and where each came from.</summary>
    public sealed class ResolvedAwsCredentials
    {
        internal ResolvedAwsCredentials(AWSCredentials credentials, string source, string? profileName, string? region, string? regionSource)
        {
            Credentials = credentials; Source = source; ProfileName = profileName; Region = region; RegionSource = regionSource;
        }

        public AWSCredentials Credentials { get; }
        /// <summary>A human description of the credential source, e.g. "profile 'audit' in /home/me/.aws/credentials".</summary>
        public string Source { get; }
        public string? ProfileName { get; }
        /// <summary>The region system name, e.g. us-east-1; null when not required and not found.</summary>
        public string? Region { get; }
        public string? RegionSource { get; }

        public override string ToString() => $"credentials from {Source}; region {Region ?? "(none)"}{(RegionSource != null ? " from " + RegionSource : "")}";
    }

    /// <summary>
    /// Resolves credentials in AWS.Tools order: access key/secret key/session token; a named profile (optionally from
    /// ProfileLocation; a missing profile is an error, never a fall-through); an explicit AWSCredentials object; then
    /// the SDK's default chain (environment, AWS_PROFILE or default profile, web identity, SSO, container, IMDS).
    /// Region: explicit, the named profile's region, AWS_REGION / AWS_DEFAULT_REGION, then the SDK's fallback chain.
    /// </summary>
    public static class AwsCredentialResolver
    {
        public static ResolvedAwsCredentials Resolve(AwsCredentialOptions options, bool requireRegion = true)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var credentials = ResolveCredentials(options, out string source, out CredentialProfile? profile);
            var region = ResolveRegion(options, profile, out string? regionSource);
            if (region == null && requireRegion)
                throw new AwsRegionNotFoundException(
                    "No AWS region was given or configured. Pass -Region, set a region in the profile, or set AWS_REGION " +
                    "(or AWS_DEFAULT_REGION). IAM and Organizations are global, but the region decides the partition (aws, aws-cn, aws-us-gov).");
            credentials = RedirectAssumeRole(credentials, options, region, profile?.Name ?? options.ProfileName);
            return new ResolvedAwsCredentials(credentials, source, profile?.Name ?? options.ProfileName, region, regionSource);
        }

        /// <summary>Credentials only (no region needed); assume-role profiles call STS where <paramref name="options"/> say.</summary>
        public static AWSCredentials ResolveCredentials(AwsCredentialOptions options, out string source)
        {
            var credentials = ResolveCredentials(options, out source, out CredentialProfile? profile);
            string? region = ResolveRegion(options, profile, out _);
            return RedirectAssumeRole(credentials, options, region, profile?.Name ?? options.ProfileName);
        }

        /// <summary>
        /// Assume-role and web identity profiles (and AWS_WEB_IDENTITY_TOKEN_FILE): the SDK's credentials would call its
        /// default STS endpoint; RoleTrust's call the endpoint every other call uses (the region's, or -EndpointUrl /
        /// AWS_ENDPOINT_URL_STS).
        /// </summary>
        private static AWSCredentials RedirectAssumeRole(AWSCredentials credentials, AwsCredentialOptions options, string? region, string? profileName)
        {
            if (!(credentials is AssumeRoleAWSCredentials) && !(credentials is AssumeRoleWithWebIdentityCredentials)) return credentials;
            var clientOptions = new AwsClientOptions { EndpointUrl = options.EndpointUrl, Environment = options.Environment,
                Configured = ConfiguredEndpoints.Load(profileName, options.ProfileLocation, options.Environment) };
            return ProfileAssumeRoleCredentials.Redirect(credentials, region ?? "us-east-1", clientOptions, profileName);
        }

        private static AWSCredentials ResolveCredentials(AwsCredentialOptions options, out string source, out CredentialProfile? profile)
        {
            profile = null;
            // 1. Keys given as parameters.
            if (!string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey) || !string.IsNullOrEmpty(options.SessionToken))
            {
                if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
                    throw new AwsCredentialsNotFoundException("AccessKey and SecretKey must be given together (SessionToken is optional).");
                source = $"access key {MaskAccessKey(options.AccessKey!)} given as parameters" + (string.IsNullOrEmpty(options.SessionToken) ? "" : " with a session token");
                return string.IsNullOrEmpty(options.SessionToken)
                    ? (AWSCredentials)new BasicAWSCredentials(options.AccessKey, options.SecretKey)
                    : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
            }

            // 2. A named profile: it must exist; no fall-through to other sources.
            if (!string.IsNullOrEmpty(options.ProfileName))
            {
                var chain = string.IsNullOrEmpty(options.ProfileLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(options.ProfileLocation);
                string where = string.IsNullOrEmpty(options.ProfileLocation) ? "the shared credentials and config files or the SDK store" : options.ProfileLocation!;
                if (!chain.TryGetProfile(options.ProfileName, out profile))
                    throw new AwsCredentialsNotFoundException($"Profile '{options.ProfileName}' was not found in {where}.", null, CredentialProblem.ProfileNotFound, options.ProfileName);
                AWSCredentials? creds;
                try
                {
                    if (!chain.TryGetAWSCredentials(options.ProfileName, out creds) || creds == null)
                        throw new AwsCredentialsNotFoundException($"Profile '{options.ProfileName}' in {where} does not hold usable credentials.", null, CredentialProblem.Unusable, options.ProfileName);
                }
                catch (AwsCredentialsNotFoundException) { throw; }
                catch (Exception e)
                {
                    // e.g. an SSO profile when AWSSDK.SSO / AWSSDK.SSOOIDC cannot be loaded.
                    throw new AwsCredentialsNotFoundException(
                        $"Profile '{options.ProfileName}' in {where} could not produce credentials: {SecretRedactor.Redact(e.Message, profile.Options?.SecretKey, profile.Options?.Token)}",
                        null, CredentialProblem.Unusable, options.ProfileName);
                }
                source = $"profile '{options.ProfileName}' in {where} ({Describe(creds)})";
                return creds;
            }

            // 3. An AWSCredentials object.
            if (options.Credential != null)
            {
                source = $"the given credentials object ({Describe(options.Credential)})";
                return options.Credential;
            }

            // 4. The SDK default chain.
            AWSCredentials found;
            try
            {
                found = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            }
            catch (Exception e)
            {
                throw new AwsCredentialsNotFoundException(
                    "No AWS credentials were found. Pass -AccessKey and -SecretKey, -ProfileName or -Credential, or configure the " +
                    "default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or a [default] profile, SSO, " +
                    "a container or an EC2 instance role. (" + FirstLine(e.Message) + ")", null);
            }
            source = "the SDK default chain: " + DescribeDefault(found, options.Environment ?? System.Environment.GetEnvironmentVariable);
            return found;
        }

        /// <summary>The region and where it came from, or null.</summary>
        public static string? ResolveRegion(AwsCredentialOptions options, CredentialProfile? namedProfile, out string? source)
        {
            var env = options.Environment ?? System.Environment.GetEnvironmentVariable;
            if (!string.IsNullOrWhiteSpace(options.Region)) { source = "the Region parameter"; return options.Region!.Trim(); }
            if (namedProfile?.Region != null) { source = $"profile '{namedProfile.Name}'"; return namedProfile.Region.SystemName; }
            foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                var v = env(name);
                if (!string.IsNullOrWhiteSpace(v)) { source = "environment variable " + name; return v!.Trim(); }
            }
            if (!string.IsNullOrEmpty(options.ProfileLocation) && string.IsNullOrEmpty(options.ProfileName))
            {
                // The default profile of an explicit location.
                string name = env("AWS_PROFILE") is string p && p.Length > 0 ? p : "default";
                if (new CredentialProfileStoreChain(options.ProfileLocation).TryGetProfile(name, out var dp) && dp.Region != null)
                { source = $"profile '{name}' in {options.ProfileLocation}"; return dp.Region.SystemName; }
            }
            try
            {
                FallbackRegionFactory.Reset();
                var r = FallbackRegionFactory.GetRegionEndpoint();
                if (r != null) { source = "the SDK region chain (AWS_PROFILE/default profile or instance metadata)"; return r.SystemName; }
            }
            catch (Exception) { /* nothing configured */ }
            source = null;
            return null;
        }

        /// <summary>AKIA…ABCD: enough to recognise a key, never the whole id.</summary>
        public static string MaskAccessKey(string accessKey) =>
            accessKey.Length <= 8 ? "****" : accessKey.Substring(0, 4) + "****" + accessKey.Substring(accessKey.Length - 4);

        private static string Describe(AWSCredentials c)
        {
            switch (c)
            {
                case AssumeRoleAWSCredentials ar: return "assume role " + ar.RoleArn;
                case SessionAWSCredentials _: return "session keys";
                case BasicAWSCredentials _: return "access keys";
                default:
                    string n = c.GetType().Name;
                    if (n.StartsWith("SSO", StringComparison.Ordinal)) return "IAM Identity Center (SSO)";
                    if (n.StartsWith("Process", StringComparison.Ordinal)) return "credential_process";
                    if (n.Contains("WebIdentity")) return "web identity token";
                    return n;
            }
        }

        private static string DescribeDefault(AWSCredentials c, Func<string, string?> env)
        {
            string n = c.GetType().Name;
            if (n.StartsWith("EnvironmentVariables", StringComparison.Ordinal)) return "environment variables (AWS_ACCESS_KEY_ID)";
            if (n.Contains("WebIdentity")) return "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)";
            if (n.Contains("Container") || n.Contains("ECS")) return "container credentials";
            if (n.Contains("InstanceProfile")) return "EC2 instance metadata (instance role)";
            string profile = env("AWS_PROFILE") is string p && p.Length > 0 ? p + "' (AWS_PROFILE)" : "default'";
            return $"profile '{profile} ({Describe(c)})";
        }

        private static string FirstLine(string s)
        {
            int i = s.IndexOfAny(new[] { '\r', '\n' });
            return i < 0 ? s : s.Substring(0, i);
        }
    }
}
