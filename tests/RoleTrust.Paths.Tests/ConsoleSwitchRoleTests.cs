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
    }
}
