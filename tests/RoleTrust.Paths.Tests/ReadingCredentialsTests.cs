using System.Linq;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;
using Xunit;
using static RoleTrust.CheckStatus;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Credentials that only read the data of a call the source made (an error read after the fact): CallerIdentity and
    /// StsEndpoint concern them only when they are the source's, so they never block a path they did not call.
    /// </summary>
    public class ReadingCredentialsTests
    {
        private const string Bob = "arn:aws:iam::111111111111:user/Bob", Admin = "arn:aws:iam::222222222222:role/Admin";

        private static MemorySource Data()
        {
            var data = new MemorySource();
            data.AddUser("111111111111", "Bob");
            data.AddRole("222222222222", "Admin", MemorySource.Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}"));
            data.Memberships["111111111111"] = OrganizationMembership.Standalone("111111111111");
            data.Memberships["222222222222"] = OrganizationMembership.Standalone("222222222222");
            return data;
        }

        private static StsObservation Sts(string? caller, string? account, StsOutcome outcome = StsOutcome.Answered, bool onlyReading = true) =>
            new StsObservation("us-east-1", "https://sts.us-east-1.amazonaws.com/", outcome, caller, account, caller == null ? null : "AIDAEXAMPLE",
                outcome == StsOutcome.CredentialsRejected ? "ExpiredToken" : null, 0, null, false, onlyReading);

        private static PathCheck Check(StsObservation sts, CheckName name) =>
            PathDiagnosis.Run(new PathRequest { SourceArn = Bob, RoleArn = Admin }, Data(), null, sts).Single(c => c.GetName() == name);

        [Fact]
        public void Another_principals_credentials_only_read_and_do_not_stand_for_the_caller()
        {
            var reader = Sts("arn:aws:iam::999999999999:user/auditor", "999999999999");
            var caller = Check(reader, CheckName.CallerIdentity);
            Assert.Equal(NotApplicable, caller.GetStatus());
            Assert.Contains("only read the data", caller.Summary);
            Assert.Equal(NotApplicable, Check(reader, CheckName.StsEndpoint).GetStatus());
            // Without the flag, the same credentials are the ones that would call AssumeRole: not the source's.
            Assert.Equal(Fail, Check(Sts("arn:aws:iam::999999999999:user/auditor", "999999999999", onlyReading: false), CheckName.CallerIdentity).GetStatus());
        }

        [Fact]
        public void Root_credentials_that_only_read_do_not_fail_the_path()
        {
            Assert.Equal(NotApplicable, Check(Sts("arn:aws:iam::111111111111:root", "111111111111"), CheckName.CallerIdentity).GetStatus());
        }

        [Fact]
        public void The_callers_own_credentials_are_checked_as_usual()
        {
            Assert.Equal(Pass, Check(Sts(Bob, "111111111111"), CheckName.CallerIdentity).GetStatus());
            Assert.Equal(Pass, Check(Sts(Bob, "111111111111"), CheckName.StsEndpoint).GetStatus());
        }

        [Fact]
        public void Rejected_reading_credentials_leave_the_caller_unknown_rather_than_failed()
        {
            var check = Check(Sts(null, null, StsOutcome.CredentialsRejected), CheckName.CallerIdentity);
            Assert.Equal(Unknown, check.GetStatus());
            Assert.Contains("AWS rejected the credentials in use (ExpiredToken)", check.Summary);
        }
    }
}
