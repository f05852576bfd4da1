using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RoleTrust.Engine.Json;

namespace RoleTrust.Federation
{
    /// <summary>The SAML condition keys STS exposes and their sources (saml-keys.json, an embedded resource: data, not code).</summary>
    public static class SamlKeyCatalog
    {
        /// <summary>A SAML attribute (by its Name) that sets a key.</summary>
        public sealed class AttributeKey
        {
            public AttributeKey(string attribute, string key, bool list) { Attribute = attribute; Key = key; List = list; }
            public string Attribute { get; }
            public string Key { get; }
            /// <summary>The key is a set of values.</summary>
            public bool List { get; }
        }

        private sealed class Data
        {
            public Dictionary<string, string> AssertionKeys = new Dictionary<string, string>(StringComparer.Ordinal);
            public List<AttributeKey> AttributeKeys = new List<AttributeKey>();
            public List<string> KeysWithoutSource = new List<string>();
        }

        private static readonly Lazy<Data> Loaded = new Lazy<Data>(Load);

        /// <summary>Keys STS sets from the assertion itself, by source: Recipient, Issuer, NameID, NameIDFormat, Provider, NameQualifier.</summary>
        public static IReadOnlyDictionary<string, string> AssertionKeys => Loaded.Value.AssertionKeys;
        public static IReadOnlyList<AttributeKey> AttributeKeys => Loaded.Value.AttributeKeys;
        /// <summary>Keys AWS lists but whose source attribute RoleTrust cannot tell.</summary>
        public static IReadOnlyList<string> KeysWithoutSource => Loaded.Value.KeysWithoutSource;

        /// <summary>Every SAML key STS exposes.</summary>
        public static IEnumerable<string> AllKeys =>
            AssertionKeys.Values.Concat(AttributeKeys.Select(a => a.Key)).Concat(KeysWithoutSource).Distinct(StringComparer.OrdinalIgnoreCase);

        /// <summary>The key name as the data spells it (keys are case-insensitive), or null when STS exposes no such key.</summary>
        public static string? Canonical(string key) => AllKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

        public static bool IsListKey(string key) => AttributeKeys.Any(a => a.List && string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase))
            || KeysWithoutSource.Contains(key, StringComparer.OrdinalIgnoreCase);

        private static Data Load()
        {
            using var stream = typeof(SamlKeyCatalog).Assembly.GetManifestResourceStream("RoleTrust.Engine.Federation.saml-keys.json")
                ?? throw new InvalidOperationException("The SAML key data is missing from the engine assembly.");
            using var reader = new StreamReader(stream);
            var root = JsonParser.Parse(reader.ReadToEnd());
            var data = new Data();
            foreach (var k in root.Get("assertionKeys")!.Items!) data.AssertionKeys[k.Get("from")!.Text!] = k.Get("key")!.Text!;
            foreach (var a in root.Get("attributeKeys")!.Items!)
                data.AttributeKeys.Add(new AttributeKey(a.Get("attribute")!.Text!, a.Get("key")!.Text!, a.Get("list")?.Kind == JsonKind.True));
            foreach (var k in root.Get("keysWithoutSource")!.Items!) data.KeysWithoutSource.Add(k.Text!);
            return data;
        }
    }
}
