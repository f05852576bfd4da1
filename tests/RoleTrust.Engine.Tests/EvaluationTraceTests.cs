using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "The evaluation trace": what the evaluator records statement by statement when asked,
    /// and that recording never changes a decision.
    /// </summary>
    public class EvaluationTraceTests
    {
        private static EvaluationResult Traced(string caseJson)
        {
            var request = Request(caseJson);
            request.Trace = true;
            return PolicyEvaluator.Evaluate(request);
        }

        private static string Named(string name, string document) => "{\"PolicyName\":\"" + name + "\",\"PolicyArn\":\"arn:aws:iam::111122223333:policy/" + name + "\",\"PolicyDocument\":" + document + "}";

        [Fact]
        public void IsNotRecorded_UnlessAskedFor()
        {
            Assert.Null(Run(UserBob, trust: Trust(UserBob)).Trace);
        }

        [Fact]
        public void RecordsEveryStatementOfEveryPolicyOfEveryLayer_InOrder_WithPolicyAndLevel()
        {
            string identity = "[" + Named("First", "{\"Version\":\"2012-10-17\",\"Statement\":[" + CrossAccountEvaluationTests.Inner(Allow("s3:*")) + "," + CrossAccountEvaluationTests.Inner(Allow()) + "]}")
                + "," + Named("Second", Deny("ec2:*")) + "]";
            string scps = "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]},{\"id\":\"ou-a\",\"policies\":[" + FullAccess + "," + Deny("s3:*") + "]}]";
            var trace = Traced(CaseJson(ExtUser, trust: Trust(B), identity: identity, scps: scps)).Trace!;

            Assert.Equal(new[] { PolicyLayer.ServiceControlPolicy, PolicyLayer.ResourcePolicy, PolicyLayer.IdentityPolicy }, trace.Layers.Select(l => l.Layer));
            var id = trace[PolicyLayer.IdentityPolicy]!.Statements;
            Assert.Equal(new[] { ("First", 0), ("First", 1), ("Second", 0) }, id.Select(s => (s.PolicyName, s.Statement.Index)));
            Assert.Equal("arn:aws:iam::111122223333:policy/Second", id[2].PolicyArn);
            var scp = trace[PolicyLayer.ServiceControlPolicy]!.Statements;
            Assert.Equal(new[] { "r-root", "ou-a", "ou-a" }, scp.Select(s => s.LevelId));
            Assert.Equal(Effect.Deny, scp[2].Statement.Effect);
            Assert.Equal(7, trace.Statements.Count());
        }

        [Fact]
        public void RecordsWhichPartOfAStatementMatched()
        {
            string identity = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                CrossAccountEvaluationTests.Inner(Allow("sts:AssumeRole", "arn:aws:iam::444455556666:role/Other")) + "," +
                CrossAccountEvaluationTests.Inner(Allow("s3:GetObject", RoleTarget)) + "," +
                CrossAccountEvaluationTests.Inner(Allow("sts:AssumeRole", RoleTarget)) + "]}";
            var id = Traced(CaseJson(ExtUser, trust: Trust(B), identity: identity)).Trace![PolicyLayer.IdentityPolicy]!.Statements;
            Assert.True(id[0].ActionMatched); Assert.False(id[0].ResourceMatched); Assert.False(id[0].Applied);
            Assert.False(id[1].ActionMatched); Assert.True(id[1].ResourceMatched); Assert.False(id[1].Applied);
            Assert.True(id[2].ActionMatched); Assert.True(id[2].ResourceMatched); Assert.True(id[2].Applied);
        }

        [Theory]
        [InlineData("111122223333", PrincipalMatch.Account)]
        [InlineData(UserBob, PrincipalMatch.User)]
        [InlineData("arn:aws:iam::111122223333:user/Other", PrincipalMatch.None)]
        public void RecordsHowThePrincipalMatched(string trusted, PrincipalMatch expected)
        {
            var trace = Traced(CaseJson(UserBob, trust: Trust(trusted), identity: Allow())).Trace!;
            var statement = Assert.Single(trace[PolicyLayer.ResourcePolicy]!.Statements);
            Assert.Equal(expected, statement.PrincipalMatch);
            Assert.Equal(expected != PrincipalMatch.None, statement.PrincipalMatched);
            Assert.Equal(PrincipalMatch.Wildcard, trace[PolicyLayer.IdentityPolicy]!.Statements[0].PrincipalMatch);
        }

        [Fact]
        public void RecordsEachConditionsOutcome_AndWhetherItsKeyWasInTheRequest()
        {
            string condition = "{\"StringEquals\":{\"sts:ExternalId\":\"abc\"},\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}";
            var trace = Traced(CaseJson(UserBob, trust: Trust(UserBob, condition: condition), context: "{\"sts:ExternalId\":\"abc\"}")).Trace!;
            var s = Assert.Single(trace[PolicyLayer.ResourcePolicy]!.Statements);
            Assert.Equal(2, s.Conditions.Count);
            Assert.Equal("sts:ExternalId", s.Conditions[0].Condition.Key);
            Assert.True(s.Conditions[0].Result); Assert.True(s.Conditions[0].KeyPresent);
            Assert.Equal("aws:MultiFactorAuthPresent", s.Conditions[1].Condition.Key);
            Assert.False(s.Conditions[1].Result); Assert.False(s.Conditions[1].KeyPresent);
            Assert.False(s.ConditionsHeld);
            Assert.False(s.Applied);
        }

        [Fact]
        public void PerLayer_ListsTheStatementsThatAllowed_Denied_AndWouldHaveAllowedButForConditions()
        {
            string mfa = "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}";
            string identity = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                CrossAccountEvaluationTests.Inner(Allow("sts:AssumeRole", condition: mfa)) + "," +
                CrossAccountEvaluationTests.Inner(Allow("sts:*")) + "," +
                CrossAccountEvaluationTests.Inner(Deny("sts:AssumeRole", condition: "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")) + "," +
                CrossAccountEvaluationTests.Inner(Deny("sts:AssumeRole", condition: "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}")) + "]}";
            var result = Traced(CaseJson(ExtUser, trust: Trust(B), identity: identity, context: "{\"aws:PrincipalTag/team\":\"red\",\"aws:MultiFactorAuthPresent\":\"false\"}"));
            var layer = result.Trace![PolicyLayer.IdentityPolicy]!;
            Assert.Equal(new[] { 1 }, layer.Allowing.Select(s => s.Statement.Index));
            Assert.Equal(new[] { 3 }, layer.Denying.Select(s => s.Statement.Index));
            Assert.Equal(new[] { 0 }, layer.AllowingButForConditions.Select(s => s.Statement.Index));
            Assert.True(layer.DeniesByDefault);
            Assert.Equal(LayerOutcome.ExplicitlyDenied, layer.Outcome);
        }

        [Fact]
        public void ImplicitlyDeniedTrust_NamesTheStatementThatFailedOnItsConditions()
        {
            var result = Traced(CaseJson(UserBob, trust: Trust(UserBob, condition: "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}")));
            Assert.Equal(Decision.ImplicitlyDenied, result.Decision);
            var blocked = Assert.Single(result.Trace![PolicyLayer.ResourcePolicy]!.AllowingButForConditions);
            Assert.Equal("aws:MultiFactorAuthPresent", Assert.Single(blocked.FailedConditions).Condition.Key);
        }

        [Fact]
        public void RcpLayer_DoesNotDenyByDefault_SoListsNothingButForConditions()
        {
            string rcp = "[[" + ResourcePolicy("\"*\"", "sts:AssumeRole", condition: "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}") + "]]";
            var layer = Traced(CaseJson(UserBob, trust: Trust(UserBob), rcps: rcp)).Trace![PolicyLayer.ResourceControlPolicy]!;
            Assert.False(layer.DeniesByDefault);
            Assert.Empty(layer.AllowingButForConditions);
            Assert.Single(layer.Statements);
        }

        [Fact]
        public void ScpLayer_NamesTheLevelsWithoutAnAllow()
        {
            string scps = "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]},{\"id\":\"ou-a\",\"policies\":[" + Allow("s3:*") + "]},{\"id\":\"ou-b\",\"policies\":[" + Allow("ec2:*") + "]}]";
            var layer = Traced(CaseJson(UserBob, trust: Trust(UserBob), scps: scps)).Trace![PolicyLayer.ServiceControlPolicy]!;
            Assert.Equal(new[] { "ou-a", "ou-b" }, layer.LevelsWithoutAllow);
            Assert.Equal(LayerOutcome.ImplicitlyDenied, layer.Outcome);
        }

        [Fact]
        public void RecordsANotPrincipalDenyThatAppliedBecauseOfTheBoundary()
        {
            string policy = ResourcePolicy("{\"AWS\":[\"" + UserBob + "\",\"arn:aws:iam::111122223333:root\"]}", "s3:*", effect: "Deny", notPrincipal: true);
            var trace = Traced(CaseJson(UserBob, resource: "arn:aws:s3:::b/k", action: "s3:GetObject", resourceAccount: A, trust: policy, boundary: FullAccess, identity: FullAccess)).Trace!;
            var s = Assert.Single(trace[PolicyLayer.ResourcePolicy]!.Denying);
            Assert.True(s.NotPrincipalOverriddenByBoundary);
        }

        [Fact]
        public void ExemptLayers_StillRecordTheirStatements()
        {
            var result = Traced(CaseJson(UserBob, resource: "*", action: "sts:GetCallerIdentity", identity: Deny("*")));
            Assert.Equal(Decision.Allowed, result.Decision);
            var layer = result.Trace![PolicyLayer.IdentityPolicy]!;
            Assert.Equal(LayerOutcome.Exempt, layer.Outcome);
            Assert.Single(layer.Denying);
        }

        [Fact]
        public void LayerOutcomes_InTheTrace_AreTheDecisionsOutcomes()
        {
            var result = Traced(CaseJson(SessionCaller, trust: Trust(RoleCaller), identity: FullAccess, boundary: Allow("s3:*"), session: Allow("sts:*"), scps: "[[" + FullAccess + "]]"));
            foreach (var layer in result.Layers) Assert.Equal(layer.Outcome, result.Trace![layer.Layer]!.Outcome);
        }

        [Fact]
        public void Decisions_AreTheSameWithAndWithoutTheTrace_AcrossAMatrixOfRequests()
        {
            int compared = 0;
            foreach (string json in Matrix())
            {
                var plain = Eval(json);
                var traced = Traced(json);
                Assert.True(plain.Decision == traced.Decision, json);
                Assert.Equal(plain.DecidingLayer, traced.DecidingLayer);
                Assert.Equal(plain.ErrorText, traced.ErrorText);
                Assert.Equal(plain.Layers.Select(l => (l.Layer, l.Outcome)), traced.Layers.Select(l => (l.Layer, l.Outcome)));
                Assert.Equal(plain.Allowing.Select(s => (s.Layer, s.PolicyName, s.Index)), traced.Allowing.Select(s => (s.Layer, s.PolicyName, s.Index)));
                Assert.Equal(plain.Denying.Select(s => (s.Layer, s.PolicyName, s.Index)), traced.Denying.Select(s => (s.Layer, s.PolicyName, s.Index)));
                Assert.Equal(plain.Warnings, traced.Warnings);
                // Every statement that applied in the trace is cited by the result, and only those.
                foreach (var layer in traced.Layers)
                {
                    var t = traced.Trace![layer.Layer]!;
                    if (layer.Outcome == LayerOutcome.Exempt) continue;
                    Assert.Equal(layer.Allowing.Select(s => (s.PolicyName, s.Index)), t.Allowing.Select(s => (s.PolicyName, s.Statement.Index)));
                    Assert.Equal(layer.Denying.Select(s => (s.PolicyName, s.Index)), t.Denying.Select(s => (s.PolicyName, s.Statement.Index)));
                }
                compared++;
            }
            Assert.True(compared > 500);
        }

        /// <summary>Requests over the principal kinds, resource kinds and layer combinations the rules distinguish.</summary>
        private static IEnumerable<string> Matrix()
        {
            string[] principals = { UserBob, SessionCaller, RoleCaller, ExtUser, "arn:aws:iam::111122223333:root", "ec2.amazonaws.com", "arn:aws:sts::111122223333:federated-user/Bob" };
            (string resource, string action, string? account)[] targets =
            {
                (RoleTarget, "sts:AssumeRole", null), ("arn:aws:s3:::b/k", "s3:GetObject", A), ("arn:aws:s3:::b/k", "s3:GetObject", null),
                ("arn:aws:kms:us-east-1:111122223333:key/k1", "kms:Decrypt", null), ("arn:aws:sqs:us-east-1:444455556666:q", "sqs:SendMessage", null),
                ("*", "sts:GetCallerIdentity", null), ("arn:aws:iam::444455556666:role/R", "iam:PassRole", null),
            };
            string?[] resourcePolicies =
            {
                null, ResourcePolicy("\"*\"", "*"), ResourcePolicy(A, "*"), ResourcePolicy(UserBob, "*"), ResourcePolicy(SessionCaller, "*"), ResourcePolicy(RoleCaller, "*"),
                ResourcePolicy("\"*\"", "*", effect: "Deny", condition: "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"),
                ResourcePolicy("{\"AWS\":[\"" + UserBob + "\",\"arn:aws:iam::111122223333:root\"]}", "*", effect: "Deny", notPrincipal: true),
                ResourcePolicy("{\"Service\":\"ec2.amazonaws.com\"}", "*"),
            };
            string?[] identities = { null, FullAccess, Allow("s3:*"), "[" + FullAccess + "," + Deny("kms:*") + "]" };
            string?[] boundaries = { null, FullAccess, Allow("s3:*") };
            string?[] sessions = { null, Allow("sts:*"), FullAccess };
            string?[] scps = { null, "[[" + FullAccess + "]]", "[[" + FullAccess + "],[" + Allow("s3:*") + "]]" };
            string?[] contexts = { null, "{\"aws:SecureTransport\":\"false\"}" };
            var rng = new Random(7);
            T Pick<T>(T[] items) => items[rng.Next(items.Length)];
            for (int i = 0; i < 600; i++)
            {
                var (resource, action, account) = Pick(targets);
                yield return CaseJson(Pick(principals), resource, Pick(resourcePolicies), Pick(identities), Pick(boundaries), Pick(sessions), Pick(scps),
                    rng.Next(4) == 0 ? "[[" + ResourcePolicy("\"*\"", "s3:*", effect: "Deny") + "]]" : null, null, Pick(contexts), action, account,
                    rng.Next(5) == 0 ? A : null);
            }
        }
    }
}
