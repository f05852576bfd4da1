using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// Worked examples of the IAM User Guide (awsdocs/iam-user-guide and docs.aws.amazon.com), encoded as cases.
    /// Each test name cites the page and the example. Where a guide example is not a complete request (placeholders,
    /// an action without its service prefix) the smallest change that makes it evaluable is noted.
    /// </summary>
    public class GoldenCaseTests
    {
        // ===================== Policy evaluation logic =====================
        private const string Carlos = "arn:aws:iam::123456789012:user/carlossalazar";

        private const string CarlosIdentity = @"{""Version"":""2012-10-17"",""Statement"":[
            {""Sid"":""AllowS3ListRead"",""Effect"":""Allow"",""Action"":[""s3:GetBucketLocation"",""s3:GetAccountPublicAccessBlock"",""s3:ListAccessPoints"",""s3:ListAllMyBuckets""],""Resource"":""arn:aws:s3:::*""},
            {""Sid"":""AllowS3Self"",""Effect"":""Allow"",""Action"":""s3:*"",""Resource"":[""arn:aws:s3:::carlossalazar/*"",""arn:aws:s3:::carlossalazar""]},
            {""Sid"":""DenyS3Logs"",""Effect"":""Deny"",""Action"":""s3:*"",""Resource"":""arn:aws:s3:::*log*""}]}";

        private const string CarlosBucketPolicy = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",
            ""Principal"":{""AWS"":""arn:aws:iam::123456789012:user/carlossalazar""},""Action"":""s3:*"",""Resource"":[""arn:aws:s3:::carlossalazar/*"",""arn:aws:s3:::carlossalazar""]}]}";

        [Fact]
        public void PolicyEvaluationLogic_CarlosExample_SaveToLogsBucket_IsExplicitlyDeniedByIdentityPolicy()
        {
            var r = Run(Carlos, resource: "arn:aws:s3:::carlossalazar-logs/file.txt", action: "s3:PutObject", resourceAccount: "123456789012", identity: CarlosIdentity);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
            Assert.Equal("DenyS3Logs", r.Denying[0].Sid);
        }

        [Fact]
        public void PolicyEvaluationLogic_CarlosExample_SaveToOwnBucket_IsAllowedByBothPolicies()
        {
            var r = Run(Carlos, resource: "arn:aws:s3:::carlossalazar/file.txt", action: "s3:PutObject", resourceAccount: "123456789012", identity: CarlosIdentity, trust: CarlosBucketPolicy);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.IdentityPolicy));
            Assert.Equal(LayerOutcome.Allowed, r.OutcomeOf(PolicyLayer.ResourcePolicy));
        }

        [Fact]
        public void PolicyEvaluationLogic_CarlosExample_OneSideAllowingWithinAccount_IsEnough()
        {
            // "If one of the policy types allows the request and the other doesn't, the request is still allowed."
            var bucketOnly = Run(Carlos, resource: "arn:aws:s3:::carlossalazar/file.txt", action: "s3:PutObject", resourceAccount: "123456789012", trust: CarlosBucketPolicy);
            Assert.Equal(Decision.Allowed, bucketOnly.Decision);
            string otherBucketPolicy = CarlosBucketPolicy.Replace("user/carlossalazar", "user/someoneelse");
            var identityOnly = Run(Carlos, resource: "arn:aws:s3:::carlossalazar/file.txt", action: "s3:PutObject", resourceAccount: "123456789012", identity: CarlosIdentity, trust: otherBucketPolicy);
            Assert.Equal(Decision.Allowed, identityOnly.Decision);
        }

        [Fact]
        public void PolicyEvaluationLogic_CarlosExample_ListAllBuckets_IsAllowed()
        {
            Assert.Equal(Decision.Allowed, Run(Carlos, resource: "arn:aws:s3:::some-bucket", action: "s3:ListAllMyBuckets", resourceAccount: "123456789012", identity: CarlosIdentity).Decision);
        }

        private const string GetListReports = @"{""Version"":""2012-10-17"",""Statement"":[
            {""Sid"":""AllowGetList"",""Effect"":""Allow"",""Action"":[""iam:Get*"",""iam:List*""],""Resource"":""*""},
            {""Sid"":""DenyReports"",""Effect"":""Deny"",""Action"":""iam:*Report"",""Resource"":""*""}]}";

        [Theory]
        [InlineData("iam:GetUser", Decision.Allowed)]
        [InlineData("iam:ListRoles", Decision.Allowed)]
        [InlineData("iam:CreatePolicy", Decision.ImplicitlyDenied)]
        [InlineData("iam:GetOrganizationsAccessReport", Decision.ExplicitlyDenied)]
        public void PolicyEvaluationLogic_ExplicitVsImplicitDenyExample(string action, Decision expected)
        {
            Assert.Equal(expected, Run(UserBob, resource: "arn:aws:iam::111122223333:user/Bob", action: action, identity: GetListReports).Decision);
        }

        [Fact]
        public void PolicyEvaluationLogic_ExplicitVsImplicitDenyExample_AddedAllowForReports_IsStillDenied()
        {
            string identity = "[" + GetListReports + "," + Allow("iam:GenerateCredentialReport") + "]";
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, resource: "arn:aws:iam::111122223333:user/Bob", action: "iam:GenerateCredentialReport", identity: identity).Decision);
        }

        [Fact]
        public void PolicyEvaluationLogic_SameAccountTable_RoleArnInResourcePolicy_LimitedByBoundary()
        {
            const string bucket = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""AWS"":""arn:aws:iam::111122223333:role/examplerole""},""Action"":""s3:GetObject"",""Resource"":""*""}]}";
            var r = Run("arn:aws:sts::111122223333:assumed-role/examplerole/examplerolesessionname", resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A,
                trust: bucket, boundary: Allow("ec2:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.PermissionsBoundary, r.DecidingLayer);
        }

        [Fact]
        public void PolicyEvaluationLogic_SameAccountTable_RoleSessionArnInResourcePolicy_NotLimitedByIdentityBoundaryOrSession()
        {
            const string session = "arn:aws:sts::111122223333:assumed-role/examplerole/examplerolesessionname";
            string bucket = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""AWS"":""" + session + @"""},""Action"":""s3:GetObject"",""Resource"":""*""}]}";
            var r = Run(session, resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A, trust: bucket,
                identity: Allow("ec2:*"), boundary: Allow("ec2:*"), session: Allow("ec2:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void PolicyEvaluationLogic_SameAccountTable_UserArnInResourcePolicy_NotLimitedByIdentityOrBoundary()
        {
            const string user = "arn:aws:iam::111122223333:user/exampleuser";
            string bucket = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""AWS"":""" + user + @"""},""Action"":""s3:GetObject"",""Resource"":""*""}]}";
            var r = Run(user, resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A, trust: bucket, identity: Allow("ec2:*"), boundary: Allow("ec2:*"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }

        [Fact]
        public void PolicyEvaluationLogic_RoleTrustPolicies_MustExplicitlyAllow_EvenWithIdentityAllow()
        {
            var r = Run(UserBob, trust: Trust("{\"Service\":\"ec2.amazonaws.com\"}"), identity: FullAccess);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        }

        // ===================== Cross-account policy evaluation logic =====================
        private const string Carlos1 = "arn:aws:iam::111111111111:user/carlossalazar";

        private const string Carlos1Identity = @"{""Version"":""2012-10-17"",""Statement"":[
            {""Sid"":""AllowS3ListRead"",""Effect"":""Allow"",""Action"":""s3:ListAllMyBuckets"",""Resource"":""*""},
            {""Sid"":""AllowS3ProductionObjectActions"",""Effect"":""Allow"",""Action"":""s3:*Object*"",""Resource"":""arn:aws:s3:::Production/*""},
            {""Sid"":""DenyS3Logs"",""Effect"":""Deny"",""Action"":""s3:*"",""Resource"":[""arn:aws:s3:::*log*"",""arn:aws:s3:::*log*/*""]}]}";

        private const string ProductionBucketPolicy = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",
            ""Action"":[""s3:GetObject*"",""s3:PutObject*"",""s3:ReplicateObject"",""s3:RestoreObject""],
            ""Principal"":{""AWS"":""arn:aws:iam::111111111111:user/carlossalazar""},""Resource"":""arn:aws:s3:::Production/*""}]}";

        [Fact]
        public void CrossAccountEvaluationLogic_CarlosExample_SaveToProductionLogs_IsExplicitlyDenied()
        {
            var r = Run(Carlos1, resource: "arn:aws:s3:::Production-logs/file.txt", action: "s3:PutObject", resourceAccount: "222222222222", identity: Carlos1Identity);
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        [Fact]
        public void CrossAccountEvaluationLogic_CarlosExample_SaveToProduction_IsAllowedByBothAccounts()
        {
            var r = Run(Carlos1, resource: "arn:aws:s3:::Production/file.txt", action: "s3:PutObject", resourceAccount: "222222222222", identity: Carlos1Identity, trust: ProductionBucketPolicy);
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.False(r.SameAccount);
        }

        [Fact]
        public void CrossAccountEvaluationLogic_CarlosExample_DeleteInProduction_BucketPolicyDoesNotAllow()
        {
            // "He can create and edit, but not delete the objects in the bucket."
            var r = Run(Carlos1, resource: "arn:aws:s3:::Production/file.txt", action: "s3:DeleteObject", resourceAccount: "222222222222", identity: Carlos1Identity, trust: ProductionBucketPolicy);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void CrossAccountEvaluationLogic_BothEvaluationsMustAllow_BucketPolicyAloneIsNotEnough()
        {
            var r = Run(Carlos1, resource: "arn:aws:s3:::Production/file.txt", action: "s3:PutObject", resourceAccount: "222222222222", trust: ProductionBucketPolicy);
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, r.DecidingLayer);
        }

        // ===================== IAM JSON policy elements: Condition operators =====================
        [Fact]
        public void ConditionOperators_StringEquals_JobCategoryTagExample()
        {
            string c = "{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}";
            Assert.True(Cond(c, "{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}"));
            Assert.False(Cond(c, "{\"aws:PrincipalTag/job-category\":\"IAMUser-Admin\"}"));
            Assert.False(Cond(c));
        }

        [Fact]
        public void ConditionOperators_StringLike_HomePrefixExample_WithUsernameVariable()
        {
            string c = "{\"StringLike\":{\"s3:prefix\":[\"\",\"home/\",\"home/${aws:username}/\"]}}";
            Assert.True(Cond(c, "{\"s3:prefix\":\"\",\"aws:username\":\"jane\"}"));
            Assert.True(Cond(c, "{\"s3:prefix\":\"home/\",\"aws:username\":\"jane\"}"));
            Assert.True(Cond(c, "{\"s3:prefix\":\"home/jane/\",\"aws:username\":\"jane\"}"));
            Assert.False(Cond(c, "{\"s3:prefix\":\"home/bob/\",\"aws:username\":\"jane\"}"));
        }

        [Fact]
        public void ConditionOperators_NumericLessThanEquals_MaxKeysExample()
        {
            string c = "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}";
            Assert.True(Cond(c, "{\"s3:max-keys\":\"10\"}"));
            Assert.False(Cond(c, "{\"s3:max-keys\":\"11\"}"));
            Assert.False(Cond(c));
        }

        [Fact]
        public void ConditionOperators_DateGreaterThan_TokenIssueTimeExample()
        {
            string c = "{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"2020-01-01T00:00:01Z\"}}";
            Assert.True(Cond(c, "{\"aws:TokenIssueTime\":\"2020-06-30T00:00:00Z\"}"));
            Assert.False(Cond(c, "{\"aws:TokenIssueTime\":\"2019-12-31T23:59:59Z\"}"));
            Assert.False(Cond(c)); // long-term credentials carry no token issue time
        }

        [Fact]
        public void ConditionOperators_Bool_SecureTransportDenyExample()
        {
            string bucket = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}," +
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A, trust: bucket, context: "{\"aws:SecureTransport\":\"false\"}").Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A, trust: bucket, context: "{\"aws:SecureTransport\":\"true\"}").Decision);
        }

        [Fact]
        public void ConditionOperators_BinaryEquals_Example()
        {
            Assert.True(Cond("{\"BinaryEquals\":{\"key\":\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}}", "{\"key\":\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}"));
        }

        [Fact]
        public void ConditionOperators_IpAddress_SourceIpExample_IPv4AndIPv6()
        {
            string c = "{\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]}}";
            Assert.True(Cond(c, "{\"aws:SourceIp\":\"203.0.113.77\"}"));
            Assert.True(Cond(c, "{\"aws:SourceIp\":\"2001:db8:1234:5678::abcd\"}"));
            Assert.False(Cond(c, "{\"aws:SourceIp\":\"198.51.100.1\"}"));
        }

        [Fact]
        public void ConditionOperators_ArnEquals_SqsQueuePolicySourceArnExample()
        {
            const string topic = "arn:aws:sns:us-east-1:123456789012:TOPIC-ID";
            string queue = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\"," +
                "\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:QUEUE-ID\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + topic + "\"}}}]}";
            Assert.Equal(Decision.Allowed, Run("sns.amazonaws.com", resource: "arn:aws:sqs:us-east-1:123456789012:QUEUE-ID", action: "sqs:SendMessage", trust: queue, context: "{\"aws:SourceArn\":\"" + topic + "\"}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run("sns.amazonaws.com", resource: "arn:aws:sqs:us-east-1:123456789012:QUEUE-ID", action: "sqs:SendMessage", trust: queue, context: "{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:OTHER\"}").Decision);
        }

        [Fact]
        public void ConditionOperators_Null_TokenIssueTimeExample_TemporaryCredentialsOnly()
        {
            string c = "{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}";
            Assert.True(Cond(c, "{\"aws:TokenIssueTime\":\"2026-01-15T11:00:00Z\"}"));
            Assert.False(Cond(c));
        }

        [Fact]
        public void ConditionOperators_IfExists_InstanceTypeExample()
        {
            string c = "{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\",\"m3.*\"]}}";
            Assert.True(Cond(c, "{\"ec2:InstanceType\":\"t2.micro\"}"));
            Assert.False(Cond(c, "{\"ec2:InstanceType\":\"m5.large\"}"));
            Assert.True(Cond(c)); // requests without an instance type are not blocked
        }

        [Fact]
        public void ConditionOperators_IfExists_SourceIpOrVpcExample()
        {
            // From the global condition keys page: both keys optional; checked only when present.
            string c = "{\"IpAddressIfExists\":{\"aws:SourceIp\":[\"203.0.113.0/24\"]},\"StringEqualsIfExists\":{\"aws:SourceVpc\":[\"vpc-111\"]}}";
            Assert.True(Cond(c));
            Assert.True(Cond(c, "{\"aws:SourceVpc\":\"vpc-111\"}"));
            Assert.False(Cond(c, "{\"aws:SourceVpc\":\"vpc-222\"}"));
            Assert.False(Cond(c, "{\"aws:SourceIp\":\"198.51.100.1\"}"));
        }

        // ===================== Conditions with multiple context keys or values =====================
        private const string MultiKeyCondition = "{\"StringEquals\":{\"aws:PrincipalTag/department\":[\"finance\",\"hr\",\"legal\"],\"aws:PrincipalTag/role\":[\"audit\",\"security\"]}," +
            "\"ArnLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::222222222222:user/Ana\",\"arn:aws:iam::222222222222:user/Mary\"]}}";

        [Fact]
        public void MultipleKeysOrValues_BucketPolicyExample_AllKeysMustMatch_AnyValuePerKey()
        {
            Assert.True(Cond(MultiKeyCondition, "{\"aws:PrincipalTag/department\":\"hr\",\"aws:PrincipalTag/role\":\"audit\",\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:user/Mary\"}"));
        }

        [Theory]
        [InlineData("{\"aws:PrincipalTag/department\":\"hr\",\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:user/Mary\"}")]
        [InlineData("{\"aws:PrincipalTag/department\":\"sales\",\"aws:PrincipalTag/role\":\"audit\",\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:user/Mary\"}")]
        [InlineData("{\"aws:PrincipalTag/department\":\"hr\",\"aws:PrincipalTag/role\":\"audit\",\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:user/Bob\"}")]
        public void MultipleKeysOrValues_BucketPolicyExample_OneKeyFailing_FailsTheBlock(string context)
        {
            Assert.False(Cond(MultiKeyCondition, context));
        }

        [Fact]
        public void MultipleKeysOrValues_NegatedOperatorExample_ValuesAreNored()
        {
            string c = "{\"StringNotEquals\":{\"aws:PrincipalTag/department\":[\"finance\",\"hr\",\"legal\"]}}";
            Assert.False(Cond(c, "{\"aws:PrincipalTag/department\":\"finance\"}"));
            Assert.False(Cond(c, "{\"aws:PrincipalTag/department\":\"legal\"}"));
            Assert.True(Cond(c, "{\"aws:PrincipalTag/department\":\"sales\"}"));
            Assert.True(Cond(c)); // no department tag at all
        }

        [Fact]
        public void MultiValueConditions_DynamoDbGetItemExample_ForAllValuesStringLike()
        {
            // Guide writes the action as "GetItem"; the service prefix is added so the policy is valid.
            string identity = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"arn:aws:dynamodb:us-east-1:111122223333:table/Thread\"," +
                "\"Condition\":{\"ForAllValues:StringLike\":{\"dynamodb:requestedAttributes\":[\"PostDateTime\",\"Message\",\"Tags\"]}}}]}";
            const string table = "arn:aws:dynamodb:us-east-1:111122223333:table/Thread";
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: table, action: "dynamodb:GetItem", identity: identity, context: "{\"dynamodb:requestedAttributes\":[\"PostDateTime\",\"Message\"]}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: table, action: "dynamodb:GetItem", identity: identity, context: "{\"dynamodb:requestedAttributes\":[\"PostDateTime\",\"UserName\"]}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: table, action: "dynamodb:GetItem", identity: identity, context: "{\"dynamodb:requestedAttributes\":[\"ID\"]}").Decision);
        }

        [Fact]
        public void MultiValueConditions_DynamoDbPutItemExample_ForAnyValueDeny()
        {
            const string table = "arn:aws:dynamodb:us-east-1:111122223333:table/Thread";
            string identity = "[" + FullAccess + ",{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"dynamodb:PutItem\",\"Resource\":\"" + table + "\"," +
                "\"Condition\":{\"ForAnyValue:StringLike\":{\"dynamodb:requestedAttributes\":[\"ID\",\"PostDateTime\"]}}}]}]";
            Assert.Equal(Decision.ExplicitlyDenied, Run(UserBob, resource: table, action: "dynamodb:PutItem", identity: identity, context: "{\"dynamodb:requestedAttributes\":[\"UserName\",\"Message\",\"PostDateTime\"]}").Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: table, action: "dynamodb:PutItem", identity: identity, context: "{\"dynamodb:requestedAttributes\":[\"UserName\"]}").Decision);
        }

        [Fact]
        public void MultiValueConditions_EmptyDataSet_ForAllValuesTrue_ForAnyValueFalse()
        {
            Assert.True(Cond("{\"ForAllValues:StringLike\":{\"dynamodb:requestedAttributes\":[\"PostDateTime\"]}}", "{\"dynamodb:requestedAttributes\":[]}"));
            Assert.False(Cond("{\"ForAnyValue:StringLike\":{\"dynamodb:requestedAttributes\":[\"PostDateTime\"]}}", "{\"dynamodb:requestedAttributes\":[]}"));
        }

        // ===================== Single-valued vs. multivalued context keys =====================
        private const string TagKeysAll = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}";
        private const string TagKeysAny = "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}";

        [Theory]
        [InlineData("[\"environment\"]", true)]
        [InlineData("[\"cost-center\"]", true)]
        [InlineData("[\"environment\",\"cost-center\"]", true)]
        [InlineData("[\"environment\",\"dept\"]", false)]
        [InlineData("[\"dept\"]", false)]
        [InlineData(null, true)]
        public void SingleVsMultivalued_ForAllValuesTagKeysExample(string? tagKeys, bool expected)
        {
            Assert.Equal(expected, Cond(TagKeysAll, tagKeys == null ? "{}" : "{\"aws:TagKeys\":" + tagKeys + "}"));
        }

        [Theory]
        [InlineData("[\"environment\"]", true)]
        [InlineData("[\"environment\",\"dept\"]", true)]
        [InlineData("[\"dept\"]", false)]
        [InlineData(null, false)]
        public void SingleVsMultivalued_ForAnyValueTagKeysExample(string? tagKeys, bool expected)
        {
            Assert.Equal(expected, Cond(TagKeysAny, tagKeys == null ? "{}" : "{\"aws:TagKeys\":" + tagKeys + "}"));
        }

        [Fact]
        public void SingleVsMultivalued_SetOperatorOnSingleValuedKey_IsOverlyPermissive()
        {
            // ForAllValues on aws:RequestTag/... (single-valued) passes when the tag is missing.
            string c = "{\"ForAllValues:StringEquals\":{\"aws:RequestTag/environment\":[\"prod\"]}}";
            Assert.True(Cond(c));
            Assert.False(Cond("{\"StringEquals\":{\"aws:RequestTag/environment\":[\"prod\"]}}"));
        }

        // ===================== IAM policy elements: Variables and tags =====================
        private const string HomeDirectory = @"{""Version"":""2012-10-17"",""Statement"":[
            {""Action"":[""s3:ListBucket""],""Effect"":""Allow"",""Resource"":[""arn:aws:s3:::mybucket""],""Condition"":{""StringLike"":{""s3:prefix"":[""${aws:username}/*""]}}},
            {""Action"":[""s3:GetObject"",""s3:PutObject""],""Effect"":""Allow"",""Resource"":[""arn:aws:s3:::mybucket/${aws:username}/*""]}]}";

        [Fact]
        public void PolicyVariables_HomeDirectoryExample_OwnPrefixAllowed_OtherDenied()
        {
            const string david = "arn:aws:iam::111122223333:user/David";
            Assert.Equal(Decision.Allowed, Run(david, resource: "arn:aws:s3:::mybucket/David/notes.txt", action: "s3:GetObject", resourceAccount: A, identity: HomeDirectory).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(david, resource: "arn:aws:s3:::mybucket/Adele/notes.txt", action: "s3:GetObject", resourceAccount: A, identity: HomeDirectory).Decision);
            Assert.Equal(Decision.Allowed, Run(david, resource: "arn:aws:s3:::mybucket", action: "s3:ListBucket", resourceAccount: A, identity: HomeDirectory, context: "{\"s3:prefix\":\"David/reports\"}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(david, resource: "arn:aws:s3:::mybucket", action: "s3:ListBucket", resourceAccount: A, identity: HomeDirectory, context: "{\"s3:prefix\":\"Adele/\"}").Decision);
        }

        [Fact]
        public void PolicyVariables_HomeDirectoryExample_WithoutVersion_VariableIsLiteral()
        {
            string noVersion = HomeDirectory.Replace(@"""Version"":""2012-10-17"",", "");
            const string david = "arn:aws:iam::111122223333:user/David";
            Assert.Equal(Decision.ImplicitlyDenied, Run(david, resource: "arn:aws:s3:::mybucket/David/notes.txt", action: "s3:GetObject", resourceAccount: A, identity: noVersion).Decision);
        }

        [Fact]
        public void PolicyVariables_AccessKeyExample_UserCanManageOnlyOwnKeys()
        {
            string identity = @"{""Version"":""2012-10-17"",""Statement"":[{""Action"":[""iam:*AccessKey*""],""Effect"":""Allow"",""Resource"":[""arn:aws:iam::111122223333:user/${aws:username}""]}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: UserBob, action: "iam:CreateAccessKey", identity: identity).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: "arn:aws:iam::111122223333:user/David", action: "iam:CreateAccessKey", identity: identity).Decision);
        }

        [Fact]
        public void PolicyVariables_SqsQueueNameExample()
        {
            string identity = @"{""Version"":""2012-10-17"",""Statement"":[{""Sid"":""ListForConsole"",""Effect"":""Allow"",""Action"":""sqs:ListQueues"",""Resource"":""*""},
                {""Sid"":""AllQueueActions"",""Effect"":""Allow"",""Action"":""sqs:*"",""Resource"":""arn:aws:sqs:us-east-2:*:${aws:username}-queue""}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "arn:aws:sqs:us-east-2:111122223333:Bob-queue", action: "sqs:SendMessage", identity: identity).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: "arn:aws:sqs:us-west-2:111122223333:Bob-queue", action: "sqs:SendMessage", identity: identity).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: "arn:aws:sqs:us-east-2:111122223333:Ann-queue", action: "sqs:SendMessage", identity: identity).Decision);
        }

        [Fact]
        public void PolicyVariables_PrincipalTagInResourceExample()
        {
            string identity = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Action"":""s3:*"",""Resource"":[""arn:aws:s3:::bucket/${aws:PrincipalTag/department}""]}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "arn:aws:s3:::bucket/hr", action: "s3:GetObject", resourceAccount: A, identity: identity, context: "{\"aws:PrincipalTag/department\":\"hr\"}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: "arn:aws:s3:::bucket/hr", action: "s3:GetObject", resourceAccount: A, identity: identity).Decision);
        }

        [Fact]
        public void PolicyVariables_SnsTopicPolicyExample_EndpointMustMatchUsername()
        {
            const string user = "arn:aws:iam::999999999999:user/Bob";
            string topicPolicy = @"{""Version"":""2012-10-17"",""Statement"":[{""Principal"":{""AWS"":""999999999999""},""Effect"":""Allow"",""Action"":""sns:*"",
                ""Condition"":{""StringLike"":{""sns:endpoint"":""https://example.com/${aws:username}/""},""StringEquals"":{""sns:Protocol"":""https""}}}]}";
            // Within account 999999999999 the topic policy delegates to the account, so test its statement directly.
            var statement = Policy(topicPolicy, Policies.PolicyType.Resource).Statements[0];
            Assert.Equal(Policies.PrincipalMatch.Account, statement.MatchPrincipal(Model.PrincipalIdentity.Parse(user)));
            Assert.True(statement.ConditionsHold(Ctx("{\"aws:username\":\"Bob\",\"sns:endpoint\":\"https://example.com/Bob/\",\"sns:Protocol\":\"https\"}")));
            Assert.False(statement.ConditionsHold(Ctx("{\"aws:username\":\"Bob\",\"sns:endpoint\":\"https://example.com/Alice/\",\"sns:Protocol\":\"https\"}")));
            Assert.False(statement.ConditionsHold(Ctx("{\"aws:username\":\"Bob\",\"sns:endpoint\":\"https://example.com/Bob/\",\"sns:Protocol\":\"http\"}")));
        }

        [Fact]
        public void PolicyVariables_CostCenterTagExample()
        {
            string c = "{\"StringLike\":{\"iam:ResourceTag/costCenter\":[\"12345\",\"67890\"]}}";
            Assert.True(Cond(c, "{\"iam:ResourceTag/costCenter\":\"67890\"}"));
            Assert.False(Cond(c, "{\"iam:ResourceTag/costCenter\":\"11111\"}"));
            Assert.False(Cond(c));
        }

        [Fact]
        public void PolicyVariables_DefaultValueExample_CompanyWide()
        {
            string identity = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Action"":""s3:*"",""Resource"":[""arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*""]}]}";
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "arn:aws:s3:::bucket/company-wide/x", action: "s3:GetObject", resourceAccount: A, identity: identity).Decision);
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "arn:aws:s3:::bucket/red/x", action: "s3:GetObject", resourceAccount: A, identity: identity, context: "{\"aws:PrincipalTag/team\":\"red\"}").Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: "arn:aws:s3:::bucket/company-wide/x", action: "s3:GetObject", resourceAccount: A, identity: identity, context: "{\"aws:PrincipalTag/team\":\"red\"}").Decision);
        }
    }
}
