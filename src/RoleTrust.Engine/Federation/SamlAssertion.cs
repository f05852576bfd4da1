using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;

namespace RoleTrust.Federation
{
    /// <summary>One SAML attribute of an assertion.</summary>
    public sealed class SamlAttribute
    {
        public SamlAttribute(string name, string friendlyName, IEnumerable<string> values)
        {
            Name = name; FriendlyName = friendlyName; Values = ReadableList.From(values);
        }

        public string Name { get; }
        public string FriendlyName { get; }
        public ReadableList<string> Values { get; }
        public override string ToString() => Name + "=" + Values;
    }

    /// <summary>One value of the https://aws.amazon.com/SAML/Attributes/Role attribute: a role and the SAML provider to assume it with.</summary>
    public sealed class SamlRolePair
    {
        public SamlRolePair(string roleArn, string providerArn) { RoleArn = roleArn; ProviderArn = providerArn; }
        public string RoleArn { get; }
        public string ProviderArn { get; }
        public override string ToString() => RoleArn + "," + ProviderArn;
    }

    /// <summary>
    /// What a SAML 2.0 response tells STS for AssumeRoleWithSAML (decoded from -SamlAssertion, or given as
    /// -SamlAttributes): issuer, subject, recipient, the AWS attributes, and the SAML condition keys they make.
    /// Nothing here checks a signature. Content AWS would reject (no RoleSessionName, a role value that is not a
    /// pair) is listed in <see cref="Problems"/>, not thrown: it is the diagnosis, not a reading failure.
    /// </summary>
    public sealed class SamlAssertion
    {
        public const string RoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";
        public const string RoleSessionNameAttribute = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
        public const string SessionDurationAttribute = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
        public const string SourceIdentityAttribute = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
        public const string PrincipalTagPrefix = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
        public const string TransitiveTagKeysAttribute = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";
        private const string NameIdFormatPrefix = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

        internal SamlAssertion(string issuer, string nameId, string nameIdFormat, string recipient, IEnumerable<string> audiences,
            DateTimeOffset? notOnOrAfter, IEnumerable<SamlAttribute> attributes, IEnumerable<string> problems,
            IDictionary<string, string[]>? givenKeys = null, string? subjectType = null)
        {
            Issuer = issuer; NameId = nameId; NameIdFormat = nameIdFormat; Recipient = recipient; Audiences = ReadableList.From(audiences);
            NotOnOrAfter = notOnOrAfter;
            Attributes = ReadableList.From(attributes);
            _givenKeys = givenKeys ?? new Dictionary<string, string[]>();
            SubjectType = subjectType ?? SubjectTypeOf(nameIdFormat);

            var found = new List<string>(problems);
            var roles = new List<SamlRolePair>();
            foreach (var value in Values(RoleAttribute))
            {
                var pair = RolePair(value);
                if (pair != null) roles.Add(pair);
                else found.Add($"The Role attribute value '{value}' is not a role ARN and a SAML provider ARN separated by a comma.");
            }
            Roles = ReadableList.From(roles);
            RoleSessionName = Values(RoleSessionNameAttribute).FirstOrDefault() ?? "";
            SourceIdentity = Values(SourceIdentityAttribute).FirstOrDefault() ?? "";
            string? duration = Values(SessionDurationAttribute).FirstOrDefault();
            if (duration != null)
            {
                if (int.TryParse(duration.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds)) SessionDuration = seconds;
                else found.Add($"The SessionDuration attribute '{duration}' is not a whole number of seconds.");
            }
            PrincipalTags = Attributes.Where(a => a.Name.StartsWith(PrincipalTagPrefix, StringComparison.Ordinal) && a.Values.Count > 0)
                .GroupBy(a => a.Name.Substring(PrincipalTagPrefix.Length), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Values[0], StringComparer.Ordinal);
            TransitiveTagKeys = ReadableList.From(Values(TransitiveTagKeysAttribute));
            if (RoleSessionName.Length == 0) found.Add("The assertion has no RoleSessionName attribute; STS answers 'RoleSessionName is required in AuthnResponse'.");
            if (Roles.Count == 0 && !found.Any(p => p.StartsWith("The Role attribute", StringComparison.Ordinal)))
                found.Add("The assertion has no Role attribute (https://aws.amazon.com/SAML/Attributes/Role); the sign-in page answers 'Your request included an invalid SAML response'.");
            if (NameId.Length == 0) found.Add("The assertion has no Subject NameID; STS answers 'Not authorized to perform sts:AssumeRoleWithSAML'.");
            Problems = ReadableList.From(found);
        }

        private readonly IDictionary<string, string[]> _givenKeys;

        public string Issuer { get; }
        /// <summary>The Subject's NameID (SAML:sub).</summary>
        public string NameId { get; }
        public string NameIdFormat { get; }
        /// <summary>SAML:sub_type: the NameID Format without the SAML 2.0 nameid-format prefix (persistent, transient ...), other formats in full.</summary>
        public string SubjectType { get; }
        /// <summary>SubjectConfirmationData@Recipient: SAML:aud (not the Audience element).</summary>
        public string Recipient { get; }
        public ReadableList<string> Audiences { get; }
        public DateTimeOffset? NotOnOrAfter { get; }
        public ReadableList<SamlRolePair> Roles { get; }
        public string RoleSessionName { get; }
        public int? SessionDuration { get; }
        public string SourceIdentity { get; }
        public IReadOnlyDictionary<string, string> PrincipalTags { get; }
        public ReadableList<string> TransitiveTagKeys { get; }
        public ReadableList<SamlAttribute> Attributes { get; }
        /// <summary>What AWS would reject in this assertion's content.</summary>
        public ReadableList<string> Problems { get; }

