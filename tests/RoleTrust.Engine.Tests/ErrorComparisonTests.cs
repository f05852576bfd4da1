using System.Collections.Generic;
using System.Linq;
using Xunit;
using static RoleTrust.CheckStatus;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// What AWS said beside what the path checks found (docs/error-reading.md, Running the path checks): Agrees,
    /// OtherBlockingChecks and Found, rule by rule.
    /// </summary>
    public class ErrorComparisonTests
    {
        private const string Caller = "arn:aws:iam::111122223333:user/alice", Role = "arn:aws:iam::444455556666:role/Admin";

        private static AssumeRoleError Error(string layer, string code = "AccessDenied") =>
            new AssumeRoleError(code, Caller, "sts:AssumeRole", Role, layer, layer.Length == 0 ? "" : "Implicit", "", "User: ... is not authorized");

        /// <summary>Every check of the catalogue Pass, except those given.</summary>
        private static List<PathCheck> Checks(params (CheckName Name, CheckStatus Status)[] except)
        {
            var list = new List<PathCheck>();
            foreach (var name in System.Enum.GetValues(typeof(CheckName)).Cast<CheckName>())
            {
                var status = except.Where(e => e.Name == name).Select(e => (CheckStatus?)e.Status).FirstOrDefault() ?? Pass;
                list.Add(new PathCheck(name, status, Caller, Role, $"{name} is {status}."));
            }
            return list;
        }

        [Fact]
        public void The_layer_AWS_named_failing_agrees_and_nothing_else_blocks()
        {
            var r = Error("IdentityPolicy").WithChecks(Checks((CheckName.IdentityPolicy, Fail)));
            Assert.True(r.Agrees);
            Assert.Empty(r.OtherBlockingChecks);
            Assert.StartsWith("RoleTrust finds IdentityPolicy failing too: IdentityPolicy is Fail.", r.Found);
            Assert.Equal(16, r.Checks.Count);
        }

        [Fact]
        public void Other_failing_layers_are_named_in_catalogue_order_because_AWS_names_only_one()
        {
            var r = Error("TrustPolicy").WithChecks(Checks((CheckName.TrustPolicy, Fail), (CheckName.ServiceControlPolicy, Fail), (CheckName.IdentityPolicy, Fail), (CheckName.TrustConditions, Unknown)));
            Assert.True(r.Agrees);
            Assert.Equal(new[] { "IdentityPolicy", "ServiceControlPolicy" }, r.OtherBlockingChecks);
            Assert.Contains("IdentityPolicy, ServiceControlPolicy block too: AWS names only one layer per error, so fixing TrustPolicy alone will not open the path.", r.Found);
        }

        [Fact]
        public void The_named_layer_open_in_the_data_disagrees_and_says_why_that_can_be()
        {
            var r = Error("IdentityPolicy").WithChecks(Checks());
            Assert.False(r.Agrees);
            Assert.Contains("RoleTrust finds IdentityPolicy Pass", r.Found);
            Assert.Contains("IAM changes take a few seconds", r.Found);
        }

        [Fact]
        public void A_named_layer_that_does_not_apply_in_the_data_disagrees()
        {
            // AWS says an SCP denied; the data puts the caller's account outside any organization.
            Assert.False(Error("ServiceControlPolicy").WithChecks(Checks((CheckName.ServiceControlPolicy, NotApplicable))).Agrees);
        }

        [Fact]
        public void The_named_layer_Unknown_cannot_tell()
        {
            var r = Error("ServiceControlPolicy").WithChecks(Checks((CheckName.ServiceControlPolicy, Unknown), (CheckName.TrustPolicy, Fail)));
            Assert.Null(r.Agrees);
            Assert.Equal(new[] { "TrustPolicy" }, r.OtherBlockingChecks);
            Assert.StartsWith("RoleTrust cannot tell whether ServiceControlPolicy blocks", r.Found);
        }

        [Theory]
        [InlineData("SessionPolicy")]
        [InlineData("SessionDuration")]
        [InlineData("RequestParameters")]
        [InlineData("CallerIdentity")]
        [InlineData("StsEndpoint")]
        public void Layers_that_depend_on_what_the_call_carried_cannot_contradict_AWS_but_agree_when_they_fail(string layer)
        {
            var name = (CheckName)System.Enum.Parse(typeof(CheckName), layer);
            var open = Error(layer).WithChecks(Checks((name, NotApplicable)));
            Assert.Null(open.Agrees);
            Assert.Contains("depends on what the failed call carried", open.Found);
            Assert.Null(Error(layer).WithChecks(Checks()).Agrees);
            Assert.True(Error(layer).WithChecks(Checks((name, Fail))).Agrees);
        }

        [Fact]
        public void An_expired_web_identity_token_depends_on_the_token_of_the_call()
        {
            Assert.Null(Error("IdentityProvider", "ExpiredTokenException").WithChecks(Checks((CheckName.IdentityProvider, Warn))).Agrees);
            Assert.False(Error("IdentityProvider", "InvalidIdentityToken").WithChecks(Checks()).Agrees);
        }

        [Fact]
        public void Without_a_named_layer_any_failing_check_agrees_and_every_failing_check_is_listed()
        {
            var r = Error("").WithChecks(Checks((CheckName.TrustPolicy, Fail), (CheckName.ConsoleSwitchRole, NotApplicable)));
            Assert.True(r.Agrees);
            Assert.Equal(new[] { "TrustPolicy" }, r.OtherBlockingChecks);
            Assert.Equal("AWS named no layer; RoleTrust finds TrustPolicy failing.", r.Found);
        }

        [Fact]
        public void Without_a_named_layer_an_open_path_disagrees_and_one_with_Unknown_checks_cannot_tell()
        {
            Assert.False(Error("").WithChecks(Checks()).Agrees);
            var unknown = Error("").WithChecks(Checks((CheckName.TrustConditions, Unknown)));
            Assert.Null(unknown.Agrees);
            Assert.Contains("TrustConditions cannot be told", unknown.Found);
        }

        [Fact]
        public void The_console_check_failing_because_others_fail_is_not_another_layer()
        {
            var r = Error("TrustPolicy").WithChecks(Checks((CheckName.TrustPolicy, Fail), (CheckName.ConsoleSwitchRole, Fail)));
            Assert.Empty(r.OtherBlockingChecks);
        }

        [Fact]
        public void A_reading_without_checks_says_nothing()
        {
            var e = Error("TrustPolicy");
            Assert.Null(e.Agrees);
            Assert.Empty(e.OtherBlockingChecks);
            Assert.Equal("", e.Found);
        }
    }
}
