using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RoleTrust.Engine.Json;

namespace RoleTrust.Federation
{
    /// <summary>One condition key STS exposes for a provider, and the claims it takes its value from (first present wins).</summary>
    public sealed class WebIdentityKeySource
    {
        public WebIdentityKeySource(string key, IReadOnlyList<string> claims, bool multiValued)
        {
            Key = key; Claims = claims; MultiValued = multiValued;
        }

        /// <summary>The part after "&lt;prefix&gt;:", e.g. sub, aud, repository.</summary>
        public string Key { get; }
        /// <summary>The claims, in order of preference; empty when the claim behind the key is not known.</summary>
        public IReadOnlyList<string> Claims { get; }
        /// <summary>The key is a set (amr), tested with ForAnyValue/ForAllValues.</summary>
        public bool MultiValued { get; }
    }

    /// <summary>
    /// An identity provider STS knows keys for (web-identity-providers.json, an embedded resource: data, not code).
    /// Built-in providers (Google, Facebook, Login with Amazon, Cognito) need no IAM OIDC provider.
    /// </summary>
    public sealed class WebIdentityProvider
    {
        private readonly Regex[] _issuerPatterns;

        private WebIdentityProvider(string name, IReadOnlyList<string> issuers, bool builtIn, IReadOnlyList<WebIdentityKeySource> keys)
        {
            Name = name; Issuers = issuers; BuiltIn = builtIn; Keys = keys;
            _issuerPatterns = issuers.Select(i => new Regex("^" + Regex.Escape(i).Replace(@"\*", "[^/]+") + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();
        }

        public string Name { get; }
        /// <summary>Issuer host and path patterns ('*' stands for one host label or path segment).</summary>
        public IReadOnlyList<string> Issuers { get; }
        public bool BuiltIn { get; }
        public IReadOnlyList<WebIdentityKeySource> Keys { get; }

        public override string ToString() => Name;

        private static readonly Lazy<Catalog> Data = new Lazy<Catalog>(Load);

        /// <summary>Every provider the data names.</summary>
        public static IReadOnlyList<WebIdentityProvider> All => Data.Value.Providers;

        /// <summary>The provider for an issuer's host and path (no scheme), or a generic OpenID Connect provider.</summary>
        public static WebIdentityProvider For(string issuerHostAndPath)
        {
            foreach (var p in Data.Value.Providers)
                if (p._issuerPatterns.Any(r => r.IsMatch(issuerHostAndPath))) return p;
            return Data.Value.Generic;
        }

        private sealed class Catalog
        {
            public Catalog(WebIdentityProvider generic, List<WebIdentityProvider> providers) { Generic = generic; Providers = providers; }
            public WebIdentityProvider Generic { get; }
            public List<WebIdentityProvider> Providers { get; }
        }

        private static Catalog Load()
        {
            var type = typeof(WebIdentityProvider);
            using var stream = type.Assembly.GetManifestResourceStream("RoleTrust.Engine.Federation.web-identity-providers.json")
                ?? throw new InvalidOperationException("The web identity provider data is missing from the engine assembly.");
            using var reader = new StreamReader(stream);
            var root = JsonParser.Parse(reader.ReadToEnd());
            var oidcKeys = ReadKeys(root.Get("oidcKeys")!);
            var providers = new List<WebIdentityProvider>();
            foreach (var p in root.Get("providers")!.Items!)
            {
                var keys = ReadKeys(p.Get("keys")!);
                if (p.Get("extendsOidc")?.Kind == JsonKind.True) keys = oidcKeys.Concat(keys).ToList();
                providers.Add(new WebIdentityProvider(p.Get("name")!.Text!, p.Get("issuers")!.Items!.Select(i => i.Text!).ToList(),
                    p.Get("builtIn")?.Kind == JsonKind.True, keys));
            }
            return new Catalog(new WebIdentityProvider("OpenID Connect", new string[0], false, oidcKeys), providers);
        }

        private static List<WebIdentityKeySource> ReadKeys(JsonNode list) =>
            list.Items!.Select(k => new WebIdentityKeySource(k.Get("key")!.Text!, k.Get("claims")!.Items!.Select(c => c.Text!).ToList(),
                k.Get("multiValued")?.Kind == JsonKind.True)).ToList();
    }
}
