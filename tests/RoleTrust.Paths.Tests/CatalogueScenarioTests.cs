using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using Xunit;
using static RoleTrust.CheckStatus;
using static RoleTrust.Paths.Tests.Scenario;

namespace RoleTrust.Paths.Tests
{
    /// <summary>Catalogue section E: the top scenarios that apply to an IAM principal calling sts:AssumeRole.</summary>
    public class CatalogueScenarioTests
    {
        private static string Implicit(string source, string role, string layer, string action = "sts:AssumeRole") =>
            $"User: {source} is not authorized to perform: {action} on resource: {role} because no {layer} allows the {action} action";

        private static string Explicit(string source, string role, string where) =>
            $"User: {source} is not authorized to perform: sts:AssumeRole on resource: {role} with an explicit deny in {where}";

        private static string Session(string account, string role, string name = "RoleTrust") => $"arn:aws:sts::{account}:assumed-role/{role}/{name}";

        [Fact]
        public void E01_SameAccountUserInTrust_NoIdentityPolicy_IsOpen()
        {
            var checks = Run("same-account", User(A, "Bob"), Role(A, "Alice"));
            AssertStatuses(checks, OpenUserPath);
            Assert.True(IsOpen(checks));
            Assert.Contains("Not required", Get(checks, "IdentityPolicy").Summary);
        }

