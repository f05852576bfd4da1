using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Policies;
using RoleTrust.Federation;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>-SamlAssertion / -SamlAttributes: reading a SAML 2.0 response safely, and the SAML keys STS exposes (docs/federation.md).</summary>
    public class SamlAssertionTests
    {
        private const string Provider = "arn:aws:iam::444455556666:saml-provider/ExampleIdP";
        private const string Role = "arn:aws:iam::444455556666:role/Engineers";

        private static string Response(string attributes = null!, string subject = null!, string extraAssertion = "", string doctype = "")
        {
            subject ??= "<saml2:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">00u1abcd2EFGH3ijk4l5</saml2:NameID>"
                + "<saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml2:SubjectConfirmationData NotOnOrAfter=\"2025-06-30T10:05:00.000Z\" Recipient=\"https://signin.aws.amazon.com/saml\"/>"
                + "</saml2:SubjectConfirmation>";
            attributes ??= Attr("https://aws.amazon.com/SAML/Attributes/Role", Role + "," + Provider, Provider + ",arn:aws:iam::444455556666:role/ReadOnly")
                + Attr("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "jane.doe@example.com")
                + Attr("https://aws.amazon.com/SAML/Attributes/SessionDuration", "3600")
                + Attr("https://aws.amazon.com/SAML/Attributes/SourceIdentity", "jane.doe")
                + Attr("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Project", "Atlas")
                + Attr("https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter", "1234")
                + Attr("https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", "Project", "CostCenter")
                + Attr("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "staff", "member")
                + Attr("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "jane.doe@example.com");
            string assertion = "<saml2:Assertion ID=\"id2\" IssueInstant=\"2025-06-30T10:00:00.000Z\" Version=\"2.0\" xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
                + "<saml2:Issuer>https://idp.example.com/saml</saml2:Issuer>"
                + "<saml2:Subject>" + subject + "</saml2:Subject>"
                + "<saml2:Conditions NotBefore=\"2025-06-30T09:55:00.000Z\" NotOnOrAfter=\"2025-06-30T10:05:00.000Z\"><saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>"
                + "<saml2:AttributeStatement>" + attributes + "</saml2:AttributeStatement></saml2:Assertion>";
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doctype
                + "<saml2p:Response Destination=\"https://signin.aws.amazon.com/saml\" ID=\"id1\" IssueInstant=\"2025-06-30T10:00:00.000Z\" Version=\"2.0\" xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://idp.example.com/saml</saml2:Issuer>"
                + "<saml2p:Status><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>"
                + assertion + extraAssertion + "</saml2p:Response>";
        }

        private static string Attr(string name, params string[] values) =>
            "<saml2:Attribute Name=\"" + name + "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">"
            + string.Concat(values.Select(v => "<saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">" + v + "</saml2:AttributeValue>"))
            + "</saml2:Attribute>";

        private static string B64(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

        private static string Key(SamlConditionKeys keys, string key) => keys.Context.TryGet(key, out var v) ? v.ToString() : "<absent>";

        private static PolicyFormatException Bad(string value) => Assert.Throws<PolicyFormatException>(() => SamlAssertion.Decode(value));

        [Fact]
        public void AResponse_DecodesToWhatStsReads()
        {
            var a = SamlAssertion.Decode(B64(Response()));

            Assert.Equal("https://idp.example.com/saml", a.Issuer);
            Assert.Equal(("00u1abcd2EFGH3ijk4l5", "persistent"), (a.NameId, a.SubjectType));
            Assert.Equal("https://signin.aws.amazon.com/saml", a.Recipient);
            Assert.Equal(new[] { "urn:amazon:webservices" }, a.Audiences);
            Assert.Equal(new DateTimeOffset(2025, 6, 30, 10, 5, 0, TimeSpan.Zero), a.NotOnOrAfter);
            Assert.Equal(("jane.doe@example.com", 3600, "jane.doe"), (a.RoleSessionName, a.SessionDuration, a.SourceIdentity));
            Assert.Equal("Atlas", a.PrincipalTags["Project"]);
            Assert.Equal(new[] { "Project", "CostCenter" }, a.TransitiveTagKeys);
            Assert.Empty(a.Problems);
        }

        [Fact]
        public void RoleValues_ArePairs_InEitherOrder()
        {
            var roles = SamlAssertion.Decode(B64(Response())).Roles;

            Assert.Equal(new[] { Role, "arn:aws:iam::444455556666:role/ReadOnly" }, roles.Select(r => r.RoleArn));
            Assert.All(roles, r => Assert.Equal(Provider, r.ProviderArn));
        }

        [Fact]
        public void SamlAud_IsTheRecipient_NotTheAudience()
        {
            var keys = SamlAssertion.Decode(B64(Response())).ConditionKeys();

            Assert.Equal("https://signin.aws.amazon.com/saml", Key(keys, "SAML:aud"));
            Assert.Equal("https://idp.example.com/saml", Key(keys, "SAML:iss"));
            Assert.Equal("00u1abcd2EFGH3ijk4l5", Key(keys, "SAML:sub"));
            Assert.Equal("persistent", Key(keys, "SAML:sub_type"));
        }

        [Fact]
        public void DocAndNameQualifier_ComeFromTheProvider()
        {
            var keys = SamlAssertion.Decode(B64(Response())).ConditionKeys();

            Assert.Equal("444455556666/ExampleIdP", Key(keys, "SAML:doc"));
            // BASE64(SHA1("https://idp.example.com/saml" + "444455556666" + "/ExampleIdP")), computed outside .NET
            Assert.Equal("Z3pgKdAYDKR1Ia9emdwkLvpk4Jg=", Key(keys, "SAML:namequalifier"));
            Assert.DoesNotContain("SAML:doc", keys.UncertainKeys);
        }

        [Fact]
        public void WithoutOneProvider_DocAndNameQualifier_AreUncertain_UntilTheCallerNamesIt()
        {
            var a = SamlAssertion.Decode(B64(Response(Attr(SamlAssertion.RoleAttribute, Role + "," + Provider, "arn:aws:iam::444455556666:role/B,arn:aws:iam::444455556666:saml-provider/Other")
                + Attr(SamlAssertion.RoleSessionNameAttribute, "jane"))));

            var unknown = a.ConditionKeys();
            Assert.Equal("<absent>", Key(unknown, "SAML:doc"));
            Assert.Contains("SAML:doc", unknown.UncertainKeys);
            Assert.Contains("SAML:namequalifier", unknown.UncertainKeys);

            var named = a.ConditionKeys("arn:aws:iam::444455556666:saml-provider/Other");
            Assert.Equal("444455556666/Other", Key(named, "SAML:doc"));
        }

        [Fact]
        public void Attributes_MapToTheKeysAwsDocuments_ListKeysAsSets()
        {
            var keys = SamlAssertion.Decode(B64(Response())).ConditionKeys();

            Assert.True(keys.Context.TryGet("SAML:edupersonaffiliation", out var affiliation) && affiliation.IsMultiValued);
            Assert.Equal(new[] { "staff", "member" }, affiliation.Values);
            Assert.Equal("[jane.doe@example.com]", Key(keys, "SAML:mail"));
            Assert.Contains("SAML:primaryGroupSID", keys.UncertainKeys);   // AWS lists it but documents no source
        }

        [Fact]
        public void AttributesThatAreNotKeys_NeverBecomeKeys()
        {
            var keys = SamlAssertion.Decode(B64(Response(Attr(SamlAssertion.RoleAttribute, Role + "," + Provider) + Attr(SamlAssertion.RoleSessionNameAttribute, "j")
                + Attr("https://example.com/claims/department", "Finance") + Attr("groups", "admins")))).ConditionKeys();

            Assert.DoesNotContain(keys.Context.Entries, e => e.Value.Values.Contains("Finance") || e.Value.Values.Contains("admins"));
        }

        [Fact]
        public void TwoAttributesForOneKey_AreUncertain_NotGuessed()
        {
            var keys = SamlAssertion.Decode(B64(Response(Attr(SamlAssertion.RoleAttribute, Role + "," + Provider) + Attr(SamlAssertion.RoleSessionNameAttribute, "j")
                + Attr("2.5.4.3", "Jane Doe") + Attr("http://schemas.xmlsoap.org/claims/CommonName", "J. Doe")))).ConditionKeys();

            Assert.Equal("<absent>", Key(keys, "SAML:commonName"));
            Assert.Contains("SAML:commonName", keys.UncertainKeys);
        }

        [Fact]
        public void AnUndocumentedUrnOidSpelling_OfADocumentedAttribute_IsUncertain()
        {
            var keys = SamlAssertion.Decode(B64(Response(Attr(SamlAssertion.RoleAttribute, Role + "," + Provider) + Attr(SamlAssertion.RoleSessionNameAttribute, "j")
                + Attr("urn:oid:0.9.2342.19200300100.1.3", "jane@example.com")))).ConditionKeys();

            Assert.Contains("SAML:mail", keys.UncertainKeys);
        }

        [Theory]
        [InlineData("urn:oasis:names:tc:SAML:2.0:nameid-format:transient", "transient")]
        [InlineData("urn:oasis:names:tc:SAML:2.0:nameid-format:entity", "entity")]
        [InlineData("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")]
        public void SubType_IsTheFormat_WithoutTheSaml20NameIdFormatPrefix(string format, string subType)
        {
            Assert.Equal(subType, SamlAssertion.SubjectTypeOf(format));
        }

        [Fact]
        public void DeflatedUrlEncodedWrappedAndRawForms_ReadTheSame()
        {
            string xml = Response();
            byte[] deflated;
            using (var ms = new MemoryStream())
            {
                using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true)) { var b = Encoding.UTF8.GetBytes(xml); d.Write(b, 0, b.Length); }
                deflated = ms.ToArray();
            }
            string b64 = B64(xml);
            var forms = new[]
            {
                Convert.ToBase64String(deflated),
                "SAMLResponse=" + Uri.EscapeDataString(b64),
                string.Join("\n", Enumerable.Range(0, (b64.Length + 75) / 76).Select(i => b64.Substring(i * 76, Math.Min(76, b64.Length - i * 76)))),
                xml,
            };

            foreach (var form in forms)
                Assert.Equal("444455556666/ExampleIdP", Key(SamlAssertion.Decode(form).ConditionKeys(), "SAML:doc"));
        }

        [Fact]
        public void ContentAwsWouldReject_IsListed_NotThrown()
        {
            var a = SamlAssertion.Decode(B64(Response(Attr(SamlAssertion.RoleAttribute, Role) + Attr(SamlAssertion.SessionDurationAttribute, "one hour"),
                subject: "<saml2:SubjectConfirmation><saml2:SubjectConfirmationData Recipient=\"https://a\"/></saml2:SubjectConfirmation><saml2:SubjectConfirmation><saml2:SubjectConfirmationData Recipient=\"https://b\"/></saml2:SubjectConfirmation>")));

            Assert.Contains(a.Problems, p => p.Contains("is not a role ARN and a SAML provider ARN"));
            Assert.Contains(a.Problems, p => p.Contains("SessionDuration") && p.Contains("one hour"));
            Assert.Contains(a.Problems, p => p.Contains("RoleSessionName is required in AuthnResponse"));
            Assert.Contains(a.Problems, p => p.Contains("exactly one SubjectConfirmation"));
            Assert.Contains(a.Problems, p => p.Contains("no Subject NameID"));
            Assert.Null(a.SessionDuration);
        }

        // ---- Unreadable input: a stable error id ----

        [Theory]
        [InlineData("", "empty")]
        [InlineData("this is not base64 !!!", "not base64")]
        [InlineData("aGVsbG8gd29ybGQ=", "neither XML nor deflated XML")]
        public void UnreadableValues_AreRejected(string value, string says)
        {
            var ex = Bad(value);
            Assert.Equal(FederationErrorIds.InvalidSamlAssertion, ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }

        [Fact]
        public void ADtd_IsRefused_SoNoExternalEntityIsEverResolved()
        {
            string secretFile = Path.Combine(Path.GetTempPath(), "roletrust-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(secretFile, "TOP-SECRET");
            try
            {
                string xxe = Response(Attr(SamlAssertion.RoleSessionNameAttribute, "&xxe;"),
                    doctype: "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file://" + secretFile + "\">]>");
                var ex = Bad(B64(xxe));

                Assert.Equal(FederationErrorIds.InvalidSamlAssertion, ex.ErrorId);
                Assert.Contains("DTD", ex.Message);
                Assert.DoesNotContain("TOP-SECRET", ex.Message);
            }
            finally { File.Delete(secretFile); }
        }

        [Fact]
        public void EntityExpansionBombs_AreRefusedToo()
        {
            string bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
            Assert.Contains("DTD", Bad(B64(bomb)).Message);
        }

        [Theory]
        [InlineData("<notSaml/>", "not a SAML 2.0 Response")]
        [InlineData("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"><saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"/></saml2p:Response>", "encrypted")]
        [InlineData("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"></saml2p:Response>", "no Assertion")]
        [InlineData("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"><unclosed></saml2p:Response>", "not well-formed")]
        public void XmlThatIsNoReadableResponse_IsRejected(string xml, string says)
        {
            Assert.Contains(says, Bad(B64(xml)).Message);
        }

        [Fact]
        public void TwoAssertions_AreRejected()
        {
            string twice = Response(extraAssertion: "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml2:Issuer>x</saml2:Issuer></saml2:Assertion>");
            Assert.Contains("2 assertions", Bad(B64(twice)).Message);
        }

        [Fact]
        public void AnAssertionLongerThanStsAccepts_IsRejected()
        {
            Assert.Contains("at most 100,000", Bad(new string('A', 100004)).Message);
        }

        // ---- -SamlAttributes ----

        [Fact]
        public void Dictionary_GivesTheSameKeysAsTheResponse()
        {
            var fromXml = SamlAssertion.Decode(B64(Response())).ConditionKeys().Context;
            var fromDictionary = SamlAttributesReader.FromJson(T.J("{\"Issuer\":\"https://idp.example.com/saml\",\"NameID\":\"00u1abcd2EFGH3ijk4l5\","
                + "\"NameIDFormat\":\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\",\"Recipient\":\"https://signin.aws.amazon.com/saml\","
                + "\"Role\":[\"" + Role + "," + Provider + "\"],\"RoleSessionName\":\"jane.doe@example.com\","
                + "\"urn:oid:1.3.6.1.4.1.5923.1.1.1.1\":[\"staff\",\"member\"],\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress\":\"jane.doe@example.com\"}"))
                .ConditionKeys().Context;

            Assert.Equal(fromXml.Entries.Select(e => e.Key + "=" + e.Value).OrderBy(s => s), fromDictionary.Entries.Select(e => e.Key + "=" + e.Value).OrderBy(s => s));
        }

        [Fact]
        public void Dictionary_TakesConditionKeysDirectly_AndTags()
        {
            var a = SamlAttributesReader.FromJson(T.J("{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\",\"saml:edupersonaffiliation\":[\"faculty\"],\"SAML:doc\":\"444455556666/Idp\","
                + "\"PrincipalTags\":{\"Team\":\"blue\"},\"PrincipalTag:Env\":\"prod\"}"));
            var keys = a.ConditionKeys();

            Assert.Equal("https://signin.aws.amazon.com/saml", Key(keys, "SAML:aud"));
            Assert.Equal("[faculty]", Key(keys, "SAML:edupersonaffiliation"));
            Assert.Equal("444455556666/Idp", Key(keys, "SAML:doc"));
            Assert.DoesNotContain("SAML:doc", keys.UncertainKeys);
            Assert.Equal(("blue", "prod"), (a.PrincipalTags["Team"], a.PrincipalTags["Env"]));
        }

        [Theory]
        [InlineData("{\"Audeince\":\"x\"}", "'Audeince' is neither an assertion field")]
        [InlineData("{\"SAML:favouriteColour\":\"blue\"}", "not a condition key STS exposes")]
        [InlineData("{\"Issuer\":[\"a\",\"b\"]}", "takes one value")]
        [InlineData("{\"NotOnOrAfter\":\"later\"}", "must be a date")]
        [InlineData("[1,2]", "must be a dictionary")]
        public void Dictionary_MistakesAreErrors(string json, string says)
        {
            var ex = Assert.Throws<PolicyFormatException>(() => SamlAttributesReader.FromJson(T.J(json)));
            Assert.Equal(FederationErrorIds.InvalidSamlAttributes, ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }
    }
}
