using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Json;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// Test-IamPolicy -Path reads case files in blocks: it must see exactly the lines, line numbers, values and
    /// syntax errors that reading line by line (TextReader.ReadLine, blank lines skipped) gives, whatever the block size.
    /// </summary>
    public class CaseLineReaderTests
    {
        private static List<string> ByLines(string text)
        {
            var results = new List<string>();
            var reader = new StringReader(text);
            string? line;
            int number = 0;
            while ((line = reader.ReadLine()) != null)
            {
                number++;
                if (line.Trim().Length == 0) continue;
                try { results.Add(number + " " + JsonWriter.Write(JsonParser.Parse(line))); }
                catch (JsonSyntaxException ex) { results.Add(number + " ! " + ex.Message); }
            }
            return results;
        }

        private static List<string> ByBlocks(string text, int blockSize)
        {
            var results = new List<string>();
            var reader = new CaseLineReader(new StringReader(text), blockSize);
            var tape = new JsonTape();
            while (reader.TryRead(tape, out int number, out var error))
                results.Add(error == null ? number + " " + JsonWriter.Write(tape, tape.Root) : number + " ! " + error.Message);
            return results;
        }

        [Theory]
        [InlineData("")]
        [InlineData("\n")]
        [InlineData("{\"a\":1}")]
        [InlineData("{\"a\":1}\n")]
        [InlineData("{\"a\":1}\r\n{\"b\":2}\r\n")]
        [InlineData("{\"a\":1}\r{\"b\":2}\r")]
        [InlineData("\n\n  \t\n{\"a\":[1,2]}\n\u00A0\n{\"b\":\n")]
        [InlineData("\uFEFF{\"a\":1}\n{\"a\" 1}\n[1,]\n\"x\"\r\n")]
        public void GivesWhatLineByLineReadingGives(string text)
        {
            foreach (int block in new[] { 16, 17, 31, 1024 })
                Assert.Equal(ByLines(text), ByBlocks(text, block));
        }

        [Fact]
        public void GivesWhatLineByLineReadingGives_OnRandomTexts_AtEveryBlockBoundary()
        {
            var rng = new Random(11);
            string[] pieces = { "{\"id\":\"c\",\"principal\":\"arn:aws:iam::111122223333:user/Bob\"}", "{\"x\":[1,2,{\"y\":\"z\"}]}", "{\"bad\" 1}", "   ", "\t", "{\"s\":\"a\\\"b\\\\c\"}", "[]", "{\"u\":\"\u00E9\u4E2D\"}", "nul", "" };
            string[] breaks = { "\n", "\r", "\r\n", "\n\n", "\r\r\n" };
            for (int round = 0; round < 200; round++)
            {
                var sb = new StringBuilder();
                int n = rng.Next(1, 12);
                for (int i = 0; i < n; i++) sb.Append(pieces[rng.Next(pieces.Length)]).Append(i == n - 1 && rng.Next(2) == 0 ? "" : breaks[rng.Next(breaks.Length)]);
                string text = sb.ToString();
                var expected = ByLines(text);
                foreach (int block in new[] { 16, 19, 23, 64 })
                    Assert.True(expected.SequenceEqual(ByBlocks(text, block)), $"block {block}: {text.Replace("\r", "\\r").Replace("\n", "\\n")}");
            }
        }

        [Fact]
        public void ALineLongerThanTheBlock_IsReadWhole()
        {
            string line = "{\"id\":\"" + new string('x', 5000) + "\"}";
            Assert.Equal(ByLines(line + "\n" + line), ByBlocks(line + "\n" + line, 64));
        }
    }
}
