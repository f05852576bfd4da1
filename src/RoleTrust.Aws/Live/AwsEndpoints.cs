using System;
using System.Collections.Generic;

namespace RoleTrust.Aws.Live
{
    /// <summary>Where to send one service's requests and how to sign them.</summary>
    public sealed class AwsServiceEndpoint
    {
        public AwsServiceEndpoint(string service, Uri url, string signingRegion, string signingName, string partition, string? overrideSource = null)
        {
            Service = service ?? throw new ArgumentNullException(nameof(service));
            Url = url ?? throw new ArgumentNullException(nameof(url));
            SigningRegion = signingRegion ?? throw new ArgumentNullException(nameof(signingRegion));
            SigningName = signingName ?? throw new ArgumentNullException(nameof(signingName));
            Partition = partition ?? throw new ArgumentNullException(nameof(partition));
            OverrideSource = overrideSource;
        }

        /// <summary>"iam", "organizations" or "sts".</summary>
        public string Service { get; }
        public Uri Url { get; }
        /// <summary>Region named in the SigV4 credential scope (us-east-1 for IAM in the aws partition, and so on).</summary>
        public string SigningRegion { get; }
        public string SigningName { get; }
        /// <summary>aws, aws-cn or aws-us-gov.</summary>
        public string Partition { get; }
        /// <summary>Null for the partition's own endpoint; otherwise what overrode the URL (parameter or variable name).</summary>
        public string? OverrideSource { get; }

        /// <summary>The same signing scope at another URL.</summary>
        public AwsServiceEndpoint WithUrl(Uri url, string overrideSource = "EndpointUrl") =>
            new AwsServiceEndpoint(Service, url, SigningRegion, SigningName, Partition, overrideSource);

        public override string ToString() =>
            $"{Service} {Url} (signing region {SigningRegion}{(OverrideSource != null ? ", from " + OverrideSource : "")})";
    }

    /// <summary>
    /// Partition-aware endpoints for the global services IAM and Organizations and the regional STS, following the
    /// non-dual-stack rows of the services' endpoint rule sets. IAM and Organizations always sign for the partition's
    /// home region, whatever the caller's region. URL overrides change the URL only, never the signing scope.
    /// </summary>
    public static class AwsEndpoints
    {
        public const string Aws = "aws";
        public const string AwsCn = "aws-cn";
        public const string AwsUsGov = "aws-us-gov";

        public const string IamService = "iam";
        public const string OrganizationsService = "organizations";
        public const string StsService = "sts";

        /// <summary>The partition a region belongs to (aws, aws-cn or aws-us-gov).</summary>
        public static string PartitionOf(string region)
        {
            if (string.IsNullOrWhiteSpace(region)) throw new AwsRegionException("A region is required.", region ?? "");
            region = region.Trim().ToLowerInvariant();
            if (region.StartsWith("cn-", StringComparison.Ordinal)) return AwsCn;
            if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return AwsUsGov;
            if (region.StartsWith("us-iso", StringComparison.Ordinal) || region.StartsWith("eu-isoe", StringComparison.Ordinal) || region.StartsWith("eusc-", StringComparison.Ordinal))
                throw new AwsRegionException($"Region '{region}' is in an isolated or sovereign partition, which RoleTrust does not support (aws, aws-cn and aws-us-gov only).", region);
            return Aws;
        }

        /// <summary>The DNS suffix of a partition.</summary>
        public static string DnsSuffix(string partition) => partition switch
        {
            AwsCn => "amazonaws.com.cn",
            _ => "amazonaws.com",
        };

        public static AwsServiceEndpoint Iam(string region, string? endpointUrl = null, Func<string, string?>? environment = null, ConfiguredEndpoints? configured = null) =>
            Resolve(IamService, region, endpointUrl, environment, configured);

        public static AwsServiceEndpoint Organizations(string region, string? endpointUrl = null, Func<string, string?>? environment = null, ConfiguredEndpoints? configured = null) =>
            Resolve(OrganizationsService, region, endpointUrl, environment, configured);