        [Fact]
        public void E01_SameAccountRootInTrust_NoIdentityPolicy_IdentityImplicitDeny()
        {
            var checks = Run("same-account", User(A, "Bob"), Role(A, "AliceRoot"));
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Fail));
            Assert.Equal(Implicit(User(A, "Bob"), Role(A, "AliceRoot"), "identity-based policy"), Get(checks, "IdentityPolicy").ErrorText);
        }

        [Fact]
        public void E02_CrossAccountTrustNamesAccount_CallerLacksIdentityAllow_IdentityImplicitDeny()
        {
            var checks = Run("cross-account", User(A, "Bob"), Role(B, "AliceAccount"));
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Fail));
            Assert.Equal(Implicit(User(A, "Bob"), Role(B, "AliceAccount"), "identity-based policy"), Get(checks, "IdentityPolicy").ErrorText);
        }

        [Fact]
        public void E03_IdentityResourceWithoutPath_RoleUnderCiPath_IdentityImplicitDeny()
        {
            string role = $"arn:aws:iam::{B}:role/ci/Deploy";
            var checks = Run("cross-account", User(A, "Dan"), role);
            AssertStatuses(checks, OpenUserPath, ("IdentityPolicy", Fail));
            var identity = Get(checks, "IdentityPolicy");
            Assert.Equal(Implicit(User(A, "Dan"), role, "identity-based policy"), identity.ErrorText);
            Assert.Contains("role/ci/Deploy", identity.Fix);
            Assert.Contains($"arn:aws:iam::{B}:role/Deploy", identity.Evidence);
            Assert.Contains("path", identity.Summary);
        }

        [Fact]
        public void E03_RequestWithoutPath_TargetRoleFailsWithExactArn()
        {
            var checks = Run("cross-account", User(A, "Dan"), Role(B, "Deploy"));
            AssertStatuses(checks, OpenUserPath, ("TargetRole", Fail), ("IdentityPolicy", Fail));
            Assert.Contains($"arn:aws:iam::{B}:role/ci/Deploy", Get(checks, "TargetRole").Fix);
        }

        [Fact]
        public void E04_TrustNamesOrphanedRoleId_TrustImplicitDeny()
        {
            var checks = Run("cross-account", Role(A, "Deployer"), Role(B, "Orphan"));
            AssertStatuses(checks, OpenRolePath, ("TrustPolicy", Fail));
            var trust = Get(checks, "TrustPolicy");
            Assert.Contains("AROAEXAMPLEDELETED0002", trust.Summary);
            Assert.Equal(Implicit(Session(A, "Deployer"), Role(B, "Orphan"), "role trust policy"), trust.ErrorText);
        }

        [Fact]
        public void E05_TrustDenyOutsideOrg_StandaloneCaller_TrustExplicitDeny()
        {
            var checks = Run("cross-account", User(X, "Xavier"), Role(B, "OrgOnly"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", NotApplicable), ("TrustPolicy", Fail));
            Assert.Equal(Explicit(User(X, "Xavier"), Role(B, "OrgOnly"), "the role trust policy"), Get(checks, "TrustPolicy").ErrorText);
        }

        [Fact]
        public void E06_ExternalIdRequired_CliWithoutExternalId_TrustConditionsFail()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "Vendor"));
            AssertStatuses(checks, OpenUserPath, ("TrustConditions", Fail));
            Assert.Equal(Implicit(User(A, "Carol"), Role(B, "Vendor"), "role trust policy"), Get(checks, "TrustConditions").ErrorText);
        }

        [Fact]
        public void E06_ExternalIdRequired_CliWithCorrectExternalId_IsOpen()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "Vendor"), r => r.ExternalId = "Ext-1234");
            AssertStatuses(checks, OpenUserPath, ("TrustConditions", Pass));
            Assert.True(IsOpen(checks));
        }

        [Fact]
        public void E06_ExternalIdRequired_ConsoleSwitch_ConsoleSwitchRoleFails()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "Vendor"), r => r.Console = true);
            AssertStatuses(checks, OpenUserPath, ("TrustConditions", Fail), ("ConsoleSwitchRole", Fail));
            var console = Get(checks, "ConsoleSwitchRole");
            Assert.Equal(ErrorTexts.ConsoleInvalidInformation, console.ErrorText);
            Assert.Equal("Invalid information in one or more fields. Check your information or contact your administrator.", console.ErrorText);
            Assert.Contains("ExternalId", console.Summary);
        }

        [Fact]
        public void E07_MfaRequired_LongTermKeysWithoutMfa_TrustConditionsFail()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "MfaRole"));
            AssertStatuses(checks, OpenUserPath, ("TrustConditions", Fail));
            Assert.Equal(Implicit(User(A, "Carol"), Role(B, "MfaRole"), "role trust policy"), Get(checks, "TrustConditions").ErrorText);
            Assert.Contains("aws:MultiFactorAuthPresent", Get(checks, "TrustConditions").Summary);
        }

        [Fact]
        public void E07_MfaRequired_SerialNumberAndTokenCode_IsOpen()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "MfaRole"), r => { r.SerialNumber = $"arn:aws:iam::{A}:mfa/Carol"; r.TokenCode = "123456"; });
            AssertStatuses(checks, OpenUserPath, ("TrustConditions", Pass));
        }

        [Fact]
        public void E07_MfaRequired_ChainedFromMfaSession_TrustConditionsFail()
        {
            var checks = Run("cross-account", Session(A, "Deployer", "ops"), Role(B, "MfaRole"), r => r.MfaPresent = true);
            AssertStatuses(checks, OpenRolePath, ("TrustConditions", Fail));
        }

        [Fact]
        public void E08_ChainedAssume_Duration7200_SessionDurationFailsWithChainingLimit()
        {
            var checks = Run("cross-account", Role(A, "Deployer"), Role(B, "AliceAccount"), r => r.DurationSeconds = 7200);
            AssertStatuses(checks, OpenRolePath, ("SessionDuration", Fail));
            Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", Get(checks, "SessionDuration").ErrorText);
        }

        [Fact]
        public void E09_Duration43200_OnRoleWithMax3600_SessionDurationFails()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "AliceAccount"), r => r.DurationSeconds = 43200);
            AssertStatuses(checks, OpenUserPath, ("SessionDuration", Fail));
            Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", Get(checks, "SessionDuration").ErrorText);
        }

        [Fact]
        public void E10_RoleSessionNameWithSlash_RequestParametersFailWithPattern()
        {
            var checks = Run("cross-account", User(A, "Carol"), Role(B, "AliceAccount"), r => r.RoleSessionName = "team/alice");
            AssertStatuses(checks, OpenUserPath, ("RequestParameters", Fail));
            Assert.Equal(@"1 validation error detected: Value 'team/alice' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*",
                Get(checks, "RequestParameters").ErrorText);
        }

        [Fact]
        public void E11_DenyListScpOnCallerOu_ScpExplicitDeny()
        {
            var checks = Run("scp-denylist", User(A, "Carol"), Role(B, "Target"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", Fail));
            var scp = Get(checks, "ServiceControlPolicy");
            Assert.StartsWith(Explicit(User(A, "Carol"), Role(B, "Target"), "a service control policy"), scp.ErrorText);
            Assert.EndsWith("p-denyassume1", scp.ErrorText); // same org: the policy ARN suffix (catalogue A)
            Assert.Contains("ou-ab12-11111111", scp.Summary);
        }

        [Fact]
        public void E11_DenyListScp_ManagementAccountCaller_ScpNotApplicable()
        {
            var checks = Run("scp-denylist", User(M, "Mona"), Role(B, "Target"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", NotApplicable));
            Assert.True(IsOpen(checks));
        }

        [Fact]
        public void E12_AllowListScp_IntermediateOuWithoutStsAllow_ScpFails()
        {
            var checks = Run("scp-allowlist", User(A, "Carol"), Role(B, "Target"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", Fail));
            var scp = Get(checks, "ServiceControlPolicy");
            Assert.Equal(Implicit(User(A, "Carol"), Role(B, "Target"), "service control policy"), scp.ErrorText);
            Assert.Contains("ou-ab12-11111111", scp.Summary + scp.Evidence);
        }

        [Fact]
        public void E13_RcpIdentityPerimeter_ExternalCaller_RcpExplicitDeny()
        {
            var checks = Run("rcp-perimeter", User(X, "Xavier"), Role(B, "Partner"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", NotApplicable), ("ResourceControlPolicy", Fail));
            Assert.StartsWith(Explicit(User(X, "Xavier"), Role(B, "Partner"), "a resource control policy"), Get(checks, "ResourceControlPolicy").ErrorText);
        }

        [Fact]
        public void E13_RcpIdentityPerimeter_RoleInManagementAccount_RcpNotApplicable()
        {
            var checks = Run("rcp-perimeter", User(X, "Xavier"), Role(M, "Partner"));
            AssertStatuses(checks, OpenUserPath, ("ServiceControlPolicy", NotApplicable), ("ResourceControlPolicy", NotApplicable));
            Assert.True(IsOpen(checks));
        }

        [Fact]
        public void E14_BoundaryWithoutAssumeRole_TrustNamesAccount_BoundaryImplicitDeny()
        {
            var checks = Run("same-account", User(A, "Erin"), Role(A, "AcctTrust"));
            AssertStatuses(checks, OpenUserPath, ("PermissionsBoundary", Fail));
            Assert.Equal(Implicit(User(A, "Erin"), Role(A, "AcctTrust"), "permissions boundary"), Get(checks, "PermissionsBoundary").ErrorText);
        }

        [Fact]
        public void E14_BoundaryWithoutAssumeRole_TrustNamesUser_BoundaryWarn()
        {
            var checks = Run("same-account", User(A, "Erin"), Role(A, "ErinTrust"));
            AssertStatuses(checks, OpenUserPath, ("PermissionsBoundary", Warn));
            Assert.True(IsOpen(checks));
            Assert.Contains("disagree", Get(checks, "PermissionsBoundary").Summary);
        }

        [Fact]
        public void E15_CallerSessionPolicyAllowsOnlyS3_SessionPolicyImplicitDeny()
        {
            var checks = Run("same-account", Session(A, "Chainer", "ops"), Role(A, "AcctTrust"),
                r => r.CallerSessionPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
            AssertStatuses(checks, OpenRolePath, ("SessionPolicy", Fail));
            Assert.Equal(Implicit(Session(A, "Chainer", "ops"), Role(A, "AcctTrust"), "session policy"), Get(checks, "SessionPolicy").ErrorText);
        }

        [Fact]
        public void E17_TrustDenyNotIpAddress_CallViaVpcEndpoint_TrustExplicitDeny()
        {
            var checks = Run("same-account", User(A, "Hank"), Role(A, "NetFenced"), r => r.SourceVpce = "vpce-0123456789abcdef0");
            AssertStatuses(checks, OpenUserPath, ("TrustPolicy", Fail));
            Assert.Equal(Explicit(User(A, "Hank"), Role(A, "NetFenced"), "the role trust policy"), Get(checks, "TrustPolicy").ErrorText);
        }

        [Fact]
        public void E18_SourceIdentitySet_TrustLacksSetSourceIdentity_TrustFails()
        {
            var checks = Run("same-account", Session(A, "Chainer", "ops"), Role(A, "SourceIdRole"), r => r.SourceIdentity = "alice");
            AssertStatuses(checks, OpenRolePath, ("TrustPolicy", Fail));
            var trust = Get(checks, "TrustPolicy");
            Assert.Contains("sts:SetSourceIdentity", trust.Summary);
            Assert.Contains("sts:SetSourceIdentity", trust.Change!.Statement);
        }

        [Fact]
        public void E20_RootCaller_SourcePrincipalFails()
        {
            var checks = Run("same-account", $"arn:aws:iam::{A}:root", Role(A, "AcctTrust"));
            AssertStatuses(checks, NotEvaluatedPath, ("SourcePrincipal", Fail));
            Assert.Equal("Roles may not be assumed by root accounts.", Get(checks, "SourcePrincipal").ErrorText);
        }

        [Fact]
        public void E20_RootCaller_Console_ConsoleSwitchRoleFails()
        {
            var checks = Run("same-account", $"arn:aws:iam::{A}:root", Role(A, "AcctTrust"), r => r.Console = true);
            AssertStatuses(checks, NotEvaluatedPath, ("SourcePrincipal", Fail), ("ConsoleSwitchRole", Fail));
            Assert.Equal(ErrorTexts.ConsoleInvalidInformation, Get(checks, "ConsoleSwitchRole").ErrorText);
        }
    }
}
