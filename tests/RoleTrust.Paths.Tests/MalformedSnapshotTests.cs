using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.CheckStatus;
using Stj = System.Text.Json.Nodes;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Snapshot data of the wrong type or shape is never read as absent: the checks that need it are Unknown, and the
    /// load names the file and the JSON path. Built on examples/bob-alice (Carol -> Alice with MFA is open; Bob -> Alice
    /// fails on Bob's identity policy and Alice's trust policy).
    /// </summary>
    public class MalformedSnapshotTests
    {
        private const string A = "111111111111", B = "222222222222";
        private const string AccountA = "accounts/111111111111.json", AccountB = "accounts/222222222222.json", Org = "organization.json";
        private const string Carol = "arn:aws:iam::111111111111:user/Carol", Bob = "arn:aws:iam::111111111111:user/Bob";
        private const string Alice = "arn:aws:iam::222222222222:role/Alice", Runner = "arn:aws:iam::111111111111:role/ci/ci-runner";
        private const string Deploy = "arn:aws:iam::222222222222:role/ci/Deploy";

        private static IReadOnlyList<PathCheck> Run(SnapshotSource data, string source, string role, Action<PathRequest>? configure = null)
        {
            var request = new PathRequest { SourceArn = source, RoleArn = role, MfaPresent = true, Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };
            configure?.Invoke(request);
            return PathDiagnosis.Run(request, data);
        }

        private static CheckStatus StatusOf(IReadOnlyList<PathCheck> checks, CheckName name) => checks.Single(c => c.GetName() == name).GetStatus();
        private static PathCheck Get(IReadOnlyList<PathCheck> checks, CheckName name) => checks.Single(c => c.GetName() == name);
        private static bool Open(IReadOnlyList<PathCheck> checks) => checks.All(c => c.Passed);

        private static Stj.JsonNode User(Stj.JsonNode account, string name) => account["UserDetailList"]!.AsArray().First(u => (string?)u!["UserName"] == name)!;
        private static Stj.JsonNode RoleEntry(Stj.JsonNode account, string name) => account["RoleDetailList"]!.AsArray().First(r => (string?)r!["RoleName"] == name)!;

        private static void AssertIssue(SnapshotSource data, string message)
        {
            var issue = data.Issues.FirstOrDefault(i => i.Message == message);
            Assert.True(issue != null, $"expected the issue \"{message}\"; got:\n  " + string.Join("\n  ", data.Issues.Select(i => i.Message)));
        }

        [Fact]
        public void The_example_and_every_fixture_load_without_any_issue()
        {
            foreach (var fixture in new[] { "bob-alice", "cross-account", "no-org", "rcp-perimeter", "same-account", "scp-allowlist", "scp-denylist" })
            {
                var data = SnapshotSource.Load(SnapshotFolder.FixturePath(fixture));
                Assert.True(data.Issues.Count == 0, fixture + ":\n" + string.Join("\n", data.Issues));
            }
        }

        // ------------------------------------------------------------ the examples of issue 8

        [Fact]
        public void A_permissions_boundary_flattened_to_a_string_is_Unknown_not_absent()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            // Carol's boundary allows only S3, so the boundary denies her the path.
            folder.Edit(AccountA, a => User(a, "Carol")["PermissionsBoundary"] = new Stj.JsonObject
            {
                ["PermissionsBoundaryType"] = "Policy", ["PermissionsBoundaryArn"] = "arn:aws:iam::111111111111:policy/DeveloperRead",
            });
            Assert.Equal(Fail, StatusOf(Run(folder.Load(), Carol, Alice), CheckName.PermissionsBoundary));

            // What ConvertTo-Json writes for AWS.Tools output at its default depth.
            folder.Edit(AccountA, a => User(a, "Carol")["PermissionsBoundary"] = "Amazon.IdentityManagement.Model.AttachedPermissionsBoundary");
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.PermissionsBoundary));
            Assert.False(Open(checks));
            Assert.Contains("UserDetailList[1].PermissionsBoundary", Get(checks, CheckName.PermissionsBoundary).Summary);
            AssertIssue(data, "accounts/111111111111.json: UserDetailList[1].PermissionsBoundary: expected an object, found a string");
            Assert.Equal(Pass, StatusOf(checks, CheckName.IdentityPolicy));
        }

        [Fact]
        public void Tags_given_as_an_object_keep_a_trust_Deny_on_PrincipalTag_from_vanishing()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountA, a => User(a, "Carol")["Tags"] = new Stj.JsonArray(new Stj.JsonObject { ["Key"] = "quarantined", ["Value"] = "true" }));
            folder.Edit(AccountB, b =>
            {
                var trust = RoleEntry(b, "Alice")["AssumeRolePolicyDocument"]!;
                trust["Statement"]!.AsArray().Add(Stj.JsonNode.Parse(
                    "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/quarantined\":\"true\"}}}"));
            });
            Assert.Equal(Fail, StatusOf(Run(folder.Load(), Carol, Alice), CheckName.TrustPolicy));

            folder.Edit(AccountA, a => User(a, "Carol")["Tags"] = new Stj.JsonObject { ["quarantined"] = "true" });
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.TrustPolicy));
            AssertIssue(data, "accounts/111111111111.json: UserDetailList[1].Tags: expected an array, found an object");
        }

        [Fact]
        public void A_role_list_given_as_a_string_makes_the_role_Unknown_not_missing()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountB, b => b["RoleDetailList"] = "System.Object[]");
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.TargetRole));
            Assert.Contains("RoleDetailList: expected an array, found a string", Get(checks, CheckName.TargetRole).Summary);
            AssertIssue(data, "accounts/222222222222.json: RoleDetailList: expected an array, found a string");
        }

        [Fact]
        public void A_role_without_Arn_cannot_be_identified_so_whether_it_exists_is_Unknown()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountB, b => RoleEntry(b, "Alice").AsObject().Remove("Arn"));
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.TargetRole));
            Assert.Equal(Unknown, StatusOf(checks, CheckName.TrustPolicy));
            AssertIssue(data, "accounts/222222222222.json: RoleDetailList[0].Arn: missing, so the entry cannot be identified");
            // The other role of the list is still there.
            Assert.True(Open(Run(data, Runner, Deploy)));
        }

        [Fact]
        public void A_null_inline_policy_document_makes_the_identity_policy_Unknown_not_a_Fail()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountA, a => User(a, "Carol")["UserPolicyList"]![0]!["PolicyDocument"] = null);
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.IdentityPolicy));
            AssertIssue(data, "accounts/111111111111.json: UserDetailList[1].UserPolicyList[0].PolicyDocument: expected a policy document (an object or a string), found null");
        }

        [Theory]
        [InlineData("UserPolicyList", "Carol")]
        [InlineData("GroupList", "Bob")]
        [InlineData("AttachedManagedPolicies", "Carol")]
        public void Policy_lists_given_as_strings_make_the_identity_policy_Unknown(string field, string user)
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountA, a => User(a, user)[field] = "System.Object[]");
            var data = folder.Load();
            var checks = Run(data, user == "Bob" ? Bob : Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.IdentityPolicy));
            Assert.Contains(data.Issues, i => i.Message.EndsWith($".{field}: expected an array, found a string", StringComparison.Ordinal) && i.File == AccountA);
        }

        [Fact]
        public void SCP_targets_given_as_a_string_make_SCPs_Unknown_not_a_Fail()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(Org, o => o["Policies"]![0]!["Targets"] = "r-ab12");
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ServiceControlPolicy));
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ResourceControlPolicy));
            AssertIssue(data, "organization.json: Policies[0].Targets: expected an array, found a string");
        }

        [Fact]
        public void A_null_managed_policy_list_makes_the_groups_policy_Unknown()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountA, a => a["Policies"] = null);
            var data = folder.Load();
            var checks = Run(data, Bob, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.IdentityPolicy));
            AssertIssue(data, "accounts/111111111111.json: Policies: expected an array, found null");
        }

        [Fact]
        public void A_malformed_account_list_is_not_read_as_accounts_outside_the_organization()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(Org, o => o["Accounts"] = "System.Object[]");
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ServiceControlPolicy));
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ResourceControlPolicy));
            Assert.Contains("organization.json: Accounts: expected an array, found a string", Get(checks, CheckName.ServiceControlPolicy).Summary);
        }

        [Fact]
        public void A_malformed_MaxSessionDuration_makes_a_long_session_Unknown()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountB, b => RoleEntry(b, "Alice")["MaxSessionDuration"] = "7200");
            var data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice, r => r.DurationSeconds = 7200), CheckName.SessionDuration));
            Assert.Equal(Pass, StatusOf(Run(data, Carol, Alice, r => r.DurationSeconds = 3600), CheckName.SessionDuration));
            AssertIssue(data, "accounts/222222222222.json: RoleDetailList[0].MaxSessionDuration: expected a number, found a string");
        }

        // ------------------------------------------------------------ repeated keys and entries

        [Fact]
        public void A_repeated_key_is_ambiguous_not_last_one_wins()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            // Alice listed with a second Arn: which one is hers cannot be told.
            string text = folder.Text(AccountB);
            folder.Write(AccountB, text.Replace("\"RoleName\": \"Alice\",", "\"RoleName\": \"Alice\", \"Arn\": \"arn:aws:iam::222222222222:role/Other\","));
            var data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.TargetRole));
            AssertIssue(data, "accounts/222222222222.json: RoleDetailList[0].Arn: the key appears more than once, so the entry cannot be identified");
        }

        [Theory]
        [InlineData("arn:aws:iam::222222222222:role/Other", "'arn:aws:iam::222222222222:role/Other' does not agree with the name 'Alice' and the path '/'")]
        [InlineData("arn:aws:iam::222222222222:role/team/Alice", "'arn:aws:iam::222222222222:role/team/Alice' does not agree with the name 'Alice' and the path '/'")]
        [InlineData("arn:aws:iam::222222222222:user/Alice", "'arn:aws:iam::222222222222:user/Alice' does not agree with the name 'Alice' and the path '/'")]
        [InlineData("arn:aws-xx:iam::222222222222:role/Alice", "'arn:aws-xx:iam::222222222222:role/Alice' names partition 'aws-xx', which is not an AWS partition")]
        [InlineData("arn:aws-cn:iam::222222222222:role/Alice", "'arn:aws-cn:iam::222222222222:role/Alice' names partition aws-cn, while the file's first ARN ('arn:aws:iam::222222222222:role/ci/Deploy') names aws: the ARNs of one account name one partition")]
        [InlineData("arn:aws:s3:::Alice", "'arn:aws:s3:::Alice' is not an IAM ARN")]
        [InlineData("Alice", "'Alice' is not an IAM ARN")]
        public void An_entry_whose_ARN_disagrees_with_its_name_path_or_partition_cannot_be_identified(string arn, string problem)
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            // The other roles come after Alice in the file, so the partition is first set by Alice's own ARN: move her last.
            int last = 0;
            folder.Edit(AccountB, b =>
            {
                var list = b["RoleDetailList"]!.AsArray();
                var alice = RoleEntry(b, "Alice");
                list.Remove(alice);
                alice["Arn"] = arn;
                list.Add(alice);
                last = list.Count - 1;
            });
            var data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.TargetRole));
            AssertIssue(data, $"accounts/222222222222.json: RoleDetailList[{last}].Arn: " + problem);
        }

        [Fact]
        public void A_repeated_key_in_the_organization_makes_memberships_Unknown()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            string text = folder.Text(Org);
            folder.Write(Org, text.Replace("\"Accounts\":", "\"Accounts\": [], \"Accounts\":"));
            var data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.ServiceControlPolicy));
            AssertIssue(data, "organization.json: Accounts: the key appears more than once, so which list holds the data is ambiguous");
        }

        [Fact]
        public void A_role_listed_twice_is_ambiguous()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountB, b => b["RoleDetailList"]!.AsArray().Add(RoleEntry(b, "Alice").DeepClone()));
            var data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.TargetRole));
            AssertIssue(data, "accounts/222222222222.json: RoleDetailList: the role 'Alice' is listed more than once, so which entry holds its data is ambiguous");
        }

        [Fact]
        public void Two_tags_with_the_same_key_whatever_the_case_are_ambiguous()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(AccountA, a => User(a, "Bob")["Tags"]!.AsArray().Add(new Stj.JsonObject { ["Key"] = "TEAM", ["Value"] = "security" }));
            var data = folder.Load();
            AssertIssue(data, "accounts/111111111111.json: UserDetailList[0].Tags[1].Key: the tag key 'TEAM' is given more than once");
            Assert.NotNull(data.GetUser(A, "Bob").Value!.ProblemWith(Engine.Model.EntityField.Tags));
        }

        // ------------------------------------------------------------ files: encodings, names, accounts

        [Theory]
        [InlineData("utf-16")]
        [InlineData("utf-16BE")]
        [InlineData("utf-16-nobom")]
        [InlineData("utf-32")]
        public void UTF16_and_UTF32_files_are_decoded_and_named_in_a_warning(string encoding)
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            var baseline = Run(folder.Load(), Carol, Alice).Select(c => c.Status).ToList();
            string text = folder.Text(AccountA);
            byte[] bytes = encoding switch
            {
                "utf-16" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
                "utf-16BE" => Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray(),
                "utf-16-nobom" => Encoding.Unicode.GetBytes(text),
                _ => Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(text)).ToArray(),
            };
            folder.Write(AccountA, bytes);
            var data = folder.Load();
            Assert.Equal(baseline, Run(data, Carol, Alice).Select(c => c.Status).ToList());
            var issue = Assert.Single(data.Issues);
            Assert.Equal(AccountA, issue.File);
            Assert.False(issue.FileUnusable);
            Assert.StartsWith("accounts/111111111111.json: the file is UTF-", issue.Message);
        }

        [Fact]
        public void An_account_file_holding_another_accounts_ARNs_makes_that_account_Unavailable()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Rename(AccountA, "accounts/333333333333.json");
            var data = folder.Load();
            var issue = Assert.Single(data.Issues);
            Assert.True(issue.FileUnusable);
            Assert.Equal("accounts/333333333333.json", issue.File);
            Assert.Contains("belong to account 111111111111", issue.Message);
            Assert.Equal(Engine.Model.LookupStatus.Unavailable, data.GetUser("333333333333", "Carol").Status);
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.SourcePrincipal));
        }

        [Fact]
        public void A_truncated_file_is_unusable_and_named()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            string text = folder.Text(AccountB);
            folder.Write(AccountB, text.Substring(0, text.Length / 2));
            var data = folder.Load();
            Assert.Contains(data.Issues, i => i.FileUnusable && i.File == AccountB);
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.TargetRole));
        }

        [Fact]
        public void A_file_that_is_not_part_of_the_format_is_named_not_silently_ignored()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Rename(Org, "organisation.json");
            var data = folder.Load();
            var issue = Assert.Single(data.Issues);
            Assert.Equal("organisation.json", issue.File);
            Assert.Contains("not part of the snapshot format", issue.Message);
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.ServiceControlPolicy));
        }

        // ------------------------------------------------------------ organization details

        [Fact]
        public void Policy_types_as_ListRoots_returns_them_say_whether_SCPs_are_enabled()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(Org, o => o["Roots"]![0]!["PolicyTypes"] = Stj.JsonNode.Parse("[{\"Type\":\"RESOURCE_CONTROL_POLICY\",\"Status\":\"ENABLED\"}]"));
            var data = folder.Load();
            Assert.Equal(new[] { "RESOURCE_CONTROL_POLICY" }, data.Organization!.EnabledPolicyTypes!);
            var scp = Get(Run(data, Carol, Alice), CheckName.ServiceControlPolicy);
            Assert.Equal(NotApplicable, scp.GetStatus());
            Assert.Contains("not enabled", scp.Summary);

            folder.Edit(Org, o => o["Roots"]![0]!["PolicyTypes"] = Stj.JsonNode.Parse("[{\"Type\":\"SERVICE_CONTROL_POLICY\",\"Status\":7}]"));
            data = folder.Load();
            Assert.Equal(Unknown, StatusOf(Run(data, Carol, Alice), CheckName.ServiceControlPolicy));
            AssertIssue(data, "organization.json: Roots[0].PolicyTypes[0].Status: expected a string, found a number");
        }

        [Fact]
        public void An_account_whose_parent_cannot_be_read_is_Unknown_and_the_others_are_placed()
        {
            using var folder = SnapshotFolder.CopyOf("bob-alice");
            folder.Edit(Org, o => o["Accounts"]![0]!["ParentId"] = 12);
            var data = folder.Load();
            var checks = Run(data, Carol, Alice);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ServiceControlPolicy));   // Carol's account 111111111111
            Assert.Equal(Engine.Model.LookupStatus.Found, data.GetMembership(B).Status); // Alice's account 222222222222
            AssertIssue(data, "organization.json: Accounts[0].ParentId: expected a string, found a number");
        }

        // ------------------------------------------------------------ partitions

        [Fact]
        public void A_made_up_partition_is_an_invalid_ARN()
        {
            var data = SnapshotSource.Load(SnapshotFolder.FixturePath("bob-alice"));
            var ex = Assert.Throws<PolicyFormatException>(() => Run(data, Carol, "arn:aws-xx:iam::222222222222:role/Alice"));
            Assert.Equal(PolicyErrorIds.InvalidArn, ex.ErrorId);
            Assert.Contains("aws-xx", ex.Message);
            ex = Assert.Throws<PolicyFormatException>(() => Run(data, "arn:aws-xx:iam::111111111111:user/Carol", Alice));
            Assert.Equal(PolicyErrorIds.InvalidArn, ex.ErrorId);
        }

        [Fact]
        public void A_role_in_another_partition_than_the_source_is_a_partition_mismatch_not_a_path()
        {
            var data = SnapshotSource.Load(SnapshotFolder.FixturePath("bob-alice"));
            var target = Get(Run(data, Carol, "arn:aws-us-gov:iam::222222222222:role/Alice"), CheckName.TargetRole);
            Assert.Equal(Fail, target.GetStatus());
            Assert.Contains("partition", target.Summary);
            Assert.DoesNotContain("path", target.Summary);
        }

        [Fact]
        public void ARNs_in_another_partition_than_the_snapshots_data_are_Unknown_and_name_both_partitions()
        {
            var data = SnapshotSource.Load(SnapshotFolder.FixturePath("bob-alice"));
            Assert.Equal("aws", data.PartitionOf(A));
            var checks = Run(data, "arn:aws-cn:iam::111111111111:user/Carol", "arn:aws-cn:iam::222222222222:role/Alice");
            var source = Get(checks, CheckName.SourcePrincipal);
            var target = Get(checks, CheckName.TargetRole);
            Assert.Equal(Unknown, source.GetStatus());
            Assert.Equal(Unknown, target.GetStatus());
            Assert.Contains("partition aws,", target.Summary);
            Assert.Contains("partition aws-cn", target.Summary);
            Assert.DoesNotContain("path", target.Summary);
        }

        // ------------------------------------------------------------ request values that cannot stand in an ARN

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("a/b")]
        public void A_role_source_with_a_session_name_that_fits_no_ARN_is_a_RequestParameters_Fail_not_a_crash(string sessionName)
        {
            var data = SnapshotSource.Load(SnapshotFolder.FixturePath("bob-alice"));
            var checks = Run(data, Runner, Deploy, r => r.RoleSessionName = sessionName);
            Assert.Equal(Fail, StatusOf(checks, CheckName.RequestParameters));
            Assert.Equal(Pass, StatusOf(checks, CheckName.TrustPolicy));
        }
    }
}
