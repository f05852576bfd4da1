using System;
using System.Collections.Generic;
using System.Text;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Tests
{
    /// <summary>Small builders so tests read as the JSON a user would write.</summary>
    internal static class T
    {
        public const string A = "111122223333";
        public const string B = "444455556666";
        public const string UserBob = "arn:aws:iam::111122223333:user/Bob";
        public const string RoleTarget = "arn:aws:iam::111122223333:role/Target";
        public const string RoleCaller = "arn:aws:iam::111122223333:role/Caller";
        public const string SessionCaller = "arn:aws:sts::111122223333:assumed-role/Caller/s1";
        public const string ExtUser = "arn:aws:iam::444455556666:user/Eve";
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

        public static JsonNode J(string json) => JsonParser.Parse(json);
        public static PolicyCase Case(string json) => PolicyCase.FromJson(J(json));
        public static EvaluationRequest Request(string caseJson) => new PolicyCaseBuilder().Build(Case(caseJson), Now);
        public static EvaluationResult Eval(string caseJson) => PolicyEvaluator.Evaluate(Request(caseJson));

        public static PolicyDecision Decide(string caseJson)
        {
            var c = Case(caseJson);
            var req = new PolicyCaseBuilder().Build(c, Now);
            var res = PolicyEvaluator.Evaluate(req);
            return new PolicyDecision(c.Id, req, res, DecisionWarnings.Collect(req, res), c.Expect);
        }

        public static PolicyDocument Policy(string json, PolicyType type = PolicyType.Identity) => PolicyParser.Parse(json, "test", type);

        public static RequestContext Ctx(string json = "{}") => PolicyCaseBuilder.BuildContext(J(json));

        /// <summary>Does a Condition block (JSON object text) hold for a context (JSON object of key to value(s))?</summary>
        public static bool Cond(string condition, string context = "{}", string? version = "2012-10-17")
        {
            string v = version == null ? "" : $"\"Version\":\"{version}\",";
            var doc = Policy("{" + v + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":" + condition + "}}");
            return doc.Statements[0].ConditionsHold(Ctx(context));
        }

        /// <summary>A trust policy with one statement for an AWS principal (or any Principal JSON when it starts with '{' or '"').</summary>
        public static string Trust(string principal, string effect = "Allow", string? condition = null, string action = "sts:AssumeRole")
        {
            string p = principal.StartsWith("{") || principal.StartsWith("\"") || principal.StartsWith("[") ? principal : "{\"AWS\":\"" + principal + "\"}";
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + p + ",\"Action\":\"" + action + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
        }

        /// <summary>
        /// A resource-based policy (bucket, queue, key policy ...) with one statement: Principal (or NotPrincipal) is an AWS
        /// principal, or any Principal JSON when it starts with '{' or '"'.
        /// </summary>
        public static string ResourcePolicy(string principal, string action, string resource = "*", string effect = "Allow", string? condition = null, bool notPrincipal = false)
        {
            string p = principal.StartsWith("{") || principal.StartsWith("\"") ? principal : "{\"AWS\":\"" + principal + "\"}";
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"" + (notPrincipal ? "NotPrincipal" : "Principal") + "\":" + p
                + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
        }

        /// <summary>An identity-style policy (identity, boundary, session, SCP, endpoint) with one statement.</summary>
        public static string Allow(string action = "sts:AssumeRole", string resource = "*", string? condition = null, string effect = "Allow")
            => "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";

        public static string Deny(string action = "sts:AssumeRole", string resource = "*", string? condition = null) => Allow(action, resource, condition, "Deny");

        public const string FullAccess = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

        /// <summary>Builds a case from named parts (each a JSON value) and evaluates it.</summary>
        public static EvaluationResult Run(string principal, string resource = RoleTarget, string? trust = null, string? identity = null,
            string? boundary = null, string? session = null, string? scps = null, string? rcps = null, string? vpce = null,
            string? context = null, string action = "sts:AssumeRole", string? resourceAccount = null, string? managementAccount = null)
            => Eval(CaseJson(principal, resource, trust, identity, boundary, session, scps, rcps, vpce, context, action, resourceAccount, managementAccount));

        public static string CaseJson(string principal, string resource = RoleTarget, string? trust = null, string? identity = null,
            string? boundary = null, string? session = null, string? scps = null, string? rcps = null, string? vpce = null,
            string? context = null, string action = "sts:AssumeRole", string? resourceAccount = null, string? managementAccount = null)
        {
            var sb = new StringBuilder("{");
            sb.Append("\"principal\":\"").Append(principal).Append("\",\"resource\":\"").Append(resource).Append("\",\"action\":\"").Append(action).Append('"');
            void Add(string name, string? value) { if (value != null) sb.Append(",\"").Append(name).Append("\":").Append(value); }
            Add("trustPolicy", trust);
            Add("identityPolicies", identity);
            Add("permissionBoundaries", boundary);
            Add("sessionPolicy", session);
            Add("scps", scps);
            Add("rcps", rcps);
            Add("endpointPolicies", vpce);
            Add("context", context);
            Add("resourceAccount", resourceAccount == null ? null : "\"" + resourceAccount + "\"");
            Add("managementAccount", managementAccount == null ? null : "\"" + managementAccount + "\"");
            sb.Append('}');
            return sb.ToString();
        }

        public static PolicyFormatException Refused(Action build) => Xunit.Assert.Throws<PolicyFormatException>(build);
    }
}
