using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RoleTrust.Engine.Json;
using RoleTrust.Errors;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// The reading contract (docs/error-reading.md) over real-shaped error texts of every client: ErrorCorpus/*.txt are
    /// the texts as users paste them, ErrorCorpus/expected.json what each must read as.
    /// </summary>
    public class ErrorCorpusTests
    {
        private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ErrorCorpus");

        private static List<JsonNode> Cases() => JsonParser.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).Items!;

        public static IEnumerable<object[]> ReadableFiles() =>
            Cases().Where(c => c.Get("notAssumeRole") == null).Select(c => new object[] { c.Get("file")!.Text! });

        public static IEnumerable<object[]> UnreadableFiles() =>
            Cases().Where(c => c.Get("notAssumeRole") != null).Select(c => new object[] { c.Get("file")!.Text! });

        private static JsonNode Expected(string file) => Cases().Single(c => c.Get("file")!.Text == file);

        [Theory]
        [MemberData(nameof(ReadableFiles))]
        public void EachClientFormat_ReadsAsDocumented(string file)
        {
            var expected = Expected(file);
            var reading = AssumeRoleErrorReader.Read(File.ReadAllText(Path.Combine(Folder, file)));

            Assert.True(reading.IsAssumeRoleError, reading.Reason);
            var e = reading.Error;
            Assert.Equal(expected.Get("ErrorCode")!.Text, e.ErrorCode);
            Assert.Equal(expected.Get("Caller")!.Text, e.Caller);
            Assert.Equal(expected.Get("Action")!.Text, e.Action);
            Assert.Equal(expected.Get("Resource")!.Text, e.Resource);
            Assert.Equal(expected.Get("Layer")!.Text, e.Layer);
            Assert.Equal(expected.Get("DenyKind")!.Text, e.DenyKind);
            Assert.Equal(expected.Get("PolicyArn")!.Text, e.PolicyArn);
            Assert.Equal(expected.Get("Missing")!.Items!.Select(i => i.Text!).ToArray(), e.Missing.ToArray());
            if (expected.Get("Message") is JsonNode message) Assert.Equal(message.Text, e.Message);
            Assert.Empty(e.Checks);
        }

        [Theory]
        [MemberData(nameof(UnreadableFiles))]
        public void TextsOfOtherErrors_AreReported_WithTheReason(string file)
        {
            var reading = AssumeRoleErrorReader.Read(File.ReadAllText(Path.Combine(Folder, file)));

            Assert.False(reading.IsAssumeRoleError);
            Assert.Contains(Expected(file).Get("reasonContains")!.Text!, reading.Reason);
        }

        [Fact]
        public void EveryCorpusText_HasItsExpectation()
        {
            var listed = Cases().Select(c => c.Get("file")!.Text!).ToList();
            var files = Directory.GetFiles(Folder, "*.txt").Select(Path.GetFileName).ToList();
            Assert.Equal(files.OrderBy(f => f), listed.OrderBy(f => f));
            Assert.Equal(listed.Count, listed.Distinct().Count());
        }

        [Fact]
        public void TheCorpus_CoversEveryClientTheReaderPromises()
        {
            string clients = string.Join("|", Cases().Select(c => c.Get("client")!.Text));
            foreach (var client in new[] { "AWS CLI", "boto3", "Terraform", "Go SDK v1", "Go SDK v2", "Java SDK v1", "Java SDK v2", ".NET SDK",
                "AWS.Tools, Windows PowerShell", "AWS.Tools, PowerShell 7 ConciseView", "JavaScript SDK v3", "JavaScript SDK v2", "Ruby SDK", "PHP",
                "configure-aws-credentials", "CloudTrail", "STS XML error body", "STS JSON error body", "Console Switch Role", "SAML sign-in page", "JSON log" })
                Assert.Contains(client, clients);
        }
    }
}
