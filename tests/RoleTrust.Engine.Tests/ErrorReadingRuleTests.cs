using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Errors;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>The reading rules of docs/error-reading.md, one at a time.</summary>
    public class ErrorReadingRuleTests
    {
        private const string Bob = "arn:aws:iam::111122223333:user/Bob";
        private const string Alice = "arn:aws:iam::444455556666:role/Alice";
        private const string Denied = "User: " + Bob + " is not authorized to perform: sts:AssumeRole on resource: " + Alice;

        private static AssumeRoleError Read(string text) => Assert.IsType<AssumeRoleError>(AssumeRoleErrorReader.Read(text).Error);

        // ---- ErrorCode: the wire code wherever the client put it ----

        [Theory]
        [InlineData("An error occurred (AccessDenied) when calling the AssumeRole operation: " + Denied)]
        [InlineData("operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: " + Denied)]
        [InlineData(Denied + " (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 1)")]
        [InlineData("<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>" + Denied + "</Message></Error>")]
        [InlineData("{\"errorCode\": \"AccessDenied\", \"errorMessage\": \"" + Denied + "\"}")]
        [InlineData("{\"Error\":{\"Code\":\"AccessDenied\",\"Message\":\"" + Denied + "\"}}")]
        [InlineData("AccessDenied (client): " + Denied)]
        [InlineData(Denied + " (Aws::STS::Errors::AccessDenied)")]
        [InlineData("caused by: AccessDenied: " + Denied + "\n\tstatus code: 403, request id: 1")]
        public void ErrorCode_IsTheWireCode_WhereverTheClientPutIt(string text)
        {
            Assert.Equal("AccessDenied", Read(text).ErrorCode);
        }

        [Theory]
        [InlineData("Amazon.SecurityToken.Model.InvalidIdentityTokenException: Incorrect token audience", "InvalidIdentityToken")]
        [InlineData("software.amazon.awssdk.services.sts.model.IdpRejectedClaimException: claim rejected (Service: Sts, Status Code: 403, Request ID: 1)", "IDPRejectedClaim")]
        [InlineData("com.amazonaws.services.securitytoken.model.IDPCommunicationErrorException: cannot reach the provider", "IDPCommunicationError")]
        [InlineData("{\"__type\":\"com.amazonaws.sts#RegionDisabledException\",\"message\":\"STS is not activated in this region for account:444455556666.\"}", "RegionDisabledException")]
        [InlineData("StatusCode: 400, RequestID: 7, InvalidIdentityToken: No OpenIDConnect provider found in your account for https://x", "InvalidIdentityToken")]
        public void ErrorCode_OfModeledExceptions_IsTheirWireCode_NotTheClassName(string text, string code)
        {
            Assert.Equal(code, Read(text).ErrorCode);
        }

        [Theory]
        [InlineData("WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")]
        [InlineData("CredentialsError: Missing credentials in config\nAccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")]
        [InlineData("CredentialsProviderError: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")]
        public void ErrorCode_IsNeverAnSdkWrapperCode(string text)
        {
            Assert.Equal("AccessDenied", Read(text).ErrorCode);
        }

        [Fact]
        public void ErrorCode_IsNeverAPowerShellCategory()
        {
            var reading = AssumeRoleErrorReader.Read(new[]
            {
                "System.InvalidOperationException: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                "+ CategoryInfo : InvalidOperation: (Amazon.PowerShe...UseSTSRoleCmdlet:UseSTSRoleCmdlet) [Use-STSRole], InvalidOperationException",
            }, errorCode: "PermissionDenied");

            Assert.Equal("AccessDenied", reading.Error.ErrorCode);   // documented for the message; the category is not a code
        }

        [Fact]
        public void ErrorCode_TheClientsErrorCodeProperty_WinsOverTheTexts()
        {
            var reading = AssumeRoleErrorReader.Read(new[] { "Amazon.SecurityToken.AmazonSecurityTokenServiceException: Token expired: current date/time 2 must be before the expiration date/time 1" },
                errorCode: "ExpiredTokenException");

            Assert.Equal("ExpiredTokenException", reading.Error.ErrorCode);
            Assert.Equal("IdentityProvider", reading.Error.Layer);
        }

        [Theory]
        [InlineData("Roles may not be assumed by root accounts.", "AccessDenied")]
        [InlineData("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", "ValidationError")]
        [InlineData("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", "ValidationError")]
        [InlineData("STS is not activated in this region for account:444455556666. Your account administrator can activate STS in this region using the IAM Console.", "RegionDisabledException")]
        [InlineData("The security token included in the request is expired", "ExpiredToken")]
        [InlineData("Token expired: current date/time 1700000500 must be before the expiration date/time 1700000000", "ExpiredTokenException")]
        [InlineData("The security token included in the request is invalid.", "InvalidClientTokenId")]
        [InlineData("Signature expired: 20250301T101500Z is now earlier than 20250301T102012Z", "SignatureDoesNotMatch")]
        [InlineData("Not authorized to perform sts:AssumeRoleWithWebIdentity", "AccessDenied")]
        [InlineData("No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com", "InvalidIdentityToken")]
        public void ErrorCode_WithoutOne_IsTheCodeAwsDocumentsForTheMessage(string message, string code)
        {
            Assert.Equal(code, Read(message).ErrorCode);
        }

        [Theory]
        [InlineData("Invalid information in one or more fields. Check your information or contact your administrator.")]
        [InlineData("Your request included an invalid SAML response. To logout, click here.")]
        [InlineData("Failed to assume role: Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: 1)")]
        public void ErrorCode_IsEmpty_ForTheConsoleAndTheSamlSignInPage(string text)
        {
            var e = Read(text);
            Assert.Equal("", e.ErrorCode);
            Assert.DoesNotContain("ErrorCode", e.Missing);   // they never have one: nothing is missing
        }

        [Fact]
        public void ExpiredTokenException_TheWebIdentityToken_IsNotExpiredToken_TheCaller()
        {
            var token = Read("An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 2 must be before the expiration date/time 1");
            var caller = Read("An error occurred (ExpiredToken) when calling the AssumeRole operation: The security token included in the request is expired");

            Assert.Equal(("ExpiredTokenException", "IdentityProvider"), (token.ErrorCode, token.Layer));
            Assert.Equal(("ExpiredToken", "CallerIdentity"), (caller.ErrorCode, caller.Layer));
        }

        // ---- Caller: verbatim ----

        [Theory]
        [InlineData("arn:aws:iam::***:user/github-ci", "Caller (redacted)")]
        [InlineData("arn:aws:iam::<account_id>:user/deployer", "Caller (redacted)")]
        [InlineData("arn:aws:iam::xxx:user/mc.my.inventory", "Caller (redacted)")]
        [InlineData("arn:aws:sts::\"my account number\":assumed-role/Monkey/i-e68888", "Caller (redacted)")]
        [InlineData("arn:aws:iam::67211257:user/Qikink", "Caller (not a full ARN)")]
        public void Caller_IsTheArnAfterUser_Verbatim_RedactionsIncluded(string caller, string missing)
        {
            var e = Read($"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {Alice}");

            Assert.Equal(caller, e.Caller);
            Assert.Contains(missing, e.Missing);
        }

        [Fact]
        public void Caller_FromCloudTrail_IsUserIdentityArn_WhenTheMessageNamesNone()
        {
            var e = Read("{\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + Bob + "\",\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::1:role/x\"}}},\"eventName\":\"AssumeRole\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access denied\"}");

            Assert.Equal(Bob, e.Caller);
            Assert.Equal("sts:AssumeRole", e.Action);
        }

        // ---- Action ----

        [Theory]
        [InlineData("User: " + Bob + " is not authorized to perform: sts:AssumeRole on resource: " + Alice, "sts:AssumeRole")]
        [InlineData("Not authorized to perform sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithWebIdentity")]
        [InlineData("User: " + Bob + " is not authorized to perform: STS:assumerolewithsaml on resource: " + Alice, "sts:AssumeRoleWithSAML")]
        [InlineData("User: " + Bob + " is not authorized to perform: sts:TagSession on resource: " + Alice, "sts:TagSession")]
        [InlineData("An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected", "sts:AssumeRole")]
        [InlineData("operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 1, InvalidIdentityToken: Incorrect token audience", "sts:AssumeRoleWithWebIdentity")]
        [InlineData("{\"eventName\":\"AssumeRoleWithSAML\",\"errorCode\":\"AccessDenied\"}", "sts:AssumeRoleWithSAML")]
        [InlineData("Use-STSRole : The security token included in the request is expired", "sts:AssumeRole")]
        [InlineData("Use-STSRoleWithSAML : Response signature invalid", "sts:AssumeRoleWithSAML")]
        [InlineData("Invalid information in one or more fields. Check your information or contact your administrator.", "")]
        public void Action_IsThePerformedAction_ElseTheFailingStsOperation(string text, string action)
        {
            Assert.Equal(action, Read(text).Action);
        }

        // ---- Resource ----

        [Fact]
        public void Resource_IsTheArnAfterOnResource_BeforeAnyWrapper()
        {
            Assert.Equal(Alice, Read("IAM Role (arn:aws:iam::444455556666:role/Other) cannot be assumed. api error AccessDenied: " + Denied).Resource);
        }

        [Theory]
        [InlineData("IAM Role (" + Alice + ") cannot be assumed. Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: Not authorized to perform sts:AssumeRole")]
        [InlineData("Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role " + Alice + " ---> Not authorized to perform sts:AssumeRoleWithWebIdentity")]
        [InlineData("{\"eventName\":\"AssumeRole\",\"errorCode\":\"AccessDenied\",\"requestParameters\":{\"roleArn\":\"" + Alice + "\",\"roleSessionName\":\"s\"}}")]
        public void Resource_ElseTheRoleAWrapperNames(string text)
        {
            Assert.Equal(Alice, Read(text).Resource);
        }

        [Theory]
        [InlineData(Denied + ".")]
        [InlineData("<Message>" + Denied + "</Message>")]
        [InlineData("\"errorMessage\":\"" + Denied + "\",")]
        [InlineData("IAM Role (" + Alice + ") cannot be assumed.")]
        public void Resource_EndsWhereTheSurroundingTextResumes(string text)
        {
            Assert.Equal(Alice, Read(text).Resource);
        }

        // ---- Layer, DenyKind, PolicyArn ----

        [Theory]
        [InlineData("because no identity-based policy allows the sts:AssumeRole action", "IdentityPolicy", "Implicit")]
        [InlineData("because no role trust policy allows the sts:AssumeRole action", "TrustPolicy", "Implicit")]
        [InlineData("because no resource-based policy allows the sts:AssumeRole action", "TrustPolicy", "Implicit")]
        [InlineData("because no permissions boundary allows the sts:AssumeRole action", "PermissionsBoundary", "Implicit")]
        [InlineData("because no session policy allows the sts:AssumeRole action", "SessionPolicy", "Implicit")]
        [InlineData("because no service control policy allows the sts:AssumeRole action", "ServiceControlPolicy", "Implicit")]
        [InlineData("because no VPC endpoint policy allows the sts:AssumeRole action", "StsEndpoint", "Implicit")]
        [InlineData("with an explicit deny in an identity-based policy", "IdentityPolicy", "Explicit")]
        [InlineData("with an explicit deny in the role trust policy", "TrustPolicy", "Explicit")]
        [InlineData("with an explicit deny in a resource-based policy", "TrustPolicy", "Explicit")]
        [InlineData("with an explicit deny in a permissions boundary", "PermissionsBoundary", "Explicit")]
        [InlineData("with an explicit deny in a session policy", "SessionPolicy", "Explicit")]
        [InlineData("with an explicit deny in a sessions policy", "SessionPolicy", "Explicit")]
        [InlineData("with an explicit deny in a service control policy", "ServiceControlPolicy", "Explicit")]
        [InlineData("with an explicit deny in a resource control policy", "ResourceControlPolicy", "Explicit")]
        [InlineData("with an explicit deny in a VPC endpoint policy", "StsEndpoint", "Explicit")]
        [InlineData("with an explicit deny in a VPC endpoint policy transitively through a service control policy", "ServiceControlPolicy", "Explicit")]
        public void Layer_AndDenyKind_FromAwsPhrase(string clause, string layer, string kind)
        {
            var e = Read(Denied + " " + clause);

            Assert.Equal((layer, kind), (e.Layer, e.DenyKind));
            Assert.Equal(Denied + " " + clause, e.Message);
        }

        [Fact]
        public void Layer_IsEmpty_WhenAwsNamedNone()
        {
            var shortForm = Read(Denied);
            var webIdentity = Read("Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity");

            Assert.Equal(("", ""), (shortForm.Layer, shortForm.DenyKind));
            Assert.Equal(("", ""), (webIdentity.Layer, webIdentity.DenyKind));
        }

        [Fact]
        public void Layer_OfAnUndocumentedPolicyType_IsEmpty_AndSaysSoInMissing()
        {
            var e = Read(Denied + " with an explicit deny in a quantum policy");

            Assert.Equal(("", "Explicit"), (e.Layer, e.DenyKind));
            Assert.Contains(e.Missing, m => m.StartsWith("Layer") && m.Contains("quantum policy"));
        }

        [Theory]
        [InlineData("RegionDisabledException", "StsEndpoint")]
        [InlineData("ExpiredToken", "CallerIdentity")]
        [InlineData("InvalidClientTokenId", "CallerIdentity")]
        [InlineData("SignatureDoesNotMatch", "CallerIdentity")]
        [InlineData("InvalidIdentityToken", "IdentityProvider")]
        [InlineData("IDPRejectedClaim", "IdentityProvider")]
        [InlineData("IDPCommunicationError", "IdentityProvider")]
        [InlineData("ExpiredTokenException", "IdentityProvider")]
        [InlineData("MalformedPolicyDocument", "RequestParameters")]
        [InlineData("PackedPolicyTooLarge", "RequestParameters")]
        public void Layer_FromTheCode_WhenTheMessageNamesNoPolicy(string code, string layer)
        {
            Assert.Equal(layer, Read($"An error occurred ({code}) when calling the AssumeRole operation: something went wrong").Layer);
        }

        [Theory]
        [InlineData("durationSeconds", "SessionDuration")]
        [InlineData("roleSessionName", "RequestParameters")]
        [InlineData("roleArn", "RequestParameters")]
        [InlineData("tokenCode", "RequestParameters")]
        public void Layer_OfAValidationError_IsTheParameterItNames(string member, string layer)
        {
            Assert.Equal(layer, Read($"An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'x' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 2").Layer);
        }

        [Theory]
        [InlineData(": arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-scp1.", "arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-scp1")]
        [InlineData(": arn:aws:iam::111122223333:policy/Deny-Prod", "arn:aws:iam::111122223333:policy/Deny-Prod")]
        [InlineData("", "")]
        public void PolicyArn_IsTheArnAfterTheDenyClause_WithoutTheFullStop(string tail, string arn)
        {
            Assert.Equal(arn, Read(Denied + " with an explicit deny in a service control policy" + tail).PolicyArn);
        }

        [Theory]
        [InlineData(PolicyLayer.IdentityPolicy, "IdentityPolicy")]
        [InlineData(PolicyLayer.ResourcePolicy, "TrustPolicy")]
        [InlineData(PolicyLayer.PermissionsBoundary, "PermissionsBoundary")]
        [InlineData(PolicyLayer.SessionPolicy, "SessionPolicy")]
        [InlineData(PolicyLayer.ServiceControlPolicy, "ServiceControlPolicy")]
        [InlineData(PolicyLayer.ResourceControlPolicy, "ResourceControlPolicy")]
        [InlineData(PolicyLayer.VpcEndpointPolicy, "StsEndpoint")]
        public void EveryMessageTheEngineWrites_ReadsBackToItsLayer(PolicyLayer layer, string check)
        {
            const string policy = "arn:aws:iam::111122223333:policy/Guard";
            foreach (bool explicitDeny in new[] { false, true })
            {
                string text = ErrorTexts.AccessDenied(Bob, "sts:AssumeRole", Alice, layer, explicitDeny, roleTrust: true, policyArn: policy);
                var e = Read("An error occurred (AccessDenied) when calling the AssumeRole operation: " + text);

                Assert.Equal((check, explicitDeny ? "Explicit" : "Implicit"), (e.Layer, e.DenyKind));
                Assert.Equal((Bob, "sts:AssumeRole", Alice), (e.Caller, e.Action, e.Resource));
                Assert.Equal(explicitDeny && layer != PolicyLayer.ResourcePolicy ? policy : "", e.PolicyArn);
                Assert.Equal(text, e.Message);
            }
        }

        // ---- Not an AssumeRole error: reported, not guessed ----

        [Theory]
        [InlineData("", "empty")]
        [InlineData("User: " + Bob + " is not authorized to perform: iam:PassRole on resource: " + Alice, "iam:PassRole")]
        [InlineData("An error occurred (AccessDenied) when calling the GetSessionToken operation: Cannot call GetSessionToken with session credentials", "GetSessionToken")]
        [InlineData("An error occurred (AccessDenied) when calling the PutObject operation: Access Denied", "PutObject")]
        [InlineData("Something failed: AccessDenied: nope", "AccessDenied")]
        public void TextsOfOtherErrors_AreNotAssumeRoleErrors(string text, string reasonMentions)
        {
            var reading = AssumeRoleErrorReader.Read(text);

            Assert.False(reading.IsAssumeRoleError);
            Assert.Contains(reasonMentions, reading.Reason);
        }

        [Fact]
        public void MissingForPathChecks_NamesTheCallerAndRoleTheChecksNeed()
        {
            Assert.Empty(AssumeRoleErrorReader.MissingForPathChecks(Read(Denied)));
            Assert.Equal(new[] { "Caller", "Resource" }, AssumeRoleErrorReader.MissingForPathChecks(Read("Not authorized to perform sts:AssumeRole")));
            Assert.Equal(new[] { "Caller (redacted)" },
                AssumeRoleErrorReader.MissingForPathChecks(Read("User: arn:aws:iam::***:user/ci is not authorized to perform: sts:AssumeRole on resource: " + Alice)));
        }

        // ---- Several texts for one failure (an exception chain, an ErrorRecord) ----

        [Fact]
        public void SeveralTexts_AreReadTogether_OuterWrapperAndInnerMessage()
        {
            var reading = AssumeRoleErrorReader.Read(new[]
            {
                "Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role " + Alice,
                "Amazon.SecurityToken.AmazonSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                null,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error></ErrorResponse>",
            });

            Assert.True(reading.IsAssumeRoleError);
            Assert.Equal(("AccessDenied", "sts:AssumeRoleWithWebIdentity", Alice), (reading.Error.ErrorCode, reading.Error.Action, reading.Error.Resource));
            Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", reading.Error.Message);
        }

        [Fact]
        public void AnErrorCodeProperty_WithoutAnyText_IsNotEnough()
        {
            Assert.False(AssumeRoleErrorReader.Read(new string?[0], "AccessDenied").IsAssumeRoleError);
        }

        // ---- The text as users paste it ----

        [Fact]
        public void JsonEscapedText_IsUnescaped_EvenTwice()
        {
            string once = "{\"error\":\"caused by: AccessDenied: " + Denied.Replace("User:", "User:") + "\\n\\tstatus code: 403\"}";
            string twice = "{\"log\":\"{\\\"msg\\\":\\\"An error occurred (AccessDenied) when calling the AssumeRole operation: " + Denied + "\\\\n\\\"}\"}";

            Assert.Equal(Alice, Read(once).Resource);
            Assert.Equal((Bob, Alice), (Read(twice).Caller, Read(twice).Resource));
        }

        [Fact]
        public void ColourCodes_AndLogTimestamps_AreIgnored()
        {
            string text = "2025-01-20T14:03:11.5522310Z \u001b[31m│\u001b[0m \u001b[1mError:\u001b[0m operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: User:\n"
                + "2025-01-20T14:03:11.5522901Z \u001b[31m│\u001b[0m " + Bob + " is not authorized to perform: sts:AssumeRole on resource:\n"
                + "2025-01-20T14:03:11.5523105Z \u001b[31m│\u001b[0m " + Alice;

            var e = Read(text);
            Assert.Equal((Bob, Alice, "AccessDenied"), (e.Caller, e.Resource, e.ErrorCode));
        }

        [Fact]
        public void LinesACutConsoleSplit_AreJoinedWithoutASpace_WordWrappedOnesWithOne()
        {
            string line = "Use-STSRole : " + Denied;
            string cut = string.Join("\n", Enumerable.Range(0, (line.Length + 99) / 100).Select(i => line.Substring(i * 100, System.Math.Min(100, line.Length - i * 100))))
                + "\n    + CategoryInfo          : InvalidOperation: (:) [Use-STSRole], InvalidOperationException";
            string wrapped = "│ api error AccessDenied: User: " + Bob + "\n│ is not authorized to perform: sts:AssumeRole on resource:\n│ " + Alice;

            Assert.Equal((Bob, Alice), (Read(cut).Caller, Read(cut).Resource));
            Assert.Equal((Bob, Alice), (Read(wrapped).Caller, Read(wrapped).Resource));
        }

        [Fact]
        public void AVeryLongText_IsCut_NotRejected()
        {
            string text = Denied + " because no identity-based policy allows the sts:AssumeRole action\n" + new string('x', AssumeRoleErrorReader.MaxTextLength);
            Assert.Equal("IdentityPolicy", Read(text).Layer);
        }
    }
}
