using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Json;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>The compact text the engine shows as evidence and hashes policies by: exact escapes, and it reads back as the same tree.</summary>
    public class JsonWriterTests
    {
        [Fact]
        public void EscapesEveryControlCharacter_QuoteAndBackslash_AndNothingElse()
        {
            var sb = new StringBuilder();
            for (char c = '\0'; c < ' '; c++) sb.Append(c);
            sb.Append("\"\\/é中\uD83D\uDE00");
            string written = JsonWriter.Write(JsonNode.String(sb.ToString()));
            Assert.Equal("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014" +
                "\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/é中\uD83D\uDE00\"", written);
        }

        [Fact]
        public void WritesCompactly_AndReadsBackAsTheSameTree()
        {
            string text = "{ \"a\" : [ 1, -2.5e3, true, false, null, { } , [ ] ], \"b\":{\"c\":\"d\\n\",\"c\":\"dup\"}, \"\":\"\" }";
            var tree = JsonParser.Parse(text);
            string written = JsonWriter.Write(tree);
            Assert.Equal("{\"a\":[1,-2.5e3,true,false,null,{},[]],\"b\":{\"c\":\"d\\n\",\"c\":\"dup\"},\"\":\"\"}", written);
            Assert.Equal(written, JsonWriter.Write(JsonParser.Parse(written)));
        }

        [Fact]
        public void IndentedForm_IsTheCompactFormWithLayout()
        {
            var tree = JsonParser.Parse("{\"a\":[1,{\"b\":\"c\"}],\"d\":{}}");
            string indented = JsonWriter.Write(tree, indented: true);
            Assert.Contains("\n", indented);
            Assert.Equal(JsonWriter.Write(tree), JsonWriter.Write(JsonParser.Parse(indented)));
        }
    }
}
