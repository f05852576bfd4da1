using RoleTrust.Engine.Json;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    public class JsonParserTests
    {
        [Fact]
        public void Object_KeepsDuplicateMembers_InSourceOrder()
        {
            var n = JsonParser.Parse("{\"a\":1,\"b\":2,\"a\":3}");
            Assert.Equal(JsonKind.Object, n.Kind);
            Assert.Equal(3, n.Members!.Count);
            Assert.Equal(new[] { "a", "b", "a" }, n.Members.ConvertAll(m => m.Key));
        }

        [Fact]
        public void TextsParsedWithOneStringTable_ShareTheirShortStrings_AndParseAsAlone()
        {
            // An index parses thousands of policies naming the same actions and principals, and keeps what they name.
            var table = new StringTable();
            string a = "{\"Action\":\"sts:AssumeRole\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}}";
            string b = "{\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"x\\u0041\"]},\"Action\":\"sts:AssumeRole\"}";
            var first = new JsonTape();
            first.Parse(a.ToCharArray(), a.Length, table);
            var second = new JsonTape();
            second.Parse(b.ToCharArray(), b.Length, table);
            int firstAws = first.Get(first.Get(first.Root, "Principal"), "AWS"), secondAws = second.Get(second.Get(second.Root, "Principal"), "AWS");
            Assert.Same(first.Text(first.Get(first.Root, "Action")), second.Text(second.Get(second.Root, "Action")));
            Assert.Same(first.Text(firstAws), second.Text(second.Item(secondAws, 0)));
            Assert.Equal("xA", second.Text(second.Item(secondAws, 1)));
            Assert.Equal(JsonWriter.Write(JsonParser.Parse(a)), JsonWriter.Write(first, first.Root));
            Assert.Equal(JsonWriter.Write(JsonParser.Parse(b)), JsonWriter.Write(second, second.Root));
        }

        [Fact]
        public void Get_ReturnsLastDuplicate_AsAwsDoes()
        {
            var n = JsonParser.Parse("{\"a\":\"first\",\"a\":\"last\"}");
            Assert.Equal("last", n.Get("a")!.Text);
        }

        [Fact]
        public void Get_IsCaseSensitive()
        {
            var n = JsonParser.Parse("{\"Effect\":\"Allow\"}");
            Assert.Null(n.Get("effect"));
            Assert.NotNull(n.Get("Effect"));
        }

        [Fact]
        public void Scalars_HaveKindsAndText()
        {
            var n = JsonParser.Parse("[\"s\", 12.5e3, true, false, null, -0]");
            Assert.Equal(new[] { JsonKind.String, JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null, JsonKind.Number },
                n.Items!.ConvertAll(i => i.Kind));
            Assert.Equal("12.5e3", n.Items[1].Text);
            Assert.Equal("true", n.Items[2].Text);
        }

        [Fact]
        public void StringEscapes_AreDecoded()
        {
            var n = JsonParser.Parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\\t\"");
            Assert.Equal("a\"b\\c/d\né\t", n.Text);
        }

        [Fact]
        public void Lines_AreTracked()
        {
            var n = JsonParser.Parse("{\n\"a\":\n  \"x\",\n\"b\": 1}");
            Assert.Equal(1, n.Line);
            Assert.Equal(3, n.Get("a")!.Line);
            Assert.Equal(4, n.Get("b")!.Line);
        }

        [Fact]
        public void ATextParsedAfterALongerOne_EndsWhereItEnds()
        {
            // Texts are parsed out of one buffer per thread: what a longer text left behind is never read.
            Assert.Equal(2, JsonParser.Parse("{\"a\":\"bbbbbbbbbbbbbbbb\",\"c\":[1,2,3]}").Members!.Count);
            Assert.Empty(JsonParser.Parse("{}").Members!);
            var ex = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse("{\"a\":"));
            Assert.Contains("end of JSON text", ex.Message);
            var big = "[\"" + new string('x', 40_000) + "\"]";
            Assert.Equal(40_000, JsonParser.Parse(big).Items![0].Text!.Length);
            Assert.Equal("y", JsonParser.Parse("\"y\"").Text);
        }

        [Fact]
        public void KnownValues_OnTheFirstLine_AreOneSharedNode_AndOnLaterLinesCarryTheirOwnLine()
        {
            // A case line or a compact policy is all line 1; "Allow", "*" and "2012-10-17" recur in every statement.
            var first = JsonParser.Parse("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b\"}");
            var again = JsonParser.Parse("[\"Allow\",\"*\"]");
            Assert.Same(first.Get("Effect"), again.Items![0]);
            Assert.Same(first.Get("Action"), again.Items[1]);
            Assert.Equal((JsonKind.String, "Allow", 1), (first.Get("Effect")!.Kind, first.Get("Effect")!.Text, first.Get("Effect")!.Line));
            Assert.NotSame(first.Get("Resource"), JsonParser.Parse("{\"Resource\":\"arn:aws:s3:::b\"}").Get("Resource"));
            var later = JsonParser.Parse("{\n\"Effect\": \"Allow\",\n\"Action\": \"Allow\"}");
            Assert.Equal(2, later.Get("Effect")!.Line);
            Assert.Equal(3, later.Get("Action")!.Line);
            // An escaped spelling reads as the same text.
            Assert.Equal("Allow", JsonParser.Parse("\"\\u0041llow\"").Text);
        }

        [Fact]
        public void ByteOrderMark_IsSkipped()
        {
            Assert.Equal(JsonKind.Object, JsonParser.Parse("\uFEFF{}").Kind);
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
        public void Malformed_Throws_JsonSyntaxException(string text)
        {
            Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(text));
        }

        [Theory]
        [InlineData("\u0000{}", "Unexpected character U+0000")]
        [InlineData("\u00A0{}", "Unexpected character U+00A0")]
        [InlineData("[1,\uFEFF2]", "Unexpected character U+FEFF")]
        [InlineData("[1,x]", "Unexpected character 'x'")]
        public void AnUnexpectedCharacter_IsNamed_SoThatOneThatDoesNotShowCanBeSeen(string text, string message)
        {
            // A NUL byte, a no-break space pasted from a web page or a stray byte order mark printed as itself reads as
            // "Unexpected character ' '" and hides what is wrong.
            var ex = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(text));
            Assert.StartsWith(message + " (line 1, column ", ex.Message);
        }

        [Fact]
        public void SyntaxError_ReportsLineAndColumn()
        {
            var ex = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
            Assert.Equal(3, ex.Line);
            Assert.True(ex.Column > 1);
        }

        [Fact]
        public void DeepNesting_IsRefused()
        {
            string deep = new string('[', 200) + new string(']', 200);
            var ex = Assert.Throws<JsonSyntaxException>(() => JsonParser.Parse(deep));
            Assert.Contains("deeply", ex.Message);
        }

        [Fact]
        public void Writer_RoundTrips_DuplicatesAndEscapes()
        {
            string text = "{\"a\":\"x\\\"y\",\"a\":[1,true,null],\"b\":{}}";
            Assert.Equal(text, JsonWriter.Write(JsonParser.Parse(text)));
        }
    }
}
