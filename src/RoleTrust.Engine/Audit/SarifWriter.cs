using System;
using System.Collections.Generic;
using System.Globalization;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Audit
{
    /// <summary>Who wrote the SARIF log, and where the account files the locations point at live.</summary>
    public sealed class SarifOptions
    {
        public string ToolName { get; set; } = "RoleTrust";
        public string ToolVersion { get; set; } = "0.0.0";
        /// <summary>An absolute URI about the tool.</summary>
        public string InformationUri { get; set; } = "";
        /// <summary>The snapshot folder as an absolute file URI ending in '/', when the findings came from one.</summary>
        public string? SnapshotRootUri { get; set; }
    }

    /// <summary>
    /// Writes findings as SARIF 2.1.0 for code-scanning tools: the rules as tool.driver.rules, one result per finding
    /// located at accounts/&lt;account&gt;.json and the statement's JSON path, roles that could not be audited as tool
    /// execution notifications. Only plain-text message fields are written, and '&lt;', '&gt;' and '&amp;' are escaped
    /// in every string, so role names or policy text holding markup stay text in any viewer.
    /// </summary>
    public static class SarifWriter
    {
        public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
        public const string FingerprintName = "roleTrustFinding/v1";
        public const string UriBaseId = "SNAPSHOTROOT";

        public static string Write(IEnumerable<TrustFinding> findings, IEnumerable<TrustPolicyProblem>? problems, SarifOptions options)
        {
            var driver = Obj(
                ("name", Str(options.ToolName)),
                ("version", Str(options.ToolVersion)),
                ("semanticVersion", Str(options.ToolVersion)),
                ("informationUri", Str(options.InformationUri)),
                ("rules", Arr(RuleDescriptors())),
                ("notifications", Arr(new List<JsonNode>
                {
                    Obj(("id", Str(TrustPolicyProblem.InvalidTrustPolicy)), ("shortDescription", Text("A role's trust policy is not a policy IAM would accept, so it was not audited."))),
                    Obj(("id", Str(TrustPolicyProblem.MissingTrustPolicy)), ("shortDescription", Text("The data holds no trust policy for a role, so it was not audited."))),
                })));

            var results = new List<JsonNode>();
            using (var sha = System.Security.Cryptography.SHA256.Create())
                foreach (var f in findings) results.Add(Result(f, sha));

            var notifications = new List<JsonNode>();
            if (problems != null)
                foreach (var p in problems)
                    notifications.Add(Obj(
                        ("level", Str("error")),
                        ("message", Text(p.Message)),
                        ("descriptor", Obj(("id", Str(p.ErrorId)), ("index", Num(p.ErrorId == TrustPolicyProblem.InvalidTrustPolicy ? 0 : 1)))),
                        ("locations", Arr(new List<JsonNode> { Location(p.Account, RoleName(p.Role), null) }))));

            var run = new List<KeyValuePair<string, JsonNode>>
            {
                Member("tool", Obj(("driver", driver))),
                Member("invocations", Arr(new List<JsonNode> { Obj(("executionSuccessful", JsonNode.Bool(true)), ("toolExecutionNotifications", Arr(notifications))) })),
            };
            if (options.SnapshotRootUri != null)
                run.Add(Member("originalUriBaseIds", Obj((UriBaseId, Obj(("uri", Str(options.SnapshotRootUri)))))));
            run.Add(Member("columnKind", Str("utf16CodeUnits")));
            run.Add(Member("results", Arr(results)));

            var log = Obj(("$schema", Str(SchemaUri)), ("version", Str("2.1.0")), ("runs", Arr(new List<JsonNode> { JsonNode.Object(run) })));
            var sb = new System.Text.StringBuilder(1024 + results.Count * 2400);
            JsonWriter.WriteMarkupSafe(sb, log);
            return sb.ToString();
        }

        /// <summary>SARIF level of a severity: High is error, Medium warning, Low and Info note.</summary>
        public static string Level(FindingSeverity severity) => severity switch
        {
            FindingSeverity.High => "error",
            FindingSeverity.Medium => "warning",
            _ => "note",
        };

        /// <summary>The security-severity score code scanning ranks alerts by (0.1-3.9 low, 4-6.9 medium, 7-8.9 high).</summary>
        public static string SecuritySeverity(FindingSeverity severity) => severity switch
        {
            FindingSeverity.High => "8.0",
            FindingSeverity.Medium => "5.0",
            FindingSeverity.Low => "3.0",
            _ => "1.0",
        };

        /// <summary>The JSON path of a statement in its account file (JMESPath, as the AWS CLI's --query takes it).</summary>
        public static string StatementPath(string roleName, int statementIndex) =>
            $"RoleDetailList[?RoleName=='{roleName.Replace("\\", "\\\\").Replace("'", "\\'")}'].AssumeRolePolicyDocument.Statement[{statementIndex.ToString(CultureInfo.InvariantCulture)}]";

        /// <summary>The role name: the last segment of the role ARN.</summary>
        public static string RoleName(string roleArn)
        {
            int slash = roleArn.LastIndexOf('/');
            return slash >= 0 ? roleArn.Substring(slash + 1) : roleArn;
        }

        private static List<JsonNode> RuleDescriptors()
        {
            var rules = new List<JsonNode>();
            foreach (var r in TrustRules.All)
                rules.Add(Obj(
                    ("id", Str(r.Id)),
                    ("name", Str(r.Id)),
                    ("shortDescription", Text(r.ShortDescription)),
                    ("fullDescription", Text(r.FullDescription)),
                    ("help", Text(r.Help)),
                    ("defaultConfiguration", Obj(("level", Str(Level(r.Severity))))),
                    ("properties", Obj(
                        ("tags", Arr(new List<JsonNode> { Str("security"), Str("iam"), Str("trust-policy") })),
                        ("precision", Str("very-high")),
                        ("security-severity", Str(SecuritySeverity(r.Severity))),
                        ("severity", Str(r.Severity.ToString())),
                        ("displayName", Str(r.Name))))));
            return rules;
        }

        private static JsonNode Result(TrustFinding f, System.Security.Cryptography.HashAlgorithm sha)
        {
            var rule = TrustRules.Get(f.RuleId);
            var severity = (FindingSeverity)Enum.Parse(typeof(FindingSeverity), f.Severity);
            return Obj(
                ("ruleId", Str(rule.Id)),
                ("ruleIndex", Num(rule.Index)),
                ("level", Str(Level(severity))),
                ("message", Text(f.Summary + " Fix: " + f.Fix)),
                ("locations", Arr(new List<JsonNode> { Location(f.Account, RoleName(f.Role), f.StatementIndex) })),
                ("partialFingerprints", Obj((FingerprintName, Str(FindingIdentity.Fingerprint(f, sha))))),
                ("properties", Obj(
                    ("account", Str(f.Account)),
                    ("role", Str(f.Role)),
                    ("statementIndex", Num(f.StatementIndex)),
                    ("sid", Str(f.Sid)),
                    ("principal", Str(f.Principal)),
                    ("severity", Str(f.Severity)),
                    ("fix", Str(f.Fix)),
                    ("evidence", Str(f.Evidence)))));
        }

        private static JsonNode Location(string account, string roleName, int? statementIndex)
        {
            string path = statementIndex is int i ? StatementPath(roleName, i)
                : $"RoleDetailList[?RoleName=='{roleName.Replace("\\", "\\\\").Replace("'", "\\'")}'].AssumeRolePolicyDocument";
            return Obj(
                ("physicalLocation", Obj(("artifactLocation", Obj(("uri", Str($"accounts/{account}.json")), ("uriBaseId", Str(UriBaseId)))))),
                ("logicalLocations", Arr(new List<JsonNode>
                {
                    Obj(("name", Str(statementIndex is int n ? $"Statement[{n.ToString(CultureInfo.InvariantCulture)}]" : "AssumeRolePolicyDocument")),
                        ("fullyQualifiedName", Str(path)),
                        ("kind", Str("object"))),
                })));
        }

        private static JsonNode Text(string text) => Obj(("text", Str(text)));
        private static JsonNode Str(string s) => JsonNode.String(s);
        private static JsonNode Num(int n) => JsonNode.Number(n.ToString(CultureInfo.InvariantCulture));
        private static JsonNode Arr(List<JsonNode> items) => JsonNode.Array(items);
        private static KeyValuePair<string, JsonNode> Member(string name, JsonNode value) => new KeyValuePair<string, JsonNode>(name, value);

        private static JsonNode Obj(params (string name, JsonNode value)[] members)
        {
            var list = new List<KeyValuePair<string, JsonNode>>(members.Length);
            foreach (var (name, value) in members) list.Add(Member(name, value));
            return JsonNode.Object(list);
        }
    }
}
