using RoleTrust.Engine.Model;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// The trust graph makes the identities of its principals from the parts the data holds instead of parsing each ARN:
    /// the identity must be the one parsing gives (and a session of a role the one its session ARN gives), and an ARN
    /// that is not exactly made of those parts is left to the parser.
    /// </summary>
    public class PrincipalIdentityPartsTests
    {
        private static string Describe(PrincipalIdentity p) =>
            $"{p.Arn}|{p.Kind}|{p.Partition}|{p.AccountId}|{p.Name}|{p.Path}|{p.SessionName}|{p.UniqueId}|{p.PrincipalArnKey}";

        [Theory]
        [InlineData("arn:aws:iam::111122223333:user/alice", true, "/", "alice")]
        [InlineData("arn:aws:iam::111122223333:user/service/svc-1", true, "/service/", "svc-1")]
        [InlineData("arn:aws:iam::111122223333:role/deployer", false, "/", "deployer")]
        [InlineData("arn:aws:iam::111122223333:role/cicd/a/terraform-apply", false, "/cicd/a/", "terraform-apply")]
        public void FromParts_GivesWhatParsingGives(string arn, bool user, string path, string name)
        {
            var parts = PrincipalIdentity.FromParts(arn, user, "111122223333", path, name, "AID1");
            Assert.NotNull(parts);
            Assert.Equal(Describe(PrincipalIdentity.Parse(arn).With(uniqueId: "AID1")), Describe(parts!));
            if (user) return;
            var session = PrincipalIdentity.SessionOf(parts!, "RoleTrust");
            var parsed = PrincipalIdentity.Parse($"arn:aws:sts::111122223333:assumed-role/{name}/RoleTrust").With(rolePath: path, uniqueId: "AID1");
            Assert.Equal(Describe(parsed), Describe(session));
            // The session made at once from the parts (as the index makes it) is the same, and names the role by its ARN.
            var direct = PrincipalIdentity.FromParts(arn, user, "111122223333", path, name, "AID1", "RoleTrust");
            Assert.Equal(Describe(parsed), Describe(direct!));
            Assert.Equal(parsed.RoleArn, direct!.RoleArn);
            Assert.Same(arn, direct.RoleArn);
        }

        [Theory]
        [InlineData("arn:aws:iam::111122223333:user/alice", true, "/", "bob")]            // another name
        [InlineData("arn:aws:iam::111122223333:user/x/alice", true, "/", "alice")]        // another path
        [InlineData("arn:aws:iam::444455556666:user/alice", true, "/", "alice")]          // another account
        [InlineData("arn:aws:iam::111122223333:role/alice", true, "/", "alice")]          // a role, not a user
        [InlineData("arn:aws-cn:iam::111122223333:user/alice", true, "/", "alice")]       // another partition
        [InlineData(" arn:aws:iam::111122223333:user/alice", true, "/", "alice")]         // as written, not trimmed
        [InlineData("arn:aws:iam::111122223333:user/a//alice", true, "/a//", "alice")]    // a path the parser rejects
        public void FromParts_LeavesOtherArnsToTheParser(string arn, bool user, string path, string name) =>
            Assert.Null(PrincipalIdentity.FromParts(arn, user, "111122223333", path, name, null));
    }
}
