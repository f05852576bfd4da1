using System.IO;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>Catalogue checks 6 and 9: IAM rejects Resource and NotPrincipal in a role trust policy; the diagnosis says so.</summary>
    public class TrustPolicyValidityTests
    {
        [Theory]
        [InlineData("\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/Bob\"},\"Resource\":\"*\"")]
        [InlineData("\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111111111111:user/Eve\"}")]
        public void TrustPolicyWithProhibitedField_IsNamedInTheTrustPolicyCheck(string principalPart)
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," + principalPart + ",\"Action\":\"sts:AssumeRole\"}]}";
            string account = "{\"UserDetailList\":[{\"Path\":\"/\",\"UserName\":\"Bob\",\"UserId\":\"AIDAEXAMPLE000000001\",\"Arn\":\"arn:aws:iam::111111111111:user/Bob\"}]," +
                "\"GroupDetailList\":[],\"RoleDetailList\":[{\"Path\":\"/\",\"RoleName\":\"Alice\",\"RoleId\":\"AROAEXAMPLE000000001\",\"Arn\":\"arn:aws:iam::111111111111:role/Alice\"," +
                "\"AssumeRolePolicyDocument\":" + trust + "}],\"Policies\":[]}";
            string dir = Path.Combine(Path.GetTempPath(), "roletrust-trust-" + Path.GetRandomFileName());
            Directory.CreateDirectory(Path.Combine(dir, "accounts"));
            File.WriteAllText(Path.Combine(dir, "accounts", "111111111111.json"), account);
            try
            {
                var checks = PathDiagnosis.Run(new PathRequest { SourceArn = "arn:aws:iam::111111111111:user/Bob", RoleArn = "arn:aws:iam::111111111111:role/Alice" }, SnapshotSource.Load(dir));
                var trustCheck = checks.Single(c => c.Check == "TrustPolicy");
                Assert.Contains("IAM rejects in a role trust policy", trustCheck.Summary);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
