using System.Linq;
using RoleTrust.Engine.Audit;
using Xunit;
using static RoleTrust.Engine.Tests.Findings.AuditKit;

namespace RoleTrust.Engine.Tests.Findings
{
    /// <summary>Each rule of docs/findings.md, positively and negatively: a rule flags exactly what its definition says.</summary>
    public class WildcardPrincipalTests
    {
        [Theory]
        [InlineData("\"*\"")]
        [InlineData("{\"AWS\":\"*\"}")]
        public void A_bare_wildcard_trust_is_flagged_High_with_the_statement_as_evidence(string principal)
        {
            var f = Assert.Single(FindingsOf(Trust(principal)));
            Assert.Equal("WildcardPrincipal", f.RuleId);
            Assert.Equal("High", f.Severity);
            Assert.Equal("*", f.Principal);
            Assert.Equal(0, f.StatementIndex);
            Assert.Equal(Own, f.Account);
            Assert.Equal(RoleArn, f.Role);
            Assert.Contains("\"Principal\":", f.Evidence);
            Assert.Contains(OrgId, f.Fix);   // the fix names the real organization
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}")]
        [InlineData("{\"ForAnyValue:StringLike\":{\"aws:PrincipalOrgPaths\":\"o-test123456/r-ab12/ou-ab12-11111111/*\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalAccount\":[\"111122223333\",\"444455556666\"]}}")]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/ci/*\"}}")]
        [InlineData("{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/Deployer\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"}}")]
        [InlineData("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:alerts\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:SourceOrgID\":\"o-test123456\"}}")]
        [InlineData("{\"StringEquals\":{\"sts:ExternalId\":\"a-shared-secret\"}}")]
        [InlineData("{\"StringLike\":{\"aws:userid\":\"AROAEXAMPLEID12345678:*\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"${aws:ResourceOrgID}\"}}")]
        [InlineData("{\"stringequals\":{\"AWS:PRINCIPALORGID\":\"o-test123456\"}}")]
        public void A_wildcard_narrowed_by_who_can_call_is_not_flagged(string condition)
        {
            Assert.DoesNotContain("WildcardPrincipal", Rules(Trust("*", condition: condition)));
        }

        [Theory]
        [InlineData("{\"StringEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}", "holds when the request has no value")]
        [InlineData("{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-evil\"}}", "admits every value except")]
        [InlineData("{\"ForAllValues:StringEquals\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}", "holds when the request has no value")]
        [InlineData("{\"StringLike\":{\"aws:PrincipalOrgID\":\"*\"}}", "leaves the id to a wildcard")]
        [InlineData("{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-*\"}}", "leaves the id to a wildcard")]
        [InlineData("{\"StringLike\":{\"sts:ExternalId\":\"*\"}}", "any value matches")]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/Admin\"}}", "leaves the account to a wildcard")]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"*\"}}", "leaves the account to a wildcard")]
        [InlineData("{\"StringLike\":{\"aws:PrincipalAccount\":\"1111*\"}}", "leaves the id to a wildcard")]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalAccount\":\"${aws:PrincipalAccount}\"}}", "takes its value from the request")]
        [InlineData("{\"Null\":{\"aws:PrincipalOrgID\":\"false\"}}", "only tests whether the key is present")]
        [InlineData("{\"StringLike\":{\"aws:PrincipalOrgID\":[\"o-test123456\",\"*\"]}}", "accepts \"*\", which leaves the id to a wildcard")]
        public void A_narrowing_that_does_not_narrow_is_still_flagged_and_says_why(string condition, string reason)
        {
            var f = Assert.Single(FindingsOf(Trust("*", condition: condition)), x => x.RuleId == "WildcardPrincipal");
            Assert.Contains(reason, f.Summary);
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"platform\"}}")]   // anyone can tag their own principals
        [InlineData("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}")]
        [InlineData("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:username\":\"admin\"}}")]
        public void Conditions_that_do_not_name_who_calls_leave_the_wildcard_flagged(string condition)
        {
            Assert.Contains("WildcardPrincipal", Rules(Trust("*", condition: condition)));
        }

        [Fact]
        public void One_narrowing_condition_among_weak_ones_is_enough()
        {
            Assert.DoesNotContain("WildcardPrincipal", Rules(Trust("*",
                condition: "{\"StringEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-x\"},\"StringEquals\":{\"aws:PrincipalAccount\":\"111122223333\"}}")));
        }

        [Fact]
        public void A_wildcard_in_a_Deny_statement_is_never_a_finding()
        {
            Assert.Empty(FindingsOf(Trust("*", effect: "Deny", condition: "{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}")));
        }

        [Fact]
        public void A_wildcard_statement_that_grants_no_assume_action_is_not_flagged()
        {
            Assert.Empty(FindingsOf(Trust("*", action: "sts:TagSession")));
            Assert.Equal(new[] { "WildcardPrincipal" }, Rules(Trust("*", action: "sts:*")));
        }

        [Fact]
        public void Without_organization_data_the_fix_asks_for_the_organization_id()
        {
            var f = Assert.Single(FindingsOf(Trust("*"), TrustZone.FromAccounts(new[] { Own })));
            Assert.Contains("<your organization id>", f.Fix);
        }

        [Fact]
        public void The_fix_corrects_the_operator_that_did_not_narrow()
        {
            var f = Assert.Single(FindingsOf(Trust("*", condition: "{\"StringEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}")));
            Assert.StartsWith("Use StringEquals instead of StringEqualsIfExists on aws:PrincipalOrgID", f.Fix);
        }
    }

    public class ThirdPartyAndAccountRootTests
    {
        [Theory]
        [InlineData("arn:aws:iam::999988887777:root")]
        [InlineData("999988887777")]
        [InlineData("arn:aws:iam::999988887777:role/VendorAccess")]
        public void An_account_outside_the_organization_without_external_id_is_flagged_Medium(string principal)
        {
            var f = Assert.Single(FindingsOf(Trust(principal)));
            Assert.Equal("ThirdPartyWithoutExternalId", f.RuleId);
            Assert.Equal("Medium", f.Severity);
            Assert.Equal(principal, f.Principal);
            Assert.Contains("outside organization o-test123456", f.Summary);
            Assert.Contains("sts:ExternalId", f.Fix);
        }

        [Fact]
        public void A_vendor_trust_with_an_external_id_is_not_flagged()
        {
            Assert.Empty(FindingsOf(Trust(Vendor, condition: "{\"StringEquals\":{\"sts:ExternalId\":\"7f3c9a\"}}")));
        }

        [Theory]
        [InlineData("{\"StringEqualsIfExists\":{\"sts:ExternalId\":\"7f3c9a\"}}")]
        [InlineData("{\"StringLike\":{\"sts:ExternalId\":\"*\"}}")]
        [InlineData("{\"ForAllValues:StringEquals\":{\"sts:ExternalId\":\"7f3c9a\"}}")]
        public void An_external_id_condition_that_any_request_meets_does_not_count(string condition)
        {
            Assert.Contains("ThirdPartyWithoutExternalId", Rules(Trust(Vendor, condition: condition)));
        }

        [Fact]
        public void A_whole_other_account_of_the_organization_is_AccountRootTrust_Info_not_third_party()
        {
            var f = Assert.Single(FindingsOf(Trust("arn:aws:iam::444455556666:root")));
            Assert.Equal("AccountRootTrust", f.RuleId);
            Assert.Equal("Info", f.Severity);
            Assert.Contains("in organization o-test123456", f.Summary);
        }

        [Theory]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::444455556666:role/cicd/*\"}}")]
        [InlineData("{\"ArnEquals\":{\"aws:PrincipalArn\":[\"arn:aws:iam::444455556666:role/Deployer\",\"arn:aws:iam::444455556666:user/ops\"]}}")]
        [InlineData("{\"StringLike\":{\"aws:userid\":\"AROAEXAMPLEID12345678:*\"}}")]
        public void A_whole_account_narrowed_to_some_of_its_principals_is_not_AccountRootTrust(string condition)
        {
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::444455556666:root", condition: condition)));
        }

        [Theory]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::444455556666:*\"}}")]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::444455556666:role/*\"}}")]
        [InlineData("{\"ArnLikeIfExists\":{\"aws:PrincipalArn\":\"arn:aws:iam::444455556666:role/cicd/*\"}}")]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::444455556666:role/cicd/*\",\"arn:aws:iam::*:role/x\"]}}")]
        public void A_condition_that_still_admits_the_whole_account_leaves_AccountRootTrust(string condition)
        {
            Assert.Equal(new[] { "AccountRootTrust" }, Rules(Trust("arn:aws:iam::444455556666:root", condition: condition)));
        }

        [Fact]
        public void A_named_role_of_another_organization_account_is_neither_rule()
        {
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::444455556666:role/Deployer")));
        }

        [Fact]
        public void The_roles_own_account_is_neither_rule()
        {
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::111122223333:root")));
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::111122223333:root"), TrustZone.FromAccounts(new string[0])));
        }

        [Fact]
        public void Without_organization_data_an_account_not_audited_is_outside_and_an_audited_one_is_inside()
        {
            var zone = TrustZone.FromAccounts(new[] { Own, Sibling });
            Assert.Equal(new[] { "ThirdPartyWithoutExternalId" }, Rules(Trust(Vendor), zone));
            Assert.Equal(new[] { "AccountRootTrust" }, Rules(Trust(Sibling), zone));
            Assert.Contains("the audited accounts", FindingsOf(Trust(Vendor), zone)[0].Summary);
        }

        [Fact]
        public void Two_outside_accounts_in_one_statement_make_one_finding_naming_both()
        {
            var f = Assert.Single(FindingsOf(Trust("{\"AWS\":[\"999988887777\",\"arn:aws:iam::888877776666:root\"]}")));
            Assert.Equal("999988887777; arn:aws:iam::888877776666:root", f.Principal);
            Assert.Contains("999988887777 and 888877776666", f.Summary);
        }

        [Fact]
        public void Deny_statements_naming_outside_accounts_are_not_findings()
        {
            Assert.Empty(FindingsOf(Trust(Vendor, effect: "Deny")));
        }
    }

    public class DeletedPrincipalTests
    {
        [Theory]
        [InlineData("AROAJ2UCCR6DPCEXAMPLE", "role")]
        [InlineData("AIDAJQABLZS4A3QDU576Q", "user")]
        public void A_unique_id_in_the_principal_is_flagged_Medium(string id, string kind)
        {
            var f = Assert.Single(FindingsOf(Trust(id)));
            Assert.Equal("DeletedPrincipal", f.RuleId);
            Assert.Equal("Medium", f.Severity);
            Assert.Equal(id, f.Principal);
            Assert.Contains($"once the {kind} it named is deleted", f.Summary);
        }

        [Fact]
        public void An_ARN_is_not_a_deleted_principal()
        {
            Assert.DoesNotContain("DeletedPrincipal", Rules(Trust("arn:aws:iam::111122223333:role/AROAJ2UCCR6DPCEXAMPLE")));
        }

        [Fact]
        public void A_unique_id_in_a_condition_is_not_a_deleted_principal()
        {
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::111122223333:root", condition: "{\"StringLike\":{\"aws:userid\":\"AROAJ2UCCR6DPCEXAMPLE:*\"}}")));
        }
    }

    public class OidcTests
    {
        private const string Sub = "token.actions.githubusercontent.com:sub";
        private const string Aud = "\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"";

        [Fact]
        public void An_exact_subject_and_audience_are_neither_missing_nor_wildcard()
        {
            Assert.Empty(FindingsOf(Oidc("{\"StringEquals\":{" + Aud + ",\"" + Sub + "\":\"repo:octo-org/app:ref:refs/heads/main\"}}")));
        }

        [Fact]
        public void No_subject_condition_is_OidcMissingSubject_High()
        {
            var f = Assert.Single(FindingsOf(Oidc("{\"StringEquals\":{" + Aud + "}}")));
            Assert.Equal("OidcMissingSubject", f.RuleId);
            Assert.Equal("High", f.Severity);
            Assert.Equal(GitHub, f.Principal);
            Assert.Contains("repo:<org>/<repo>", f.Fix);
        }

        [Theory]
        [InlineData("repo:octo-org/*")]
        [InlineData("repo:octo-org/app:*")]
        [InlineData("repo:octo-org/app:environment:prod")]
        public void A_subject_bounded_to_one_organization_is_not_a_wildcard(string pattern)
        {
            Assert.Empty(FindingsOf(Oidc("{\"StringEquals\":{" + Aud + "},\"StringLike\":{\"" + Sub + "\":\"" + pattern + "\"}}")));
        }

        [Theory]
        [InlineData("{\"StringLike\":{\"" + Sub + "\":\"*\"}}")]
        [InlineData("{\"StringLike\":{\"" + Sub + "\":\"repo:*\"}}")]
        [InlineData("{\"StringLike\":{\"" + Sub + "\":\"repo:*/*\"}}")]
        [InlineData("{\"StringLike\":{\"" + Sub + "\":\"repo:octo*/app:*\"}}")]
        [InlineData("{\"StringLike\":{\"" + Sub + "\":[\"repo:octo-org/*\",\"repo:*\"]}}")]
        [InlineData("{\"StringNotLike\":{\"" + Sub + "\":\"repo:evil/*\"}}")]
        public void A_subject_any_repository_can_meet_is_OidcWildcardSubject_High(string condition)
        {
            var rules = Rules(Oidc(condition));
            Assert.Contains("OidcWildcardSubject", rules);
            Assert.DoesNotContain("OidcMissingSubject", rules);
        }

        [Fact]
        public void StringEquals_treats_a_star_literally_so_it_bounds_the_subject()
        {
            Assert.DoesNotContain("OidcWildcardSubject", Rules(Oidc("{\"StringEquals\":{\"" + Sub + "\":\"repo:*\"}}")));
        }

        [Fact]
        public void No_audience_condition_is_OidcMissingAudience_Low()
        {
            var f = Assert.Single(FindingsOf(Oidc("{\"StringEquals\":{\"" + Sub + "\":\"repo:octo-org/app:ref:refs/heads/main\"}}")));
            Assert.Equal("OidcMissingAudience", f.RuleId);
            Assert.Equal("Low", f.Severity);
            Assert.Contains("sts.amazonaws.com", f.Fix);
        }

        [Fact]
        public void An_audience_of_only_wildcards_does_not_count()
        {
            Assert.Contains("OidcMissingAudience", Rules(Oidc("{\"StringEquals\":{\"" + Sub + "\":\"repo:o/a:ref:refs/heads/main\"},\"StringLike\":{\"token.actions.githubusercontent.com:aud\":\"*\"}}")));
        }

        [Fact]
        public void The_condition_key_prefix_is_the_providers_host_and_path()
        {
            const string eks = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
            Assert.Empty(FindingsOf(Oidc("{\"StringEquals\":{\"oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub\":\"system:serviceaccount:ci:deployer\",\"oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud\":\"sts.amazonaws.com\"}}", eks)));
            // The GitHub keys say nothing about the EKS provider.
            var rules = Rules(Oidc("{\"StringEquals\":{" + Aud + ",\"" + Sub + "\":\"repo:o/a:ref:refs/heads/main\"}}", eks));
            Assert.Equal(new[] { "OidcMissingSubject", "OidcMissingAudience" }, rules);
        }

        [Theory]
        [InlineData("accounts.google.com", "accounts.google.com:sub", "accounts.google.com:aud")]
        [InlineData("graph.facebook.com", "graph.facebook.com:id", "graph.facebook.com:app_id")]
        [InlineData("www.amazon.com", "www.amazon.com:user_id", "www.amazon.com:app_id")]
        [InlineData("cognito-identity.amazonaws.com", "cognito-identity.amazonaws.com:sub", "cognito-identity.amazonaws.com:aud")]
        public void Built_in_providers_use_their_own_subject_and_audience_keys(string provider, string subject, string audience)
        {
            string principal = "{\"Federated\":\"" + provider + "\"}";
            Assert.Empty(FindingsOf(Trust(principal, "sts:AssumeRoleWithWebIdentity", "{\"StringEquals\":{\"" + subject + "\":\"u1\",\"" + audience + "\":\"app1\"}}")));
            Assert.Equal(new[] { "OidcMissingSubject", "OidcMissingAudience" }, Rules(Trust(principal, "sts:AssumeRoleWithWebIdentity")));
        }

        [Fact]
        public void A_provider_trusted_for_another_action_is_not_an_OIDC_finding()
        {
            Assert.Empty(FindingsOf(Trust("{\"Federated\":\"" + GitHub + "\"}", "sts:TagSession")));
        }

        [Fact]
        public void A_Deny_on_the_provider_is_not_a_finding()
        {
            Assert.Empty(FindingsOf(Trust("{\"Federated\":\"" + GitHub + "\"}", "sts:AssumeRoleWithWebIdentity", effect: "Deny")));
        }
    }

    public class ForAllValuesTests
    {
        [Theory]
        [InlineData("sts:ExternalId")]
        [InlineData("aws:PrincipalArn")]
        [InlineData("token.actions.githubusercontent.com:sub")]
        [InlineData("aws:PrincipalTag/team")]
        [InlineData("SAML:aud")]
        public void ForAllValues_on_a_single_valued_key_is_flagged_High(string key)
        {
            var f = Assert.Single(FindingsOf(Trust("arn:aws:iam::111122223333:role/Caller", condition: "{\"ForAllValues:StringLike\":{\"" + key + "\":\"x*\"}}")),
                x => x.RuleId == "ForAllValuesOnSingleValuedKey");
            Assert.Equal("High", f.Severity);
            Assert.Contains(key, f.Summary);
            Assert.StartsWith("Use StringLike instead of ForAllValues:StringLike", f.Fix);
            Assert.Equal("arn:aws:iam::111122223333:role/Caller", f.Principal);
        }

        [Theory]
        [InlineData("ForAllValues:StringEquals", "aws:TagKeys")]
        [InlineData("ForAllValues:StringLike", "aws:PrincipalOrgPaths")]
        [InlineData("ForAllValues:StringEquals", "token.actions.githubusercontent.com:amr")]
        [InlineData("ForAllValues:StringEquals", "custom:unknownkey")]
        [InlineData("ForAnyValue:StringEquals", "sts:ExternalId")]
        public void Multivalued_unknown_keys_and_ForAnyValue_are_not_flagged(string op, string key)
        {
            Assert.DoesNotContain("ForAllValuesOnSingleValuedKey", Rules(Trust("arn:aws:iam::111122223333:role/Caller", condition: "{\"" + op + "\":{\"" + key + "\":\"x\"}}")));
        }

        [Fact]
        public void A_Deny_statement_with_ForAllValues_is_not_flagged()
        {
            Assert.Empty(FindingsOf(Trust("*", effect: "Deny", condition: "{\"ForAllValues:StringEquals\":{\"sts:ExternalId\":\"x\"}}")));
        }
    }

    public class SamlTests
    {
        [Fact]
        public void A_SAML_provider_without_SAML_aud_is_SamlMissingAudience_Low()
        {
            var f = Assert.Single(FindingsOf(Trust("{\"Federated\":\"" + Okta + "\"}", "sts:AssumeRoleWithSAML")));
            Assert.Equal("SamlMissingAudience", f.RuleId);
            Assert.Equal("Low", f.Severity);
            Assert.Equal(Okta, f.Principal);
            Assert.Contains("https://signin.aws.amazon.com/saml", f.Fix);
        }

        [Fact]
        public void SAML_aud_required_is_not_flagged()
        {
            Assert.Empty(FindingsOf(Trust("{\"Federated\":\"" + Okta + "\"}", "sts:AssumeRoleWithSAML", "{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}")));
        }

        [Fact]
        public void A_negated_SAML_aud_condition_does_not_require_an_audience()
        {
            Assert.Equal(new[] { "SamlMissingAudience" }, Rules(Trust("{\"Federated\":\"" + Okta + "\"}", "sts:AssumeRoleWithSAML", "{\"StringNotEquals\":{\"SAML:aud\":\"https://evil.example\"}}")));
        }
    }

    public class ServicePrincipalTests
    {
        [Fact]
        public void A_service_without_source_condition_is_Info_and_the_fix_names_the_account()
        {
            var f = Assert.Single(FindingsOf(Trust("{\"Service\":\"sns.amazonaws.com\"}")));
            Assert.Equal("ServiceWithoutSourceCondition", f.RuleId);
            Assert.Equal("Info", f.Severity);
            Assert.Equal("sns.amazonaws.com", f.Principal);
            Assert.Contains("\"aws:SourceAccount\": \"111122223333\"", f.Fix);
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"}}")]
        [InlineData("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:111122223333:*\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:SourceOrgID\":\"o-test123456\"}}")]
        public void A_source_condition_clears_it(string condition)
        {
            Assert.Empty(FindingsOf(Trust("{\"Service\":\"sns.amazonaws.com\"}", condition: condition)));
        }

        [Theory]
        [InlineData("{\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"111122223333\"}}")]
        [InlineData("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:*:*\"}}")]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}")]
        public void A_weak_or_unrelated_condition_does_not(string condition)
        {
            Assert.Equal(new[] { "ServiceWithoutSourceCondition" }, Rules(Trust("{\"Service\":\"sns.amazonaws.com\"}", condition: condition)));
        }
    }

    public class InvalidTrustElementTests
    {
        [Theory]
        [InlineData("Allow")]
        [InlineData("Deny")]
        public void NotPrincipal_is_flagged_in_any_statement(string effect)
        {
            string policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:role/Admin\"},\"Action\":\"sts:AssumeRole\"}]}";
            var f = Assert.Single(FindingsOf(policy));
            Assert.Equal("InvalidTrustElement", f.RuleId);
            Assert.Equal("Medium", f.Severity);
            Assert.Equal("NotPrincipal: arn:aws:iam::111122223333:role/Admin", f.Principal);
            Assert.Contains("NotPrincipal", f.Summary);
        }

        [Theory]
        [InlineData("\"Resource\":\"*\"", "Resource")]
        [InlineData("\"NotResource\":\"arn:aws:iam::111122223333:role/Other\"", "NotResource")]
        public void Resource_and_NotResource_are_flagged_even_in_a_Deny(string element, string name)
        {
            var f = Assert.Single(FindingsOf(Trust("arn:aws:iam::111122223333:role/Caller", effect: "Deny", extra: element)));
            Assert.Equal("InvalidTrustElement", f.RuleId);
            Assert.Contains(name, f.Summary);
            Assert.Contains($"remove the {name} element", f.Fix, System.StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void A_clean_statement_has_no_invalid_element()
        {
            Assert.Empty(FindingsOf(Trust("arn:aws:iam::111122223333:role/Caller")));
        }
    }

    public class FindingShapeTests
    {
        [Fact]
        public void One_finding_per_rule_and_statement_with_its_index_and_Sid()
        {
            string policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"Ci\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/ci\"},\"Action\":\"sts:AssumeRole\"},"
                + "{\"Sid\":\"Open\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\",\"AROAJ2UCCR6DPCEXAMPLE\"],\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}";
            var findings = FindingsOf(policy);
            Assert.Equal(new[] { "1:WildcardPrincipal", "1:DeletedPrincipal", "1:ServiceWithoutSourceCondition", "2:WildcardPrincipal" },
                findings.Select(f => f.StatementIndex + ":" + f.RuleId));
            Assert.All(findings.Where(f => f.StatementIndex == 1), f => Assert.Equal("Open", f.Sid));
            Assert.Equal("", findings.Last().Sid);
            Assert.StartsWith("Statement 1 (Open)", findings[0].Summary);
        }

        [Fact]
        public void Every_summary_is_one_sentence_and_every_finding_has_a_fix()
        {
            foreach (var f in FixtureTests.AllFindings())
            {
                Assert.EndsWith(".", f.Summary);
                Assert.DoesNotContain(". ", f.Summary.Substring(0, f.Summary.Length - 1).Replace("e.g. ", "").Replace("i.e. ", ""));
                Assert.False(string.IsNullOrWhiteSpace(f.Fix), f.RuleId);
            }
        }

        [Fact]
        public void An_unparseable_trust_policy_is_a_problem_not_a_finding()
        {
            var role = new Model.IamRole { Arn = RoleArn, Name = "Audited", TrustPolicy = new Model.PolicySource("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:role/x*\"},\"Action\":\"sts:AssumeRole\"}]}") };
            var result = new TrustPolicyAuditor(Organization).Audit(Own, role);
            Assert.Empty(result.Findings);
            Assert.NotNull(result.Problem);
            Assert.Equal("InvalidTrustPolicy", result.Problem!.ErrorId);
            Assert.Equal("InvalidPrincipal", result.Problem.PolicyErrorId);
            Assert.Equal(RoleArn, result.Problem.Role);
            Assert.Contains(RoleArn, result.Problem.Message);
        }

        [Fact]
        public void A_role_without_a_trust_policy_is_a_MissingTrustPolicy_problem()
        {
            var result = new TrustPolicyAuditor(Organization).Audit(Own, new Model.IamRole { Arn = RoleArn, Name = "Audited" });
            Assert.Equal("MissingTrustPolicy", result.Problem!.ErrorId);
        }

        [Fact]
        public void URL_encoded_trust_policies_are_audited_like_plain_ones()
        {
            string plain = Trust("*");
            var encoded = FindingsOf(System.Uri.EscapeDataString(plain));
            Assert.Equal("WildcardPrincipal", Assert.Single(encoded).RuleId);
        }

        [Fact]
        public void Roles_sharing_a_trust_policy_parse_it_once()
        {
            var auditor = new TrustPolicyAuditor(Organization);
            for (int i = 0; i < 50; i++)
                auditor.Audit(Own, new Model.IamRole { Arn = $"arn:aws:iam::{Own}:role/r{i}", Name = $"r{i}", TrustPolicy = new Model.PolicySource(Trust("*")) });
            Assert.Equal(1, auditor.Cache.Count);
        }

        [Fact]
        public void The_filter_keeps_only_the_severities_and_rules_asked_for_and_refuses_unknown_names()
        {
            var findings = FixtureTests.AllFindings();
            var high = new FindingFilter(new[] { "high" }, null);
            Assert.All(findings.Where(high.Matches), f => Assert.Equal("High", f.Severity));
            Assert.Contains(findings, f => !high.Matches(f));
            var rules = new FindingFilter(new[] { "Info", "Medium" }, new[] { "AccountRootTrust" });
            Assert.All(findings.Where(rules.Matches), f => Assert.Equal("AccountRootTrust", f.RuleId));
            Assert.Contains(findings, rules.Matches);
            Assert.Throws<System.ArgumentException>(() => new FindingFilter(new[] { "Critical" }, null));
            Assert.Throws<System.ArgumentException>(() => new FindingFilter(null, new[] { "NoSuchRule" }));
        }
    }
}
