using RoleTrust.Engine.Evaluation;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B3 policy variables.</summary>
    public class PolicyVariableTests
    {
        private static bool Res(string pattern, string resource, string context = "{}", string? version = "2012-10-17")
        {
            string v = version == null ? "" : "\"Version\":\"" + version + "\",";
            var doc = Policy("{" + v + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"" + pattern + "\"}]}");
            return doc.Statements[0].MatchesResource(resource, Ctx(context));
        }

        [Fact]
        public void Username_InResource_IsSubstituted()
        {
            Assert.True(Res("arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::bucket/bob/file", "{\"aws:username\":\"bob\"}"));
            Assert.False(Res("arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::bucket/alice/file", "{\"aws:username\":\"bob\"}"));
        }

        [Fact]
        public void Username_IsFilledFromUserPrincipal()
        {
            string identity = Allow(resource: "arn:aws:iam::444455556666:role/${aws:username}-access");
            Assert.Equal(Decision.Allowed, Run("arn:aws:iam::111122223333:user/Bob", resource: "arn:aws:iam::444455556666:role/Bob-access", trust: Trust(A), identity: identity).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run("arn:aws:iam::111122223333:user/Alice", resource: "arn:aws:iam::444455556666:role/Bob-access", trust: Trust(A), identity: identity).Decision);
        }

        [Fact]
        public void PrincipalTag_InCondition_IsSubstituted()
        {
            string c = "{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team}\"}}";
            Assert.True(Cond(c, "{\"aws:PrincipalTag/team\":\"red\",\"aws:ResourceTag/team\":\"red\"}"));
            Assert.False(Cond(c, "{\"aws:PrincipalTag/team\":\"red\",\"aws:ResourceTag/team\":\"blue\"}"));
        }

        [Fact]
        public void PrincipalTag_VariableKey_IsCaseInsensitive()
        {
            Assert.True(Cond("{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/Team}\"}}", "{\"aws:principaltag/team\":\"red\",\"aws:ResourceTag/team\":\"red\"}"));
        }

        [Fact]
        public void Default_IsUsed_WhenKeyMissing()
        {
            string c = "{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team, 'company-wide'}\"}}";
            Assert.True(Cond(c, "{\"aws:ResourceTag/team\":\"company-wide\"}"));
            Assert.True(Cond(c, "{\"aws:PrincipalTag/team\":\"red\",\"aws:ResourceTag/team\":\"red\"}"));
            Assert.False(Cond(c, "{\"aws:PrincipalTag/team\":\"red\",\"aws:ResourceTag/team\":\"company-wide\"}"));
        }

        [Fact]
        public void Default_InResource_IsUsed()
        {
            Assert.True(Res("arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*", "arn:aws:s3:::bucket/company-wide/x"));
        }

        [Fact]
        public void SpecialCharacterVariables_AreLiteral()
        {
            Assert.True(Cond("{\"StringLike\":{\"s3:prefix\":\"a${*}b\"}}", "{\"s3:prefix\":\"a*b\"}"));
            Assert.False(Cond("{\"StringLike\":{\"s3:prefix\":\"a${*}b\"}}", "{\"s3:prefix\":\"axxb\"}"));
            Assert.True(Cond("{\"StringLike\":{\"s3:prefix\":\"a${?}b\"}}", "{\"s3:prefix\":\"a?b\"}"));
            Assert.False(Cond("{\"StringLike\":{\"s3:prefix\":\"a${?}b\"}}", "{\"s3:prefix\":\"axb\"}"));
            Assert.True(Cond("{\"StringEquals\":{\"s3:prefix\":\"cost${$}\"}}", "{\"s3:prefix\":\"cost$\"}"));
        }

        [Fact]
        public void SpecialCharacterVariables_InResource_AreLiteral()
        {
            Assert.True(Res("arn:aws:s3:::bucket/a${*}b", "arn:aws:s3:::bucket/a*b"));
            Assert.False(Res("arn:aws:s3:::bucket/a${*}b", "arn:aws:s3:::bucket/axyzb"));
        }

        [Fact]
        public void SubstitutedValue_WithWildcardCharacters_MatchesOnlyItself()
        {
            // A tag value of "*" must not become a wildcard.
            Assert.False(Cond("{\"StringLike\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team}\"}}", "{\"aws:PrincipalTag/team\":\"*\",\"aws:ResourceTag/team\":\"red\"}"));
            Assert.False(Res("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/anything", "{\"aws:username\":\"*\"}"));
        }

        [Fact]
        public void MissingVersion_MakesVariablesLiteralText()
        {
            Assert.True(Res("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/${aws:username}", "{\"aws:username\":\"bob\"}", version: null));
            Assert.False(Res("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/bob", "{\"aws:username\":\"bob\"}", version: null));
        }

        [Fact]
        public void Version2008_MakesVariablesLiteralText()
        {
            Assert.False(Res("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/bob", "{\"aws:username\":\"bob\"}", version: "2008-10-17"));
            Assert.True(Cond("{\"StringEquals\":{\"s3:prefix\":\"${aws:username}\"}}", "{\"s3:prefix\":\"${aws:username}\",\"aws:username\":\"bob\"}", version: "2008-10-17"));
            Assert.False(Cond("{\"StringEquals\":{\"s3:prefix\":\"${aws:username}\"}}", "{\"s3:prefix\":\"bob\",\"aws:username\":\"bob\"}", version: "2008-10-17"));
        }

        [Fact]
        public void UnresolvedVariable_PositiveOperator_Fails()
        {
            Assert.False(Cond("{\"StringEquals\":{\"sts:RoleSessionName\":\"${aws:username}\"}}", "{\"sts:RoleSessionName\":\"bob\"}"));
            Assert.False(Cond("{\"StringLike\":{\"sts:RoleSessionName\":\"${aws:username}*\"}}", "{\"sts:RoleSessionName\":\"bob\"}"));
            Assert.False(Cond("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/${aws:username}\"}}", "{\"aws:PrincipalArn\":\"arn:aws:iam::1:user/bob\"}"));
            Assert.False(Res("arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::bucket/bob/x"));
        }

        [Fact]
        public void UnresolvedVariable_NegatedOperator_Succeeds()
        {
            Assert.True(Cond("{\"StringNotEquals\":{\"sts:RoleSessionName\":\"${aws:username}\"}}", "{\"sts:RoleSessionName\":\"bob\"}"));
            Assert.True(Cond("{\"StringNotLike\":{\"sts:RoleSessionName\":\"${aws:username}\"}}", "{\"sts:RoleSessionName\":\"bob\"}"));
            Assert.True(Cond("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/${aws:username}\"}}", "{\"aws:PrincipalArn\":\"arn:aws:iam::1:user/bob\"}"));
        }

        // IAM User Guide, Policy variables with no value: an entry of Resource or NotResource whose variable has no value
        // matches no resource, so a NotResource statement still reaches the request (here a role session, which has no
        // aws:username).
        [Fact]
        public void UnresolvedVariable_InNotResource_MatchesNothing_SoTheStatementApplies()
        {
            string notResource(string effect) => "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"s3:GetObject\","
                + "\"NotResource\":\"arn:aws:s3:::bucket/${aws:username}/*\"}]}";
            var denied = Run(SessionCaller, resource: "arn:aws:s3:::bucket/Caller/x", action: "s3:GetObject", resourceAccount: A,
                identity: "[" + FullAccess + "," + notResource("Deny") + "]");
            Assert.Equal(Decision.ExplicitlyDenied, denied.Decision);
            var allowed = Run(SessionCaller, resource: "arn:aws:s3:::bucket/Caller/x", action: "s3:GetObject", resourceAccount: A, identity: notResource("Allow"));
            Assert.Equal(Decision.Allowed, allowed.Decision);
        }

        [Fact]
        public void RoleSessionName_MustEqualUsername_FailsForRoleSessionCallers()
        {
            // Catalogue 11e: ${aws:username} resolves only for IAM users.
            string trust = Trust(A, condition: "{\"StringEquals\":{\"sts:RoleSessionName\":\"${aws:username}\"}}");
            Assert.Equal(Decision.Allowed, Run(UserBob, trust: trust, identity: Allow(), context: "{\"sts:RoleSessionName\":\"Bob\"}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(SessionCaller, trust: trust, identity: Allow(), context: "{\"sts:RoleSessionName\":\"Caller\"}").Decision);
        }

        [Fact]
        public void MultivaluedKey_CannotBeAVariable()
        {
            Assert.False(Cond("{\"StringEquals\":{\"s3:prefix\":\"${aws:TagKeys}\"}}", "{\"s3:prefix\":\"a\",\"aws:TagKeys\":[\"a\"]}"));
        }

        [Fact]
        public void Variables_AreNotSubstituted_InNumericOperators()
        {
            Assert.Throws<Policies.PolicyFormatException>(() => Cond("{\"NumericEquals\":{\"s3:max-keys\":\"${aws:username}\"}}"));
        }

        [Fact]
        public void Substitute_ReturnsNull_ForUnresolvedVariable()
        {
            Assert.Null(PolicyVariables.Substitute("x/${aws:username}", Ctx(), asPattern: false));
            Assert.Equal("x/bob", PolicyVariables.Substitute("x/${aws:username}", Ctx("{\"aws:username\":\"bob\"}"), asPattern: false));
            Assert.Equal("x/fallback", PolicyVariables.Substitute("x/${aws:username, 'fallback'}", Ctx(), asPattern: false));
        }

        [Fact]
        public void PrincipalArnKey_ForSessions_IsTheRoleArn_WithPathFromContext()
        {
            var req = Request(CaseJson(SessionCaller, trust: Trust(A), context: "{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/ci/Caller\"}"));
            Assert.Equal("/ci/", req.Principal.Path);
            var plain = Request(CaseJson(SessionCaller, trust: Trust(A)));
            Assert.Equal("arn:aws:iam::111122223333:role/Caller", plain.Context.GetSingle("aws:PrincipalArn"));
            Assert.Null(plain.Context.GetSingle("aws:username"));
        }
    }
}
