using System;
using System.Linq;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>PolicyCase JSON fields (one JSONL line) and the ways a policy may be given.</summary>
    public class CaseTests
    {
        [Fact]
        public void AllFields_AreRead()
        {
            var c = Case("{\"id\":\"c1\",\"principal\":\"" + UserBob + "\",\"action\":\"sts:TagSession\",\"resource\":\"" + RoleTarget + "\",\"resourceAccount\":\"111122223333\"," +
                "\"identityPolicies\":[" + FullAccess + "],\"permissionBoundaries\":[" + FullAccess + "],\"sessionPolicy\":" + FullAccess + "," +
                "\"endpointPolicies\":[],\"scps\":[[" + FullAccess + "]],\"rcps\":[],\"trustPolicy\":" + Trust(UserBob) + ",\"context\":{\"aws:SourceIp\":\"1.2.3.4\"},\"expect\":\"Allowed\"}");
            Assert.Equal("c1", c.Id);
            Assert.Equal(UserBob, c.Principal);
            Assert.Equal("sts:TagSession", c.Action);
            Assert.Equal(RoleTarget, c.Resource);
            Assert.Equal(A, c.ResourceAccount);
            Assert.Single(c.IdentityPolicies);
            Assert.Single(c.PermissionsBoundaries!);
            Assert.Single(c.SessionPolicies!);
            Assert.Empty(c.VpcEndpointPolicies!);
            Assert.NotEqual(JsonTape.None, c.ServiceControlPolicies);
            Assert.NotEqual(JsonTape.None, c.ResourceControlPolicies);
            Assert.NotEqual(JsonTape.None, c.ResourcePolicy);
            Assert.NotEqual(JsonTape.None, c.Context);
            Assert.Equal("Allowed", c.Expect);
        }

        [Fact]
        public void Action_DefaultsToAssumeRole()
        {
            Assert.Equal("sts:AssumeRole", Case("{\"principal\":\"" + UserBob + "\"}").Action);
        }

        [Fact]
        public void FieldNames_AreCaseInsensitive_AndAliasesWork()
        {
            var c = Case("{\"Principal\":\"" + UserBob + "\",\"RESOURCE\":\"" + RoleTarget + "\",\"resourcePolicy\":" + Trust(UserBob) + ",\"permissionsBoundary\":" + FullAccess + ",\"expected\":\"deny\"}");
            Assert.Equal(UserBob, c.Principal);
            Assert.NotEqual(JsonTape.None, c.ResourcePolicy);
            Assert.Single(c.PermissionsBoundaries!);
            Assert.Equal("deny", c.Expect);
        }

        [Fact]
        public void NullFields_AreAbsent()
        {
            var c = Case("{\"principal\":\"" + UserBob + "\",\"trustPolicy\":null,\"scps\":null,\"permissionBoundaries\":null}");
            Assert.Equal(JsonTape.None, c.ResourcePolicy);
            Assert.Equal(JsonTape.None, c.ServiceControlPolicies);
            Assert.Null(c.PermissionsBoundaries);
        }

        [Fact]
        public void NumericId_IsKeptAsText()
        {
            Assert.Equal("42", Case("{\"id\":42}").Id);
        }

        [Fact]
        public void Expect_Matching_SetsAsExpected()
        {
            var ok = Decide("{\"id\":\"a\",\"principal\":\"" + UserBob + "\",\"resource\":\"" + RoleTarget + "\",\"trustPolicy\":" + Trust(UserBob) + ",\"expect\":\"Allowed\"}");
            Assert.Equal("a", ok.Id);
            Assert.Equal("Allowed", ok.Expected);
            Assert.True(ok.AsExpected);
            var bad = Decide("{\"principal\":\"" + UserBob + "\",\"resource\":\"" + RoleTarget + "\",\"trustPolicy\":" + Trust(UserBob) + ",\"expect\":\"ExplicitDeny\"}");
            Assert.False(bad.AsExpected);
        }

        [Fact]
        public void NoExpect_AsExpectedIsNull()
        {
            var d = Decide("{\"principal\":\"" + UserBob + "\",\"resource\":\"" + RoleTarget + "\",\"trustPolicy\":" + Trust(UserBob) + "}");
            Assert.Null(d.AsExpected);
            Assert.Null(d.Expected);
        }

        [Theory]
        [InlineData("Allowed", Decision.Allowed, true)]
        [InlineData("allow", Decision.Allowed, true)]
        [InlineData("Denied", Decision.ImplicitlyDenied, true)]
        [InlineData("deny", Decision.ExplicitlyDenied, true)]
        [InlineData("Denied", Decision.Allowed, false)]
        [InlineData("ImplicitlyDenied", Decision.ImplicitlyDenied, true)]
        [InlineData("implicit-deny", Decision.ImplicitlyDenied, true)]
        [InlineData("ImplicitDeny", Decision.ExplicitlyDenied, false)]
        [InlineData("ExplicitlyDenied", Decision.ExplicitlyDenied, true)]
        [InlineData("Explicit Deny", Decision.ExplicitlyDenied, true)]
        [InlineData("maybe", Decision.Allowed, false)]
        public void Expect_Vocabulary(string expected, Decision decision, bool matches)
        {
            Assert.Equal(matches, PolicyDecision.Matches(expected, decision));
        }

        [Fact]
        public void IsKnownExpectation_RejectsUnknownWords()
        {
            Assert.True(PolicyDecision.IsKnownExpectation("Explicitly Denied"));
            Assert.False(PolicyDecision.IsKnownExpectation("ok"));
        }

        [Fact]
        public void Policy_AsJsonString_IsParsed()
        {
            string asString = "\"" + Trust(UserBob).Replace("\"", "\\\"") + "\"";
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: asString).Decision);
        }

        [Fact]
        public void Policy_AsUrlEncodedString_IsParsed()
        {
            string encoded = "\"" + Uri.EscapeDataString(Trust(UserBob)) + "\"";
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: encoded).Decision);
            string encodedDeny = "\"" + Uri.EscapeDataString(Trust(UserBob, effect: "Deny")) + "\"";
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, trust: encodedDeny).Decision);
        }

        [Fact]
        public void Policy_AsObject_IsParsed()
        {
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: Trust(UserBob)).Decision);
        }

        [Fact]
        public void Policy_AsPolicyNameAndDocument_KeepsTheName()
        {
            string identity = "[{\"PolicyName\":\"AssumeTarget\",\"PolicyDocument\":" + Allow(resource: RoleTarget) + "}]";
            var r = Run(ExtUser, trust: Trust(B), identity: identity);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Contains(r.Allowing, s => s.PolicyName == "AssumeTarget" && s.Layer == PolicyLayer.IdentityPolicy);
        }

        [Fact]
        public void Policy_AsPolicyNameAndUrlEncodedDocument_IsParsed()
        {
            // What GetAccountAuthorizationDetails and AWS.Tools return.
            string identity = "[{\"PolicyName\":\"Enc\",\"PolicyDocument\":\"" + Uri.EscapeDataString(Allow(resource: RoleTarget)) + "\"}]";
            var r = Run(ExtUser, trust: Trust(B), identity: identity);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Contains(r.Allowing, s => s.PolicyName == "Enc");
        }

        [Fact]
        public void Policy_AsNameAndContent_ForScps_KeepsNameAndArn()
        {
            string scps = "[{\"id\":\"r-root\",\"policies\":[{\"Name\":\"DenyAssume\",\"Arn\":\"arn:aws:organizations::9:policy/p-1\",\"Content\":\"" + Deny().Replace("\"", "\\\"") + "\"}," + FullAccess + "]}]";
            var r = Run(UserBob, trust: Trust(UserBob), scps: scps);
            var deny = Assert.Single(r.Denying);
            Assert.Equal("DenyAssume", deny.PolicyName);
            Assert.Equal("arn:aws:organizations::9:policy/p-1", deny.PolicyArn);
            Assert.Equal("r-root", deny.LevelId);
        }

        [Fact]
        public void ScpLevels_BarePolicyIsALevel()
        {
            var req = Request(CaseJson(UserBob, trust: Trust(UserBob), scps: "[" + FullAccess + "," + FullAccess + "]"));
            Assert.Equal(2, req.ServiceControlPolicies!.Count);
            Assert.Single(req.ServiceControlPolicies[0].Policies);
        }

        [Fact]
        public void Context_ArraysAreMultivalued_ScalarsAreSingle()
        {
            var ctx = PolicyCaseBuilder.BuildContext(J("{\"aws:TagKeys\":[\"a\",\"b\"],\"aws:SourceIp\":\"1.2.3.4\",\"aws:MultiFactorAuthAge\":30,\"aws:SecureTransport\":true}"));
            Assert.True(ctx.TryGet("aws:tagkeys", out var tags));
            Assert.True(tags.IsMultiValued);
            Assert.Equal(new[] { "a", "b" }, tags.Values);
            Assert.Equal("1.2.3.4", ctx.GetSingle("aws:SourceIp"));
            Assert.Equal("30", ctx.GetSingle("aws:MultiFactorAuthAge"));
            Assert.Equal("true", ctx.GetSingle("aws:SecureTransport"));
        }

        [Fact]
        public void Builder_FillsPrincipalKeys_WithoutOverridingGivenOnes()
        {
            var req = Request(CaseJson(UserBob, trust: Trust(UserBob), context: "{\"aws:PrincipalAccount\":\"999999999999\"}"));
            Assert.Equal(UserBob, req.Context.GetSingle("aws:PrincipalArn"));
            Assert.Equal("Bob", req.Context.GetSingle("aws:username"));
            Assert.Equal("User", req.Context.GetSingle("aws:PrincipalType"));
            Assert.Equal("999999999999", req.Context.GetSingle("aws:PrincipalAccount"));
            Assert.Equal(A, req.Context.GetSingle("aws:ResourceAccount"));
            Assert.Equal("2026-01-15T12:00:00Z", req.Context.GetSingle("aws:CurrentTime"));
        }

        [Fact]
        public void PolicyCache_ParsesEachDocumentOnce()
        {
            var cache = new PolicyCache();
            var builder = new PolicyCaseBuilder(cache);
            var c = Case(CaseJson(UserBob, trust: Trust(UserBob), identity: "[" + FullAccess + "]"));
            var r1 = builder.Build(c, Now);
            var r2 = builder.Build(c, Now);
            Assert.Same(r1.ResourcePolicy, r2.ResourcePolicy);
            Assert.Equal(2, cache.Count);
        }

        [Fact]
        public void PolicyCache_KeepsATreeThatComesBack_AfterThousandsSeenOnce()
        {
            // A suite where every case carries its own documents, then documents that recur: the cache must keep
            // recognising the recurring ones (the same parsed document), and a tree it forgot must still parse right.
            var cache = new PolicyCache();
            JsonNode Tree(int i) => JsonParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S" + i +
                "\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-" + i + "/*\"}]}");
            for (int i = 0; i < 30_000; i++) cache.Get(Tree(i), "Identity", PolicyType.Identity);
            for (int i = 30_000; i < 30_200; i++)
            {
                var first = cache.Get(Tree(i), "Identity", PolicyType.Identity);
                var again = cache.Get(Tree(i), "Identity", PolicyType.Identity);
                var third = cache.Get(Tree(i), "Identity", PolicyType.Identity);
                Assert.Same(again, third);
                Assert.Equal("S" + i, first.Statements[0].Sid);
            }
            for (int i = 0; i < 30_000; i += 997)
            {
                var doc = cache.Get(Tree(i), "Identity", PolicyType.Identity);
                Assert.Equal("S" + i, doc.Statements[0].Sid);
                Assert.Contains("\"arn:aws:s3:::bucket-" + i + "/*\"", doc.Statements[0].Text);
            }
        }

        [Fact]
        public void PolicyCache_SharesStatements_OfOneDocumentUnderSeveralNames_EachKeepingItsName()
        {
            // FullAWSAccess attached at the root, an OU and the account: one parse, one statement text, three names.
            var cache = new PolicyCache();
            string text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FullAWSAccess\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            var names = new[] { "r-a1b2 policy 0", "ou-a1b2-00000000 policy 0", "111111111111 policy 0" };
            foreach (var given in new Func<PolicyDocument>[][]
            {
                names.Select(n => (Func<PolicyDocument>)(() => cache.Get(JsonParser.Parse(text), n, PolicyType.ServiceControl))).ToArray(),
                names.Select(n => (Func<PolicyDocument>)(() => cache.Get(text, n, PolicyType.ServiceControl))).ToArray(),
            })
            {
                // A tree is kept once it comes back: the first round of names may parse it twice, the second reuses it.
                var docs = given.Concat(given).Select(get => get()).ToArray();
                Assert.Equal(names.Concat(names), docs.Select(d => d.Name));
                Assert.All(docs.Skip(3), d => Assert.Same(docs[3].Statements, d.Statements));
            }
            // Another type or ARN is another document, even with the same text.
            var identity = cache.Get(text, names[0], PolicyType.Identity);
            var withArn = cache.Get(text, names[0], PolicyType.ServiceControl, "arn:aws:organizations::111111111111:policy/o-a1b2/service_control_policy/p-FullAWSAccess");
            Assert.Equal(PolicyType.Identity, identity.Type);
            Assert.NotSame(cache.Get(text, names[0], PolicyType.ServiceControl).Statements, identity.Statements);
            Assert.Equal("arn:aws:organizations::111111111111:policy/o-a1b2/service_control_policy/p-FullAWSAccess", withArn.Arn);
            Assert.Null(cache.Get(text, names[0], PolicyType.ServiceControl).Arn);
        }

        [Fact]
        public void Decision_ReportsPerLayerOutcomes()
        {
            var d = Decide(CaseJson(ExtUser, trust: Trust(B), identity: Allow(resource: RoleTarget), boundary: Allow("sts:*")));
            Assert.Equal("Allowed", d.Decision);
            Assert.Equal("Allowed", d.ResourcePolicy);
            Assert.Equal("Allowed", d.IdentityPolicy);
            Assert.Equal("Allowed", d.PermissionsBoundary);
            Assert.Equal("NotPresent", d.ServiceControlPolicy);
            Assert.False(d.SameAccount);
            Assert.Equal(ExtUser, d.Principal);
            Assert.Equal("sts:AssumeRole", d.Action);
        }

        [Fact]
        public void JsonLines_EachLineIsACase()
        {
            string jsonl = CaseJson(UserBob, trust: Trust(UserBob)) + "\n" + CaseJson(UserBob, trust: Trust(A));
            var decisions = jsonl.Split('\n').Select(line => PolicyEvaluator(line)).ToArray();
            Assert.Equal(new[] { Decision.Allowed, Decision.ImplicitlyDenied }, decisions);
        }

        private static Decision PolicyEvaluator(string line) => Eval(line).Decision;
    }
}
