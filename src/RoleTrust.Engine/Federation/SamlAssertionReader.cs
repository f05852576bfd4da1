using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Federation
{
    /// <summary>
    /// Reads a SAMLResponse value: base64 of the XML the IdP posts to the sign-in endpoint (plain; deflated as the
    /// redirect binding does, also accepted), URL-encoded or not. XML is read with DTDs prohibited and no resolver
    /// (no external entities), with size limits; nothing is verified.
    /// </summary>
    internal static class SamlAssertionReader
    {
        /// <summary>STS's limit for SAMLAssertion (100,000 characters).</summary>
        public const int MaxLength = 100000;
        private const int MaxXmlCharacters = 1_000_000;
        private static readonly XNamespace Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
        private static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:2.0:assertion";

        public static SamlAssertion Read(string? value)
        {
            value = value?.Trim() ?? "";
            if (value.StartsWith("SAMLResponse=", StringComparison.Ordinal)) value = value.Substring("SAMLResponse=".Length);
            if (value.Length == 0) throw Error("The SAML assertion is empty.");
            if (value.Length > MaxLength * 2) throw Error($"The SAML assertion has {value.Length:N0} characters; STS accepts at most {MaxLength:N0}.");
            if (value.IndexOf('%') >= 0)
            {
                try { value = Uri.UnescapeDataString(value); }
                catch (UriFormatException) { throw Error("The SAML assertion is neither base64 nor URL-encoded base64."); }
            }
            string xml = value.StartsWith("<", StringComparison.Ordinal) ? value : FromBase64(value);
            return Parse(xml);
        }

        private static string FromBase64(string value)
        {
            var sb = new StringBuilder(value.Length);
            foreach (char c in value) if (!char.IsWhiteSpace(c)) sb.Append(c);
            if (sb.Length > MaxLength) throw Error($"The SAML assertion has {sb.Length:N0} characters; STS accepts at most {MaxLength:N0}.");
            byte[] bytes;
            try { bytes = Convert.FromBase64String(sb.ToString()); }
            catch (FormatException) { throw Error("The SAML assertion is not base64 text (the SAMLResponse value the identity provider posts)."); }
            if (LooksLikeXml(bytes)) return Utf8(bytes);
            var inflated = Inflate(bytes);
            if (inflated != null && LooksLikeXml(inflated)) return Utf8(inflated);
            throw Error("The SAML assertion decodes to neither XML nor deflated XML.");
        }

        private static bool LooksLikeXml(byte[] bytes)
        {
            int i = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            while (i < bytes.Length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) i++;
            return i < bytes.Length && bytes[i] == '<';
        }

        private static string Utf8(byte[] bytes)
        {
            try { return new UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF'); }
            catch (DecoderFallbackException) { throw Error("The SAML assertion is not UTF-8 text."); }
        }

        private static byte[]? Inflate(byte[] bytes)
        {
            try
            {
                using var input = new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                var buffer = new byte[8192];
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (output.Length > MaxXmlCharacters) throw Error("The SAML assertion inflates to more than a SAML response can be.");
                }
                return output.ToArray();
            }
            catch (InvalidDataException) { return null; }
        }

        private static SamlAssertion Parse(string xml)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxXmlCharacters,
                MaxCharactersFromEntities = 0,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            XDocument doc;
            try
            {
                using var reader = XmlReader.Create(new StringReader(xml), settings);
                doc = XDocument.Load(reader);
            }
            catch (XmlException ex) when (ex.Message.IndexOf("DTD", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw Error("The SAML assertion contains a DTD (<!DOCTYPE ...>); RoleTrust does not process DTDs, and a SAML response has none.");
            }
            catch (XmlException ex) when (ex.Message.IndexOf("MaxCharactersInDocument", StringComparison.OrdinalIgnoreCase) >= 0 || ex.Message.IndexOf("quota", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw Error("The SAML assertion is larger than a SAML response can be.");
            }
            catch (XmlException ex)
            {
                throw Error($"The SAML assertion is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).");
            }

            var root = doc.Root!;
            XElement assertion;
            if (root.Name == Protocol + "Response")
            {
                var assertions = root.Elements(Saml + "Assertion").ToList();
                if (assertions.Count == 0)
                    throw Error(root.Elements(Saml + "EncryptedAssertion").Any()
                        ? "The SAML response's assertion is encrypted; RoleTrust cannot read it. Give its attributes with -SamlAttributes instead."
                        : "The SAML response holds no Assertion.");
                if (assertions.Count > 1) throw Error($"The SAML response holds {assertions.Count} assertions; AWS reads one.");
                assertion = assertions[0];
            }
            else if (root.Name == Saml + "Assertion") assertion = root;
            else throw Error($"The XML is not a SAML 2.0 Response (its root element is {root.Name.LocalName}).");

            var problems = new List<string>();
            string issuer = Text(assertion.Element(Saml + "Issuer")) ?? Text(root.Element(Saml + "Issuer")) ?? "";
            var subject = assertion.Element(Saml + "Subject");
            var nameId = subject?.Element(Saml + "NameID");
            if (nameId == null && subject?.Element(Saml + "EncryptedID") != null) problems.Add("The assertion's NameID is encrypted; SAML:sub and SAML:sub_type cannot be read.");
            var confirmations = subject?.Elements(Saml + "SubjectConfirmation").Select(c => c.Element(Saml + "SubjectConfirmationData")).OfType<XElement>().ToList()
                ?? new List<XElement>();
            if (confirmations.Count != 1)
                problems.Add($"AWS needs exactly one SubjectConfirmation with SubjectConfirmationData (Recipient and NotOnOrAfter); the assertion has {confirmations.Count}.");
            var data = confirmations.FirstOrDefault();
            string recipient = (string?)data?.Attribute("Recipient") ?? "";
            string? notOnOrAfter = (string?)data?.Attribute("NotOnOrAfter") ?? (string?)assertion.Element(Saml + "Conditions")?.Attribute("NotOnOrAfter");
            DateTimeOffset? expires = null;
            if (notOnOrAfter != null)
            {
                if (DateTimeOffset.TryParse(notOnOrAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) expires = t;
                else problems.Add($"NotOnOrAfter '{notOnOrAfter}' is not a date and time.");
            }
            var audiences = assertion.Element(Saml + "Conditions")?.Elements(Saml + "AudienceRestriction").Elements(Saml + "Audience")
                .Select(Text).Where(a => a != null).Select(a => a!).ToList() ?? new List<string>();
            var attributes = assertion.Elements(Saml + "AttributeStatement").Elements(Saml + "Attribute")
                .Select(a => new SamlAttribute((string?)a.Attribute("Name") ?? "", (string?)a.Attribute("FriendlyName") ?? "",
                    a.Elements(Saml + "AttributeValue").Select(v => v.Value.Trim()))).ToList();

            return new SamlAssertion(issuer, Text(nameId) ?? "", (string?)nameId?.Attribute("Format") ?? "", recipient, audiences, expires, attributes, problems);
        }

        private static string? Text(XElement? element) => element == null ? null : element.Value.Trim();

        private static PolicyFormatException Error(string message) => new PolicyFormatException(FederationErrorIds.InvalidSamlAssertion, message);
    }
}
