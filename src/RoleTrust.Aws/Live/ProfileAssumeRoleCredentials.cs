using System;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// The credentials of an assume-role profile (role_arn with source_profile or credential_source), obtained through
    /// RoleTrust's own STS client so that the STS endpoint is the one every other call uses: -EndpointUrl and
    /// AWS_ENDPOINT_URL_STS apply, and nothing is sent to the public endpoint when an override is given. The SDK's own
    /// AssumeRoleAWSCredentials would call its default endpoint. Profile settings (session name, external id, duration,
    /// source identity) are the SDK's reading of the profile.
    /// </summary>
    public sealed class ProfileAssumeRoleCredentials : RefreshingAWSCredentials
    {
        private readonly AWSCredentials _source;
        private readonly AssumeRoleAWSCredentialsOptions? _profileOptions;
        private readonly string _region;
        private readonly AwsClientOptions _clientOptions;

        public ProfileAssumeRoleCredentials(AWSCredentials source, string roleArn, string? roleSessionName, AssumeRoleAWSCredentialsOptions? profileOptions,
            string region, AwsClientOptions clientOptions, string? profileName)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
            RoleSessionName = string.IsNullOrEmpty(roleSessionName) ? "RoleTrust-" + DateTime.UtcNow.Ticks : roleSessionName!;
            _profileOptions = profileOptions;
            _region = region;
            _clientOptions = clientOptions;
            ProfileName = profileName;
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        public string RoleArn { get; }
        public string RoleSessionName { get; }
        public string? ProfileName { get; }
        public AWSCredentials SourceCredentials => _source;

        /// <summary>
        /// Replaces the SDK's assume-role and web identity credentials (and those they are built on) with ones that call STS at the endpoint
        /// <paramref name="clientOptions"/> resolves for <paramref name="region"/>; any other credentials are returned as they are.
        /// </summary>
        public static AWSCredentials Redirect(AWSCredentials credentials, string region, AwsClientOptions clientOptions, string? profileName)
        {
            if (credentials is AssumeRoleAWSCredentials sdk)
                return new ProfileAssumeRoleCredentials(Redirect(sdk.SourceCredentials, region, clientOptions, null), sdk.RoleArn, sdk.RoleSessionName,
                    sdk.Options, region, clientOptions, profileName);
            if (credentials is AssumeRoleWithWebIdentityCredentials web)
                return new ProfileWebIdentityCredentials(web.WebIdentityTokenFile, web.RoleArn, web.RoleSessionName, region, clientOptions, profileName);
            return credentials;
        }

        protected override CredentialsRefreshState GenerateNewCredentials() =>
            Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            var o = _profileOptions;
            if (o?.MfaSerialNumber != null && o.MfaTokenCodeCallback == null && o.MfaTokenCode == null)
                throw new AwsCredentialsNotFoundException(
                    $"Profile{Named} assumes {RoleArn} with MFA (mfa_serial), and RoleTrust cannot prompt for a token code: " +
                    "use credentials that already carry MFA (for example from aws sts get-session-token) or a profile without mfa_serial.",
                    null, CredentialProblem.AssumeRoleFailed, ProfileName);
            using var sts = new StsReader(_source, _region, _clientOptions);
            try
            {
                var session = await sts.AssumeRoleForReadingAsync(RoleArn, RoleSessionName, o?.ExternalId, o?.DurationSeconds ?? 3600,
                    o?.SourceIdentity, o?.MfaSerialNumber, o?.MfaTokenCode ?? o?.MfaTokenCodeCallback?.Invoke()).ConfigureAwait(false);
                return session.RefreshState();
            }
            catch (AwsServiceException e)
            {
                throw new AwsCredentialsNotFoundException(
                    $"Profile{Named} could not assume {RoleArn}: sts:AssumeRole at {sts.Endpoint.Url} failed with {e.Code}" +
                    (string.IsNullOrEmpty(e.ServiceMessage) ? "." : $": {e.ServiceMessage}"), null, CredentialProblem.AssumeRoleFailed, ProfileName);
            }
        }

        private string Named => ProfileName == null ? "" : $" '{ProfileName}'";
    }
}
