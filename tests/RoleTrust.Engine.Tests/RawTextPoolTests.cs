using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// A snapshot's policy documents are stored once each and without their indentation (RawTextPool). The rule: the
    /// stored text, parsed later, gives exactly what the text as written gives: the same tree, the same duplicate-key
    /// lines, the same error with the same line and column, the same size limit.
    /// </summary>
    public class RawTextPoolTests
    {
        private static readonly HashSet<string> Raw = new HashSet<string> { "Doc" };

        /// <summary>The text a file's "Doc" member is stored as when parsed with the pool, and the line the parse is on after it.</summary>
        private static (string Text, int LineAfter) Stored(RawTextPool pool, string doc)
        {
            string file = "{\n    \"Doc\": " + doc + ",\n    \"After\": 1\n}";
            var root = JsonParser.Parse(file.ToCharArray(), file.Length, Raw, pool);
            return (root.Get("Doc")!.Text!, root.Members![1].Value.Line);
        }

        private const string Indented = "{\n        \"Version\": \"2012-10-17\",\n        \"Statement\": [\n            {\n                \"Effect\": \"Allow\",\r\n"
            + "                \"Action\": [ \"sts:AssumeRole\" , \"s3:Get*\" ],\n                \"Resource\": \"arn:aws:s3:::a b\\\"c\\u0041\",\n"
            + "                \"Condition\": { \"NumericLessThan\": { \"aws:MultiFactorAuthAge\": -1.5e+3 } , \"Bool\": { \"aws:SecureTransport\": [true, false, null] } }\n"
            + "            }\n        ]\n    }";

        [Fact]
        public void ValidDocument_IsStoredWithoutIndentation_KeepingLineBreaksAndStringContent()
        {
            var (text, _) = Stored(new RawTextPool(PolicyParser.MaxPolicyLength), Indented);
            Assert.Equal("{\n\"Version\":\"2012-10-17\",\n\"Statement\":[\n{\n\"Effect\":\"Allow\",\n\"Action\":[\"sts:AssumeRole\",\"s3:Get*\"],\n"
                + "\"Resource\":\"arn:aws:s3:::a b\\\"c\\u0041\",\n\"Condition\":{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":-1.5e+3},\"Bool\":{\"aws:SecureTransport\":[true,false,null]}}\n}\n]\n}", text);
        }

        [Fact]
        public void StoredText_ParsesToTheSameTreeAndLines_AsTheTextAsWritten()
        {
            var (text, _) = Stored(new RawTextPool(PolicyParser.MaxPolicyLength), Indented);
            Assert.Equal(JsonWriter.Write(JsonParser.Parse(Indented)), JsonWriter.Write(JsonParser.Parse(text)));
            Assert.Equal(Lines(JsonParser.Parse(Indented)), Lines(JsonParser.Parse(text)));
        }

        [Fact]
        public void DuplicateKeyWarnings_NameTheSameLine()
        {
            const string doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Effect\": \"Deny\",\n    \"Action\": \"*\", \"Resource\": \"*\"\n  }\n}";
            var (text, _) = Stored(new RawTextPool(PolicyParser.MaxPolicyLength), doc);
            Assert.NotEqual(doc, text);
            var asWritten = PolicyParser.Parse(doc, "p", PolicyType.Identity).Warnings;
            Assert.Contains(asWritten, w => w.Contains("(line 5)"));
            Assert.Equal(asWritten, PolicyParser.Parse(text, "p", PolicyType.Identity).Warnings);
        }

        [Theory]
        [InlineData("{ \"Version\": \"2012-10-17\", \"Statement\": [ ] , }")]          // trailing comma
        [InlineData("{ \"Version\": 2012-10-17 }")]                                       // not a number
        [InlineData("{ \"Version\": \"2012-10-17\" \"Statement\": [] }")]               // missing comma
        [InlineData("{ \"Action\": \"s3:\\x\" }")]                                       // bad escape
        [InlineData("{ \"Action\": \"\\u00G1\" }")]                                      // bad \u escape
        [InlineData("{ \"Action\": \"a\tb\" }")]                                         // control character in a string
        [InlineData("{ \"Effect\": tru }")]
        [InlineData("{ \"Effect\": 01 }")]
        [InlineData("{ \"Effect\": -\u0661 }")]                                          // a digit, but not an ASCII one
        [InlineData("{ 'Effect': \"Allow\" }")]
        [InlineData("{ \"Statement\": [ { \"Effect\": \"Allow\" ] } }")]                 // brackets that do not pair
        [InlineData("[ 1, 2, ]")]
        public void InvalidDocument_IsKeptAsWritten_SoItsErrorIsUnchanged(string doc)
        {
            var (text, _) = Stored(new RawTextPool(PolicyParser.MaxPolicyLength), doc);
            Assert.Equal(doc, text);
            Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(text));
        }

        [Fact]
        public void DeeplyNestedDocument_IsKeptAsWritten()
        {
            string doc = new string('[', 40) + new string(']', 40);
            Assert.Equal(doc, Stored(new RawTextPool(PolicyParser.MaxPolicyLength), doc).Text);
        }

        [Fact]
        public void DocumentLongerThanTheLimit_IsKeptAsWritten_SoTheSizeLimitStillRefusesIt()
        {
            string doc = "{ \"Sid\": \"" + new string('x', 200) + "\" }";
            var pool = new RawTextPool(100);
            Assert.Equal(doc, Stored(pool, doc).Text);
            Assert.Equal("{\"Sid\":\"" + new string('x', 200) + "\"}", Stored(new RawTextPool(1000), doc).Text);
        }

        [Fact]
        public void EqualDocuments_AreStoredOnce_AcrossFilesAndIndentation()
        {
            var pool = new RawTextPool(PolicyParser.MaxPolicyLength);
            var a = Stored(pool, "{ \"Version\": \"2012-10-17\" }").Text;
            var b = Stored(pool, "{\"Version\":  \"2012-10-17\"}").Text;
            var c = Stored(pool, "{ \"Version\": \"2008-10-17\" }").Text;
            Assert.Same(a, b);
            Assert.NotSame(a, c);
            Assert.Equal(2, pool.Count);
            Assert.Equal(1, pool.Reused);
        }

        [Fact]
        public void LinesAfterTheDocument_AreCountedAsInTheFile()
        {
            var (_, withPool) = Stored(new RawTextPool(PolicyParser.MaxPolicyLength), Indented);
            string file = "{\n    \"Doc\": " + Indented + ",\n    \"After\": 1\n}";
            var plain = JsonParser.Parse(file.ToCharArray(), file.Length, Raw);
            Assert.Equal(plain.Members![1].Value.Line, withPool);
        }

        [Fact]
        public void ManyThreads_GetOneInstancePerText()
        {
            var pool = new RawTextPool(PolicyParser.MaxPolicyLength);
            var docs = Enumerable.Range(0, 200).Select(i => "{ \"Sid\": \"S" + (i % 50) + "\" }").ToArray();
            var results = new string[docs.Length];
            System.Threading.Tasks.Parallel.For(0, docs.Length, i => results[i] = Stored(pool, docs[i]).Text);
            Assert.Equal(50, pool.Count);
            for (int i = 0; i < docs.Length; i++) Assert.Same(results[i % 50], results[i]);
        }

        private static List<string> Lines(JsonNode node)
        {
            var lines = new List<string>();
            void Walk(JsonNode n, string at)
            {
                lines.Add(at + "@" + n.Line);
                if (n.Kind == JsonKind.Object) foreach (var m in n.Members!) Walk(m.Value, at + "." + m.Key);
                if (n.Kind == JsonKind.Array) for (int i = 0; i < n.Items!.Count; i++) Walk(n.Items[i], at + "[" + i + "]");
            }
            Walk(node, "$");
            return lines;
        }
    }
}
