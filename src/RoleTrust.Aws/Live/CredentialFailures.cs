using System;
using System.Reflection;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Turns the ways a credential provider fails (an SSO profile without a cached token, a credential_process that
    /// fails, an assume-role profile that is refused ...) into <see cref="AwsCredentialsNotFoundException"/> with the
    /// <see cref="CredentialProblem"/> and a message saying what to do. Messages never carry secrets: when the
    /// credentials failed, no secret was obtained.
    /// </summary>
    public static class CredentialFailures
    {
        /// <summary>Obtains the credentials now, so that a failing provider is reported before any call uses it.</summary>
        public static async Task VerifyAsync(AWSCredentials credentials, string what, string? profileName)
        {
            try { _ = await credentials.GetCredentialsAsync().ConfigureAwait(false); }
            catch (Exception e) when (!(e is OperationCanceledException)) { throw Classify(e, credentials, what, profileName); }
        }

        public static AwsCredentialsNotFoundException Classify(Exception e, AWSCredentials? credentials, string what, string? profileName)
        {
            while ((e is AggregateException || e is TargetInvocationException) && e.InnerException != null) e = e.InnerException;
            if (e is AwsCredentialsNotFoundException known) return known;
            profileName ??= (credentials as ProfileAssumeRoleCredentials)?.ProfileName ?? (credentials as ProfileWebIdentityCredentials)?.ProfileName;
            string message = FirstLine(SecretRedactor.Redact(e.Message));
            string named = profileName == null ? what : $"profile '{profileName}'";
            if (e is ProcessAWSCredentialException)
                return new AwsCredentialsNotFoundException(
                    $"The credential_process of {named} failed: {message}. Run the command by hand to see why, or use other credentials.",
                    null, CredentialProblem.CredentialProcessFailed, profileName);
            if (credentials != null && credentials.GetType().Name.StartsWith("SSO", StringComparison.Ordinal))
                return new AwsCredentialsNotFoundException(
                    $"{Capital(named)} uses IAM Identity Center (SSO) and has no valid cached token ({message}): run " +
                    $"'aws sso login{(profileName == null ? "" : " --profile " + profileName)}', then try again.",
                    null, CredentialProblem.SsoLoginRequired, profileName);
            return new AwsCredentialsNotFoundException($"{Capital(named)} could not produce credentials: {message}", null, CredentialProblem.Unusable, profileName);
        }

        private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

        private static string FirstLine(string s)
        {
            int i = s.IndexOfAny(new[] { '\r', '\n' });
            return (i < 0 ? s : s.Substring(0, i)).Trim().TrimEnd('.');
        }
    }
}
