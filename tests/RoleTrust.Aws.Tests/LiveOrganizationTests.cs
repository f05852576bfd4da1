using System;
using System.IO;
using System.Linq;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Model;
using RoleTrust.Paths;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// AWS Organizations across organizations: the source's membership (SCPs) and the role's (RCPs) are told separately;
    /// an account whose own credentials say AWSOrganizationsNotInUseException is standalone; Unknown only when it cannot
    /// be told; whether SCPs and RCPs are enabled comes from the root's policy types, never assumed.
    /// </summary>
    public class LiveOrganizationTests
    {
        private const string A = PathRequests.A, B = PathRequests.B, X = PathRequests.X, M = PathRequests.M;
        private const string Xavier = "arn:aws:iam::333333333333:user/Xavier", Partner = "arn:aws:iam::222222222222:role/Partner";
        private const string Carol = "arn:aws:iam::111111111111:user/Carol", Alice = "arn:aws:iam::222222222222:role/Alice";

        private const string FullAccess = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        private const string DenyAssume = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";

        /// <summary>A copy of a fixture's accounts with this organization.json.</summary>
        private static string WithOrganization(string fixture, string organizationJson)
        {
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-org-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "accounts"));
            foreach (var f in Directory.GetFiles(Path.Combine(LiveHarness.Fixture(fixture), "accounts")))
                File.Copy(f, Path.Combine(folder, "accounts", Path.GetFileName(f)));
            File.WriteAllText(Path.Combine(folder, "organization.json"), organizationJson);
            return folder;
        }

        /// <summary>o-exampleorgid: management 999999999999; 111111111111 and 222222222222 in ou-ab12-11111111; SCP FullAWSAccess on the given targets.</summary>
        private static string Organization(string policyTypes, params string[] fullAccessTargets) =>
            "{\"Organization\":{\"Id\":\"o-exampleorgid\",\"ManagementAccountId\":\"999999999999\"}," +
            "\"Roots\":[{\"Id\":\"r-ab12\",\"Name\":\"Root\"" + (policyTypes == null ? "" : ",\"PolicyTypes\":" + policyTypes) + "}]," +
            "\"OrganizationalUnits\":[{\"Id\":\"ou-ab12-11111111\",\"Name\":\"Workloads\",\"ParentId\":\"r-ab12\"}]," +
            "\"Accounts\":[{\"Id\":\"111111111111\",\"ParentId\":\"ou-ab12-11111111\"},{\"Id\":\"222222222222\",\"ParentId\":\"ou-ab12-11111111\"},{\"Id\":\"999999999999\",\"ParentId\":\"r-ab12\"}]," +
            "\"Policies\":[{\"Id\":\"p-FullAWSAccess\",\"Name\":\"FullAWSAccess\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":" + Quote(FullAccess) +
            ",\"Targets\":[" + string.Join(",", fullAccessTargets.Select(t => "\"" + t + "\"")) + "]}]}";

        private const string Enabled = "[{\"Type\":\"SERVICE_CONTROL_POLICY\",\"Status\":\"ENABLED\"},{\"Type\":\"RESOURCE_CONTROL_POLICY\",\"Status\":\"ENABLED\"}]";
        private static readonly string[] Everywhere = { "r-ab12", "ou-ab12-11111111", A, B, M };

        private static string Quote(string json) => "\"" + json.Replace("\"", "\\\"") + "\"";

        [Fact]
        public void A_partner_outside_the_organization_is_standalone_and_the_RCP_perimeter_fails()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("rcp-perimeter"));
            var xavier = h.Key("AKIDXAVIER0000000001", Xavier);
            var request = LiveHarness.Request(Xavier, Partner);
            var checks = LiveHarness.RunLive(h.Live(null, target: B, organization: M, callerCredentials: xavier), request);
            var diffs = Equivalence.Differences(PathDiagnosis.Run(request, h.Snapshot()), checks, unknownAllowed: false);
            Assert.True(diffs.Count == 0, string.Join("\n", diffs) + "\n" + LiveHarness.Show(checks));
            var scp = LiveHarness.Check(checks, "ServiceControlPolicy");
            Assert.Equal(CheckStatus.NotApplicable, scp.GetStatus());
            Assert.Contains("is in no organization", scp.Summary);
            Assert.Equal(CheckStatus.Fail, LiveHarness.Status(checks, "ResourceControlPolicy"));
            // Its own credentials told: DescribeOrganization answered AWSOrganizationsNotInUseException.
            Assert.Contains(h.Fake.Requests, r => r.Operation == "DescribeOrganization" && r.Headers["Authorization"].Contains("AKIDXAVIER0000000001"));
        }

        [Fact]
        public void Without_credentials_for_the_partner_whether_it_is_in_an_organization_is_Unknown_not_assumed()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("rcp-perimeter"));
            var request = LiveHarness.Request(Xavier, Partner);
            var checks = LiveHarness.RunLive(h.Live(M, target: B), request);
            var diffs = Equivalence.Differences(PathDiagnosis.Run(request, h.Snapshot()), checks, unknownAllowed: true);
            Assert.True(diffs.Count == 0, string.Join("\n", diffs));
            var scp = LiveHarness.Check(checks, "ServiceControlPolicy");
            Assert.Equal(CheckStatus.Unknown, scp.GetStatus());
            Assert.Contains("account 333333333333 is not in organization o-exampleorgid", scp.Summary);
            Assert.Contains("no credentials given can read account 333333333333", scp.Summary);
            Assert.Contains("-OrganizationProfileName", scp.Fix);
        }

        /// <summary>The partner's own organization: 333333333333 a member of o-partnerorg (management 555555555555), whose SCP denies sts:AssumeRole there.</summary>
        private static string PartnerOrganization(string folder)
        {
            string file = Path.Combine(folder, "partner-organization.json");
            File.WriteAllText(file,
                "{\"Organization\":{\"Id\":\"o-partnerorg\",\"ManagementAccountId\":\"555555555555\"},\"Roots\":[{\"Id\":\"r-pp11\",\"Name\":\"Root\",\"PolicyTypes\":" + Enabled + "}]," +
                "\"OrganizationalUnits\":[],\"Accounts\":[{\"Id\":\"333333333333\",\"Name\":\"partner\",\"ParentId\":\"r-pp11\"},{\"Id\":\"555555555555\",\"ParentId\":\"r-pp11\"}]," +
                "\"Policies\":[{\"Id\":\"p-FullAWSAccess\",\"Name\":\"FullAWSAccess\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":" + Quote(FullAccess) + ",\"Targets\":[\"r-pp11\",\"333333333333\"]}," +
                "{\"Id\":\"p-partnerdeny\",\"Name\":\"NoAssumeOut\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":" + Quote(DenyAssume) + ",\"Targets\":[\"333333333333\"]}]}");
            return file;
        }

        [Fact]
        public void A_partner_in_another_organization_is_checked_against_that_organizations_SCPs_when_they_can_be_read()
        {
            string folder = WithOrganization("rcp-perimeter", File.ReadAllText(Path.Combine(LiveHarness.Fixture("rcp-perimeter"), "organization.json")));
            try
            {
                using var h = new LiveHarness(folder);
                h.Fake.AddOrganization(PartnerOrganization(folder));
                var xavier = h.Key("AKIDXAVIER0000000001", Xavier);
                var request = LiveHarness.Request(Xavier, Partner);

                // A plain member of o-partnerorg cannot read its organization's structure: Unknown, naming the organization.
                var member = LiveHarness.RunLive(h.Live(null, target: B, organization: M, callerCredentials: xavier), request);
                var scp = LiveHarness.Check(member, "ServiceControlPolicy");
                Assert.Equal(CheckStatus.Unknown, scp.GetStatus());
                Assert.Contains("account 333333333333 is in organization o-partnerorg (management account 555555555555)", scp.Summary);
                Assert.NotEqual(CheckStatus.Pass, LiveHarness.Status(member, "ResourceControlPolicy"));

                // As a delegated administrator of its organization it can: that organization's SCP denies, and the role's RCP perimeter denies too.
                h.Fake.DelegatedAdministrators.Add(X);
                var admin = LiveHarness.RunLive(h.Live(null, target: B, organization: M, callerCredentials: xavier), request);
                Assert.Equal(CheckStatus.Fail, LiveHarness.Status(admin, "ServiceControlPolicy"));
                Assert.Contains("NoAssumeOut", LiveHarness.Check(admin, "ServiceControlPolicy").Summary + LiveHarness.Check(admin, "ServiceControlPolicy").Evidence);
                Assert.Equal(CheckStatus.Fail, LiveHarness.Status(admin, "ResourceControlPolicy"));
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public void SCPs_not_enabled_at_the_root_do_not_apply_rather_than_leaving_empty_levels_that_fail()
        {
            string folder = WithOrganization("cross-account", Organization("[]"));
            try
            {
                using var h = new LiveHarness(folder);
                var checks = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request(Carol, Alice));
                var scp = LiveHarness.Check(checks, "ServiceControlPolicy");
                Assert.Equal(CheckStatus.NotApplicable, scp.GetStatus());
                Assert.Contains("SCPs are not enabled in organization o-exampleorgid", scp.Summary);
                Assert.Equal(CheckStatus.NotApplicable, LiveHarness.Status(checks, "ResourceControlPolicy"));
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public void PolicyTypeNotEnabledException_means_the_type_is_off_not_an_empty_level_that_fails()
        {
            string folder = WithOrganization("cross-account", Organization(Enabled, Everywhere));
            try
            {
                using var h = new LiveHarness(folder);
                h.Fake.InjectAccessDenied("ListRoots");
                h.Fake.InjectError("ListPoliciesForTarget", 400, "PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.");
                var checks = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request(Carol, Alice));
                Assert.Equal(CheckStatus.NotApplicable, LiveHarness.Status(checks, "ServiceControlPolicy"));
                Assert.Equal(CheckStatus.NotApplicable, LiveHarness.Status(checks, "ResourceControlPolicy"));
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public void A_level_without_SCP_fails_when_SCPs_are_enabled_and_is_Unknown_when_that_cannot_be_read()
        {
            // ou-ab12-11111111 has no SCP attached: with SCPs enabled nothing there allows the call (a Fail); if ListRoots cannot be
            // read, an empty level is also what disabled SCPs look like, so it cannot be told.
            string folder = WithOrganization("cross-account", Organization(Enabled, "r-ab12", A, B, M));
            try
            {
                using var h = new LiveHarness(folder);
                var enabled = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request(Carol, Alice));
                Assert.Equal(CheckStatus.Fail, LiveHarness.Status(enabled, "ServiceControlPolicy"));

                h.Fake.InjectAccessDenied("ListRoots");
                var unreadable = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request(Carol, Alice));
                var scp = LiveHarness.Check(unreadable, "ServiceControlPolicy");
                Assert.Equal(CheckStatus.Unknown, scp.GetStatus());
                Assert.Contains("whether SCPs are enabled in organization o-exampleorgid cannot be told", scp.Summary);
                Assert.Contains("organizations:ListRoots", scp.Summary);
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public void SCPs_being_switched_on_are_Unknown()
        {
            string folder = WithOrganization("cross-account", Organization("[{\"Type\":\"SERVICE_CONTROL_POLICY\",\"Status\":\"PENDING_ENABLE\"}]", Everywhere));
            try
            {
                using var h = new LiveHarness(folder);
                var checks = LiveHarness.RunLive(h.Live(A, target: B, organization: M), LiveHarness.Request(Carol, Alice));
                var scp = LiveHarness.Check(checks, "ServiceControlPolicy");
                Assert.Equal(CheckStatus.Unknown, scp.GetStatus());
                Assert.Contains("PENDING_ENABLE", scp.Summary);
            }
            finally { Directory.Delete(folder, true); }
        }

        [Fact]
        public void A_member_caller_without_organization_credentials_gets_the_denial_and_the_parameter_that_resolves_it()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("scp-denylist"));
            var checks = LiveHarness.RunLive(h.Live(A, target: B), LiveHarness.Request(Carol, "arn:aws:iam::222222222222:role/Target"));
            var scp = LiveHarness.Check(checks, "ServiceControlPolicy");
            Assert.Equal(CheckStatus.Unknown, scp.GetStatus());
            Assert.Contains("organizations:ListParents on 111111111111 was denied (AccessDeniedException) for the caller's credentials", scp.Summary);
            Assert.Contains("-OrganizationProfileName or -OrganizationCredential", scp.Fix);
        }

        [Fact]
        public void Memberships_are_told_per_account_standalone_for_an_account_in_no_organization()
        {
            using var h = new LiveHarness(LiveHarness.Fixture("no-org"));
            var live = h.Live(A);
            var membership = live.Data.GetMembership(A);
            Assert.Equal(LookupStatus.Found, membership.Status);
            Assert.Equal(MembershipKind.Standalone, membership.Value!.Kind);
        }
    }
}
