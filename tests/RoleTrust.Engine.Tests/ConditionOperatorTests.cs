using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>IAM JSON policy elements: Condition operators, one family at a time (key present).</summary>
    public class ConditionOperatorTests
    {
        private static bool C(string op, string key, string policyValues, string requestValue)
            => Cond("{\"" + op + "\":{\"" + key + "\":" + policyValues + "}}", "{\"" + key + "\":" + requestValue + "}");

        // ---- String
        [Theory]
        [InlineData("StringEquals", "\"john\"", "\"john\"", true)]
        [InlineData("StringEquals", "\"john\"", "\"John\"", false)]
        [InlineData("StringEquals", "\"jo*\"", "\"john\"", false)]
        [InlineData("StringEquals", "[\"a\",\"john\"]", "\"john\"", true)]
        [InlineData("StringNotEquals", "\"john\"", "\"John\"", true)]
        [InlineData("StringNotEquals", "\"john\"", "\"john\"", false)]
        [InlineData("StringNotEquals", "[\"a\",\"john\"]", "\"john\"", false)]
        [InlineData("StringNotEquals", "[\"a\",\"b\"]", "\"john\"", true)]
        [InlineData("StringEqualsIgnoreCase", "\"john\"", "\"JOHN\"", true)]
        [InlineData("StringEqualsIgnoreCase", "\"john\"", "\"jon\"", false)]
        [InlineData("StringNotEqualsIgnoreCase", "\"john\"", "\"JOHN\"", false)]
        [InlineData("StringNotEqualsIgnoreCase", "\"john\"", "\"mary\"", true)]
        [InlineData("StringLike", "\"jo*\"", "\"john\"", true)]
        [InlineData("StringLike", "\"jo?n\"", "\"john\"", true)]
        [InlineData("StringLike", "\"jo?n\"", "\"joohn\"", false)]
        [InlineData("StringLike", "\"Jo*\"", "\"john\"", false)]
        [InlineData("StringLike", "\"*\"", "\"\"", true)]
        [InlineData("StringNotLike", "\"jo*\"", "\"john\"", false)]
        [InlineData("StringNotLike", "[\"a*\",\"b*\"]", "\"john\"", true)]
        [InlineData("StringNotLike", "[\"a*\",\"j*\"]", "\"john\"", false)]
        public void StringOperators(string op, string values, string request, bool expected)
        {
            Assert.Equal(expected, C(op, "aws:username", values, request));
        }

        // ---- Numeric
        [Theory]
        [InlineData("NumericEquals", "\"10\"", "\"10\"", true)]
        [InlineData("NumericEquals", "\"10\"", "\"10.0\"", true)]
        [InlineData("NumericEquals", "\"10\"", "\"11\"", false)]
        [InlineData("NumericNotEquals", "\"10\"", "\"11\"", true)]
        [InlineData("NumericNotEquals", "\"10\"", "\"10\"", false)]
        [InlineData("NumericLessThan", "\"10\"", "\"9\"", true)]
        [InlineData("NumericLessThan", "\"10\"", "\"10\"", false)]
        [InlineData("NumericLessThanEquals", "\"10\"", "\"10\"", true)]
        [InlineData("NumericLessThanEquals", "10", "\"11\"", false)]
        [InlineData("NumericGreaterThan", "\"10\"", "\"11\"", true)]
        [InlineData("NumericGreaterThan", "\"10\"", "\"10\"", false)]
        [InlineData("NumericGreaterThanEquals", "\"10\"", "\"10\"", true)]
        [InlineData("NumericGreaterThanEquals", "\"-1.5\"", "\"-2\"", false)]
        [InlineData("NumericLessThan", "\"10\"", "\"abc\"", false)]
        public void NumericOperators(string op, string values, string request, bool expected)
        {
            Assert.Equal(expected, C(op, "s3:max-keys", values, request));
        }

        // ---- Date
        [Theory]
        [InlineData("DateEquals", "\"2026-01-15T12:00:00Z\"", "\"2026-01-15T12:00:00Z\"", true)]
        [InlineData("DateEquals", "\"2026-01-15T12:00:00Z\"", "\"1768478400\"", true)]
        [InlineData("DateNotEquals", "\"2026-01-15T12:00:00Z\"", "\"2026-01-15T12:00:01Z\"", true)]
        [InlineData("DateLessThan", "\"2026-01-15T12:00:00Z\"", "\"2026-01-15T11:59:59Z\"", true)]
        [InlineData("DateLessThan", "\"2026-01-15T12:00:00Z\"", "\"2026-01-15T12:00:00Z\"", false)]
        [InlineData("DateLessThanEquals", "\"2026-01-15\"", "\"2026-01-15T00:00:00Z\"", true)]
        [InlineData("DateGreaterThan", "\"2020-01-01T00:00:01Z\"", "\"2026-01-15T12:00:00Z\"", true)]
        [InlineData("DateGreaterThan", "\"2030-01-01T00:00:00Z\"", "\"2026-01-15T12:00:00Z\"", false)]
        [InlineData("DateGreaterThanEquals", "\"2026-01-15T13:00:00+01:00\"", "\"2026-01-15T12:00:00Z\"", true)]
        [InlineData("DateGreaterThan", "\"2020-01-01T00:00:00Z\"", "\"not a date\"", false)]
        public void DateOperators(string op, string values, string request, bool expected)
        {
            Assert.Equal(expected, C(op, "aws:CurrentTime", values, request));
        }

        [Fact]
        public void DateOperators_SeeTheRequestTime_FromTheBuilder()
        {
            string trust = Trust(UserBob, condition: "{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}");
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, trust: trust).Decision); // T.Now is 2026-01-15
            string open = Trust(UserBob, condition: "{\"DateGreaterThan\":{\"aws:EpochTime\":\"1767225600\"}}");
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: open).Decision);
        }

        // ---- Bool
        [Theory]
        [InlineData("\"true\"", "\"true\"", true)]
        [InlineData("true", "true", true)]
        [InlineData("\"true\"", "\"false\"", false)]
        [InlineData("\"false\"", "\"false\"", true)]
        [InlineData("\"true\"", "\"TRUE\"", true)]
        [InlineData("\"true\"", "\"yes\"", false)]
        public void BoolOperator(string values, string request, bool expected)
        {
            Assert.Equal(expected, C("Bool", "aws:MultiFactorAuthPresent", values, request));
        }

        // ---- Binary
        [Fact]
        public void BinaryEquals_ComparesBase64Exactly()
        {
            Assert.True(C("BinaryEquals", "key", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\""));
            Assert.False(C("BinaryEquals", "key", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", "\"qmluyxj5vmfsdwvjbkjhc2u2na==\""));
        }

        // ---- IpAddress / NotIpAddress
        [Theory]
        [InlineData("\"203.0.113.0/24\"", "\"203.0.113.5\"", true)]
        [InlineData("\"203.0.113.0/24\"", "\"203.0.114.5\"", false)]
        [InlineData("\"203.0.113.7\"", "\"203.0.113.7\"", true)]
        [InlineData("\"203.0.113.7/32\"", "\"203.0.113.8\"", false)]
        [InlineData("\"10.0.0.0/8\"", "\"10.255.1.1\"", true)]
        [InlineData("\"0.0.0.0/0\"", "\"192.0.2.1\"", true)]
        [InlineData("\"192.168.0.0/20\"", "\"192.168.15.255\"", true)]
        [InlineData("\"192.168.0.0/20\"", "\"192.168.16.0\"", false)]
        [InlineData("\"2001:DB8:1234:5678::/64\"", "\"2001:db8:1234:5678:abcd::1\"", true)]
        [InlineData("\"2001:DB8:1234:5678::/64\"", "\"2001:db8:1234:5679::1\"", false)]
        [InlineData("\"2001:db8::/32\"", "\"203.0.113.5\"", false)]
        [InlineData("\"203.0.113.0/24\"", "\"2001:db8::1\"", false)]
        [InlineData("\"203.0.113.0/24\"", "\"::ffff:203.0.113.9\"", true)]
        [InlineData("[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]", "\"2001:db8:1234:5678::9\"", true)]
        [InlineData("\"203.0.113.0/24\"", "\"not-an-ip\"", false)]
        public void IpAddress_Cidrs_IPv4AndIPv6(string values, string request, bool expected)
        {
            Assert.Equal(expected, C("IpAddress", "aws:SourceIp", values, request));
        }

        [Theory]
        [InlineData("\"203.0.113.0/24\"", "\"203.0.113.5\"", false)]
        [InlineData("\"203.0.113.0/24\"", "\"198.51.100.1\"", true)]
        [InlineData("[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]", "\"2001:db8:1234:5678::9\"", false)]
        [InlineData("[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]", "\"2001:db8:ffff::9\"", true)]
        public void NotIpAddress_IsTrueOnlyOutsideEveryRange(string values, string request, bool expected)
        {
            Assert.Equal(expected, C("NotIpAddress", "aws:SourceIp", values, request));
        }

        // ---- Arn
        [Theory]
        [InlineData("ArnEquals", "\"arn:aws:sns:us-east-1:123456789012:topic\"", "\"arn:aws:sns:us-east-1:123456789012:topic\"", true)]
        [InlineData("ArnEquals", "\"arn:aws:sns:us-east-1:123456789012:topic\"", "\"arn:aws:sns:us-east-1:123456789012:Topic\"", false)]
        [InlineData("ArnLike", "\"arn:aws:iam::111122223333:role/*\"", "\"arn:aws:iam::111122223333:role/ci/Deploy\"", true)]
        [InlineData("ArnLike", "\"arn:aws:iam::*:role/Deploy\"", "\"arn:aws:iam::444455556666:role/Deploy\"", true)]
        [InlineData("ArnLike", "\"arn:aws:iam::111122223333:role/Dev*\"", "\"arn:aws:iam::111122223333:role/dev1\"", false)]
        [InlineData("ArnLike", "\"arn:aws:iam::111122223333:role/Dev?\"", "\"arn:aws:iam::111122223333:role/Dev1\"", true)]
        [InlineData("ArnLike", "\"arn:aws:iam::1111*:role/X\"", "\"arn:aws:iam::111122223333:role/X\"", true)]
        [InlineData("ArnNotEquals", "\"arn:aws:iam::111122223333:role/Admin\"", "\"arn:aws:iam::111122223333:role/Dev\"", true)]
        [InlineData("ArnNotLike", "[\"arn:aws:iam::111122223333:role/Admin*\",\"arn:aws:iam::111122223333:role/Break*\"]", "\"arn:aws:iam::111122223333:role/AdminOps\"", false)]
        [InlineData("ArnNotLike", "[\"arn:aws:iam::111122223333:role/Admin*\",\"arn:aws:iam::111122223333:role/Break*\"]", "\"arn:aws:iam::111122223333:role/Dev\"", true)]
        public void ArnOperators(string op, string values, string request, bool expected)
        {
            Assert.Equal(expected, C(op, "aws:PrincipalArn", values, request));
        }

        // ---- Null
        [Fact]
        public void Null_True_HoldsWhenKeyAbsent()
        {
            Assert.True(Cond("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}"));
            Assert.False(Cond("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "{\"aws:TokenIssueTime\":\"2026-01-01T00:00:00Z\"}"));
        }

        [Fact]
        public void Null_False_HoldsWhenKeyPresent()
        {
            Assert.True(Cond("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", "{\"aws:TokenIssueTime\":\"2026-01-01T00:00:00Z\"}"));
            Assert.False(Cond("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}"));
        }

        [Fact]
        public void Null_EmptyMultivaluedKey_CountsAsAbsent()
        {
            Assert.True(Cond("{\"Null\":{\"aws:TagKeys\":\"true\"}}", "{\"aws:TagKeys\":[]}"));
        }

        // ---- Key names are case-insensitive, values follow the operator
        [Fact]
        public void ConditionKeyNames_AreCaseInsensitive()
        {
            Assert.True(Cond("{\"StringEquals\":{\"AWS:USERNAME\":\"john\"}}", "{\"aws:username\":\"john\"}"));
            Assert.True(Cond("{\"IpAddress\":{\"aws:SourceIP\":\"203.0.113.0/24\"}}", "{\"AWS:SourceIp\":\"203.0.113.1\"}"));
        }

        [Fact]
        public void TagKeyInConditionKey_MatchesCaseInsensitively()
        {
            Assert.True(Cond("{\"StringEquals\":{\"aws:RequestTag/Dept\":\"eng\"}}", "{\"aws:RequestTag/dept\":\"eng\"}"));
        }

        // ---- Combination
        [Fact]
        public void DifferentOperators_AreAnded()
        {
            string c = "{\"StringEquals\":{\"aws:username\":\"john\"},\"Bool\":{\"aws:SecureTransport\":\"true\"}}";
            Assert.True(Cond(c, "{\"aws:username\":\"john\",\"aws:SecureTransport\":\"true\"}"));
            Assert.False(Cond(c, "{\"aws:username\":\"john\",\"aws:SecureTransport\":\"false\"}"));
        }

        [Fact]
        public void DifferentKeysUnderOneOperator_AreAnded()
        {
            string c = "{\"StringEquals\":{\"aws:username\":\"john\",\"aws:PrincipalTag/team\":\"red\"}}";
            Assert.True(Cond(c, "{\"aws:username\":\"john\",\"aws:PrincipalTag/team\":\"red\"}"));
            Assert.False(Cond(c, "{\"aws:username\":\"john\",\"aws:PrincipalTag/team\":\"blue\"}"));
        }

        [Fact]
        public void OperatorName_WithIfExistsSuffix_IsParsed()
        {
            Assert.True(Cond("{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}", "{\"s3:max-keys\":\"5\"}"));
            Assert.False(Cond("{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}", "{\"s3:max-keys\":\"50\"}"));
        }
    }
}
