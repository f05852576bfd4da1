using System;
using System.Linq;
using RoleTrust.Engine.Model;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>The console's Switch Role link uses the partition's own sign-in host.</summary>
    public class ConsoleSwitchRoleTests
    {
        [Theory]
        [InlineData("aws", "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=ops/Admin")]
        [InlineData("aws-us-gov", "https://signin.amazonaws-us-gov.com/switchrole?account=222222222222&roleName=ops/Admin")]
        [InlineData("aws-cn", "https://signin.amazonaws.cn/switchrole?account=222222222222&roleName=ops/Admin")]
        public void The_link_uses_the_sign_in_host_of_the_roles_partition(string partition, string link)
        {
            var data = new MemorySource();
            var bob = data.AddUser("111111111111", "Bob");
            bob.Arn = $"arn:{partition}:iam::111111111111:user/Bob";
            var role = data.AddRole("222222222222", "Admin", MemorySource.Trust($"{{\"AWS\":\"arn:{partition}:iam::111111111111:root\"}}"), path: "/ops/");
            role.Arn = $"arn:{partition}:iam::222222222222:role/ops/Admin";
            data.Memberships["111111111111"] = OrganizationMembership.Standalone("111111111111");
            data.Memberships["222222222222"] = OrganizationMembership.Standalone("222222222222");
            var checks = PathDiagnosis.Run(new PathRequest { SourceArn = bob.Arn, RoleArn = role.Arn, Console = true }, data);
            var console = checks.Single(c => c.GetName() == CheckName.ConsoleSwitchRole);
            Assert.Equal(CheckStatus.Pass, console.GetStatus());
            Assert.Contains(link, console.Summary);
        }

        private static MemorySource Data(string trust, string path = "/ops/", string name = "Admin")
        {
            var data = new MemorySource();
            data.AddUser("111111111111", "Bob");
            data.AddRole("222222222222", name, trust, path: path);
            data.AddRole("111111111111", "Developer", MemorySource.Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}"), path: "/")
                .AddInlinePolicy(new InlinePolicy("Assume", new PolicySource(MemorySource.AllowAssumeAll)));
            data.Memberships["111111111111"] = OrganizationMembership.Standalone("111111111111");
            data.Memberships["222222222222"] = OrganizationMembership.Standalone("222222222222");
            return data;
        }

        private static readonly string AccountTrust = MemorySource.Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}");

        private static PathCheck Console(MemorySource data, string role, string source = "arn:aws:iam::111111111111:user/Bob") =>
            PathDiagnosis.Run(new PathRequest { SourceArn = source, RoleArn = role, Console = true }, data).Single(c => c.GetName() == CheckName.ConsoleSwitchRole);

        [Fact]
        public void The_role_name_needs_its_path_and_the_check_names_the_one_to_enter()
        {
            var data = Data(AccountTrust);
            var withoutPath = Console(data, "arn:aws:iam::222222222222:role/Admin");
            Assert.Equal(CheckStatus.Fail, withoutPath.GetStatus());
            Assert.Contains("the role name needs its path: the console needs 'ops/Admin', not 'Admin'", withoutPath.Summary);
            Assert.Equal(CheckStatus.Pass, Console(data, "arn:aws:iam::222222222222:role/ops/Admin").GetStatus());
        }

        [Fact]
        public void Path_plus_name_over_64_characters_fails_and_64_passes()
        {
            string path = "/" + new string('p', 50) + "/";
            var over = Console(Data(AccountTrust, path, new string('n', 14)), $"arn:aws:iam::222222222222:role{path}{new string('n', 14)}");
            Assert.Equal(CheckStatus.Fail, over.GetStatus());
            Assert.Contains("path plus role name is 65 characters; the console accepts at most 64", over.Summary);
            Assert.Equal(CheckStatus.Pass, Console(Data(AccountTrust, path, new string('n', 13)), $"arn:aws:iam::222222222222:role{path}{new string('n', 13)}").GetStatus());
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"sts:ExternalId\":\"Ext-1234\"}}", "the role requires an ExternalId, which the console cannot pass")]
        [InlineData("{\"StringLike\":{\"sts:SourceIdentity\":\"*\"}}", "the role requires a source identity, which the console cannot set")]
        public void Roles_that_need_what_the_console_cannot_pass_fail(string condition, string problem)
        {
            var check = Console(Data(MemorySource.Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", condition, actions: "[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]")),
                "arn:aws:iam::222222222222:role/ops/Admin");
            Assert.Equal(CheckStatus.Fail, check.GetStatus());
            Assert.Contains(problem, check.Summary);
            Assert.Equal("Invalid information in one or more fields. Check your information or contact your administrator.", check.ErrorText);
        }

        [Fact]
        public void A_role_session_is_evaluated_as_the_identity_signed_in_and_the_check_says_so()
        {
            var check = Console(Data(AccountTrust), "arn:aws:iam::222222222222:role/ops/Admin", "arn:aws:sts::111111111111:assumed-role/Developer/alice");
            Assert.Equal(CheckStatus.Pass, check.GetStatus());
            Assert.Contains("arn:aws:sts::111111111111:assumed-role/Developer/alice is evaluated as the identity signed in to the console", check.Summary);
            Assert.Contains("if it is a role you switched into, evaluate the identity you signed in with instead", check.Summary);
            Assert.DoesNotContain("signed in to the console (an", Console(Data(AccountTrust), "arn:aws:iam::222222222222:role/ops/Admin").Summary);
        }
    }
}
