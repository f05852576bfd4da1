using System.Linq;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B3: duplicate JSON keys silently keep only the last one; RoleTrust warns.</summary>
    public class DuplicateKeyTests
    {
        private const string TwoStringEquals =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\",\"Condition\":{" +
            "\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}," +
            "\"StringEquals\":{\"aws:PrincipalTag/env\":\"prod\"}}}]}";

        [Fact]
        public void DuplicateStringEquals_ProducesWarning_NamingTheKey()
        {
            var doc = Policy(TwoStringEquals);
            var w = Assert.Single(doc.Warnings);
            Assert.Contains("StringEquals", w);
        }

        [Fact]
        public void DuplicateStringEquals_LastOneWins()
        {
            var s = Policy(TwoStringEquals).Statements[0];
            var c = Assert.Single(s.Conditions);
            Assert.Equal("aws:PrincipalTag/env", c.Key);
            // Only the last block counts: team is ignored.
            Assert.True(s.ConditionsHold(Ctx("{\"aws:PrincipalTag/env\":\"prod\",\"aws:PrincipalTag/team\":\"blue\"}")));
            Assert.False(s.ConditionsHold(Ctx("{\"aws:PrincipalTag/team\":\"red\"}")));
        }

        [Fact]
        public void DuplicateConditionKey_UnderOneOperator_LastOneWins()
        {
            var doc = Policy(Allow(condition: "{\"StringEquals\":{\"aws:username\":\"alice\",\"aws:username\":\"bob\"}}"));
            Assert.Single(doc.Warnings);
            var s = doc.Statements[0];
            Assert.True(s.ConditionsHold(Ctx("{\"aws:username\":\"bob\"}")));
            Assert.False(s.ConditionsHold(Ctx("{\"aws:username\":\"alice\"}")));
        }

        [Fact]
        public void DuplicateEffect_LastOneWins()
        {
            var doc = Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            Assert.Equal(Policies.Effect.Deny, doc.Statements[0].Effect);
            Assert.Single(doc.Warnings);
        }

        [Fact]
        public void DuplicateStatement_LastOneWins_AndIsWarned()
        {
            var doc = Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}],\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}");
            Assert.Equal("sts:*", doc.Statements[0].Action.Patterns[0]);
            Assert.Contains(doc.Warnings, w => w.Contains("Statement"));
        }

        [Fact]
        public void NoDuplicates_NoWarnings()
        {
            Assert.Empty(Policy(Allow(condition: "{\"StringEquals\":{\"aws:username\":\"bob\"},\"StringLike\":{\"aws:userid\":\"A*\"}}")).Warnings);
        }

        [Fact]
        public void DuplicateInTrustPolicy_ReachesDecisionWarnings_AndChangesDecision()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{" +
                "\"StringEquals\":{\"sts:ExternalId\":\"secret\"},\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}}]}";
            var d = Decide(CaseJson(UserBob, trust: trust, context: "{\"aws:PrincipalTag/team\":\"red\"}"));
            // The ExternalId condition was dropped by the duplicate key, so no ExternalId is needed.
            Assert.Equal("Allowed", d.Decision);
            Assert.Contains(d.Warnings, w => w.Contains("StringEquals"));
        }

        [Fact]
        public void Warning_CarriesSourceLine()
        {
            string text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\n\"StringEquals\":{\"a:b\":\"1\"},\n\"StringEquals\":{\"a:c\":\"2\"}}}]}";
            Assert.Contains("line 3", Policy(text).Warnings.Single());
        }
    }
}
