using System.Linq;
using Xunit;
using static RoleTrust.CheckStatus;
using static RoleTrust.Paths.Tests.Scenario;

namespace RoleTrust.Paths.Tests
{
    /// <summary>Catalogue section C causes not covered by section E, happy paths, and the Bob/Alice gap documents.</summary>
    public class CauseAndGapTests
    {
        private static string Session(string account, string role, string name = "RoleTrust") => $"arn:aws:sts::{account}:assumed-role/{role}/{name}";

        // ------------------------------------------------------------ C10 role assuming itself

        [Fact]
        public void C10_RoleAssumesItself_WithoutSelfTrust_TrustFails()
        {
            var checks = Run("same-account", Role(A, "SelfNo"), Role(A, "SelfNo"));
            AssertStatuses(checks, OpenRolePath, ("TrustPolicy", Fail));
            var trust = Get(checks, "TrustPolicy");
            Assert.Contains("no longer trusts itself", trust.Summary);
            Assert.Equal($"User: {Session(A, "SelfNo")} is not authorized to perform: sts:AssumeRole on resource: {Role(A, "SelfNo")} because no role trust policy allows the sts:AssumeRole action", trust.ErrorText);
        }

        [Fact]
        public void C10_RoleAssumesItself_WithSelfTrust_IsOpen()
        {
            var checks = Run("same-account", Role(A, "SelfYes"), Role(A, "SelfYes"));
            AssertStatuses(checks, OpenRolePath);
            Assert.True(IsOpen(checks));
        }

        // ------------------------------------------------------------ C4 exact RoleArn

