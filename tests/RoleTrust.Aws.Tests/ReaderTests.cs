using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Json;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    public class ReaderTests
    {
        private static string Canonical(string json) => JsonWriter.Write(JsonParser.Parse(json));

        [Fact]
        public async Task Iam_pagination_merges_every_Marker_page()
        {
            using var fake = Fixtures.NewFake();
            fake.PageSize = 2;
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            var roles = await iam.ListRolesAsync();
            Assert.Equal(new[] { "OrgAudit", "Deployer", "ReadOnly", "BreakGlass", "Lambda-Exec", "CrossAccount" }, roles.Select(r => r.RoleName));
            var calls = fake.Requests.Where(r => r.Operation == "ListRoles").ToList();
            Assert.Equal(3, calls.Count);
            Assert.False(calls[0].Parameters.ContainsKey("Marker"));
            Assert.Equal("mark-2", calls[1].Parameters["Marker"]);
            Assert.Equal("mark-4", calls[2].Parameters["Marker"]);
        }

        [Fact]
        public async Task Client_page_size_is_sent_as_MaxItems_and_pages_still_merge()
        {
            using var fake = Fixtures.NewFake();
            var options = Fixtures.Options(fake);
            options.PageSize = 4;
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", options);
            Assert.Equal(6, (await iam.ListRolesAsync()).Count);
            Assert.All(fake.Requests, r => Assert.Equal("4", r.Parameters["MaxItems"]));
            Assert.Equal(2, fake.Requests.Count);
        }

        [Fact]
        public async Task Organizations_pagination_merges_every_NextToken_page()
        {
            using var fake = Fixtures.NewFake();
            fake.PageSize = 1;
            using var org = new OrganizationsClient(TestKeys.Management, "us-east-1", Fixtures.Options(fake));
            var accounts = await org.ListAccountsAsync();
            Assert.Equal(new[] { "999999999999", "111111111111", "222222222222", "333333333333" }, accounts.Select(a => a.Id));
            Assert.Equal(4, fake.Requests.Count);
            Assert.Contains("\"NextToken\":\"next-3\"", fake.Requests[3].Body);
        }

        [Fact]
        public async Task Iam_single_object_and_list_operations_decode_documents()
        {
            using var fake = Fixtures.NewFake();
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));

            var role = await iam.GetRoleAsync("OrgAudit");
            Assert.Contains("\"sts:ExternalId\":\"a+b c/=\"", role.AssumeRolePolicyDocument); // '+' stays '+'
            Assert.Equal("arn:aws:iam::111111111111:policy/Boundary", role.PermissionsBoundaryArn);
            Assert.Equal("purpose=audit", Assert.Single(role.Tags).ToString());
            Assert.Equal("2026-10-30T14:21:07+00:00", role.RoleLastUsedDate);

            var me = await iam.GetUserAsync();
            Assert.Equal("alice", me.UserName);
            Assert.Equal("Auditors", Assert.Single(await iam.ListGroupsForUserAsync("alice")).GroupName);
            Assert.Equal(new[] { "AssumeAudit" }, await iam.ListUserPoliciesAsync("alice"));
            var up = await iam.GetUserPolicyAsync("alice", "AssumeAudit");
            Assert.Equal("Allow", PolicyStatement(up.PolicyDocument, "Effect"));
            Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", Assert.Single(await iam.ListAttachedUserPoliciesAsync("alice")).PolicyArn);

            Assert.Equal(new[] { "Inline1" }, await iam.ListRolePoliciesAsync("OrgAudit"));
            var rp = await iam.GetRolePolicyAsync("OrgAudit", "Inline1");
            Assert.Equal("arn:aws:s3:::bucket/key with space+plus%", PolicyStatement(rp.PolicyDocument, "Resource"));
            Assert.Equal("SecurityAudit", Assert.Single(await iam.ListAttachedRolePoliciesAsync("OrgAudit")).PolicyName);

            var group = await iam.GetGroupAsync("Auditors");
            Assert.Equal("Auditors", group.Group.GroupName);
            Assert.Equal("alice", Assert.Single(group.Users).UserName);
            Assert.Equal(new[] { "DenyDelete" }, await iam.ListGroupPoliciesAsync("Auditors"));
            Assert.Equal("Deny", PolicyStatement((await iam.GetGroupPolicyAsync("Auditors", "DenyDelete")).PolicyDocument, "Effect"));
            Assert.Equal("Boundary", Assert.Single(await iam.ListAttachedGroupPoliciesAsync("Auditors")).PolicyName);

            var policy = await iam.GetPolicyAsync("arn:aws:iam::111111111111:policy/Boundary");
            Assert.Equal("v2", policy.DefaultVersionId);
            Assert.Equal(2, policy.PermissionsBoundaryUsageCount);
            Assert.True(policy.IsAttachable);
            var version = await iam.GetPolicyVersionAsync(policy.Arn, "v2");
            Assert.True(version.IsDefaultVersion);
            Assert.Contains("organizations:*", version.Document);

            fake.AccountAliases.Add("example-prod");
            Assert.Equal(new[] { "example-prod" }, await iam.ListAccountAliasesAsync());
            Assert.All(fake.Requests, r => Assert.True(r.SignatureValid));
        }

        private static string? PolicyStatement(string document, string field) =>
            JsonParser.Parse(document).Get("Statement")!.Items![0].Get(field)!.Text;

        [Fact]
        public async Task GetAccountAuthorizationDetails_round_trip_equals_the_snapshot_file()
        {
            using var fake = Fixtures.NewFake();
            fake.PageSize = 3; // 1+... entities over several pages, lists split across pages
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            string json = await iam.GetAccountAuthorizationDetailsJsonAsync();
            string expected = File.ReadAllText(Path.Combine(Fixtures.Snapshot, "accounts", "111111111111.json"));
            Assert.Equal(Canonical(expected), Canonical(json)); // same members, same order, documents as objects
            Assert.Equal(expected, json); // and byte for byte what the AWS CLI printed for the same data
            Assert.True(fake.Requests.Count >= 3);
            Assert.Equal(new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" }, JsonParser.Parse(json).Members!.Select(m => m.Key));
        }

        [Fact]
        public async Task Snapshot_account_json_adds_MaxSessionDuration_and_Description_from_ListRoles()
        {
            string folder = CopySnapshot();
            try
            {
                // Give the fake roles MaxSessionDuration/Description (which GAAD itself does not print) by editing its data.
                string path = Path.Combine(folder, "accounts", "111111111111.json");
                string text = File.ReadAllText(path).Replace("\"RoleName\": \"OrgAudit\",", "\"RoleName\": \"OrgAudit\", \"MaxSessionDuration\": 7200, \"Description\": \"Read-only audit\",");
                File.WriteAllText(path, text);
                using var fake = new FakeAws(folder);
                fake.AddKey(TestKeys.AliceAccessKey, TestKeys.AliceSecret, null, TestKeys.AliceArn);
                using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
                var gaad = JsonParser.Parse(await iam.GetSnapshotAccountJsonAsync());
                var audit = gaad.Get("RoleDetailList")!.Items!.Single(r => r.Get("RoleName")!.Text == "OrgAudit");
                Assert.Equal("7200", audit.Get("MaxSessionDuration")!.Text);
                Assert.Equal("Read-only audit", audit.Get("Description")!.Text);
                var other = gaad.Get("RoleDetailList")!.Items!.Single(r => r.Get("RoleName")!.Text == "Deployer");
                Assert.Null(other.Get("MaxSessionDuration"));
                Assert.Contains(fake.Requests, r => r.Operation == "ListRoles");
            }
            finally { Directory.Delete(folder, true); }
        }

        internal static string CopySnapshot()
        {
            string dest = Path.Combine(Path.GetTempPath(), "roletrust-snap-" + Guid.NewGuid().ToString("N"));
            foreach (var file in Directory.GetFiles(Fixtures.Snapshot, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(dest, Path.GetRelativePath(Fixtures.Snapshot, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            return dest;
        }

        [Fact]
        public async Task Organization_json_round_trip_equals_the_snapshot_file()
        {
            using var fake = Fixtures.NewFake();
            fake.PageSize = 2;
            using var org = new OrganizationsClient(TestKeys.Management, "us-east-1", Fixtures.Options(fake));
            string json = await org.GetOrganizationSnapshotJsonAsync();
            var actual = JsonParser.Parse(json);
            var expected = JsonParser.Parse(File.ReadAllText(Path.Combine(Fixtures.Snapshot, "organization.json")));
            Assert.Equal(new[] { "Organization", "Roots", "OrganizationalUnits", "Accounts", "Policies" }, actual.Members!.Select(m => m.Key));
            foreach (var section in new[] { "Organization", "Roots", "OrganizationalUnits", "Accounts", "Policies" })
                Assert.Equal(Normalise(expected.Get(section)!), Normalise(actual.Get(section)!));
        }

        /// <summary>Compact JSON with arrays of objects sorted by Id and string arrays sorted (walk order is not significant).</summary>
        private static string Normalise(JsonNode node)
        {
            switch (node.Kind)
            {
                case JsonKind.Object:
                    return "{" + string.Join(",", node.Members!.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => "\"" + m.Key + "\":" + Normalise(m.Value))) + "}";
                case JsonKind.Array:
                    return "[" + string.Join(",", node.Items!.Select(Normalise).OrderBy(s => s, StringComparer.Ordinal)) + "]";
                default:
                    return JsonWriter.Write(node);
            }
        }

        [Fact]
        public async Task Organizations_tree_and_policy_reads_match_the_snapshot()
        {
            using var fake = Fixtures.NewFake();
            using var org = new OrganizationsClient(TestKeys.Management, "us-east-1", Fixtures.Options(fake));
            var root = Assert.Single(await org.ListRootsAsync());
            Assert.Equal("r-ab12", root.Id);
            Assert.Equal(new[] { "ou-ab12-11111111", "ou-ab12-33333333" }, (await org.ListOrganizationalUnitsForParentAsync("r-ab12")).Select(o => o.Id));
            Assert.Equal("222222222222", Assert.Single(await org.ListAccountsForParentAsync("ou-ab12-22222222")).Id);
            var parent = Assert.Single(await org.ListParentsAsync("222222222222"));
            Assert.Equal(("ou-ab12-22222222", "ORGANIZATIONAL_UNIT"), (parent.Id, parent.Type));
            var scps = await org.ListPoliciesForTargetAsync("ou-ab12-11111111", OrganizationsClient.ServiceControlPolicy);
            Assert.Equal(new[] { "p-FullAWSAccess", "p-denyleave01" }, scps.Select(p => p.Id));
            Assert.True(scps[0].AwsManaged);
            var deny = await org.DescribePolicyAsync("p-denyleave01");
            Assert.Contains("organizations:LeaveOrganization", deny.Content);
            Assert.Equal("DenyLeaveOrg", deny.Summary.Name);
            var targets = await org.ListTargetsForPolicyAsync("p-rcpdenyext1");
            Assert.Equal(("222222222222", "ACCOUNT", "Alice"), (targets[0].TargetId, targets[0].Type, targets[0].Name));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => org.DescribePolicyAsync("p-nope"));
            Assert.Equal("PolicyNotFoundException", e.Code);
        }

        [Fact]
        public async Task Sts_reader_gets_caller_identity_through_the_sdk_client()
        {
            using var fake = Fixtures.NewFake();
            var log = new AwsRequestLog();
            using var sts = new StsReader(TestKeys.Session, "us-west-2", Fixtures.Options(fake, log));
            var me = await sts.GetCallerIdentityAsync();
            Assert.Equal(TestKeys.SessionArn, me.Arn);
            Assert.Equal("111111111111", me.Account);
            var req = Assert.Single(fake.Requests);
            Assert.True(req.SignatureValid);
            Assert.Equal("sts", req.Service);
            Assert.Equal("us-west-2", req.SigningRegion);
            Assert.Equal("GetCallerIdentity", Assert.Single(log.Entries).Operation);
        }

        [Fact]
        public async Task Sts_assume_role_probe_asks_for_900_seconds_and_keeps_no_secret()
        {
            using var fake = Fixtures.NewFake();
            using var sts = new StsReader(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            var result = await sts.ProbeAssumeRoleAsync("arn:aws:iam::222222222222:role/Target", "probe-session", externalId: "x-1");
            Assert.Equal("arn:aws:sts::222222222222:assumed-role/Target/probe-session", result.AssumedRoleArn);
            var req = Assert.Single(fake.Requests);
            Assert.Equal("900", req.Parameters["DurationSeconds"]);
            Assert.Equal("x-1", req.Parameters["ExternalId"]);
            Assert.DoesNotContain(typeof(AssumeRoleProbeResult).GetProperties(), p => p.Name.Contains("Secret") || p.Name.Contains("Token"));

            var e = await Assert.ThrowsAsync<AwsServiceException>(() => sts.ProbeAssumeRoleAsync("arn:aws:iam::222222222222:role/Nope"));
            Assert.Equal("AccessDenied", e.Code);
            Assert.Equal(403, e.StatusCode);
            Assert.Equal("sts", e.Service);
            Assert.Equal("AssumeRole", e.Operation);
        }
    }
}

namespace RoleTrust.Aws.Tests
{
    public class GaadJsonTests
    {
        [Fact]
        public void Gaad_xml_members_are_printed_in_the_cli_model_order_with_typed_scalars()
        {
            var xml = System.Xml.Linq.XElement.Parse(
                "<GetAccountAuthorizationDetailsResult xmlns='https://iam.amazonaws.com/doc/2010-05-08/'>" +
                "<IsTruncated>false</IsTruncated>" +
                "<Policies><member><PolicyVersionList><member><CreateDate>2025-01-01T00:00:00Z</CreateDate><IsDefaultVersion>true</IsDefaultVersion>" +
                "<Document>%7B%22Version%22%3A%222012-10-17%22%7D</Document><VersionId>v1</VersionId></member></PolicyVersionList>" +
                "<IsAttachable>true</IsAttachable><AttachmentCount>3</AttachmentCount><Arn>arn:aws:iam::1:policy/P</Arn><PolicyName>P</PolicyName></member></Policies>" +
                "<RoleDetailList><member><RoleLastUsed/><Tags/><RoleName>R</RoleName><Path>/</Path><RolePolicyList/></member></RoleDetailList>" +
                "</GetAccountAuthorizationDetailsResult>");
            string json = RoleTrust.Engine.Json.JsonWriter.Write(GaadJson.FromXmlPages(new[] { xml }));
            Assert.Equal(
                "{\"UserDetailList\":[],\"GroupDetailList\":[],\"RoleDetailList\":[{\"Path\":\"/\",\"RoleName\":\"R\",\"RolePolicyList\":[],\"Tags\":[],\"RoleLastUsed\":{}}]," +
                "\"Policies\":[{\"PolicyName\":\"P\",\"Arn\":\"arn:aws:iam::1:policy/P\",\"AttachmentCount\":3,\"IsAttachable\":true," +
                "\"PolicyVersionList\":[{\"Document\":{\"Version\":\"2012-10-17\"},\"VersionId\":\"v1\",\"IsDefaultVersion\":true,\"CreateDate\":\"2025-01-01T00:00:00Z\"}]}]}",
                json);
        }

        [Fact]
        public void AddRoleDetails_sets_MaxSessionDuration_and_Description_by_arn()
        {
            string gaad = "{\"UserDetailList\":[],\"GroupDetailList\":[],\"RoleDetailList\":[{\"RoleName\":\"R\",\"Arn\":\"arn:aws:iam::1:role/R\",\"MaxSessionDuration\":1}],\"Policies\":[]}";
            var roles = new[] { new IamRole { RoleName = "R", Arn = "arn:aws:iam::1:role/R", MaxSessionDuration = 43200, Description = "d" } };
            var role = JsonParser.Parse(GaadJson.AddRoleDetails(gaad, roles)).Get("RoleDetailList")!.Items![0];
            Assert.Equal("43200", role.Get("MaxSessionDuration")!.Text);
            Assert.Equal("d", role.Get("Description")!.Text);
            Assert.Single(role.Members!, m => m.Key == "MaxSessionDuration");
        }
    }
}
