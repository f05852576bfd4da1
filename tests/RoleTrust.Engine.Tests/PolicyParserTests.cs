using System;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    public class PolicyParserTests
    {
        [Fact]
        public void StatementAsSingleObject_IsAccepted()
        {
            var doc = Policy("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}");
            Assert.Single(doc.Statements);
            Assert.Equal(Effect.Allow, doc.Statements[0].Effect);
        }

        [Fact]
        public void StatementFields_AreParsed()
        {
            var doc = Policy("{\"Version\":\"2012-10-17\",\"Id\":\"x\",\"Statement\":[{\"Sid\":\"One\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"s3:*\"],\"NotResource\":\"arn:aws:iam::111122223333:role/A\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
            var s = doc.Statements[0];
            Assert.Equal("One", s.Sid);
            Assert.Equal(Effect.Deny, s.Effect);
            Assert.True(s.IsNotAction);
            Assert.True(s.IsNotResource);
            Assert.Equal(2, s.Action.Patterns.Count);
            Assert.Single(s.Conditions);
            Assert.Equal("aws:SecureTransport", s.Conditions[0].Key);
            Assert.Equal(0, s.Index);
        }

        [Fact]
        public void Version_IsKept_AndEnablesVariablesOnlyFor2012()
        {
            Assert.True(Policy(Allow()).VariablesEnabled);
            Assert.False(Policy("{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}").VariablesEnabled);
            var none = Policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            Assert.Null(none.Version);
            Assert.False(none.VariablesEnabled);
        }

        [Fact]
        public void UrlEncodedText_IsDecoded()
        {
            var doc = PolicyParser.Parse(Uri.EscapeDataString(Allow()), "enc", PolicyType.Identity);
            Assert.Single(doc.Statements);
            Assert.Equal("sts:AssumeRole", doc.Statements[0].Action.Patterns[0]);
        }

        [Fact]
        public void TrustPolicy_WithoutResource_IsAccepted_AndMatchesAnyResource()
        {
            var doc = Policy(Trust(UserBob), PolicyType.Resource);
            Assert.Null(doc.Statements[0].Resource);
            Assert.True(doc.Statements[0].MatchesResource(RoleTarget, Ctx()));
        }

        [Fact]
        public void IdentityStatement_WithoutResource_IsRefused()
        {
            var ex = Refused(() => Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"}]}"));
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Theory]
        [InlineData(PolicyType.Identity)]
        [InlineData(PolicyType.PermissionsBoundary)]
        [InlineData(PolicyType.Session)]
        [InlineData(PolicyType.ServiceControl)]
        public void Principal_IsRefused_InPoliciesWithoutPrincipals(PolicyType type)
        {
            var ex = Refused(() => Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}", type));
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Theory]
        [InlineData(PolicyType.Resource)]
        [InlineData(PolicyType.ResourceControl)]
        public void ResourcePolicy_WithoutPrincipal_IsRefused(PolicyType type)
        {
            var ex = Refused(() => Policy(Allow(), type));
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Fact]
        public void ActionAndNotAction_Together_AreRefused()
        {
            var ex = Refused(() => Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}"));
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Fact]
        public void ResourceAndNotResource_Together_AreRefused()
        {
            var ex = Refused(() => Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"NotResource\":\"*\"}]}"));
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Fact]
        public void MissingAction_IsRefused()
        {
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement,
                Refused(() => Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}")).ErrorId);
        }

        [Fact]
        public void ConditionValues_AcceptNumbersAndBooleans()
        {
            var doc = Policy(Allow(condition: "{\"NumericLessThan\":{\"s3:max-keys\":10},\"Bool\":{\"aws:SecureTransport\":true}}"));
            Assert.Equal(new[] { "10" }, doc.Statements[0].Conditions[0].Values);
            Assert.Equal(new[] { "true" }, doc.Statements[0].Conditions[1].Values);
        }

        [Fact]
        public void Error_NamesPolicyAndStatementIndex()
        {
            var ex = Refused(() => PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "MyPolicy", PolicyType.Identity));
            Assert.Equal("MyPolicy", ex.PolicyName);
            Assert.Equal(1, ex.StatementIndex);
            Assert.Contains("MyPolicy", ex.Message);
        }

        [Fact]
        public void StatementText_IsKeptAsEvidence()
        {
            var doc = Policy(Allow("sts:AssumeRole", RoleTarget));
            Assert.Contains("sts:AssumeRole", doc.Statements[0].Text);
            Assert.Contains(RoleTarget, doc.Statements[0].Text);
        }

        [Theory]
        [InlineData("{\n\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}")]
        [InlineData("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D")]
        public void DocumentKeptWithoutItsTree_WritesItsTextFromTheSourceAsParsingDoes(string source)
        {
            // An index keeps its documents without their trees; the text of one is written from its source only when shown.
            var parsed = PolicyParser.Parse(source, "p", PolicyType.Identity);
            var kept = PolicyDocument.FromSource("p", PolicyType.Identity, parsed.Version, parsed.Statements, parsed.Warnings, null, source);
            Assert.Equal(parsed.Text, kept.Text);
            Assert.Equal(parsed.Text, kept.Renamed("q").Text);
            Assert.DoesNotContain("\n", kept.Text);
        }
    }
}
