using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Catalogue B3, Action.</summary>
    public class ActionMatchingTests
    {
        private static bool Matches(string actionJson, string action, bool not = false)
        {
            var doc = Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"" + (not ? "NotAction" : "Action") + "\":" + actionJson + ",\"Resource\":\"*\"}]}");
            return doc.Statements[0].MatchesAction(action);
        }

        [Theory]
        [InlineData("\"sts:AssumeRole\"", "sts:AssumeRole")]
        [InlineData("\"STS:assumerole\"", "sts:AssumeRole")]
        [InlineData("\"sts:AssumeRole\"", "STS:ASSUMEROLE")]
        [InlineData("\"sts:*\"", "sts:AssumeRole")]
        [InlineData("\"*\"", "sts:AssumeRole")]
        [InlineData("\"sts:Assume*\"", "sts:AssumeRoleWithSAML")]
        [InlineData("\"STS:ASSUME*\"", "sts:AssumeRole")]
        [InlineData("\"sts:*Role\"", "sts:AssumeRole")]
        [InlineData("\"sts:AssumeRol?\"", "sts:AssumeRole")]
        [InlineData("\"sts:??????????\"", "sts:AssumeRole")]
        [InlineData("[\"s3:GetObject\",\"sts:AssumeRole\"]", "sts:AssumeRole")]
        public void Action_Matches_CaseInsensitively_WithWildcards(string pattern, string action)
        {
            Assert.True(Matches(pattern, action));
        }

        [Theory]
        [InlineData("\"sts:AssumeRoleWithSAML\"", "sts:AssumeRole")]
        [InlineData("\"sts:AssumeRole\"", "sts:AssumeRoleWithWebIdentity")]
        [InlineData("\"s3:*\"", "sts:AssumeRole")]
        [InlineData("\"st*:Get*\"", "sts:AssumeRole")]
        [InlineData("\"sts:AssumeRol?\"", "sts:AssumeRoles")]
        [InlineData("\"sts:?ssumeRole?\"", "sts:AssumeRole")]
        [InlineData("\"iam:*\"", "sts:AssumeRole")]
        public void Action_DoesNotMatch_OtherActions(string pattern, string action)
        {
            Assert.False(Matches(pattern, action));
        }

        [Fact]
        public void NotAction_IamStar_GrantsAssumeRole()
        {
            Assert.True(Matches("\"iam:*\"", "sts:AssumeRole", not: true));
        }

        [Fact]
        public void NotAction_ListingTheAction_ExcludesIt()
        {
            Assert.False(Matches("[\"sts:*\"]", "sts:AssumeRole", not: true));
            Assert.False(Matches("\"STS:AssumeRole\"", "sts:AssumeRole", not: true));
        }

        [Fact]
        public void AllowNotAction_IamStar_AllowsAssumeRole_EndToEnd()
        {
            string identity = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}";
            var r = Run(ExtUser, trust: Trust(B), identity: identity);
            Assert.Equal(Decision.Allowed, r.Decision);
        }
    }

    /// <summary>Catalogue B3, Resource: ARN match, per segment, case-sensitive.</summary>
    public class ResourceMatchingTests
    {
        private static bool Matches(string resourceJson, string resource, bool not = false, string context = "{}", string version = "2012-10-17")
        {
            var doc = Policy("{\"Version\":\"" + version + "\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"" + (not ? "NotResource" : "Resource") + "\":" + resourceJson + "}]}");
            return doc.Statements[0].MatchesResource(resource, Ctx(context));
        }

        [Fact]
        public void Resource_ExactRoleArn_Matches()
        {
            Assert.True(Matches("\"arn:aws:iam::111122223333:role/Deploy\"", "arn:aws:iam::111122223333:role/Deploy"));
        }

        [Fact]
        public void Resource_RoleWithoutPath_DoesNotMatch_RoleWithPath()
        {
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/Deploy\"", "arn:aws:iam::111122223333:role/ci/Deploy"));
        }

        [Fact]
        public void Resource_RoleStar_MatchesEveryPath()
        {
            Assert.True(Matches("\"arn:aws:iam::111122223333:role/*\"", "arn:aws:iam::111122223333:role/ci/deep/Deploy"));
            Assert.True(Matches("\"arn:aws:iam::111122223333:role/*\"", "arn:aws:iam::111122223333:role/Deploy"));
        }

        [Fact]
        public void Resource_IsCaseSensitive()
        {
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/deploy\"", "arn:aws:iam::111122223333:role/Deploy"));
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/dep*\"", "arn:aws:iam::111122223333:role/Deploy"));
        }

        [Fact]
        public void Resource_QuestionMark_MatchesOneCharacter()
        {
            Assert.True(Matches("\"arn:aws:iam::111122223333:role/Deplo?\"", "arn:aws:iam::111122223333:role/Deploy"));
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/Deplo?\"", "arn:aws:iam::111122223333:role/Deployer"));
        }

        [Fact]
        public void Resource_WildcardAccount_Matches()
        {
            Assert.True(Matches("\"arn:aws:iam::*:role/Deploy\"", "arn:aws:iam::444455556666:role/Deploy"));
        }

        [Fact]
        public void Resource_OtherAccount_DoesNotMatch()
        {
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/Deploy\"", "arn:aws:iam::444455556666:role/Deploy"));
        }

        [Fact]
        public void Resource_MidSegmentStar_StaysInItsSegment()
        {
            Assert.True(Matches("\"arn:aws:ec2:us-*-1:111122223333:instance/i-1\"", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
            Assert.False(Matches("\"arn:aws:ec2:us-*-1:111122223333:instance/i-1\"", "arn:aws:ec2:us-east-2:111122223333:instance/i-1"));
        }

        [Fact]
        public void Resource_QuestionMark_DoesNotMatchColon()
        {
            Assert.False(Matches("\"arn:aws:iam:?:111122223333:role/Deploy\"", "arn:aws:iam::111122223333:role/Deploy"));
        }

        [Fact]
        public void Resource_StarInResourcePart_SpansSlashes()
        {
            Assert.True(Matches("\"arn:aws:s3:::*log*\"", "arn:aws:s3:::carlossalazar-logs"));
            Assert.True(Matches("\"arn:aws:s3:::bucket/*\"", "arn:aws:s3:::bucket/a/b/c.txt"));
        }

        [Fact]
        public void Resource_Star_MatchesAnything()
        {
            Assert.True(Matches("\"*\"", "arn:aws:iam::111122223333:role/x"));
        }

        [Fact]
        public void Resource_AnyOfList_Matches()
        {
            Assert.True(Matches("[\"arn:aws:iam::111122223333:role/A\",\"arn:aws:iam::111122223333:role/B\"]", "arn:aws:iam::111122223333:role/B"));
        }

        [Fact]
        public void NotResource_InvertsMatch()
        {
            Assert.False(Matches("\"arn:aws:iam::111122223333:role/Deploy\"", "arn:aws:iam::111122223333:role/Deploy", not: true));
            Assert.True(Matches("\"arn:aws:iam::111122223333:role/Deploy\"", "arn:aws:iam::111122223333:role/Other", not: true));
        }

        [Fact]
        public void DenyNotResource_DeniesEveryRoleNotListed()
        {
            string identity = "[" + FullAccess + ",{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"NotResource\":\"arn:aws:iam::444455556666:role/Allowed\"}]}]";
            var denied = Run(ExtUser, resource: RoleTarget, trust: Trust(B), identity: identity);
            Assert.Equal(Decision.ExplicitlyDenied, denied.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, denied.DecidingLayer);
            var allowed = Run(ExtUser, resource: "arn:aws:iam::444455556666:role/Allowed", trust: Trust(B), identity: identity);
            Assert.Equal(Decision.Allowed, allowed.Decision);
        }
    }

    /// <summary>Catalogue B3 and check 7: Principal element forms.</summary>
    public class PrincipalMatchingTests
    {
        private static PrincipalMatch Match(string principalJson, string caller)
        {
            var doc = Policy(Trust(principalJson), PolicyType.Resource);
            return doc.Statements[0].MatchPrincipal(PrincipalIdentity.Parse(caller));
        }

        [Fact]
        public void AccountRootArn_MatchesAnyPrincipalOfThatAccount_AsAccount()
        {
            Assert.Equal(PrincipalMatch.Account, Match("arn:aws:iam::111122223333:root", UserBob));
            Assert.Equal(PrincipalMatch.Account, Match("arn:aws:iam::111122223333:root", SessionCaller));
            Assert.Equal(PrincipalMatch.Account, Match("arn:aws:iam::111122223333:root", RoleCaller));
        }

        [Fact]
        public void BareAccountId_MatchesAsAccount()
        {
            Assert.Equal(PrincipalMatch.Account, Match("111122223333", UserBob));
        }

        [Fact]
        public void Account_DoesNotMatch_OtherAccount()
        {
            Assert.Equal(PrincipalMatch.None, Match("111122223333", ExtUser));
        }

        [Fact]
        public void UserArn_MatchesExactUserOnly()
        {
            Assert.Equal(PrincipalMatch.User, Match(UserBob, UserBob));
            Assert.Equal(PrincipalMatch.None, Match(UserBob, "arn:aws:iam::111122223333:user/bob"));
            Assert.Equal(PrincipalMatch.None, Match(UserBob, "arn:aws:iam::111122223333:user/team/Bob"));
        }

        [Fact]
        public void RoleArn_MatchesSessionsOfThatRole()
        {
            Assert.Equal(PrincipalMatch.Role, Match(RoleCaller, SessionCaller));
            Assert.Equal(PrincipalMatch.Role, Match(RoleCaller, RoleCaller));
            Assert.Equal(PrincipalMatch.None, Match(RoleCaller, "arn:aws:sts::111122223333:assumed-role/Other/s1"));
        }

        [Fact]
        public void RoleArnWithPath_DoesNotMatchSessionWhosePathDiffers()
        {
            var doc = Policy(Trust("arn:aws:iam::111122223333:role/ci/Caller"), PolicyType.Resource);
            var session = PrincipalIdentity.Parse(SessionCaller).With(rolePath: "/other/");
            Assert.Equal(PrincipalMatch.None, doc.Statements[0].MatchPrincipal(session));
            Assert.Equal(PrincipalMatch.Role, doc.Statements[0].MatchPrincipal(PrincipalIdentity.Parse(SessionCaller).With(rolePath: "/ci/")));
        }

        [Fact]
        public void SessionArn_MatchesExactSessionNameOnly()
        {
            Assert.Equal(PrincipalMatch.Session, Match(SessionCaller, SessionCaller));
            Assert.Equal(PrincipalMatch.None, Match(SessionCaller, "arn:aws:sts::111122223333:assumed-role/Caller/s2"));
        }

        [Theory]
        [InlineData("\"*\"")]
        [InlineData("{\"AWS\":\"*\"}")]
        public void Star_MatchesEveryone_AsWildcard(string principal)
        {
            Assert.Equal(PrincipalMatch.Wildcard, Match(principal, UserBob));
            Assert.Equal(PrincipalMatch.Wildcard, Match(principal, ExtUser));
        }

        [Fact]
        public void ServicePrincipal_MatchesOnlyThatService()
        {
            Assert.Equal(PrincipalMatch.Service, Match("{\"Service\":\"ec2.amazonaws.com\"}", "ec2.amazonaws.com"));
            Assert.Equal(PrincipalMatch.None, Match("{\"Service\":\"ec2.amazonaws.com\"}", "lambda.amazonaws.com"));
            Assert.Equal(PrincipalMatch.None, Match("{\"Service\":\"ec2.amazonaws.com\"}", UserBob));
        }

        [Fact]
        public void FederatedPrincipal_MatchesProviderArn()
        {
            const string provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
            Assert.Equal(PrincipalMatch.Federated, Match("{\"Federated\":\"" + provider + "\"}", provider));
            Assert.Equal(PrincipalMatch.None, Match("{\"Federated\":\"" + provider + "\"}", UserBob));
        }

        [Fact]
        public void UniqueId_MatchesOnlyThePrincipalWithThatId()
        {
            const string id = "AIDAEXAMPLEEXAMPLE123";
            Assert.Equal(PrincipalMatch.None, Match(id, UserBob));
            var doc = Policy(Trust(id), PolicyType.Resource);
            Assert.Equal(PrincipalMatch.User, doc.Statements[0].MatchPrincipal(PrincipalIdentity.Parse(UserBob).With(uniqueId: id)));
        }

        [Fact]
        public void StrongestOfSeveralEntries_Wins()
        {
            Assert.Equal(PrincipalMatch.User, Match("{\"AWS\":[\"111122223333\",\"" + UserBob + "\"]}", UserBob));
        }

        [Fact]
        public void NotPrincipal_ExcludesUser_OnlyWhenUserAndAccountListed()
        {
            string both = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"" + UserBob + "\",\"arn:aws:iam::111122223333:root\"]},\"Action\":\"*\"}]}";
            string userOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"*\"}]}";
            var bob = PrincipalIdentity.Parse(UserBob);
            Assert.Equal(PrincipalMatch.None, Policy(both, PolicyType.Resource).Statements[0].MatchPrincipal(bob));
            Assert.NotEqual(PrincipalMatch.None, Policy(userOnly, PolicyType.Resource).Statements[0].MatchPrincipal(bob));
        }

        [Fact]
        public void PrincipalArn_IsComparedCaseSensitively()
        {
            Assert.Equal(PrincipalMatch.None, Match("arn:aws:iam::111122223333:role/caller", SessionCaller));
        }
    }
}
