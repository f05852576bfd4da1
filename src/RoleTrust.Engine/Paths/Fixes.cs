using System.Collections.Generic;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths
{
    /// <summary>Writes the exact documents that close a gap, shaped for the AWS.Tools cmdlets that apply them.</summary>
    internal static class Fixes
    {
        /// <summary>A new inline policy for the caller, as in AWS's "PermissionToAssumeAlice" example.</summary>
        public static GapChange IdentityAllow(PrincipalIdentity source, IamUser? user, IamRole? sourceRole, string roleName, string roleArn, List<string> actions)
        {
            string sid = "PermissionToAssume" + new string(roleName.Where(char.IsLetterOrDigit).ToArray());
            var statement = Obj(("Sid", Str(sid)), ("Effect", Str("Allow")), ("Action", Actions(actions)), ("Resource", Str(roleArn)));
            var document = Obj(("Version", Str("2012-10-17")), ("Statement", JsonNode.Array(new List<JsonNode> { statement })));
            return new GapChange
            {
                Command = user != null ? "Write-IAMUserPolicy" : "Write-IAMRolePolicy",
                UserName = user?.Name,
                RoleName = user == null ? sourceRole?.Name ?? source.Name : null,
                PolicyName = sid,
                Statement = JsonWriter.Write(statement),
                PolicyDocument = JsonWriter.Write(document),
            };
        }

        /// <summary>
        /// The trust statement that admits the caller, merged into the role's trust policy: either a new statement
        /// naming the caller, or the missing actions added to the statement that already admits it.
        /// </summary>
        public static GapChange TrustAllow(PolicyDocument trust, PrincipalIdentity source, string roleName, List<string> missingActions, List<Statement>? admitting,
            IReadOnlyList<KeyValuePair<string, string>>? stringEquals = null)
        {
            var root = JsonParser.Parse(trust.Text);
            var statements = root.Get("Statement")!;
            var list = statements.Kind == JsonKind.Array ? new List<JsonNode>(statements.Items!) : new List<JsonNode> { statements };
            JsonNode changed;
            if (admitting != null && admitting.Count > 0)
            {
                int index = admitting[0].Index;
                var old = list[index];
                var actions = new List<string>();
                var a = old.Get("Action");
                if (a != null) actions.AddRange(a.Kind == JsonKind.Array ? a.Items!.Select(i => i.Text!) : new[] { a.Text! });
                foreach (var m in missingActions) if (!actions.Contains(m)) actions.Add(m);
                changed = Replace(old, "Action", Actions(actions));
                list[index] = changed;
            }
            else
            {
                // A role session is trusted through its role's ARN (aws:PrincipalArn), never the session ARN; an identity
                // provider as Federated, narrowed by the conditions given (a web identity trust without them admits anyone
                // the provider issues a token to).
                var principal = source.Kind == PrincipalKind.Federated ? Obj(("Federated", Str(source.Arn))) : Obj(("AWS", Str(source.PrincipalArnKey)));
                changed = Obj(("Effect", Str("Allow")), ("Principal", principal), ("Action", Actions(missingActions)));
                if (stringEquals != null && stringEquals.Count > 0)
                    changed = Replace(changed, "Condition", Obj(("StringEquals", JsonNode.Object(stringEquals.Select(kv => new KeyValuePair<string, JsonNode>(kv.Key, Str(kv.Value))).ToList()))));
                list.Add(changed);
            }
            var document = Replace(root, "Statement", JsonNode.Array(list));
            return new GapChange
            {
                Command = "Update-IAMAssumeRolePolicy",
                RoleName = roleName,
                Statement = JsonWriter.Write(changed),
                PolicyDocument = JsonWriter.Write(document),
            };
        }

        public static GapChange BoundaryAllow(string boundaryArn, PolicyDocument boundary, string roleArn, List<string> actions)
        {
            var statement = Obj(("Effect", Str("Allow")), ("Action", Actions(actions)), ("Resource", Str(roleArn)));
            var root = JsonParser.Parse(boundary.Text);
            var s = root.Get("Statement")!;
            var list = s.Kind == JsonKind.Array ? new List<JsonNode>(s.Items!) : new List<JsonNode> { s };
            list.Add(statement);
            return new GapChange
            {
                Command = "New-IAMPolicyVersion",
                PolicyArn = boundaryArn,
                Statement = JsonWriter.Write(statement),
                PolicyDocument = JsonWriter.Write(Replace(root, "Statement", JsonNode.Array(list))),
            };
        }

        /// <summary>The denying statement with an exception for this caller added to its Condition.</summary>
        public static GapChange DenyException(StatementRef deny, PrincipalIdentity source)
        {
            var statement = JsonParser.Parse(deny.Text);
            var condition = statement.Get("Condition");
            var members = condition != null && condition.Kind == JsonKind.Object ? new List<KeyValuePair<string, JsonNode>>(condition.Members!) : new List<KeyValuePair<string, JsonNode>>();
            members.Add(new KeyValuePair<string, JsonNode>("ArnNotEquals", Obj(("aws:PrincipalArn", Str(source.PrincipalArnKey)))));
            var changed = Replace(statement, "Condition", JsonNode.Object(members));
            return new GapChange
            {
                Command = deny.Layer == PolicyLayer.ResourcePolicy ? "Update-IAMAssumeRolePolicy" : deny.Layer == PolicyLayer.ServiceControlPolicy || deny.Layer == PolicyLayer.ResourceControlPolicy ? "Update-ORGPolicy" : "",
                PolicyName = deny.PolicyName,
                PolicyArn = deny.PolicyArn,
                Statement = JsonWriter.Write(changed),
            };
        }

        public static string DenyExceptionText(StatementRef deny, PrincipalIdentity source, string kind) =>
            $"Remove statement {deny.Index} of {kind} '{deny.PolicyName}' or narrow it: for example add \"ArnNotEquals\": {{\"aws:PrincipalArn\": \"{source.PrincipalArnKey}\"}} to its Condition (see Statement), if this caller should be let through.";

        private static JsonNode Actions(List<string> actions) =>
            actions.Count == 1 ? Str(actions[0]) : JsonNode.Array(actions.Select(Str).ToList());

        private static JsonNode Str(string s) => JsonNode.String(s);

        private static JsonNode Obj(params (string key, JsonNode value)[] members) =>
            JsonNode.Object(members.Select(m => new KeyValuePair<string, JsonNode>(m.key, m.value)).ToList());

        /// <summary>Copy of an object with one member replaced (or appended), order kept.</summary>
        private static JsonNode Replace(JsonNode obj, string key, JsonNode value)
        {
            var members = new List<KeyValuePair<string, JsonNode>>();
            bool replaced = false;
            foreach (var m in obj.Members!)
            {
                if (m.Key == key) { if (!replaced) members.Add(new KeyValuePair<string, JsonNode>(key, value)); replaced = true; }
                else members.Add(m);
            }
            if (!replaced) members.Add(new KeyValuePair<string, JsonNode>(key, value));
            return JsonNode.Object(members);
        }
    }
}
