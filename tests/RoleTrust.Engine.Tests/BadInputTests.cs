using System;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Bad input must be refused with a stable ErrorId, never turned into a decision.</summary>
    public class BadInputTests
    {
        private static PolicyFormatException Parse(string json, PolicyType type = PolicyType.Identity) => Refused(() => Policy(json, type));

        [Theory]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",}]}")]
        [InlineData("{\"Version\":\"2012-10-17\"")]
        [InlineData("not json")]
        [InlineData("   ")]
        public void MalformedJson_IsInvalidPolicyJson(string text)
        {
            Assert.Equal(PolicyErrorIds.InvalidPolicyJson, Parse(text).ErrorId);
        }

        [Fact]
        public void MalformedJson_ThroughCase_IsRefused_NotDecided()
        {
            var ex = Refused(() => Eval(CaseJson(UserBob, trust: "\"{\\\"Version\\\": \"")));
            Assert.Equal(PolicyErrorIds.InvalidPolicyJson, ex.ErrorId);
        }

        [Fact]
        public void DeeplyNestedJson_IsInvalidPolicyJson()
        {
            string deep = "{\"Version\":\"2012-10-17\",\"Statement\":" + new string('[', 100) + new string(']', 100) + "}";
            Assert.Equal(PolicyErrorIds.InvalidPolicyJson, Parse(deep).ErrorId);
        }

        [Fact]
        public void HugeDocument_IsPolicyTooLarge()
        {
            var sb = new System.Text.StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
            for (int i = 0; i < 3000; i++) sb.Append(i == 0 ? "" : ",").Append("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-").Append(i).Append("/*\"}");
            sb.Append("]}");
            Assert.True(sb.Length > PolicyParser.MaxPolicyLength);
            Assert.Equal(PolicyErrorIds.PolicyTooLarge, Parse(sb.ToString()).ErrorId);
        }

        [Fact]
        public void EmptyStatementArray_IsEmptyStatement()
        {
            Assert.Equal(PolicyErrorIds.EmptyStatement, Parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}").ErrorId);
        }

        [Fact]
        public void MissingStatement_IsEmptyStatement()
        {
            Assert.Equal(PolicyErrorIds.EmptyStatement, Parse("{\"Version\":\"2012-10-17\"}").ErrorId);
        }

        [Fact]
        public void UnknownStatementElement_IsInvalidPolicyElement_NamingIt()
        {
            var ex = Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Conditions\":{}}]}");
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
            Assert.Equal("Conditions", ex.OffendingValue);
            Assert.Contains("Conditions", ex.Message);
        }

        [Fact]
        public void UnknownTopLevelElement_IsInvalidPolicyElement()
        {
            var ex = Parse("{\"Version\":\"2012-10-17\",\"Statements\":[]}");
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
            Assert.Equal("Statements", ex.OffendingValue);
        }

        [Fact]
        public void UnknownConditionOperator_IsNamed()
        {
            var ex = Parse(Allow(condition: "{\"StringEqualz\":{\"aws:username\":\"bob\"}}"));
            Assert.Equal(PolicyErrorIds.UnknownConditionOperator, ex.ErrorId);
            Assert.Equal("StringEqualz", ex.OffendingValue);
            Assert.Contains("StringEqualz", ex.Message);
        }

        [Theory]
        [InlineData("NullIfExists")]
        [InlineData("ForAllValues:Null")]
        [InlineData("ForSomeValues:StringEquals")]
        public void InvalidOperatorForms_AreUnknownConditionOperator(string op)
        {
            var ex = Parse(Allow(condition: "{\"" + op + "\":{\"aws:username\":\"true\"}}"));
            Assert.Equal(PolicyErrorIds.UnknownConditionOperator, ex.ErrorId);
            Assert.Equal(op, ex.OffendingValue);
        }

        [Theory]
        [InlineData("\"Effect\":1,\"Action\":\"*\",\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":[\"s3:*\",7],\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":{\"a\":1}")]
        [InlineData("\"Sid\":3,\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":[]")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":\"x\"}")]
        public void WrongTypes_AreInvalidPolicyElement(string statementBody)
        {
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{" + statementBody + "}]}").ErrorId);
        }

        [Fact]
        public void PolicyThatIsNotAnObject_IsRefused()
        {
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, Parse("[1,2]").ErrorId);
        }

        [Theory]
        [InlineData("\"2012-10-18\"")]
        [InlineData("2012")]
        public void InvalidVersion_IsRefused(string version)
        {
            var ex = Parse("{\"Version\":" + version + ",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            Assert.Equal(PolicyErrorIds.InvalidPolicyElement, ex.ErrorId);
        }

        [Theory]
        [InlineData("sts")]
        [InlineData("AssumeRole")]
        [InlineData("sts:")]
        [InlineData(":AssumeRole")]
        public void InvalidAction_IsInvalidAction(string action)
        {
            var ex = Parse(Allow(action));
            Assert.Equal(PolicyErrorIds.InvalidAction, ex.ErrorId);
            Assert.Equal(action, ex.OffendingValue);
        }

        [Theory]
        [InlineData("role/Target")]
        [InlineData("arn:aws:iam")]
        [InlineData("arn:aws:iam::111122223333")]
        public void InvalidResourceArn_IsInvalidArn(string resource)
        {
            var ex = Parse(Allow(resource: resource));
            Assert.Equal(PolicyErrorIds.InvalidArn, ex.ErrorId);
            Assert.Equal(resource, ex.OffendingValue);
        }

        [Theory]
        [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:role/Dev*\"}")]
        [InlineData("{\"AWS\":\"arn:aws:iam::1111:user/Bob\"}")]
        [InlineData("{\"AWS\":\"bob\"}")]
        [InlineData("{\"AWS\":\"arn:aws:s3:::bucket\"}")]
        [InlineData("\"arn:aws:iam::111122223333:root\"")]
        [InlineData("{\"Unknown\":\"x\"}")]
        [InlineData("{}")]
        [InlineData("{\"Service\":\"*\"}")]
        [InlineData("[\"*\"]")]
        public void InvalidPrincipal_IsInvalidPrincipal(string principal)
        {
            Assert.Equal(PolicyErrorIds.InvalidPrincipal, Parse(Trust(principal), PolicyType.Resource).ErrorId);
        }

        [Theory]
        [InlineData("NumericLessThan", "ten")]
        [InlineData("DateGreaterThan", "yesterday")]
        [InlineData("IpAddress", "10.0.0.0/33")]
        [InlineData("IpAddress", "10.1")]
        [InlineData("IpAddress", "not-an-ip")]
        [InlineData("Bool", "yes")]
        [InlineData("Null", "maybe")]
        public void InvalidConditionValue_IsInvalidConditionValue(string op, string value)
        {
            var ex = Parse(Allow(condition: "{\"" + op + "\":{\"aws:SomeKey\":\"" + value + "\"}}"));
            Assert.Equal(PolicyErrorIds.InvalidConditionValue, ex.ErrorId);
            Assert.Equal(value, ex.OffendingValue);
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"aws:username\":[]}}")]
        [InlineData("{\"StringEquals\":{\"aws:username\":{\"a\":1}}}")]
        [InlineData("{\"StringEquals\":{\"aws:username\":null}}")]
        public void EmptyOrNonScalarConditionValues_AreInvalidConditionValue(string condition)
        {
            Assert.Equal(PolicyErrorIds.InvalidConditionValue, Parse(Allow(condition: condition)).ErrorId);
        }

        [Theory]
        [InlineData("bob")]
        [InlineData("arn:aws:iam::1111:user/Bob")]
        [InlineData("arn:aws:s3:::bucket")]
        [InlineData("arn:aws:sts::111122223333:assumed-role/OnlyRole")]
        public void InvalidCasePrincipal_IsInvalidArn(string principal)
        {
            var ex = Refused(() => Eval(CaseJson(principal, trust: Trust(UserBob))));
            Assert.Equal(PolicyErrorIds.InvalidArn, ex.ErrorId);
            Assert.Equal(principal, ex.OffendingValue);
        }

        [Fact]
        public void InvalidCaseResource_IsInvalidArn()
        {
            Assert.Equal(PolicyErrorIds.InvalidArn, Refused(() => Eval(CaseJson(UserBob, resource: "role/Target"))).ErrorId);
        }

        [Fact]
        public void InvalidCaseAction_IsInvalidAction()
        {
            Assert.Equal(PolicyErrorIds.InvalidAction, Refused(() => Eval(CaseJson(UserBob, action: "AssumeRole"))).ErrorId);
        }

        [Fact]
        public void InvalidResourceAccount_IsInvalidRequest()
        {
            Assert.Equal(PolicyErrorIds.InvalidRequest, Refused(() => Eval(CaseJson(UserBob, resourceAccount: "12345"))).ErrorId);
        }

        [Fact]
        public void MissingPrincipal_IsInvalidRequest()
        {
            var c = Case("{\"resource\":\"" + RoleTarget + "\"}");
            Assert.Equal(PolicyErrorIds.InvalidRequest, Refused(() => new PolicyCaseBuilder().Build(c, Now)).ErrorId);
        }

        [Fact]
        public void ContextThatIsNotAnObject_IsInvalidRequest()
        {
            Assert.Equal(PolicyErrorIds.InvalidRequest, Refused(() => Eval(CaseJson(UserBob, context: "[1]"))).ErrorId);
        }

        [Fact]
        public void ContextValueThatIsAnObject_IsInvalidRequest()
        {
            Assert.Equal(PolicyErrorIds.InvalidRequest, Refused(() => Eval(CaseJson(UserBob, context: "{\"aws:SourceIp\":{\"a\":1}}"))).ErrorId);
        }

        [Fact]
        public void PolicyGivenAsNumber_IsInvalidPolicyJson()
        {
            Assert.Equal(PolicyErrorIds.InvalidPolicyJson, Refused(() => Eval(CaseJson(UserBob, trust: "42"))).ErrorId);
        }

        [Fact]
        public void BadPolicyInAnyLayer_IsRefused()
        {
            string bad = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
            Assert.Throws<PolicyFormatException>(() => Eval(CaseJson(UserBob, trust: Trust(UserBob), identity: bad)));
            Assert.Throws<PolicyFormatException>(() => Eval(CaseJson(UserBob, trust: Trust(UserBob), boundary: bad)));
            Assert.Throws<PolicyFormatException>(() => Eval(CaseJson(UserBob, trust: Trust(UserBob), scps: "[[" + bad + "]]")));
            Assert.Throws<PolicyFormatException>(() => Eval(CaseJson(UserBob, trust: Trust(UserBob), rcps: "[[" + bad + "]]")));
            Assert.Throws<PolicyFormatException>(() => Eval(CaseJson(UserBob, trust: Trust(UserBob), vpce: bad)));
        }

        [Fact]
        public void UnknownCaseField_IsCaseFormatException()
        {
            var ex = Assert.Throws<CaseFormatException>(() => Case("{\"principal\":\"" + UserBob + "\",\"trustPolcy\":{}}"));
            Assert.Contains("trustPolcy", ex.Message);
        }

        [Fact]
        public void CaseThatIsNotAnObject_IsCaseFormatException()
        {
            Assert.Throws<CaseFormatException>(() => Case("[1]"));
        }

        [Fact]
        public void CasePrincipalOfWrongType_IsCaseFormatException()
        {
            Assert.Throws<CaseFormatException>(() => Case("{\"principal\":[\"a\"]}"));
        }
    }
}
