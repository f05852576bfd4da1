using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B3 set operators: ForAllValues vacuously true for missing/empty; ForAnyValue false.</summary>
    public class SetOperatorTests
    {
        private const string Allowed = "[\"environment\",\"cost-center\"]";

        private static bool Set(string op, string request, string values = Allowed)
            => Cond("{\"" + op + "\":{\"aws:TagKeys\":" + values + "}}", request == null ? "{}" : "{\"aws:TagKeys\":" + request + "}");

        [Fact]
        public void ForAllValues_AllRequestValuesInPolicy_IsTrue()
        {
            Assert.True(Set("ForAllValues:StringEquals", "[\"environment\"]"));
            Assert.True(Set("ForAllValues:StringEquals", "[\"environment\",\"cost-center\"]"));
        }

        [Fact]
        public void ForAllValues_OneRequestValueOutsidePolicy_IsFalse()
        {
            Assert.False(Set("ForAllValues:StringEquals", "[\"environment\",\"owner\"]"));
        }

        [Fact]
        public void ForAllValues_MissingKey_IsTrue()
        {
            Assert.True(Set("ForAllValues:StringEquals", null!));
        }

        [Fact]
        public void ForAllValues_EmptySet_IsTrue()
        {
            Assert.True(Set("ForAllValues:StringEquals", "[]"));
        }

        [Fact]
        public void ForAnyValue_OneMatch_IsTrue()
        {
            Assert.True(Set("ForAnyValue:StringEquals", "[\"owner\",\"environment\"]"));
        }

        [Fact]
        public void ForAnyValue_NoMatch_IsFalse()
        {
            Assert.False(Set("ForAnyValue:StringEquals", "[\"owner\"]"));
        }

        [Fact]
        public void ForAnyValue_MissingKey_IsFalse()
        {
            Assert.False(Set("ForAnyValue:StringEquals", null!));
        }

        [Fact]
        public void ForAnyValue_EmptySet_IsFalse()
        {
            Assert.False(Set("ForAnyValue:StringEquals", "[]"));
        }

        [Fact]
        public void ForAllValues_StringLike_UsesWildcards()
        {
            Assert.True(Set("ForAllValues:StringLike", "[\"env-prod\",\"env-dev\"]", "\"env-*\""));
            Assert.False(Set("ForAllValues:StringLike", "[\"env-prod\",\"team\"]", "\"env-*\""));
        }

        [Fact]
        public void ForAllValues_StringNotEquals_TrueWhenNoRequestValueIsListed()
        {
            Assert.True(Set("ForAllValues:StringNotEquals", "[\"owner\",\"team\"]"));
            Assert.False(Set("ForAllValues:StringNotEquals", "[\"owner\",\"environment\"]"));
        }

        [Fact]
        public void ForAllValues_StringNotEquals_MissingKey_IsTrue()
        {
            Assert.True(Set("ForAllValues:StringNotEquals", null!));
        }

        [Fact]
        public void ForAnyValue_StringNotEquals_TrueWhenSomeRequestValueIsNotListed()
        {
            Assert.True(Set("ForAnyValue:StringNotEquals", "[\"environment\",\"owner\"]"));
            Assert.False(Set("ForAnyValue:StringNotEquals", "[\"environment\",\"cost-center\"]"));
        }

        [Fact]
        public void ForAnyValue_StringNotEquals_MissingKey_IsFalse()
        {
            Assert.False(Set("ForAnyValue:StringNotEquals", null!));
        }

        [Fact]
        public void SetOperators_AreCaseSensitiveForStringEquals()
        {
            Assert.False(Set("ForAllValues:StringEquals", "[\"Environment\"]"));
            Assert.True(Set("ForAllValues:StringEqualsIgnoreCase", "[\"Environment\"]"));
        }

        [Fact]
        public void ForAllValues_OnSingleValuedKey_TestsThatValue()
        {
            Assert.True(Cond("{\"ForAllValues:StringEquals\":{\"aws:PrincipalTag/team\":[\"red\",\"blue\"]}}", "{\"aws:PrincipalTag/team\":\"red\"}"));
            Assert.False(Cond("{\"ForAllValues:StringEquals\":{\"aws:PrincipalTag/team\":[\"red\",\"blue\"]}}", "{\"aws:PrincipalTag/team\":\"green\"}"));
        }

        [Fact]
        public void ForAllValues_OnSub_PassesWhenClaimMissing_OverPermissive()
        {
            // Catalogue check 22.7: ForAllValues:StringLike on a missing sub passes.
            string c = "{\"ForAllValues:StringLike\":{\"token.actions.githubusercontent.com:sub\":\"repo:Org/app:*\"}}";
            Assert.True(Cond(c));
        }

        [Fact]
        public void SingleValuedOperator_OnMultivaluedKey_DoesNotMatch_ASetOperatorIsRequired()
        {
            Assert.False(Cond("{\"StringEquals\":{\"aws:TagKeys\":\"owner\"}}", "{\"aws:TagKeys\":[\"a\",\"owner\"]}"));
            Assert.False(Cond("{\"StringEquals\":{\"aws:TagKeys\":\"owner\"}}", "{\"aws:TagKeys\":[\"a\",\"b\"]}"));
            Assert.False(Cond("{\"StringEqualsIfExists\":{\"aws:TagKeys\":\"owner\"}}", "{\"aws:TagKeys\":[\"owner\",\"b\"]}"));
        }

        [Fact]
        public void SingleValuedNegatedOperator_OnMultivaluedKey_DoesNotMatchEither()
        {
            Assert.False(Cond("{\"StringNotEquals\":{\"aws:TagKeys\":\"owner\"}}", "{\"aws:TagKeys\":[\"a\",\"owner\"]}"));
            Assert.False(Cond("{\"StringNotEquals\":{\"aws:TagKeys\":\"owner\"}}", "{\"aws:TagKeys\":[\"a\",\"b\"]}"));
        }

        [Fact]
        public void SingleValuedOperator_OnOneElementArray_ComparesTheValue()
        {
            Assert.True(Cond("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}", "{\"aws:PrincipalTag/team\":[\"red\"]}"));
        }

        // A plain operator on a key given as a one-value list: AWS requires a set operator for multivalued keys and does
        // not say what a plain one does. The decision reads the list as its value; when reading it as matching nothing
        // would decide otherwise, the result says so.
        private static Evaluation.EvaluationResult TagRequest(string condition, string tagKeys, string effect = "Allow") =>
            Run(UserBob, resource: "arn:aws:s3:::bucket", action: "s3:ListBucket", resourceAccount: A,
                identity: effect == "Allow" ? Allow("s3:ListBucket", condition: condition)
                    : "[" + FullAccess + "," + Deny("s3:ListBucket", condition: condition) + "]",
                context: "{\"aws:TagKeys\":" + tagKeys + "}");

        [Fact]
        public void PlainOperator_OnOneValueList_WarnsWhenTheOtherReadingDecidesOtherwise()
        {
            var allowed = TagRequest("{\"StringEquals\":{\"aws:TagKeys\":\"env\"}}", "[\"env\"]");
            Assert.Equal(Decision.Allowed, allowed.Decision);
            Assert.Contains(allowed.Warnings, w => w.Contains("aws:TagKeys") && w.Contains("ForAnyValue") && w.Contains("ImplicitlyDenied"));

            var denied = TagRequest("{\"StringNotEquals\":{\"aws:TagKeys\":\"owner\"}}", "[\"env\"]", effect: "Deny");
            Assert.Equal(Decision.ExplicitlyDenied, denied.Decision);
            Assert.Contains(denied.Warnings, w => w.Contains("aws:TagKeys") && w.Contains("Allowed"));
        }

        [Fact]
        public void PlainOperator_NoWarning_WithASetOperatorOrAScalarOrWhenTheDecisionDoesNotDependOnIt()
        {
            Assert.Empty(TagRequest("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"env\"}}", "[\"env\"]").Warnings);
            Assert.Empty(TagRequest("{\"StringEquals\":{\"aws:TagKeys\":\"env\"}}", "\"env\"").Warnings);
            // Several values: a plain operator matches nothing under either reading.
            Assert.Empty(TagRequest("{\"StringEquals\":{\"aws:TagKeys\":\"env\"}}", "[\"env\",\"owner\"]").Warnings);
            // Another statement allows anyway.
            var both = Run(UserBob, resource: "arn:aws:s3:::bucket", action: "s3:ListBucket", resourceAccount: A,
                identity: "[" + FullAccess + "," + Allow("s3:ListBucket", condition: "{\"StringEquals\":{\"aws:TagKeys\":\"env\"}}") + "]",
                context: "{\"aws:TagKeys\":[\"env\"]}");
            Assert.Equal(Decision.Allowed, both.Decision);
            Assert.Empty(both.Warnings);
        }

        [Fact]
        public void ForAllValuesIfExists_MissingKey_IsTrue_AndForAnyValueIfExists_MissingKey_IsTrue()
        {
            Assert.True(Set("ForAllValues:StringEqualsIfExists", null!));
            Assert.True(Set("ForAnyValue:StringEqualsIfExists", null!));
        }
    }
}
