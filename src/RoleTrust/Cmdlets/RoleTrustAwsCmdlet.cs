using System;
using System.Collections.Generic;
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
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
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
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
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

        /// <summary>
        /// Client options for this command: -EndpointUrl, and the endpoint URLs the active profile of the shared config
        /// file sets (which the SDK's own STS client follows too).
        /// </summary>
        protected AwsClientOptions ClientOptions() =>
            new AwsClientOptions { EndpointUrl = EndpointUrl, Configured = ConfiguredEndpoints.Load(ProfileName, ProfileLocation) };

        /// <summary>The options for the credentials in use, with AWS.Tools' session defaults applied.</summary>
        protected AwsCredentialOptions CallerCredentialOptions()
        {
            var options = new AwsCredentialOptions
            {
                AccessKey = AccessKey, SecretKey = SecretKey, SessionToken = SessionToken, ProfileName = ProfileName,
                ProfileLocation = ProfileLocation, Credential = Credential, Region = Region, EndpointUrl = EndpointUrl,
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
        /// The caller's credentials and region, checked before any call: the region must be one of a supported partition
        /// (InvalidRegion; an unknown but well-formed name is a warning), every endpoint URL override must be a URL
        /// (InvalidEndpointUrl), and the credentials must be obtainable now (SsoLoginRequired, CredentialProcessFailed ...).
        /// </summary>
        protected (ResolvedAwsCredentials Caller, string Region) ResolveCaller()
        {
            var caller = ResolveCredentials(CallerCredentialOptions());
            string region = CheckRegionAndEndpoints(caller.Region ?? "us-east-1", caller.RegionSource);
            VerifyCredentials(caller.Credentials, "the caller's credentials", caller.ProfileName);
            return (caller, region);
        }

        /// <summary>Credentials for another purpose (target, organization), resolved and obtained now; their region is the caller's.</summary>
        protected AWSCredentials ResolveOther(string? profileName, AWSCredentials? credential, string region, string role)
        {
            var resolved = ResolveCredentials(new AwsCredentialOptions
            {
                ProfileName = profileName, ProfileLocation = ProfileLocation, Credential = credential, Region = region, EndpointUrl = EndpointUrl,
            }, role);
            VerifyCredentials(resolved.Credentials, role, resolved.ProfileName);
            return resolved.Credentials;
        }

        /// <summary>The region, lower case; stops the command for a region or an endpoint URL that cannot be used.</summary>
        private string CheckRegionAndEndpoints(string region, string? regionSource)
        {
            try
            {
                var check = AwsRegions.Check(region, regionSource == "the Region parameter" ? null : regionSource);
                if (check.Warning != null) WriteWarning(check.Warning);
                foreach (var service in new[] { AwsEndpoints.StsService, AwsEndpoints.IamService, AwsEndpoints.OrganizationsService })
                    AwsEndpoints.Resolve(service, check.Region, EndpointUrl);
                return check.Region;
            }
            catch (AwsRegionException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create("InvalidRegion", ErrorCategory.InvalidArgument, ex.Message, ex.Region));
            }
            catch (AwsEndpointUrlException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create("InvalidEndpointUrl", ErrorCategory.InvalidArgument, ex.Message, ex.Source));
            }
            return region;
        }

        /// <summary>Obtains the credentials now, so a provider that fails stops the command with its own ErrorId, like AWS.Tools.</summary>
        private void VerifyCredentials(AWSCredentials credentials, string role, string? profileName)
        {
            try { CredentialFailures.VerifyAsync(credentials, role, profileName).GetAwaiter().GetResult(); }
            catch (AwsCredentialsNotFoundException ex) { ThrowCredentialError(ex, role); }
        }

        private void ThrowCredentialError(AwsCredentialsNotFoundException ex, object? target)
        {
            ThrowTerminatingError(ex.Problem switch
            {
                CredentialProblem.ProfileNotFound => ErrorRecords.Create("ProfileNotFound", ErrorCategory.ObjectNotFound, ex.Message, target, ex),
                CredentialProblem.SsoLoginRequired => ErrorRecords.Create("SsoLoginRequired", ErrorCategory.AuthenticationError, ex.Message, target, ex),
                CredentialProblem.CredentialProcessFailed => ErrorRecords.Create("CredentialProcessFailed", ErrorCategory.AuthenticationError, ex.Message, target, ex),
                CredentialProblem.AssumeRoleFailed => ErrorRecords.Create("AssumeRoleProfileFailed", ErrorCategory.AuthenticationError, ex.Message, target, ex),
                _ => ErrorRecords.Create("NoCredentials", ErrorCategory.AuthenticationError, ex.Message, target, ex),
            });
        }

        private readonly HashSet<string> _unreachableReported = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>One non-terminating EndpointUnreachable error per service and endpoint that could not be reached.</summary>
        protected void WriteUnreachable(IEnumerable<AwsServiceException> failures, object? target)
        {
            foreach (var e in failures)
            {
                if (!_unreachableReported.Add(e.Service + " " + e.Endpoint)) continue;
                WriteError(ErrorRecords.Create("EndpointUnreachable", ErrorCategory.ConnectionError,
                    $"{e.Service}:{e.Operation} could not reach {e.Endpoint}: {e.ServiceMessage} ({e.Attempts} attempt(s)). The checks that needed {e.Service} are Unknown. " +
                    "Check the network, -Region and -EndpointUrl (or AWS_ENDPOINT_URL_*).", target));
            }
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
                ThrowCredentialError(ex, options.ToString());
                throw;
            }
        }
    }
}
