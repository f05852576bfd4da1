using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;
using Xunit;
using static RoleTrust.CheckStatus;
using static RoleTrust.Paths.Tests.MemorySource;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// The facts behind the checks: what describes the caller (and what only the new session), request values a policy tests
    /// but the request does not state, where an account sits in AWS Organizations, and data present but malformed.
    /// </summary>
    public class FactsAndUncertaintyTests
    {
        private const string A = "111111111111", B = "222222222222";
        private static readonly string AccountTrust = $"{{\"AWS\":\"arn:aws:iam::{A}:root\"}}";

        private static IReadOnlyList<PathCheck> Run(MemorySource data, string source, string role, Action<PathRequest>? configure = null)
        {
            var request = new PathRequest { SourceArn = source, RoleArn = role, Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };
            configure?.Invoke(request);
            return PathDiagnosis.Run(request, data);
        }

        private static PathCheck Get(IReadOnlyList<PathCheck> checks, CheckName name) => checks.Single(c => c.GetName() == name);
        private static CheckStatus StatusOf(IReadOnlyList<PathCheck> checks, CheckName name) => Get(checks, name).GetStatus();

        /// <summary>Bob in A, role Target in B trusting A's account, both members of o-mine with FullAWSAccess; the trust given.</summary>
        private static MemorySource CrossAccount(string trust, bool membersOfMine = true)
        {
            var data = new MemorySource();
            data.AddUser(A, "Bob");
            data.AddRole(B, "Target", trust);
            if (membersOfMine) { data.Memberships[A] = Member(A); data.Memberships[B] = Member(B); }
            return data;
        }

        private const string Bob = "arn:aws:iam::111111111111:user/Bob", Target = "arn:aws:iam::222222222222:role/Target";

        // ------------------------------------------------------------ the catalogue

        [Fact]
        public void Every_check_name_has_a_rule_and_they_run_in_the_enum_order()
        {
            var checks = Run(CrossAccount(Trust(AccountTrust)), Bob, Target);
            Assert.Equal(Enum.GetNames(typeof(CheckName)), checks.Select(c => c.Check));
            Assert.Equal(Enumerable.Range(1, Enum.GetNames(typeof(CheckName)).Length), checks.Select(c => c.Order));
            Assert.True(checks.All(c => c.Passed), string.Join("\n", checks.Select(c => $"{c.Check} {c.Status}: {c.Summary}")));
        }

        // ------------------------------------------------------------ aws:PrincipalTag describes the caller

        [Fact]
        public void Tags_passed_with_the_request_tag_the_new_session_not_the_caller()
        {
            // The trust requires the new session's team tag to equal the caller's own: a caller tagged "other" cannot
            // pass team=security and satisfy it with its own request value.
            var data = CrossAccount(Trust(AccountTrust, "{\"StringEquals\":{\"aws:RequestTag/team\":\"${aws:PrincipalTag/team}\"}}",
                actions: "[\"sts:AssumeRole\",\"sts:TagSession\"]"));
            data.Account(A).Users["Bob"].SetTag("team", "other");
            data.Account(A).Users["Bob"].SetInlinePolicies(new[] { new InlinePolicy("Inline", new PolicySource(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"*\"}]}")) });
            var checks = Run(data, Bob, Target, r => r.SessionTags["team"] = "security");
            Assert.Equal(Fail, StatusOf(checks, CheckName.TrustConditions));
            Assert.Contains("aws:RequestTag/team", Get(checks, CheckName.TrustConditions).Summary);

            var matching = Run(data, Bob, Target, r => r.SessionTags["team"] = "other");
            Assert.Equal(Pass, StatusOf(matching, CheckName.TrustConditions));
        }

        [Fact]
        public void The_calling_sessions_tags_override_the_roles_own_tags_case_insensitively()
        {
            var data = new MemorySource();
            var chainer = data.AddRole(A, "Chainer", Trust(AccountTrust));
            chainer.AddInlinePolicy(new InlinePolicy("Inline", new PolicySource(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"*\"}]}")));
            chainer.SetTag("Team", "ops");
            data.AddRole(B, "Target", Trust(AccountTrust, "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"security\"}}", actions: "[\"sts:AssumeRole\",\"sts:TagSession\"]"));
            data.Memberships[A] = Member(A); data.Memberships[B] = Member(B);
            string session = $"arn:aws:sts::{A}:assumed-role/Chainer/s1";

            Assert.Equal(Fail, StatusOf(Run(data, session, Target), CheckName.TrustConditions));
            Assert.Equal(Pass, StatusOf(Run(data, session, Target, r => r.CallerSessionTags["TEAM"] = "security"), CheckName.TrustConditions));
            // A tag passed with this request describes the new session only.
            Assert.Equal(Fail, StatusOf(Run(data, session, Target, r => r.SessionTags["team"] = "security"), CheckName.TrustConditions));
        }

        // ------------------------------------------------------------ request values the request does not state

        private static readonly string NetworkFence = TrustOf(
            $"{{\"Effect\":\"Allow\",\"Principal\":{AccountTrust},\"Action\":\"sts:AssumeRole\"}}",
            "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");

        [Fact]
        public void A_Deny_on_the_network_the_request_does_not_state_is_Unknown_not_an_explicit_deny()
        {
            var checks = Run(CrossAccount(NetworkFence), Bob, Target);
            var trust = Get(checks, CheckName.TrustPolicy);
            Assert.Equal(Unknown, trust.GetStatus());
            Assert.Contains("aws:SourceIp", trust.Summary);
            Assert.Contains("aws:SourceIp", trust.Fix);
        }

        [Fact]
        public void The_same_Deny_is_decided_once_the_network_is_stated()
        {
            Assert.Equal(Pass, StatusOf(Run(CrossAccount(NetworkFence), Bob, Target, r => r.SourceIp = "10.1.2.3"), CheckName.TrustPolicy));
            Assert.Equal(Fail, StatusOf(Run(CrossAccount(NetworkFence), Bob, Target, r => r.SourceIp = "203.0.113.9"), CheckName.TrustPolicy));
            // Through a VPC endpoint the request carries no aws:SourceIp at all, so the negated operator holds.
            Assert.Equal(Fail, StatusOf(Run(CrossAccount(NetworkFence), Bob, Target, r => r.SourceVpce = "vpce-0123456789abcdef0"), CheckName.TrustPolicy));
        }

        [Fact]
        public void An_Allow_only_from_a_network_is_Unknown_until_the_network_is_stated()
        {
            var data = CrossAccount(Trust(AccountTrust, "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
            Assert.Equal(Unknown, StatusOf(Run(data, Bob, Target), CheckName.TrustConditions));
            Assert.Equal(Pass, StatusOf(Run(data, Bob, Target, r => r.SourceIp = "10.9.9.9"), CheckName.TrustConditions));
            Assert.Equal(Fail, StatusOf(Run(data, Bob, Target, r => r.SourceIp = "198.51.100.1"), CheckName.TrustConditions));
        }

        // ------------------------------------------------------------ where the accounts sit in AWS Organizations

        [Fact]
        public void An_account_outside_the_known_organization_meets_an_org_Deny_for_sure()
        {
            // Outside o-mine the caller has either no aws:PrincipalOrgID or another organization's: the Deny applies both ways.
            var data = CrossAccount(TrustOf(
                $"{{\"Effect\":\"Allow\",\"Principal\":{AccountTrust},\"Action\":\"sts:AssumeRole\"}}",
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-mine\"}}}"));
            data.Memberships[A] = OrganizationMembership.Outside(A, "o-mine");
            var checks = Run(data, Bob, Target);
            Assert.Equal(Fail, StatusOf(checks, CheckName.TrustPolicy));
            Assert.Equal(NotApplicable, StatusOf(checks, CheckName.ServiceControlPolicy));
        }

        [Fact]
        public void An_account_outside_the_known_organization_may_or_may_not_meet_any_organization()
        {
            var data = CrossAccount(Trust(AccountTrust, "{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-*\"}}"));
            data.Memberships[A] = OrganizationMembership.Outside(A, "o-mine");
            Assert.Equal(Unknown, StatusOf(Run(data, Bob, Target), CheckName.TrustConditions));
            // A standalone account certainly has no organization.
            data.Memberships[A] = OrganizationMembership.Standalone(A);
            Assert.Equal(Fail, StatusOf(Run(data, Bob, Target), CheckName.TrustConditions));
        }

        [Fact]
        public void When_membership_cannot_be_told_SCPs_and_organization_conditions_are_Unknown()
        {
            var data = CrossAccount(Trust(AccountTrust, "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-mine\"}}"));
            data.Memberships.Remove(A);
            var checks = Run(data, Bob, Target);
            Assert.Equal(Unknown, StatusOf(checks, CheckName.ServiceControlPolicy));
            Assert.Equal(Unknown, StatusOf(checks, CheckName.TrustConditions));
            Assert.Contains("aws:PrincipalOrgID", Get(checks, CheckName.TrustConditions).Summary);
        }

        [Fact]
        public void SCPs_not_enabled_in_the_organization_do_not_apply()
        {
            var data = CrossAccount(Trust(AccountTrust));
            data.Memberships[A] = Member(A, scp: PolicyTypeState.Disabled);
            var scp = Get(Run(data, Bob, Target), CheckName.ServiceControlPolicy);
            Assert.Equal(NotApplicable, scp.GetStatus());
            Assert.Contains("not enabled", scp.Summary);
        }

        [Fact]
        public void Organization_data_with_no_SCP_and_no_policy_types_cannot_tell_whether_SCPs_are_enabled()
        {
            var org = new OrganizationData("o-mine", "999999999999");
            org.Roots.Add("r-root");
            org.Accounts.Add(A); org.Parents[A] = "r-root";
            org.Accounts.Add(B); org.Parents[B] = "r-root";
            var data = CrossAccount(Trust(AccountTrust), membersOfMine: false);
            data.Organization = org;
            Assert.Equal(Unknown, StatusOf(Run(data, Bob, Target), CheckName.ServiceControlPolicy));
            // Stated as ListRoots states it: only RCPs enabled.
            org.EnabledPolicyTypes = new HashSet<string> { OrganizationPolicy.ResourceControlPolicyType };
            data.Organization = CopyOf(org);
            Assert.Equal(NotApplicable, StatusOf(Run(data, Bob, Target), CheckName.ServiceControlPolicy));
        }

        private static OrganizationData CopyOf(OrganizationData org)
        {
            var copy = new OrganizationData(org.Id, org.ManagementAccountId) { EnabledPolicyTypes = org.EnabledPolicyTypes };
            foreach (var r in org.Roots) copy.Roots.Add(r);
            foreach (var a in org.Accounts) copy.Accounts.Add(a);
            foreach (var p in org.Parents) copy.Parents[p.Key] = p.Value;
            return copy;
        }

        // ------------------------------------------------------------ malformed fields are unknown, not absent

        private static DataGap Malformed(string path, string what) => new DataGap(DataGapKind.Field, DataGapCause.Malformed, A, path, detail: what);

        [Fact]
        public void A_malformed_permissions_boundary_field_makes_the_boundary_Unknown_not_absent()
        {
            var data = CrossAccount(Trust(AccountTrust));
            data.Account(A).Users["Bob"].AddProblem(new FieldProblem(EntityField.PermissionsBoundary, Malformed("UserDetailList[0].PermissionsBoundary", "expected an object, found a string")));
            var checks = Run(data, Bob, Target);
            var boundary = Get(checks, CheckName.PermissionsBoundary);
            Assert.Equal(Unknown, boundary.GetStatus());
            Assert.Contains("UserDetailList[0].PermissionsBoundary", boundary.Summary);
            Assert.Equal(Pass, StatusOf(checks, CheckName.IdentityPolicy));
        }

        [Fact]
        public void Malformed_tags_make_conditions_on_PrincipalTag_Unknown_so_a_trust_Deny_cannot_vanish()
        {
            var data = CrossAccount(TrustOf(
                $"{{\"Effect\":\"Allow\",\"Principal\":{AccountTrust},\"Action\":\"sts:AssumeRole\"}}",
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/quarantined\":\"true\"}}}"));
            Assert.Equal(Pass, StatusOf(Run(data, Bob, Target), CheckName.TrustPolicy));
            data.Account(A).Users["Bob"].AddProblem(new FieldProblem(EntityField.Tags, Malformed("UserDetailList[0].Tags", "expected an array, found an object")));
            Assert.Equal(Unknown, StatusOf(Run(data, Bob, Target), CheckName.TrustPolicy));
        }

        [Fact]
        public void Malformed_policy_lists_make_the_identity_policy_Unknown_not_a_confident_Fail()
        {
            var data = CrossAccount(Trust(AccountTrust));
            var bob = data.Account(A).Users["Bob"];
            bob.SetInlinePolicies(Array.Empty<InlinePolicy>());
            bob.AddProblem(new FieldProblem(EntityField.InlinePolicies, Malformed("UserDetailList[0].UserPolicyList", "expected an array, found a string")));
            var identity = Get(Run(data, Bob, Target), CheckName.IdentityPolicy);
            Assert.Equal(Unknown, identity.GetStatus());
            Assert.Contains("UserPolicyList", identity.Summary);
        }

        [Fact]
        public void A_malformed_MaxSessionDuration_makes_a_long_session_Unknown()
        {
            var data = CrossAccount(Trust(AccountTrust));
            data.Account(B).Roles["Target"].AddProblem(new FieldProblem(EntityField.MaxSessionDuration, Malformed("RoleDetailList[0].MaxSessionDuration", "expected a number, found a string")));
            Assert.Equal(Unknown, StatusOf(Run(data, Bob, Target, r => r.DurationSeconds = 7200), CheckName.SessionDuration));
            Assert.Equal(Pass, StatusOf(Run(data, Bob, Target, r => r.DurationSeconds = 3600), CheckName.SessionDuration));
        }

        // ------------------------------------------------------------ the source words the gaps

        [Fact]
        public void Missing_data_is_worded_by_the_data_source_never_with_file_or_parameter_names_from_the_engine()
        {
            var data = CrossAccount(Trust(AccountTrust));
            data.Accounts.Remove(B);
            var checks = Run(data, Bob, Target);
            var target = Get(checks, CheckName.TargetRole);
            Assert.Equal(Unknown, target.GetStatus());
            Assert.Contains($"account {B} is not in the data", target.Summary);
            Assert.All(checks, c => Assert.DoesNotContain("accounts/", c.Summary + c.Fix));
            Assert.All(checks, c => Assert.DoesNotMatch(@"(^|\s)-[A-Z][a-zA-Z]+", c.Summary + " " + c.Fix));
        }
    }
}
