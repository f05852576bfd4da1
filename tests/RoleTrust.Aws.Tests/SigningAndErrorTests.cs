using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    public class SigningAndErrorTests
    {
        [Fact]
        public async Task Iam_query_request_signed_by_the_sdk_signer_is_verified_by_the_fake()
        {
            using var fake = Fixtures.NewFake();
            using var iam = new IamClient(TestKeys.Alice, "eu-west-1", Fixtures.Options(fake));
            var role = await iam.GetRoleAsync("OrgAudit");
            Assert.Equal("arn:aws:iam::111111111111:role/OrgAudit", role.Arn);
            var req = Assert.Single(fake.Requests);
            Assert.True(req.SignatureValid);
            Assert.Equal("iam", req.Service);
            Assert.Equal("us-east-1", req.SigningRegion); // IAM signs for the partition's home region, not the caller's
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", req.Headers["Content-Type"]);
            Assert.Equal("Action=GetRole&Version=2010-05-08&RoleName=OrgAudit", req.Body);
        }

        [Fact]
        public async Task Json_request_with_session_token_is_verified_and_signs_target_and_token()
        {
            using var fake = Fixtures.NewFake();
            using var org = new OrganizationsClient(TestKeys.Session, "us-east-1", Fixtures.Options(fake));
            var o = await org.DescribeOrganizationAsync();
            Assert.Equal("o-exampleorgid", o.Id);
            Assert.Equal("999999999999", o.ManagementAccountId);
            var req = Assert.Single(fake.Requests);
            Assert.True(req.SignatureValid);
            Assert.Equal("organizations", req.Service);
            Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", req.Headers["X-Amz-Target"]);
            Assert.Equal("application/x-amz-json-1.1", req.Headers["Content-Type"]);
            Assert.Contains("x-amz-security-token", req.Headers["Authorization"]);
            Assert.Contains("x-amz-target", req.Headers["Authorization"]);
        }

        [Fact]
        public async Task Cn_partition_signs_organizations_for_cn_northwest_1()
        {
            using var fake = Fixtures.NewFake();
            using var org = new OrganizationsClient(TestKeys.Alice, "cn-north-1", Fixtures.Options(fake));
            await org.ListRootsAsync();
            Assert.Equal("cn-northwest-1", Assert.Single(fake.Requests).SigningRegion);
        }

        [Fact]
        public async Task Wrong_secret_is_rejected_with_SignatureDoesNotMatch_and_not_retried()
        {
            using var fake = Fixtures.NewFake();
            var bad = new BasicAWSCredentials(TestKeys.AliceAccessKey, "not-the-secret-key-00000000000000000000");
            using var iam = new IamClient(bad, "us-east-1", Fixtures.Options(fake));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync("OrgAudit"));
            Assert.Equal("SignatureDoesNotMatch", e.Code);
            Assert.Equal(403, e.StatusCode);
            Assert.Equal(1, e.Attempts);
            Assert.False(Assert.Single(fake.Requests).SignatureValid);
        }

        [Fact]
        public async Task Retry_succeeds_after_injected_throttling()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectThrottling("GetRole", 2);
            var log = new AwsRequestLog();
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake, log));
            var role = await iam.GetRoleAsync("OrgAudit");
            Assert.Equal("OrgAudit", role.RoleName);
            Assert.Equal(new[] { 400, 400, 200 }, fake.Requests.Select(r => r.Status));
            Assert.Equal(new[] { "Throttling", "Throttling", null }, log.Entries.Select(x => x.ErrorCode));
            Assert.Equal(new[] { 1, 2, 3 }, log.Entries.Select(x => x.Attempt));
            Assert.All(fake.Requests, r => Assert.True(r.SignatureValid)); // re-signed on every attempt
        }

        [Fact]
        public async Task Retry_succeeds_after_injected_server_errors_and_429()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectServerError("GetRole", 1, 503);
            fake.InjectServerError("ListRoots", 1, 429);
            fake.InjectThrottling("ListAccounts", 1);
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            using var org = new OrganizationsClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            await iam.GetRoleAsync("OrgAudit");
            await org.ListRootsAsync();
            Assert.Equal(4, (await org.ListAccountsAsync()).Count); // TooManyRequestsException (JSON) is retried too
            Assert.Equal(new[] { 503, 200, 429, 200, 400, 200 }, fake.Requests.Select(r => r.Status));
        }

        [Fact]
        public async Task Retry_gives_up_after_max_attempts_with_typed_throttling_error()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectThrottling("ListRoles", 100);
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake, maxAttempts: 4));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.ListRolesAsync());
            Assert.Equal("Throttling", e.Code);
            Assert.Equal("Rate exceeded", e.ServiceMessage);
            Assert.Equal(400, e.StatusCode);
            Assert.Equal(4, e.Attempts);
            Assert.Equal("iam", e.Service);
            Assert.Equal("ListRoles", e.Operation);
            Assert.Equal(4, fake.Requests.Count);
        }

        [Fact]
        public async Task Server_errors_exhausting_max_attempts_surface_as_typed_ServiceFailure()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectServerError("GetUser", 10, 500);
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake, maxAttempts: 2));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetUserAsync());
            Assert.Equal("ServiceFailure", e.Code);
            Assert.Equal(500, e.StatusCode);
            Assert.Equal(2, e.Attempts);
            Assert.Equal("Receiver", e.ErrorType);
        }

        [Fact]
        public async Task AccessDenied_is_parsed_into_a_typed_exception()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectAccessDenied("GetAccountAuthorizationDetails");
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetAccountAuthorizationDetailsJsonAsync());
            Assert.Equal("AccessDenied", e.Code);
            Assert.True(e.IsAccessDenied);
            Assert.Equal(403, e.StatusCode);
            Assert.Equal("Sender", e.ErrorType);
            Assert.Equal("iam", e.Service);
            Assert.Equal("GetAccountAuthorizationDetails", e.Operation);
            Assert.False(string.IsNullOrEmpty(e.RequestId));
            Assert.StartsWith("User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:GetAccountAuthorizationDetails", e.ServiceMessage);
            Assert.Contains("AccessDenied", e.Message);
            Assert.Single(fake.Requests); // not retried
        }

        [Fact]
        public async Task Organizations_AccessDeniedException_is_parsed_from_json()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectAccessDenied("ListPolicies");
            using var org = new OrganizationsClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => org.ListPoliciesAsync("SERVICE_CONTROL_POLICY"));
            Assert.Equal("AccessDeniedException", e.Code);
            Assert.True(e.IsAccessDenied);
            Assert.Equal(400, e.StatusCode);
            Assert.Equal("organizations", e.Service);
            Assert.Equal("ListPolicies", e.Operation);
            Assert.False(string.IsNullOrEmpty(e.RequestId)); // from x-amzn-RequestId
        }

        [Fact]
        public async Task NoSuchEntity_is_parsed_with_status_404()
        {
            using var fake = Fixtures.NewFake();
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake));
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync("Missing"));
            Assert.Equal("NoSuchEntity", e.Code);
            Assert.True(e.IsNotFound);
            Assert.Equal(404, e.StatusCode);
            Assert.Equal("The role with name Missing cannot be found.", e.ServiceMessage);
            Assert.Single(fake.Requests);
        }

        [Fact]
        public async Task Cancellation_stops_a_slow_request_promptly()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectDelay("GetRole", TimeSpan.FromSeconds(5));
            var log = new AwsRequestLog();
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake, log));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iam.GetRoleAsync("OrgAudit", cts.Token));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");
            Assert.Equal("Cancelled", Assert.Single(log.Entries).ErrorCode);
        }

        [Fact]
        public async Task Cancellation_during_backoff_is_honoured()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectThrottling("GetRole", 100);
            var options = Fixtures.Options(fake, maxAttempts: 10);
            options.BaseDelay = TimeSpan.FromSeconds(5); options.MaxBackoff = TimeSpan.FromSeconds(5);
            options.Random = new Random(1);
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", options);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iam.GetRoleAsync("OrgAudit", cts.Token));
            Assert.True(fake.Requests.Count < 10);
        }

        [Fact]
        public async Task Attempt_timeout_is_retried_then_reported_as_RequestTimeout()
        {
            using var fake = Fixtures.NewFake();
            fake.InjectDelay("GetRole", TimeSpan.FromSeconds(2));
            var options = Fixtures.Options(fake, maxAttempts: 2);
            options.AttemptTimeout = TimeSpan.FromMilliseconds(150);
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", options);
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync("OrgAudit"));
            Assert.Equal("RequestTimeout", e.Code);
            Assert.Equal(0, e.StatusCode);
            Assert.Equal(2, e.Attempts);
        }

        [Fact]
        public async Task Transport_errors_are_retried_then_reported_typed()
        {
            int port;
            { var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0); l.Start(); port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
            var log = new AwsRequestLog();
            var options = new AwsClientOptions { EndpointUrl = $"http://127.0.0.1:{port}/", MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), RequestLog = log, Environment = _ => null };
            using var iam = new IamClient(TestKeys.Alice, "us-east-1", options);
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetRoleAsync("OrgAudit"));
            Assert.Equal("TransportError", e.Code);
            Assert.Equal(3, e.Attempts);
            Assert.Equal(3, log.Entries.Count);
        }

        [Fact]
        public async Task Clock_skew_is_corrected_from_the_server_date_and_the_request_re_signed()
        {
            using var fake = Fixtures.NewFake();
            fake.ClockOffset = TimeSpan.FromHours(2);
            var log = new AwsRequestLog();
            using var http = new AwsSignedHttpClient(TestKeys.Alice, Fixtures.Options(fake, log, maxAttempts: 1));
            var iam = new IamClient(http, AwsEndpoints.Iam("us-east-1", fake.Url));
            var org = new OrganizationsClient(http, AwsEndpoints.Organizations("us-east-1", fake.Url));
            await iam.GetRoleAsync("OrgAudit");
            Assert.InRange(http.ClockOffset.TotalMinutes, 115, 125);
            Assert.Equal(new[] { 403, 200 }, fake.Requests.Select(r => r.Status));
            Assert.Equal("RequestTimeTooSkewed", log.Entries[0].ErrorCode);
            await org.ListRootsAsync(); // the learnt offset is reused: no second skew error
            Assert.Equal(3, fake.Requests.Count);
        }

        [Fact]
        public async Task Signature_expired_json_error_also_triggers_skew_correction()
        {
            using var fake = Fixtures.NewFake();
            fake.ClockOffset = TimeSpan.FromMinutes(-30);
            using var org = new OrganizationsClient(TestKeys.Alice, "us-east-1", Fixtures.Options(fake, maxAttempts: 1));
            await org.ListRootsAsync();
            Assert.Equal(new[] { 403, 200 }, fake.Requests.Select(r => r.Status));
            Assert.True(AwsSignedHttpClient.IsClockSkewError("SignatureDoesNotMatch", "Signature expired: 20261128T120000Z is now earlier than 20261128T121000Z"));
            Assert.False(AwsSignedHttpClient.IsClockSkewError("SignatureDoesNotMatch", "The request signature we calculated does not match"));
        }
    }
}
