using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B3: a missing key makes positive operators false and negated operators true; IfExists makes it true.</summary>
    public class IfExistsAndMissingKeyTests
    {
        private static bool Missing(string op, string value) => Cond("{\"" + op + "\":{\"aws:Missing\":" + value + "}}", "{\"aws:Other\":\"x\"}");

        [Theory]
        [InlineData("StringEquals", "\"a\"")]
        [InlineData("StringEqualsIgnoreCase", "\"a\"")]
        [InlineData("StringLike", "\"*\"")]
        [InlineData("NumericEquals", "\"1\"")]
        [InlineData("NumericLessThan", "\"1\"")]
        [InlineData("DateGreaterThan", "\"2020-01-01T00:00:00Z\"")]
        [InlineData("Bool", "\"true\"")]
        [InlineData("Bool", "\"false\"")]
        [InlineData("BinaryEquals", "\"QQ==\"")]
        [InlineData("IpAddress", "\"0.0.0.0/0\"")]
        [InlineData("ArnLike", "\"arn:*\"")]
        [InlineData("ArnEquals", "\"arn:aws:iam::111122223333:root\"")]
        public void PositiveOperator_MissingKey_IsFalse(string op, string value)
        {
            Assert.False(Missing(op, value));
        }

        [Theory]
        [InlineData("StringNotEquals", "\"a\"")]
        [InlineData("StringNotEqualsIgnoreCase", "\"a\"")]
        [InlineData("StringNotLike", "\"*\"")]
        [InlineData("NumericNotEquals", "\"1\"")]
        [InlineData("DateNotEquals", "\"2020-01-01T00:00:00Z\"")]
        [InlineData("NotIpAddress", "\"203.0.113.0/24\"")]
        [InlineData("ArnNotEquals", "\"arn:aws:iam::111122223333:root\"")]
        [InlineData("ArnNotLike", "\"arn:*\"")]
        public void NegatedOperator_MissingKey_IsTrue(string op, string value)
        {
            Assert.True(Missing(op, value));
        }

        [Fact]
        public void StringNotEquals_MissingKey_IsTrue()
        {
            Assert.True(Cond("{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}"));
        }

        [Fact]
        public void NotIpAddress_MissingSourceIp_IsTrue()
        {
            Assert.True(Cond("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "{\"aws:SourceVpce\":\"vpce-1\"}"));
        }

        [Theory]
        [InlineData("StringEqualsIfExists", "\"a\"")]
        [InlineData("StringLikeIfExists", "\"a*\"")]
        [InlineData("NumericLessThanIfExists", "\"1\"")]
        [InlineData("DateLessThanIfExists", "\"2020-01-01T00:00:00Z\"")]
        [InlineData("BoolIfExists", "\"true\"")]
        [InlineData("IpAddressIfExists", "\"203.0.113.0/24\"")]
        [InlineData("ArnLikeIfExists", "\"arn:aws:iam::*:role/x\"")]
        [InlineData("StringNotEqualsIfExists", "\"a\"")]
        [InlineData("NotIpAddressIfExists", "\"203.0.113.0/24\"")]
        public void IfExists_MissingKey_IsTrue(string op, string value)
        {
            Assert.True(Missing(op, value));
        }

        [Fact]
        public void IfExists_PresentKey_IsEvaluatedNormally()
        {
            Assert.False(Cond("{\"StringEqualsIfExists\":{\"aws:username\":\"a\"}}", "{\"aws:username\":\"b\"}"));
            Assert.True(Cond("{\"StringEqualsIfExists\":{\"aws:username\":\"a\"}}", "{\"aws:username\":\"a\"}"));
            Assert.False(Cond("{\"IpAddressIfExists\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "{\"aws:SourceIp\":\"198.51.100.1\"}"));
            Assert.False(Cond("{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-abc\"}}", "{\"aws:PrincipalOrgID\":\"o-abc\"}"));
        }

        [Fact]
        public void BoolIfExists_False_DenyPattern_FiresOnlyWhenMfaKeyIsFalse()
        {
            // "Deny BoolIfExists aws:MultiFactorAuthPresent false": denies long-term keys (key missing) and sessions without MFA.
            string c = "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}";
            Assert.True(Cond(c));
            Assert.True(Cond(c, "{\"aws:MultiFactorAuthPresent\":\"false\"}"));
            Assert.False(Cond(c, "{\"aws:MultiFactorAuthPresent\":\"true\"}"));
        }

        [Fact]
        public void Bool_True_Trust_FailsForLongTermKeysWithoutMfaKey()
        {
            string trust = Trust(UserBob, condition: "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, trust: trust).Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: trust, context: "{\"aws:MultiFactorAuthPresent\":\"true\"}").Decision);
        }

        [Fact]
        public void NullContextValue_IsTreatedAsMissing()
        {
            Assert.True(Cond("{\"Null\":{\"aws:SourceIp\":\"true\"}}", "{\"aws:SourceIp\":null}"));
            Assert.False(Cond("{\"StringEquals\":{\"aws:SourceIp\":\"x\"}}", "{\"aws:SourceIp\":null}"));
        }

        [Fact]
        public void MissingUsernameForRoleSession_PositiveFails_NegatedHolds()
        {
            // aws:username exists only for IAM users.
            string pos = Trust(RoleCaller, condition: "{\"StringEquals\":{\"aws:username\":\"Caller\"}}");
            string neg = Trust(RoleCaller, condition: "{\"StringNotEquals\":{\"aws:username\":\"Caller\"}}");
            Assert.Equal(Decision.ImplicitlyDenied, Run(SessionCaller, trust: pos).Decision);
            Assert.Equal(Decision.Allowed, Run(SessionCaller, trust: neg, identity: Allow()).Decision);
        }
    }
}
