using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// A policy given as an object (inside a case line, or built by PowerShell) is parsed from its values, without writing
    /// it out and reading it back. It must mean exactly what its compact text means: same statements, same document and
    /// statement text, same duplicate-key warnings, same error id and message for anything refused, same size limit.
    /// </summary>
    public class PolicyTreeParsingTests
    {
        private static readonly string[] Seeds =
        {
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Assume\",\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"arn:aws:iam::*:role/team-*\"},{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]},\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"arn:aws:iam::111122223333:user/Bob\",\"AIDAABCDEFGHIJKLMNOPQ\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\",\"aws:PrincipalOrgID\":\"o-abc\"},\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.0/24\",\"2001:db8::/32\"]}}},{\"Effect\":\"Deny\",\"NotPrincipal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"*\",\"Condition\":{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":3600},\"DateGreaterThan\":{\"aws:CurrentTime\":\"2025-01-01T00:00:00Z\"}}}]}",
            "{\"Version\":\"2008-10-17\",\"Id\":\"p\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":[\"arn:aws:s3:::b/${aws:username}/*\"],\"Condition\":{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":[\"team\",\"env\"]},\"Null\":{\"aws:SourceVpce\":\"true\"}}}}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"a:b\":\"1\"},\"StringEquals\":{\"a:c\":[\"2\",3,true]}}}]}",
        };

        private static string Describe(Func<PolicyDocument> parse)
        {
            try
            {
                var d = parse();
                var sb = new StringBuilder("OK|").Append(d.Version).Append('|').Append(d.Text).Append('|').Append(string.Join(";", d.Warnings));
                foreach (var s in d.Statements)
                    sb.Append("||").Append(s.Index).Append(s.Sid).Append(s.Effect).Append(s.IsNotAction).Append(string.Join(",", s.Action.Patterns))
                      .Append(s.IsNotResource).Append(s.Resource == null ? "-" : string.Join(",", s.Resource.Patterns)).Append(s.IsNotPrincipal)
                      .Append(s.Principal == null ? "-" : string.Join(",", s.Principal.Entries.Select(e => e.Type + "=" + e.Value + "=" + e.MatchKind + "=" + e.IsUniqueId)))
                      .Append(string.Join(",", s.Conditions.Select(c => c.Operator.Text + "/" + c.Key + "/" + string.Join("+", c.Values)))).Append('|').Append(s.Text);
                return sb.ToString();
            }
            catch (PolicyFormatException ex) { return $"ERR|{ex.ErrorId}|{ex.Message}|{ex.PolicyName}|{ex.StatementIndex}|{ex.OffendingValue}"; }
        }

        private static void AssertSameAsText(JsonNode tree, PolicyType type)
        {
            string text = JsonWriter.Write(tree);
            string viaText = Describe(() => PolicyParser.Parse(text, "P", type));
            string viaTree = Describe(() => PolicyParser.ParseTree(tree, "P", type));
            Assert.Equal(viaText, viaTree);
            // Inside a case line: compact (the document's text is cut from the line), with white space or with an escape
            // (the text is written), each seen twice by a policy cache (parsed, then recognised).
            if (ViaCaseLine(text, type) is string compact) Assert.Equal(viaText, compact);
            if (ViaCaseLine(JsonWriter.Write(tree, indented: true), type) is string spaced) Assert.Equal(viaText, spaced);
            if (ViaCaseLine(text.Replace("\"Effect\"", "\"\\u0045ffect\""), type) is string escaped) Assert.Equal(viaText, escaped);
        }

        /// <summary>The policy parsed as a value of a case line; null when the line is not JSON (a number .NET wrote that JSON has not).</summary>
        private static string? ViaCaseLine(string policy, PolicyType type)
        {
            string line = "{\"id\":\"c\",\"p\": " + policy + "}";
            var tape = new JsonTape();
            try { tape.Parse(line.ToCharArray(), 0, line.Length); }
            catch (JsonSyntaxException) { return null; }
            int value = tape.Get(tape.Root, "p");
            var cache = new Cases.PolicyCache();
            string first = Describe(() => cache.Get(tape, value, "P", type));
            Assert.Equal(first, Describe(() => cache.Get(tape, value, "P", type)));
            return first;
        }

        [Fact]
        public void SeedPolicies_ParseTheSameFromTreeAndText()
        {
            foreach (var seed in Seeds)
                foreach (PolicyType type in Enum.GetValues(typeof(PolicyType)))
                    AssertSameAsText(JsonParser.Parse(seed), type);
        }

        [Fact]
        public void MutatedPolicies_AreRefusedOrAcceptedTheSameFromTreeAndText()
        {
            var rng = new Random(20240601);
            int refused = 0, total = 0;
            for (int round = 0; round < 400; round++)
            {
                var tree = Mutate(JsonParser.Parse(Seeds[round % Seeds.Length]), rng);
                var type = (PolicyType)rng.Next(7);
                AssertSameAsText(tree, type);
                total++;
                if (Describe(() => PolicyParser.ParseTree(tree, "P", type)).StartsWith("ERR", StringComparison.Ordinal)) refused++;
            }
            Assert.InRange(refused, total / 5, total - 20); // the mutations exercise both outcomes
        }

        [Theory]
        [InlineData(131072 - 69)]
        [InlineData(131072 - 68)]
        [InlineData(140000)]
        public void SizeLimit_CountsTheCompactText(int sidLength)
        {
            var tree = JsonParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + new string('A', sidLength) + "\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            AssertSameAsText(tree, PolicyType.Identity);
        }

        [Fact]
        public void SizeLimit_CountsEscapesAsWritten()
        {
            var tree = JsonParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + string.Concat(Enumerable.Repeat("\\u0001", 21840)) + "\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            AssertSameAsText(tree, PolicyType.Identity);
        }

        [Fact]
        public void ACompactPolicyText_IsTheDocumentsText_NotACopy()
        {
            // A snapshot keeps its policy texts; a document parsed from one that is already compact shares it.
            string compact = Seeds[1];
            Assert.Same(compact, PolicyParser.Parse(compact, "P", PolicyType.Resource).Text);
            string spaced = JsonWriter.Write(JsonParser.Parse(compact), indented: true);
            Assert.Equal(compact, PolicyParser.Parse(spaced, "P", PolicyType.Resource).Text);
        }

        [Theory]
        [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"{0}\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}")]
        [InlineData("[\"{0}\"]")]
        public void AHugePolicyInACaseLine_IsRefusedByItsLength_WithoutRoomMadeForItsBound(string policy)
        {
            // A bound counts every character as a six-character escape; a line of a million characters must not cost twelve
            // million (written with white space, so that its text is not copied from the line).
            string line = "{\"p\": " + policy.Replace("{0}", new string('A', 1_000_000)) + "}";
            var tape = new JsonTape();
            tape.Parse(line.ToCharArray(), 0, line.Length);
            int value = tape.Get(tape.Root, "p");
            long before = GC.GetAllocatedBytesForCurrentThread();
            var error = Assert.Throws<PolicyFormatException>(() => new Cases.PolicyCache().Get(tape, value, "P", PolicyType.Identity));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(PolicyErrorIds.PolicyTooLarge, error.ErrorId);
            Assert.InRange(allocated, 0, 1_000_000);
        }

        [Fact]
        public void NumberThatIsNoJson_IsRefusedAsTheTextWouldBe()
        {
            var tree = JsonParser.Parse(Seeds[0]);
            tree.Members!.Add(new KeyValuePair<string, JsonNode>("Id", JsonNode.Number("NaN")));
            Assert.StartsWith("ERR|InvalidPolicyJson|", Describe(() => PolicyParser.ParseTree(tree, "P", PolicyType.Identity)));
            AssertSameAsText(tree, PolicyType.Identity);
        }

        private static JsonNode Mutate(JsonNode n, Random rng)
        {
            switch (n.Kind)
            {
                case JsonKind.Object:
                {
                    var m = n.Members!.Select(kv => new KeyValuePair<string, JsonNode>(kv.Key, Mutate(kv.Value, rng))).ToList();
                    int r = rng.Next(12);
                    if (r == 0 && m.Count > 0) m.RemoveAt(rng.Next(m.Count));
                    else if (r == 1 && m.Count > 0) m.Add(m[rng.Next(m.Count)]);
                    else if (r == 2) m.Add(new KeyValuePair<string, JsonNode>("Bogus", JsonNode.String("x")));
                    else if (r == 3 && m.Count > 0) { int i = rng.Next(m.Count); m[i] = new KeyValuePair<string, JsonNode>(m[i].Key, JsonNode.Number("42")); }
                    else if (r == 4 && m.Count > 0) { int i = rng.Next(m.Count); m[i] = new KeyValuePair<string, JsonNode>(m[i].Key, JsonNode.Array(new List<JsonNode>())); }
                    return JsonNode.Object(m);
                }
                case JsonKind.Array:
                {
                    var items = n.Items!.Select(i => Mutate(i, rng)).ToList();
                    if (rng.Next(8) == 0 && items.Count > 0) items.RemoveAt(rng.Next(items.Count));
                    if (rng.Next(10) == 0) items.Add(JsonNode.Bool(true));
                    return JsonNode.Array(items);
                }
                case JsonKind.String:
                {
                    string[] junk = { "", "*", "arn:aws:iam::*", "Deny", "not-an-arn", "arn:aws:iam::1234:user/x", "AROAABCDEFGHIJKLMNOPQ", "10.1", "1.2.3.4/40", "010.0.0.1", "2024-13-01", "maybe", "s3:", "${aws:username}", "\u0001\"\\" };
                    int r = rng.Next(10);
                    if (r == 0) return JsonNode.String(junk[rng.Next(junk.Length)]);
                    if (r == 1) return JsonNode.String(n.Text + "IfExists");
                    return n;
                }
                default: return n;
            }
        }
    }
}
