using System;
using System.IO;
using System.Threading;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// Compiles the engine's code paths ahead of the first real request. A Test-IamPolicy run or a path check is often
    /// the only work in its PowerShell process; without this, that first call pays for compiling the parser, the
    /// policy compiler and the evaluator while it runs. <see cref="Start"/> (called on Import-Module) does the
    /// compiling on a background thread, by evaluating a few built-in cases that go through every layer and every
    /// condition family. It has no effect on any result and reads no input.
    /// </summary>
    public static class EngineWarmUp
    {
        private static int _started;

        /// <summary>Starts the warm-up once per process, in the background; returns at once.</summary>
        public static void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) return;
            ThreadPool.QueueUserWorkItem(_ =>
            {
                // Enough rounds for .NET to promote every method on the way to its optimized tier as well.
                try { for (int round = 0; round < 10; round++) Run(); }
                catch (Exception) { /* the warm-up only saves time: a failure costs nothing but that */ }
            });
        }

        /// <summary>Evaluates the built-in cases (as a JSON Lines text, read as -Path reads files); returns how many were decided.</summary>
        public static int Run()
        {
            var builder = new PolicyCaseBuilder(new PolicyCache());
            var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var reader = new CaseLineReader(new StringReader(Cases));
            int decided = 0;
            var tape = new JsonTape();
            while (reader.TryRead(tape, out _, out var error))
            {
                if (error != null) throw error;
                var c = PolicyCase.FromTape(tape, tape.Root);
                var request = builder.Build(c, now);
                var result = PolicyEvaluator.Evaluate(request);
                _ = new PolicyDecision(c.Id, request, result, DecisionWarnings.Collect(request, result), c.Expect);
                decided++;
            }
            return decided;
        }

        private const string Identity = "{\"PolicyName\":\"Access\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[" +
            "{\"Sid\":\"Assume\",\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"arn:aws:iam::*:role/app-*\"}," +
            "{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\"],\"Resource\":[\"arn:aws:s3:::data-*/*\",\"arn:aws:kms:*:222222222222:key/*\"]}," +
            "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"},\"DateLessThan\":{\"aws:CurrentTime\":\"2000-01-01T00:00:00Z\"}}}]}}";

        private const string Scps = "[{\"id\":\"r-root\",\"policies\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FullAWSAccess\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}]}," +
            "{\"id\":\"ou-a\",\"policies\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FullAWSAccess\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}," +
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\"]}}}]}]}]";

        private const string Rcps = "[[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"sts:AssumeRole\",\"s3:*\",\"kms:*\"],\"Resource\":\"*\"," +
            "\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"},\"BoolIfExists\":{\"aws:PrincipalIsAWSService\":\"false\"}}}]}]]";

        private const string Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111111111111:root\",\"arn:aws:iam::111111111111:user/Bob\"]}," +
            "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x1\"},\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}," +
            "\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111111111111:*\"},\"ForAnyValue:StringLike\":{\"aws:TagKeys\":[\"team\"]},\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}}," +
            "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Null\":{\"aws:SourceVpce\":\"false\"}}}]}";

        private const string Context = "{\"aws:SourceIp\":\"10.1.2.3\",\"sts:ExternalId\":\"x1\",\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\",\"aws:RequestedRegion\":\"us-east-1\"," +
            "\"aws:TagKeys\":[\"team\"],\"aws:MultiFactorAuthAge\":\"60\",\"aws:PrincipalTag/team\":\"app\"}";

        private static readonly string Cases = string.Join("\n",
            "{\"id\":\"w1\",\"principal\":\"arn:aws:iam::111111111111:user/Bob\",\"resource\":\"arn:aws:iam::222222222222:role/app-deploy\",\"identityPolicies\":[" + Identity + "]," +
                "\"permissionBoundaries\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}],\"scps\":" + Scps + ",\"rcps\":" + Rcps +
                ",\"trustPolicy\":" + Trust + ",\"context\":" + Context + ",\"expect\":\"Allowed\"}",
            "{\"id\":\"w2\",\"principal\":\"arn:aws:sts::111111111111:assumed-role/app-ci/run-1\",\"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::data-1/key\",\"resourceAccount\":\"222222222222\"," +
                "\"identityPolicies\":[" + Identity + "],\"sessionPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]},\"scps\":" + Scps +
                ",\"resourcePolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/app-ci\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data-1/*\"}]}" +
                ",\"context\":" + Context + "}",
            "{\"id\":\"w3\",\"principal\":\"arn:aws:iam::222222222222:user/Carol\",\"action\":\"kms:Decrypt\",\"resource\":\"arn:aws:kms:us-east-1:222222222222:key/k1\",\"identityPolicies\":[" + Identity + "]," +
                "\"resourcePolicy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"AWS\\\":\\\"222222222222\\\"},\\\"Action\\\":\\\"kms:*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"," +
                "\"endpointPolicies\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}],\"rcps\":" + Rcps + "}",
            "{\"id\":\"w4\",\"principal\":\"arn:aws:iam::111111111111:user/Bob\",\"action\":\"sts:GetCallerIdentity\",\"resource\":\"*\",\"identityPolicies\":[" + Identity + "]}");
    }
}
