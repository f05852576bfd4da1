using System;
using System.IO;
using Amazon.Runtime;
using RoleTrust.Aws.Live;

namespace RoleTrust.Aws.Tests
{
    internal static class TestKeys
    {
        public const string AliceAccessKey = "AKIDALICEEXAMPLE0001";
        public const string AliceSecret = "aliceSecret/K7MDENG+bPxRfiCYEXAMPLEKEY01";
        public const string AliceArn = "arn:aws:iam::111111111111:user/alice";

        public const string SessionAccessKey = "ASIASESSIONEXAMPLE01";
        public const string SessionSecret = "sessionSecret/K7MDENG+bPxRfiCYEXAMPLE02";
        public const string SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN//////////Zm9vYmFy";
        public const string SessionArn = "arn:aws:sts::111111111111:assumed-role/OrgAudit/auditor";

        public const string ManagementAccessKey = "AKIDMANAGEMENT000001";
        public const string ManagementSecret = "managementSecretKeyEXAMPLE+/000000000003";

        public static AWSCredentials Alice => new BasicAWSCredentials(AliceAccessKey, AliceSecret);
        public static AWSCredentials Session => new SessionAWSCredentials(SessionAccessKey, SessionSecret, SessionToken);
        public static AWSCredentials Management => new BasicAWSCredentials(ManagementAccessKey, ManagementSecret);
    }

    internal static class Fixtures
    {
        public static string Snapshot => Path.Combine(AppContext.BaseDirectory, "fixtures", "snapshot");

        public static FakeAws NewFake()
        {
            var fake = new FakeAws(Snapshot);
            fake.AddKey(TestKeys.AliceAccessKey, TestKeys.AliceSecret, null, TestKeys.AliceArn);
            fake.AddKey(TestKeys.SessionAccessKey, TestKeys.SessionSecret, TestKeys.SessionToken, TestKeys.SessionArn);
            fake.AddKey(TestKeys.ManagementAccessKey, TestKeys.ManagementSecret, null, "arn:aws:iam::999999999999:user/admin");
            // Alice's account reads the organization as a delegated administrator does (the reader tests sign Organizations calls with her keys).
            fake.DelegatedAdministrators.Add("111111111111");
            return fake;
        }

        /// <summary>Fast retries, the fake's URL, no process environment.</summary>
        public static AwsClientOptions Options(FakeAws fake, AwsRequestLog? log = null, int maxAttempts = 3) => new AwsClientOptions
        {
            EndpointUrl = fake.Url,
            MaxAttempts = maxAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(10),
            RequestLog = log,
            Environment = _ => null,
        };
    }
}
