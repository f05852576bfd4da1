using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "NotPrincipal" (IAM User Guide, NotPrincipal; Permissions boundaries for IAM entities):
    /// a Deny with NotPrincipal in a resource-based policy excludes a caller only when every identity it carries is
    /// listed, and it always denies a caller that has a permissions boundary, whatever it lists.
    /// </summary>
    public class NotPrincipalTests
    {
        private const string Object = "arn:aws:s3:::team-data/file.txt";

        /// <summary>Allows Bob, and denies everyone NotPrincipal lists not (Bob, or a session of Caller, with their account).</summary>
        private static string BucketPolicy(string notPrincipalJson, string? condition = null) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            CrossAccountEvaluationTests.Inner(ResourcePolicy("{\"AWS\":[\"" + UserBob + "\",\"" + RoleCaller + "\"]}", "s3:GetObject")) + "," +
            CrossAccountEvaluationTests.Inner(ResourcePolicy(notPrincipalJson, "s3:*", effect: "Deny", notPrincipal: true, condition: condition)) + "]}";

        private const string BobAndAccount = "{\"AWS\":[\"arn:aws:iam::111122223333:user/Bob\",\"arn:aws:iam::111122223333:root\"]}";
        private const string SessionRoleAndAccount = "{\"AWS\":[\"arn:aws:sts::111122223333:assumed-role/Caller/s1\",\"arn:aws:iam::111122223333:role/Caller\",\"arn:aws:iam::111122223333:root\"]}";

        [Fact]
        public void DenyWithNotPrincipal_ExcludesAListedCaller_WithoutABoundary()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy(BobAndAccount));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void DenyWithNotPrincipal_DeniesAUserWithABoundary_ThoughItListsTheUser()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy(BobAndAccount), boundary: Allow("s3:*"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Equal(1, r.Denying[0].Index);
        }

        [Fact]
        public void DenyWithNotPrincipal_DeniesARoleSessionWithABoundary_ThoughItListsSessionRoleAndAccount()
        {
            Assert.Equal(Decision.Allowed, Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy(SessionRoleAndAccount)).Decision);
            var bounded = Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy(SessionRoleAndAccount), identity: FullAccess, boundary: FullAccess);
            Assert.Equal(Decision.ExplicitlyDenied, bounded.Decision);
        }

        [Fact]
        public void DenyWithNotPrincipal_StillNeedsItsConditions_ForABoundedCaller()
        {
            string insecureOnly = "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}";
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy(BobAndAccount, insecureOnly), boundary: Allow("s3:*"),
                context: "{\"aws:SecureTransport\":\"true\"}");
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void DenyWithNotPrincipal_ListingOnlyTheUserButNotItsAccount_DeniesIt()
        {
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: BucketPolicy("{\"AWS\":\"" + UserBob + "\"}"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }

        // An Allow with NotPrincipal reaches each identity of the caller that it does not list (IAM User Guide,
        // NotPrincipal: AWS checks the account, then the user or role, then the session). When it lists the caller's
        // own ARN but not its account, only the account is reached: that delegates, like a Principal naming the
        // account, so the caller still needs its own identity-based allow.
        [Fact]
        public void AllowWithNotPrincipal_ListingTheCallerButNotItsAccount_OnlyDelegatesToTheAccount()
        {
            string policy = ResourcePolicy("{\"AWS\":\"" + UserBob + "\"}", "s3:GetObject", notPrincipal: true);
            var withoutIdentity = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: policy, identity: "[]");
            Assert.Equal(Decision.ImplicitlyDenied, withoutIdentity.Decision);
            Assert.Equal(PrincipalMatch.Account, withoutIdentity.TrustMatch);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: policy, identity: Allow("s3:GetObject")).Decision);
        }

        [Fact]
        public void AllowWithNotPrincipal_ListingTheSessionButNotItsRole_ReachesTheCallerThroughTheRole()
        {
            string policy = ResourcePolicy("{\"AWS\":\"" + SessionCaller + "\"}", "s3:GetObject", notPrincipal: true);
            var r = Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: policy, identity: "[]");
            Assert.Equal(PrincipalMatch.Role, r.TrustMatch);
            Assert.Equal(Decision.Allowed, r.Decision);
            // Reached through the role ARN, so the session policy still limits (docs/evaluation-rules.md, the same-account table).
            Assert.Equal(Decision.ImplicitlyDenied, Run(SessionCaller, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: policy, identity: "[]", session: Allow("ec2:*")).Decision);
        }

        [Fact]
        public void AllowWithNotPrincipal_IsNotAffectedByTheBoundaryRule()
        {
            string policy = ResourcePolicy("{\"AWS\":\"arn:aws:iam::111122223333:user/Other\"}", "s3:GetObject", notPrincipal: true);
            var r = Run(UserBob, resource: Object, action: "s3:GetObject", resourceAccount: A, trust: policy, boundary: Allow("s3:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }
    }
}