        public static AwsServiceEndpoint Sts(string region, string? endpointUrl = null, Func<string, string?>? environment = null, ConfiguredEndpoints? configured = null) =>
            Resolve(StsService, region, endpointUrl, environment, configured);

        /// <summary>The partition endpoint of a service, without any override.</summary>
        public static AwsServiceEndpoint Default(string service, string region)
        {
            string partition = PartitionOf(region);
            region = region.Trim().ToLowerInvariant();
            switch (service)
            {
                case IamService:
                    switch (partition)
                    {
                        case AwsCn: return Make(service, "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", partition);
                        case AwsUsGov: return Make(service, "https://iam.us-gov.amazonaws.com", "us-gov-west-1", partition);
                        default: return Make(service, "https://iam.amazonaws.com", "us-east-1", partition);
                    }
                case OrganizationsService:
                    switch (partition)
                    {
                        case AwsCn: return Make(service, "https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1", partition);
                        case AwsUsGov: return Make(service, "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1", partition);
                        default: return Make(service, "https://organizations.us-east-1.amazonaws.com", "us-east-1", partition);
                    }
                case StsService:
                    return Make(service, $"https://sts.{region}.{DnsSuffix(partition)}", region, partition);
                default:
                    throw new ArgumentException($"Unknown service '{service}'.", nameof(service));
            }
        }

        /// <summary>
        /// The endpoint to use, in the order of the AWS SDKs and Tools Reference Guide (service-specific endpoints): an
        /// explicit URL; AWS_ENDPOINT_URL_&lt;SERVICE&gt;; AWS_ENDPOINT_URL; the service's <c>endpoint_url</c> in the
        /// services section of the active profile; the profile's <c>endpoint_url</c>; the partition table. All but the
        /// explicit URL are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
        /// <c>ignore_configured_endpoint_urls</c> is true.
        /// </summary>
        public static AwsServiceEndpoint Resolve(string service, string region, string? endpointUrl = null, Func<string, string?>? environment = null, ConfiguredEndpoints? configured = null)
        {
            var ep = Default(service, region);
            if (!string.IsNullOrWhiteSpace(endpointUrl)) return ep.WithUrl(ParseUrl(endpointUrl!, "EndpointUrl"), "EndpointUrl");
            environment ??= Environment.GetEnvironmentVariable;
            configured ??= ConfiguredEndpoints.None;
            if (configured.Ignore || string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return ep;
            string specific = "AWS_ENDPOINT_URL_" + service.ToUpperInvariant();
            foreach (var name in new[] { specific, "AWS_ENDPOINT_URL" })
            {
                var value = environment(name);
                if (!string.IsNullOrWhiteSpace(value)) return ep.WithUrl(ParseUrl(value!, name), name);
            }
            var fromServices = configured.ForService(service);
            if (fromServices != null) return ep.WithUrl(ParseUrl(fromServices, $"endpoint_url for {service} (profile {configured.Profile})"), $"endpoint_url for {service} (profile {configured.Profile})");
            if (configured.Global != null) return ep.WithUrl(ParseUrl(configured.Global, $"endpoint_url (profile {configured.Profile})"), $"endpoint_url (profile {configured.Profile})");
            return ep;
        }

        private static AwsServiceEndpoint Make(string service, string url, string signingRegion, string partition) =>
            new AwsServiceEndpoint(service, new Uri(url), signingRegion, service, partition);

        private static Uri ParseUrl(string text, string source)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
                throw new AwsEndpointUrlException($"{source} '{text}' is not an absolute http(s) URL (for example https://sts.us-east-1.amazonaws.com).", source);
            return uri;
        }

        /// <summary>The table rows for documentation and tests: (partition, service, url, signing region).</summary>
        public static IEnumerable<AwsServiceEndpoint> Table()
        {
            foreach (var region in new[] { "us-east-1", "cn-north-1", "us-gov-west-1" })
                foreach (var svc in new[] { IamService, OrganizationsService, StsService })
                    yield return Default(svc, region);
        }
    }
}