        private IEnumerable<string> Values(string attributeName) =>
            Attributes.Where(a => a.Name == attributeName).SelectMany(a => a.Values);

        /// <summary>Decodes the base64 SAMLResponse value (plain or deflated); throws InvalidSamlAssertion when it is unreadable.</summary>
        public static SamlAssertion Decode(string? samlResponse) => SamlAssertionReader.Read(samlResponse);

        /// <summary>"persistent" for urn:oasis:names:tc:SAML:2.0:nameid-format:persistent; other formats as they are.</summary>
        public static string SubjectTypeOf(string nameIdFormat) =>
            nameIdFormat.StartsWith(NameIdFormatPrefix, StringComparison.Ordinal) ? nameIdFormat.Substring(NameIdFormatPrefix.Length) : nameIdFormat;

        /// <summary>SAML:namequalifier as STS computes it: BASE64(SHA1(issuer + account id + "/" + provider name)).</summary>
        public static string NameQualifier(string issuer, string accountId, string providerName)
        {
            using var sha1 = SHA1.Create();
            return Convert.ToBase64String(sha1.ComputeHash(Encoding.UTF8.GetBytes(issuer + accountId + "/" + providerName)));
        }

        private static SamlRolePair? RolePair(string value)
        {
            var parts = value.Split(',');
            if (parts.Length != 2) return null;
            string a = parts[0].Trim(), b = parts[1].Trim();
            if (IsRole(a) && IsSamlProvider(b)) return new SamlRolePair(a, b);
            if (IsRole(b) && IsSamlProvider(a)) return new SamlRolePair(b, a);
            return null;
        }

        private static bool IsRole(string arn) => Arn.TryParse(arn, out var p) && p.Service == "iam" && p.Resource.StartsWith("role/", StringComparison.Ordinal);
        private static bool IsSamlProvider(string arn) => Arn.TryParse(arn, out var p) && p.Service == "iam" && p.Resource.StartsWith("saml-provider/", StringComparison.Ordinal);

        /// <summary>
        /// The SAML condition keys STS sets for this assertion. SAML:doc and SAML:namequalifier need the SAML provider:
        /// <paramref name="providerArn"/>, else the one provider every Role pair names. Keys RoleTrust cannot compute
        /// (no provider, a source AWS does not document, two attributes for one key) are listed, never guessed.
        /// </summary>
        public SamlConditionKeys ConditionKeys(string? providerArn = null)
        {
            var context = new RequestContext();
            var uncertain = new List<string>(SamlKeyCatalog.KeysWithoutSource);
            var keys = SamlKeyCatalog.AssertionKeys;
            void Single(string from, string value) { if (value.Length > 0) context.Set(keys[from], value); }
            Single("Recipient", Recipient);
            Single("Issuer", Issuer);
            Single("NameID", NameId);
            Single("NameIDFormat", SubjectType);

            providerArn ??= Roles.Select(r => r.ProviderArn).Distinct(StringComparer.Ordinal).Count() == 1 ? Roles[0].ProviderArn : null;
            if (providerArn != null && Arn.TryParse(providerArn, out var provider) && provider.Resource.StartsWith("saml-provider/", StringComparison.Ordinal))
            {
                string name = provider.Resource.Substring("saml-provider/".Length);
                context.Set(keys["Provider"], provider.Account + "/" + name);
                if (Issuer.Length > 0) context.Set(keys["NameQualifier"], NameQualifier(Issuer, provider.Account, name));
            }
            else
            {
                uncertain.Add(keys["Provider"]);
                uncertain.Add(keys["NameQualifier"]);
            }

            foreach (var group in SamlKeyCatalog.AttributeKeys.GroupBy(a => a.Key, StringComparer.OrdinalIgnoreCase))
            {
                var sources = group.Where(a => Attributes.Any(x => x.Name == a.Attribute && x.Values.Count > 0)).ToList();
                // An IdP that names a documented X.500 attribute in urn:oid: form: AWS does not say whether it maps it.
                if (group.Any(a => a.Attribute.IndexOf(':') < 0 && Attributes.Any(x => x.Name == "urn:oid:" + a.Attribute))) uncertain.Add(group.Key);
                if (sources.Count == 0) continue;
                if (sources.Count > 1) { uncertain.Add(group.Key); continue; }   // AWS maps only one and does not say which
                var values = Attributes.Where(x => x.Name == sources[0].Attribute).SelectMany(x => x.Values).ToList();
                if (sources[0].List) context.SetMany(group.Key, values);
                else context.Set(group.Key, values[0]);
            }

            foreach (var given in _givenKeys)
            {
                if (SamlKeyCatalog.IsListKey(given.Key)) context.SetMany(given.Key, given.Value);
                else context.Set(given.Key, given.Value.FirstOrDefault() ?? "");
                uncertain.RemoveAll(k => string.Equals(k, given.Key, StringComparison.OrdinalIgnoreCase));
            }
            return new SamlConditionKeys(context, uncertain.Distinct(StringComparer.OrdinalIgnoreCase));
        }

        public override string ToString() => $"{Issuer} {NameId}";
    }

    /// <summary>The SAML condition keys one AssumeRoleWithSAML request carries.</summary>
    public sealed class SamlConditionKeys
    {
        public SamlConditionKeys(RequestContext context, IEnumerable<string> uncertainKeys)
        {
            Context = context; UncertainKeys = ReadableList.From(uncertainKeys);
        }

        /// <summary>Key to value(s), ready to merge into a request's context.</summary>
        public RequestContext Context { get; }
        /// <summary>Keys STS may set that RoleTrust cannot compute here: a condition on one is Unknown, not a failure.</summary>
        public ReadableList<string> UncertainKeys { get; }
    }
}
