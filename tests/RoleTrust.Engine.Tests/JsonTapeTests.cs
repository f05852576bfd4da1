using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// A snapshot's account files are read into a JsonTape rather than a JsonNode tree. The rule: whichever reads a text,
    /// the values are the same (kinds, texts, member names and order with duplicates, lines, raw members kept as the same
    /// pooled text) and text that is not JSON fails with the same message, line and column.
    /// </summary>
    public class JsonTapeTests
    {
        private static readonly HashSet<string> Raw = new HashSet<string> { "Doc", "PolicyDocument" };

        /// <summary>The tape's values written out in a form that shows everything a reader can see.</summary>
        private static void Describe(JsonTape tape, int value, StringBuilder into)
        {
            into.Append(tape.Kind(value)).Append('@').Append(tape.Line(value));
            switch (tape.Kind(value))
            {
                case JsonKind.Object:
                    into.Append('{');
                    for (int i = 0; i < tape.Count(value); i++) { into.Append(tape.MemberName(value, i)).Append('='); Describe(tape, tape.Item(value, i), into); into.Append(';'); }
                    into.Append('}');
                    break;
                case JsonKind.Array:
                    into.Append('[');
                    for (int i = 0; i < tape.Count(value); i++) { Describe(tape, tape.Item(value, i), into); into.Append(';'); }
                    into.Append(']');
                    break;
                default: into.Append('<').Append(tape.Text(value)).Append('>'); break;
            }
        }

        private static void Describe(JsonNode node, StringBuilder into)
        {
            into.Append(node.Kind).Append('@').Append(node.Line);
            switch (node.Kind)
            {
                case JsonKind.Object:
                    into.Append('{');
                    foreach (var m in node.Members!) { into.Append(m.Key).Append('='); Describe(m.Value, into); into.Append(';'); }
                    into.Append('}');
                    break;
                case JsonKind.Array:
                    into.Append('[');
                    foreach (var item in node.Items!) { Describe(item, into); into.Append(';'); }
                    into.Append(']');
                    break;
                default: into.Append('<').Append(node.Text).Append('>'); break;
            }
        }

        /// <summary>What each reader makes of the text: its values described, or its error message.</summary>
        private static (string Tree, string Tape) Both(string text, JsonTape? tape = null)
        {
            string tree, taped;
            try
            {
                var sb = new StringBuilder();
                Describe(JsonParser.Parse(text.ToCharArray(), text.Length, Raw, new RawTextPool(PolicyParser.MaxPolicyLength)), sb);
                tree = sb.ToString();
            }
            catch (JsonSyntaxException ex) { tree = "error: " + ex.Message; }
            tape ??= new JsonTape();
            try
            {
                tape.Parse(text.ToCharArray(), text.Length, Raw, new RawTextPool(PolicyParser.MaxPolicyLength));
                var sb = new StringBuilder();
                Describe(tape, tape.Root, sb);
                taped = sb.ToString();
            }
            catch (JsonSyntaxException ex) { taped = "error: " + ex.Message; }
            return (tree, taped);
        }

        private const string File = "{\n  \"UserDetailList\": [\n    {\n      \"UserName\": \"a\",\n      \"Tags\": [ { \"Key\": \"k\", \"Value\": \"v\" }, {} ],\n"
            + "      \"UserPolicyList\": [ { \"PolicyName\": \"p\", \"PolicyDocument\": {\n        \"Version\": \"2012-10-17\",\n        \"Statement\": []\n      } } ],\n"
            + "      \"Esc\": \"a\\\"b\\\\c\\u0041\\n\", \"N\": -1.5e+3, \"T\": true, \"F\": false, \"Z\": null, \"E\": [], \"Dup\": 1, \"Dup\": 2\n    }\n  ],\n"
            + "  \"Doc\": \"%7B%7D\", \"Long\": \"" + "x" + "\"\n}";

        [Fact]
        public void ValidText_GivesTheSameValuesAsTheTree()
        {
            var (tree, tape) = Both(File);
            Assert.StartsWith("Object@1{UserDetailList=Array@2", tape);
            Assert.Contains("Dup=Number@10<1>;Dup=Number@10<2>;", tape);
            Assert.Equal(tree, tape);
        }

        [Theory]
        [InlineData("{\"a\":1,}")]
        [InlineData("[1,2,]")]
        [InlineData("{'a':1}")]
        [InlineData("{\"a\" 1}")]
        [InlineData("\"unterminated")]
        [InlineData("{\"a\":tru}")]
        [InlineData("01")]
        [InlineData("1.")]
        [InlineData("{\"a\":1} x")]
        [InlineData("")]
        [InlineData("\"bad \\x escape\"")]
        [InlineData("\"tab\there\"")]
        [InlineData("{a:1}")]
        [InlineData("[1 2]")]
        [InlineData("{\n  \"Doc\": {\n    \"Statement\": [\n  }\n}")]
        [InlineData("{\n  \"Doc\": {\"a\": 1,\n\n \"b\": [1, 2}\n")]
        [InlineData("{\n \"x\": \"\\u12G4\"\n}")]
        [InlineData("{\n \"x\": -\n}")]
        [InlineData("{\"a\":\u0000}")]
        [InlineData("{\"a\": \u00A0 1}")]
        public void TextThatIsNotJson_FailsWithTheSameMessageLineAndColumn(string text)
        {
            var (tree, tape) = Both(text);
            Assert.StartsWith("error: ", tape);
            Assert.Equal(tree, tape);
        }

        [Fact]
        public void NestingLimit_IsTheParsers()
        {
            string deep = new string('[', 70) + new string(']', 70);
            var (tree, tape) = Both(deep);
            Assert.Contains("nested too deeply", tape);
            Assert.Equal(tree, tape);
        }

        [Fact]
        public void OneTape_ReadsTextAfterText_AndKeepsNoneOfAnEarlierOne()
        {
            var tape = new JsonTape();
            var first = Both(File, tape);
            Assert.Equal(first.Tree, first.Tape);
            var failed = Both("{\"a\": [1, 2", tape);
            Assert.Equal(failed.Tree, failed.Tape);
            var second = Both("[\"x\", {\"y\": \"z\"}]", tape);
            Assert.Equal("Array@1[String@1<x>;Object@1{y=String@1<z>;};]", second.Tape);
            tape.Clear();
            Assert.Equal(JsonTape.None, tape.Root);
            Assert.All(tape.Texts, t => Assert.Null(t));
            Assert.All(tape.Names, n => Assert.Null(n));
        }

        [Fact]
        public void Get_FindsTheLastMemberWithTheName()
        {
            var tape = new JsonTape();
            const string text = "{\"a\": 1, \"b\": 2, \"a\": 3}";
            tape.Parse(text.ToCharArray(), text.Length, Raw, new RawTextPool(PolicyParser.MaxPolicyLength));
            Assert.Equal("3", tape.Text(tape.Get(tape.Root, "a")));
            Assert.Equal(JsonTape.None, tape.Get(tape.Root, "c"));
            Assert.Equal(JsonTape.None, tape.Get(tape.Item(tape.Root, 0), "a"));
        }
    }
}
