using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime.CredentialManagement;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// The endpoint URLs the shared config file sets for the active profile (AWS SDKs and Tools Reference Guide,
    /// service-specific endpoints): <c>endpoint_url</c> in the profile for every service, <c>endpoint_url</c> per service
    /// in the <c>[services name]</c> section the profile names, and <c>ignore_configured_endpoint_urls</c>. The SDK's
    /// own STS client follows them, so RoleTrust's IAM and Organizations calls must too: otherwise a profile pointing
    /// at a private or test endpoint would send STS there and every other call to AWS.
    /// </summary>
    public sealed class ConfiguredEndpoints
    {
        public static readonly ConfiguredEndpoints None = new ConfiguredEndpoints(null, null, new Dictionary<string, string>(), false);

        private readonly IReadOnlyDictionary<string, string> _perService;

        private ConfiguredEndpoints(string? profile, string? global, IReadOnlyDictionary<string, string> perService, bool ignore)
        {
            Profile = profile;
            Global = string.IsNullOrWhiteSpace(global) ? null : global!.Trim();
            _perService = perService;
            Ignore = ignore;
        }

        /// <summary>The profile they were read from.</summary>
        public string? Profile { get; }
        /// <summary>The profile's <c>endpoint_url</c>.</summary>
        public string? Global { get; }
        /// <summary>The profile's <c>ignore_configured_endpoint_urls = true</c>.</summary>
        public bool Ignore { get; }

        /// <summary>The URL the services section gives a service ("iam", "organizations", "sts"), else null.</summary>
        public string? ForService(string service) => _perService.TryGetValue(service, out var url) ? url : null;

        /// <summary>
        /// Reads the active profile: <paramref name="profileName"/>, else AWS_PROFILE, else <c>default</c>, from the
        /// files <paramref name="profileLocation"/> (a credentials file) and AWS_CONFIG_FILE (or ~/.aws/config) name.
        /// A profile that does not exist sets nothing (the credential resolver reports it).
        /// </summary>
        public static ConfiguredEndpoints Load(string? profileName, string? profileLocation, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            string name = !string.IsNullOrWhiteSpace(profileName) ? profileName!.Trim()
                : !string.IsNullOrWhiteSpace(environment("AWS_PROFILE")) ? environment("AWS_PROFILE")!.Trim() : "default";
            CredentialProfile? profile;
            try
            {
                var chain = string.IsNullOrEmpty(profileLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profileLocation);
                if (!chain.TryGetProfile(name, out profile)) return None;
            }
            catch (Exception)
            {
                // The SDK throws even NullReferenceException on some files (a services setting in a credentials file);
                // the credential resolver, which reads the same files, reports what is wrong with them.
                return None;
            }
            var perService = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrWhiteSpace(profile.Services))
                foreach (var file in new[] { ConfigFilePath(environment), profileLocation })
                    if (!string.IsNullOrEmpty(file))
                        foreach (var entry in ReadServicesSection(file!, profile.Services!.Trim()))
                            if (!perService.ContainsKey(entry.Key)) perService[entry.Key] = entry.Value;
            return new ConfiguredEndpoints(name, profile.EndpointUrl, perService, profile.IgnoreConfiguredEndpointUrls == true);
        }

        /// <summary>Settings given directly (tests of the precedence).</summary>
        internal static ConfiguredEndpoints Of(string profile, string? global, IReadOnlyDictionary<string, string> perService, bool ignore) =>
            new ConfiguredEndpoints(profile, global, perService, ignore);

        private static string ConfigFilePath(Func<string, string?> environment)
        {
            var configured = environment("AWS_CONFIG_FILE");
            if (!string.IsNullOrWhiteSpace(configured)) return configured!.Trim();
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config");
        }

        /// <summary>
        /// The <c>endpoint_url</c> of each service in <c>[services name]</c>: a line <c>iam =</c> followed by indented
        /// <c>key = value</c> lines (AWSSDK.Core parses this section only for its own clients).
        /// </summary>
        internal static Dictionary<string, string> ReadServicesSection(string configFile, string sectionName)
        {
            var urls = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string[] lines;
            try { lines = File.ReadAllLines(configFile); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException) { return urls; }
            bool inSection = false;
            string? service = null;
            foreach (var raw in lines)
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[')
                {
                    int close = line.IndexOf(']');
                    string header = close > 0 ? line.Substring(1, close - 1).Trim() : "";
                    inSection = header.StartsWith("services ", StringComparison.Ordinal) && header.Substring("services ".Length).Trim() == sectionName;
                    service = null;
                    continue;
                }
                if (!inSection) continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) continue;
                string key = line.Substring(0, eq).Trim(), value = line.Substring(eq + 1).Trim();
                bool indented = raw.Length > 0 && char.IsWhiteSpace(raw[0]);
                if (!indented) service = value.Length == 0 ? key : null;
                else if (service != null && string.Equals(key, "endpoint_url", StringComparison.OrdinalIgnoreCase) && value.Length > 0) urls[service] = value;
            }
            return urls;
        }
    }
}
