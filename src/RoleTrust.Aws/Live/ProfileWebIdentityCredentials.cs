using System;
using System.IO;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// The credentials of a web identity profile (role_arn with web_identity_token_file) or of AWS_WEB_IDENTITY_TOKEN_FILE
    /// with AWS_ROLE_ARN (EKS service accounts, CI runners), obtained through RoleTrust's own STS client, as
    /// <see cref="ProfileAssumeRoleCredentials"/> does for assume-role profiles: -EndpointUrl and AWS_ENDPOINT_URL_STS apply,
    /// and nothing goes to the public endpoint when an override is given. The token file is read at every refresh
    /// (its issuer rotates it); the token itself is never logged, shown or kept.
    /// </summary>
    public sealed class ProfileWebIdentityCredentials : RefreshingAWSCredentials
    {
        private readonly string _region;
        private readonly AwsClientOptions _clientOptions;

        public ProfileWebIdentityCredentials(string tokenFile, string roleArn, string? roleSessionName, string region, AwsClientOptions clientOptions, string? profileName)
        {
            TokenFile = tokenFile ?? throw new ArgumentNullException(nameof(tokenFile));
            RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
            RoleSessionName = string.IsNullOrEmpty(roleSessionName) ? "RoleTrust-" + DateTime.UtcNow.Ticks : roleSessionName!;
            _region = region;
            _clientOptions = clientOptions;
            ProfileName = profileName;
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        public string TokenFile { get; }
        public string RoleArn { get; }
        public string RoleSessionName { get; }
        public string? ProfileName { get; }

        protected override CredentialsRefreshState GenerateNewCredentials() =>
            Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            string token;
            try { token = File.ReadAllText(TokenFile).Trim(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new AwsCredentialsNotFoundException($"{Owner} names the web identity token file '{TokenFile}', which cannot be read: {e.Message}",
                    null, CredentialProblem.Unusable, ProfileName);
            }
            if (token.Length == 0)
                throw new AwsCredentialsNotFoundException($"{Owner} names the web identity token file '{TokenFile}', which is empty.", null, CredentialProblem.Unusable, ProfileName);
            using var sts = new StsReader(new AnonymousAWSCredentials(), _region, _clientOptions);
            try
            {
                var session = await sts.AssumeRoleWithWebIdentityForReadingAsync(RoleArn, RoleSessionName, token).ConfigureAwait(false);
                return session.RefreshState();
            }
            catch (AwsServiceException e)
            {
                throw new AwsCredentialsNotFoundException(
                    $"{Owner} could not assume {RoleArn} with its web identity token: sts:AssumeRoleWithWebIdentity at {sts.Endpoint.Url} failed with {e.Code}" +
                    (string.IsNullOrEmpty(e.ServiceMessage) ? "." : $": {e.ServiceMessage}"), null, CredentialProblem.AssumeRoleFailed, ProfileName);
            }
        }

        // Without a profile name the settings came from the default chain: AWS_WEB_IDENTITY_TOKEN_FILE, or a profile the SDK chose.
        private string Owner => ProfileName == null ? "The web identity credentials" : $"Profile '{ProfileName}'";
    }
}