        [Fact]
        public void C04_WrongRoleNameCase_TargetRoleFailsSuggestingExactName()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "alice"));
            AssertStatuses(checks, OpenUserPath, ("TargetRole", Fail), ("TrustPolicy", NotApplicable));
            var target = Get(checks, "TargetRole");
            Assert.Contains("'Alice'", target.Summary);
            Assert.Contains(Role(B, "Alice"), target.Fix);
            Assert.Equal($"AccessDenied: User: {User(A, "Carol")} is not authorized to perform: sts:AssumeRole on resource: {Role(B, "alice")}", target.ErrorText);
        }

        // ------------------------------------------------------------ missing data is Unknown, never Pass

        [Fact]
        public void Data_RoleAccountMissingFromSnapshot_RoleChecksUnknown()
        {
            // 444444444444 has no accounts file and is outside the organization.
            var checks = Run("cross-account", User(A, "Carol"), Role("444444444444", "Anything"));
            AssertStatuses(checks, OpenUserPath, ("TargetRole", Unknown), ("IdentityPolicy", Fail), ("ResourceControlPolicy", NotApplicable),
                ("TrustPolicy", Unknown), ("TrustConditions", Unknown));
            Assert.DoesNotContain(checks, c => c.GetStatus() == Pass && (c.Check == "TargetRole" || c.Check == "TrustPolicy" || c.Check == "TrustConditions"));
        }

        [Fact]
        public void Data_SourceAccountMissingFromSnapshot_SourceChecksUnknown_PoliciesOutsideItEvaluatedForItsArn()
        {
            // The source's own policies are unknown; the trust policy and the RCPs only match on what its ARN says, so they
            // are evaluated for it: AliceAccount's trust names account 111111111111 only, so 444444444444's user is not admitted.
            var checks = Run("cross-account", User("444444444444", "Nobody"), Role(B, "AliceAccount"));
            AssertStatuses(checks, OpenUserPath, ("SourcePrincipal", Unknown), ("IdentityPolicy", Unknown), ("PermissionsBoundary", Unknown),
                ("SessionPolicy", Unknown), ("ServiceControlPolicy", NotApplicable), ("TrustPolicy", Fail));
            Assert.Contains("arn:aws:iam::444444444444:user/Nobody", Get(checks, "TrustPolicy").Summary);
        }

        [Fact]
        public void Data_SourceAccountMissingFromSnapshot_ConditionOnTheSourcesTagsIsUnknown()
        {
            // Tags come from the source's data: a trust condition on aws:PrincipalTag cannot be decided without it.
            var data = new MemorySource();
            data.AddRole(B, "Tagged", MemorySource.Trust("{\"AWS\":\"arn:aws:iam::444444444444:root\"}", "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}}"));
            var request = new PathRequest { SourceArn = User("444444444444", "Nobody"), RoleArn = Role(B, "Tagged"), Now = new System.DateTimeOffset(2026, 1, 15, 12, 0, 0, System.TimeSpan.Zero) };
            var checks = PathDiagnosis.Run(request, data);
            Assert.Equal(Pass, Get(checks, "TrustPolicy").GetStatus());
            Assert.Equal(Unknown, Get(checks, "TrustConditions").GetStatus());
            Assert.Contains("aws:PrincipalTag/team", Get(checks, "TrustConditions").Summary);
        }

        [Fact]
        public void Data_ManagedPolicyMissingFromAccountFile_IdentityUnknown()
        {
            var checks = Run("same-account", User(A, "Gail"), Role(A, "AcctTrust"));
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Unknown));
            Assert.Contains("NotInFile", Get(checks, "IdentityPolicy").Summary);
        }

        [Fact]
        public void Data_NoOrganizationFile_ScpAndRcpUnknown()
        {
            var checks = Run("no-org", User(A, "Bob"), Role(A, "Alice"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", Unknown), ("ResourceControlPolicy", Unknown));
            Assert.Contains("organization.json", Get(checks, "ServiceControlPolicy").Summary);
            Assert.Contains("organization.json", Get(checks, "ResourceControlPolicy").Summary);
        }

        [Fact]
        public void Data_MaxSessionDurationAbsent_Duration7200_SessionDurationUnknown()
        {
            var checks = Run("same-account", User(A, "Hank"), Role(A, "NoMax"), r => r.DurationSeconds = 7200);
            AssertStatuses(checks, OpenUserPath, ("SessionDuration", Unknown));
        }

        [Fact]
        public void Data_MaxSessionDurationAbsent_Duration3600_SessionDurationPass()
        {
            var checks = Run("same-account", User(A, "Hank"), Role(A, "NoMax"), r => r.DurationSeconds = 3600);
            AssertStatuses(checks, OpenUserPath);
        }

        // ------------------------------------------------------------ B2.6 wildcard trust, C8 orphaned ID, C11g tags

        [Fact]
        public void B26_WildcardTrustSameAccount_NoIdentityAllow_IdentityWarnAndOpen()
        {
            var checks = Run("same-account", User(A, "Bob"), Role(A, "OpenToAll"));
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Warn));
            Assert.True(IsOpen(checks));
        }

        [Fact]
        public void C08_SameAccountTrustNamesOrphanedRoleId_TrustFailsNamingTheId()
        {
            var checks = Run("same-account", User(A, "Hank"), Role(A, "Orphaned"));
            AssertStatuses(checks, OpenUserPath, ("TrustPolicy", Fail));
            Assert.Contains("AROAEXAMPLEDELETED0001", Get(checks, "TrustPolicy").Summary);
        }

        [Fact]
        public void C11g_SessionTagsWithoutTagSessionInTrust_TrustFailsAndChangeAddsTagSession()
        {
            var checks = Run("same-account", User(A, "Bob"), Role(A, "Tagged"), r => r.SessionTags["project"] = "apollo");
            AssertStatuses(checks, OpenUserPath, ("TrustPolicy", Fail));
            var change = Get(checks, "TrustPolicy").Change!;
            Assert.Equal("Update-IAMAssumeRolePolicy", change.Command);
            Assert.Equal("Tagged", change.RoleName);
            Assert.Equal($"{{\"Sid\":\"TrustBob\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"{User(A, "Bob")}\"}},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}}", change.Statement);
            Assert.Equal($"{{\"Version\":\"2012-10-17\",\"Statement\":[{change.Statement}]}}", change.PolicyDocument);
        }

        // ------------------------------------------------------------ happy paths

        [Fact]
        public void Happy_CrossAccount_IdentityAndTrustBothAllow_IsOpen()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "Alice"));
            AssertStatuses(checks, OpenUserPath);
            Assert.True(IsOpen(checks));
            Assert.All(checks, c => Assert.Equal("", c.ErrorText));
        }

        [Fact]
        public void Happy_ChainingWithinLimits_IsOpen()
        {
            var checks = Run("cross-account", Role(A, "Deployer"), Role(B, "AliceAccount"), r => { r.DurationSeconds = 3600; r.RoleSessionName = "deploy-42"; });
            AssertStatuses(checks, OpenRolePath);
            Assert.True(IsOpen(checks));
        }

        // ------------------------------------------------------------ the classic Bob -> Alice gap documents

        [Fact]
        public void Gap_BobToAlice_IdentityAndTrustChangesAreExact()
        {
            var checks = Run("cross-account", User(A, "Bob"), Role(B, "Alice"));
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Fail), ("TrustPolicy", Fail));

            var identity = Get(checks, "IdentityPolicy").Change!;
            Assert.Equal("Write-IAMUserPolicy", identity.Command);
            Assert.Equal("Bob", identity.UserName);
            Assert.Equal("PermissionToAssumeAlice", identity.PolicyName);
            Assert.Equal($"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"PermissionToAssumeAlice\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::{B}:role/Alice\"}}]}}",
                identity.PolicyDocument);

            var trust = Get(checks, "TrustPolicy").Change!;
            string added = $"{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{A}:user/Bob\"}},\"Action\":\"sts:AssumeRole\"}}";
            string existing = $"{{\"Sid\":\"TrustCarol\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{A}:user/Carol\"}},\"Action\":\"sts:AssumeRole\"}}";
            Assert.Equal("Update-IAMAssumeRolePolicy", trust.Command);
            Assert.Equal("Alice", trust.RoleName);
            Assert.Equal(added, trust.Statement);
            Assert.Equal($"{{\"Version\":\"2012-10-17\",\"Statement\":[{existing},{added}]}}", trust.PolicyDocument);
            Assert.Equal($"User: {User(A, "Bob")} is not authorized to perform: sts:AssumeRole on resource: {Role(B, "Alice")} because no role trust policy allows the sts:AssumeRole action",
                Get(checks, "TrustPolicy").ErrorText);
        }
    }
}
