using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Federation
{
    /// <summary>
    /// Builds the same reading as a decoded assertion from a dictionary (-SamlAttributes): assertion fields by name
    /// (Issuer, NameID, NameIDFormat, Recipient, Audience, NotOnOrAfter, Role, RoleSessionName, SessionDuration,
    /// SourceIdentity, TransitiveTagKeys, PrincipalTags or PrincipalTag:Key), SAML attributes by their Name (a URI or
    /// an OID), or SAML condition keys directly (SAML:aud ...). Anything else is a typo, and an error.
    /// </summary>
    public static class SamlAttributesReader
    {
        private static readonly Regex Oid = new Regex(@"^\d+(\.\d+)+$", RegexOptions.CultureInvariant);

        public static SamlAssertion FromJson(JsonNode attributes)
        {
            if (attributes.Kind != JsonKind.Object) throw Error("The SAML attributes must be a dictionary of field or attribute names to values.");
            string issuer = "", nameId = "", format = "", recipient = "";
            string? subjectType = null;
            DateTimeOffset? notOnOrAfter = null;
            var audiences = new List<string>();
            var list = new List<SamlAttribute>();
            var keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

            foreach (var member in attributes.Members!)
            {
                string name = member.Key.Trim();
                var value = member.Value;
                if (value.Kind == JsonKind.Null) continue;
                switch (name.ToLowerInvariant())
                {
                    case "issuer": case "iss": issuer = One(name, value); break;
                    case "nameid": case "subject": case "sub": nameId = One(name, value); break;
                    case "nameidformat": case "format": format = One(name, value); break;
                    case "subjecttype": case "sub_type": subjectType = One(name, value); break;
                    case "recipient": case "aud": recipient = One(name, value); break;
                    case "audience": case "audiences": audiences.AddRange(Many(name, value)); break;
                    case "notonorafter": notOnOrAfter = Date(name, value); break;
                    case "role": case "roles": list.Add(new SamlAttribute(SamlAssertion.RoleAttribute, "Role", Many(name, value))); break;
                    case "rolesessionname": list.Add(new SamlAttribute(SamlAssertion.RoleSessionNameAttribute, "RoleSessionName", new[] { One(name, value) })); break;
                    case "sessionduration": list.Add(new SamlAttribute(SamlAssertion.SessionDurationAttribute, "SessionDuration", new[] { One(name, value) })); break;
                    case "sourceidentity": list.Add(new SamlAttribute(SamlAssertion.SourceIdentityAttribute, "SourceIdentity", new[] { One(name, value) })); break;
                    case "transitivetagkeys": list.Add(new SamlAttribute(SamlAssertion.TransitiveTagKeysAttribute, "TransitiveTagKeys", Many(name, value))); break;
                    case "principaltags":
                        if (value.Kind != JsonKind.Object) throw Error("PrincipalTags must be a dictionary of tag keys to values.");
                        foreach (var tag in value.Members!) list.Add(new SamlAttribute(SamlAssertion.PrincipalTagPrefix + tag.Key, "", new[] { One("PrincipalTags." + tag.Key, tag.Value) }));
                        break;
                    default:
                        if (name.StartsWith("PrincipalTag:", StringComparison.OrdinalIgnoreCase))
                            list.Add(new SamlAttribute(SamlAssertion.PrincipalTagPrefix + name.Substring("PrincipalTag:".Length), "", new[] { One(name, value) }));
                        else if (name.StartsWith("SAML:", StringComparison.OrdinalIgnoreCase))
                            Key(name, value, keys, ref issuer, ref nameId, ref recipient, ref subjectType);
                        else if (name.IndexOf(':') >= 0 || name.IndexOf('/') >= 0 || Oid.IsMatch(name))
                            list.Add(new SamlAttribute(name, "", Many(name, value)));
                        else
                            throw Error($"'{name}' is neither an assertion field (Issuer, NameID, NameIDFormat, Recipient, Audience, NotOnOrAfter, Role, RoleSessionName, SessionDuration, SourceIdentity, TransitiveTagKeys, PrincipalTags), a SAML attribute Name (a URI or an OID) nor a SAML: condition key.");
                        break;
                }
            }
            return new SamlAssertion(issuer, nameId, format, recipient, audiences, notOnOrAfter, list, new string[0], keys, subjectType);
        }

        private static void Key(string name, JsonNode value, Dictionary<string, string[]> keys, ref string issuer, ref string nameId, ref string recipient, ref string? subjectType)
        {
            string key = SamlKeyCatalog.Canonical(name)
                ?? throw Error($"{name} is not a condition key STS exposes for SAML federation (see docs/federation.md for the list).");
            var assertion = SamlKeyCatalog.AssertionKeys;
            if (key == assertion["Issuer"]) issuer = One(name, value);
            else if (key == assertion["NameID"]) nameId = One(name, value);
            else if (key == assertion["Recipient"]) recipient = One(name, value);
            else if (key == assertion["NameIDFormat"]) subjectType = One(name, value);
            else keys[key] = Many(name, value).ToArray();
        }

        private static string One(string name, JsonNode value)
        {
            if (value.IsScalar) return value.Text!;
            if (value.Kind == JsonKind.Array && value.Items!.Count == 1 && value.Items[0].IsScalar) return value.Items[0].Text!;
            throw Error($"'{name}' takes one value.");
        }

        private static List<string> Many(string name, JsonNode value)
        {
            if (value.IsScalar) return new List<string> { value.Text! };
            if (value.Kind == JsonKind.Array && value.Items!.All(i => i.IsScalar)) return value.Items!.Select(i => i.Text!).ToList();
            throw Error($"'{name}' takes a value or a list of values.");
        }

        private static DateTimeOffset Date(string name, JsonNode value)
        {
            if (value.Kind == JsonKind.String && DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return date;
            throw Error($"'{name}' must be a date and time.");
        }

        private static PolicyFormatException Error(string message) => new PolicyFormatException(FederationErrorIds.InvalidSamlAttributes, message);
    }
}
