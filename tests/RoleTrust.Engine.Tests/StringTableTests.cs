using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// Parsing a snapshot file (a parse with a <see cref="RawTextPool"/>), member names and short values are each created
    /// once per parse (StringTable). The rule: the tree is the one the plain parse gives, string for string; only
    /// equal strings share an instance.
    /// </summary>
    public class StringTableTests
    {
        private static readonly HashSet<string> Raw = new HashSet<string> { "Doc" };

        private static JsonNode ParsePooled(string text) => JsonParser.Parse(text.ToCharArray(), text.Length, Raw, new RawTextPool(PolicyParser.MaxPolicyLength));

        [Fact]
        public void PooledParse_GivesTheSameTreeAsThePlainParse()
        {
            string text = "[{\"Path\": \"/\", \"Name\": \"a\\\"b\", \"Id\": \"\", \"N\": 3600, \"Doc\": {\"Version\":\"2012-10-17\"}},"
                + " {\"Path\": \"/x/\", \"Name\": \"" + new string('n', StringTable.MaxLength + 1) + "\", \"N\": -1.5e3, \"T\": [true, null, \"/\"]}]";
            var pooled = ParsePooled(text);
            var plain = JsonParser.Parse(text, Raw);
            Assert.Equal(JsonWriter.Write(plain), JsonWriter.Write(pooled));
            Assert.Equal("a\"b", pooled.Items![0].Get("Name")!.Text);
            Assert.Equal("3600", pooled.Items[0].Get("N")!.Text);
        }

        [Fact]
        public void RepeatedNamesAndValues_ShareOneInstance_DifferentOnesDoNot()
        {
            var root = ParsePooled("[{\"GroupName\": \"Developers\", \"Path\": \"/\"}, {\"GroupName\": \"Developers\", \"Path\": \"/a/\"}]");
            var first = root.Items![0].Members!;
            var second = root.Items[1].Members!;
            Assert.Same(first[0].Key, second[0].Key);
            Assert.Same(first[0].Value.Text, second[0].Value.Text);
            Assert.NotEqual(first[1].Value.Text, second[1].Value.Text);
        }

        [Fact]
        public void ManyDistinctStrings_AreAllKeptApart_AsTheTableGrows()
        {
            // Far more strings than the table's first size, each given twice: every one must come back with its own text.
            var text = new StringBuilder("[");
            for (int i = 0; i < 5000; i++) text.Append(i == 0 ? "" : ",").Append("\"s").Append(i).Append("\",\"s").Append(i).Append('"');
            var items = ParsePooled(text.Append(']').ToString()).Items!;
            for (int i = 0; i < 5000; i++)
            {
                Assert.Equal("s" + i, items[2 * i].Text);
                Assert.Same(items[2 * i].Text, items[2 * i + 1].Text);
            }
            Assert.Equal(5000, items.Select(n => n.Text).Distinct().Count());
        }
    }
}
