using System;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// The AWS.Tools common credential and region parameters, with their names, aliases and precedence:
    /// keys, then -ProfileName, then -Credential, then $StoredAWSCredentials (Set-AWSCredential), then the SDK
    /// default chain; region from -Region, $StoredAWSRegion (Set-DefaultAWSRegion), the profile, the environment.
    /// Also owns cancellation: Ctrl+C (StopProcessing) cancels every AWS call in flight.
    /// </summary>
    public abstract class RoleTrustAwsCmdlet : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public AWSCredentials? Credential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        /// <summary>Overrides the endpoint of every service called (tests, VPC endpoints, FIPS).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? EndpointUrl { get; set; }

        protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

        protected override void StopProcessing() => _cancellation?.Cancel();

        public void Dispose()
        {
            _cancellation?.Dispose();
            _cancellation = null;
        }

        /// <summary>The options for the credentials in use, with AWS.Tools' session defaults applied.</summary>
        protected AwsCredentialOptions CallerCredentialOptions()
        {
            var options = new AwsCredentialOptions
            {
                AccessKey = AccessKey, SecretKey = SecretKey, SessionToken = SessionToken, ProfileName = ProfileName,
                ProfileLocation = ProfileLocation, Credential = Credential, Region = Region,
            };
            bool explicitCredentials = AccessKey != null || SecretKey != null || SessionToken != null || ProfileName != null || Credential != null;
            if (!explicitCredentials)
            {
                var stored = SessionState.PSVariable.GetValue("StoredAWSCredentials");
                if (stored != null)
                {
                    var fromStored = StoredCredentials(stored, out string? storedProfile);
                    if (fromStored != null) { options.Credential = fromStored; WriteDebug("Credentials obtained from $StoredAWSCredentials."); }
                    else if (storedProfile != null) { options.ProfileName = storedProfile; WriteDebug($"Credentials obtained from profile '{storedProfile}' named by $StoredAWSCredentials."); }
                }
            }
            if (string.IsNullOrEmpty(options.Region) && SessionState.PSVariable.GetValue("StoredAWSRegion") is object storedRegion)
            {
                string? region = (storedRegion is PSObject pso ? pso.BaseObject : storedRegion)?.ToString();
                if (!string.IsNullOrWhiteSpace(region)) { options.Region = region; WriteDebug("Region obtained from $StoredAWSRegion."); }
            }
            return options;
        }

        /// <summary>
        /// AWS.Tools keeps the credentials of Set-AWSCredential in an AWSPSCredentials whose Credentials property is
        /// internal; read it by reflection (the SDK is shared, so the object is usable as is), else use the profile name.
        /// </summary>
        private static AWSCredentials? StoredCredentials(object stored, out string? profileName)
        {
            profileName = null;
            object value = stored is PSObject pso ? pso.BaseObject : stored;
            if (value is AWSCredentials direct) return direct;
            try
            {
                var property = value.GetType().GetProperty("Credentials", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
                if (property?.GetValue(value) is AWSCredentials fromProperty) return fromProperty;
            }
            catch (Exception) { /* fall back to the name below */ }
            profileName = value.ToString();
            return null;
        }

        /// <summary>Resolves credentials and region, or stops the cmdlet with a terminating error like AWS.Tools does.</summary>
        protected ResolvedAwsCredentials ResolveCredentials(AwsCredentialOptions options, string role = "caller")
        {
            try
            {
                var resolved = AwsCredentialResolver.Resolve(options);
                WriteDebug($"{role} {resolved}");
                return resolved;
            }
            catch (AwsRegionNotFoundException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create("NoRegion", ErrorCategory.InvalidArgument, ex.Message, options.ToString(), ex));
                throw;
            }
            catch (AwsCredentialsNotFoundException ex)
            {
                bool missingProfile = options.ProfileName != null && ex.Message.Contains("was not found");
                ThrowTerminatingError(ErrorRecords.Create(missingProfile ? "ProfileNotFound" : "NoCredentials",
                    missingProfile ? ErrorCategory.ObjectNotFound : ErrorCategory.AuthenticationError, ex.Message, options.ToString(), ex));
                throw;
            }
        }
    }
}
