using System;
using System.Collections.Generic;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Policies
{
    /// <summary>
    /// Turns policy JSON (plain, URL-encoded as IAM returns it, or an already-built tree) into a validated
    /// <see cref="PolicyDocument"/>. Anything AWS would reject, or that the engine does not model, is refused
    /// with a <see cref="PolicyFormatException"/> naming the statement and value.
    /// </summary>
    public static class PolicyParser
    {
        /// <summary>Far above every AWS policy size limit (the largest, an inline role policy, is 10,240 characters).</summary>
        public const int MaxPolicyLength = 131072;

        private static readonly HashSet<string> TopLevel = new HashSet<string> { "Version", "Id", "Statement" };
        private static readonly HashSet<string> StatementElements = new HashSet<string>
            { "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition" };

        /// <summary>Decodes URL-encoded policy text (IAM's GetRole, GetPolicyVersion, AWS.Tools output) when it is encoded.</summary>
        public static string DecodePolicyText(string text)
        {
            string trimmed = text.TrimStart();
            if (trimmed.Length > 0 && trimmed[0] == '%')
            {
                try { return Uri.UnescapeDataString(trimmed); }
                catch (UriFormatException) { return text; }
            }
            return text;
        }

        public static PolicyDocument Parse(string text, string name, PolicyType type, string? arn = null)
        {
            if (text == null) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            if (text.Length > MaxPolicyLength * 3)
                throw new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {text.Length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);
            string decoded = DecodePolicyText(text);
            if (decoded.Length > MaxPolicyLength)
                throw new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {decoded.Length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);
            if (decoded.Trim().Length == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            JsonNode root;
            try { root = JsonParser.Parse(decoded); }
            catch (JsonSyntaxException ex)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is not valid JSON: " + ex.Message, name, inner: ex);
            }
            return Parse(root, name, type, arn);
        }

        public static PolicyDocument Parse(JsonNode root, string name, PolicyType type, string? arn = null)
        {
            if (root.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A policy must be a JSON object, not {Describe(root)}.", name);
            var warnings = new List<string>();
            FindDuplicateKeys(root, "policy", warnings);

            foreach (var m in root.Members!)
                if (!TopLevel.Contains(m.Key))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown top-level element '{m.Key}' (expected Version, Id, Statement).", name, offendingValue: m.Key);

            string? version = null;
            var versionNode = root.Get("Version");
            if (versionNode != null)
            {
                if (versionNode.Kind != JsonKind.String || (versionNode.Text != "2012-10-17" && versionNode.Text != "2008-10-17"))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Version must be \"2012-10-17\" or \"2008-10-17\", not {Describe(versionNode)}.", name, offendingValue: versionNode.Text);
                version = versionNode.Text;
            }
            bool variables = version == "2012-10-17";

            var statementNode = root.Get("Statement");
            List<JsonNode> statementNodes;
            if (statementNode == null) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy has no Statement.", name);
            if (statementNode.Kind == JsonKind.Object) statementNodes = new List<JsonNode> { statementNode };
            else if (statementNode.Kind == JsonKind.Array) statementNodes = statementNode.Items!;
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Statement must be an object or an array, not {Describe(statementNode)}.", name);
            if (statementNodes.Count == 0) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy's Statement list is empty.", name);

            var statements = new List<Statement>(statementNodes.Count);
            for (int i = 0; i < statementNodes.Count; i++)
            {
                try { statements.Add(ParseStatement(statementNodes[i], i, type, variables, warnings)); }
                catch (PolicyFormatException ex) when (ex.PolicyName == null)
                {
                    throw new PolicyFormatException(ex.ErrorId, ex.Message + $" Statement: {JsonWriter.Write(statementNodes[i])}", name, i, ex.OffendingValue, ex);
                }
            }
            return new PolicyDocument(name, type, version, statements, warnings, JsonWriter.Write(root), arn);
        }

        private static Statement ParseStatement(JsonNode node, int index, PolicyType type, bool variables, List<string> warnings)
        {
            if (node.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement must be a JSON object, not {Describe(node)}.");
            foreach (var m in node.Members!)
                if (!StatementElements.Contains(m.Key))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown statement element '{m.Key}'.", offendingValue: m.Key);

            string? sid = null;
            var sidNode = node.Get("Sid");
            if (sidNode != null)
            {
                if (sidNode.Kind != JsonKind.String) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "Sid must be a string.");
                sid = sidNode.Text;
            }

            var effectNode = node.Get("Effect");
            if (effectNode == null) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "The statement has no Effect.");
            Effect effect = effectNode.Kind == JsonKind.String && effectNode.Text == "Allow" ? Effect.Allow
                : effectNode.Kind == JsonKind.String && effectNode.Text == "Deny" ? Effect.Deny
                : throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Effect must be \"Allow\" or \"Deny\", not {Describe(effectNode)}.", offendingValue: effectNode.Text);

            var (actionNode, notAction) = Either(node, "Action", "NotAction", required: true);
            var actions = StringList(actionNode!, notAction ? "NotAction" : "Action");
            foreach (var a in actions)
                if (a != "*" && (a.IndexOf(':') <= 0 || a.IndexOf(':') == a.Length - 1))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidAction, $"Action '{a}' is not \"*\" or \"service:action\".", offendingValue: a);

            var (resourceNode, notResource) = Either(node, "Resource", "NotResource", required: false);
            ResourcePattern? resource = null;
            if (resourceNode != null)
            {
                var patterns = StringList(resourceNode, notResource ? "NotResource" : "Resource");
                foreach (var r in patterns)
                    if (r != "*" && !IsArnPattern(r))
                        throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"Resource '{r}' is not \"*\" or an ARN (arn:partition:service:region:account:resource).", offendingValue: r);
                resource = new ResourcePattern(patterns, variables);
            }
            else if (type == PolicyType.Identity || type == PolicyType.PermissionsBoundary || type == PolicyType.Session)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "An identity-based statement needs a Resource or NotResource element.");
            }

            var (principalNode, notPrincipal) = Either(node, "Principal", "NotPrincipal", required: false);
            PrincipalPattern? principal = null;
            if (principalNode != null)
            {
                if (type == PolicyType.Identity || type == PolicyType.PermissionsBoundary || type == PolicyType.Session || type == PolicyType.ServiceControl)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{(notPrincipal ? "NotPrincipal" : "Principal")} is not allowed in this kind of policy ({type}).");
                principal = ParsePrincipal(principalNode);
            }
            else if (type == PolicyType.Resource || type == PolicyType.ResourceControl)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "A resource-based statement needs a Principal or NotPrincipal element.");
            }

            var conditions = new List<Condition>();
            var conditionNode = node.Get("Condition");
            if (conditionNode != null) ParseConditions(conditionNode, variables, conditions);

            return new Statement(index, sid, effect, new ActionPattern(actions), notAction, resource, notResource, principal, notPrincipal, conditions, JsonWriter.Write(node));
        }

        private static bool IsArnPattern(string r)
        {
            // Short forms such as arn:aws:iam::* are valid: a trailing '*' spans the remaining segments.
            if (!r.StartsWith("arn:", StringComparison.Ordinal)) return false;
            int colons = 0;
            foreach (char c in r) if (c == ':') colons++;
            return colons >= 5 || r.EndsWith("*", StringComparison.Ordinal);
        }

        private static (JsonNode? node, bool isNot) Either(JsonNode statement, string positive, string negative, bool required)
        {
            var p = statement.Get(positive);
            var n = statement.Get(negative);
            if (p != null && n != null)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement cannot have both {positive} and {negative}.");
            if (p == null && n == null && required)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"The statement needs {positive} or {negative}.");
            return p != null ? (p, false) : (n, n != null);
        }

        private static PrincipalPattern ParsePrincipal(JsonNode node)
        {
            var entries = new List<PrincipalEntry>();
            if (node.Kind == JsonKind.String)
            {
                if (node.Text != "*")
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"A string Principal must be \"*\"; use {{\"AWS\": \"{node.Text}\"}} to name a principal.", offendingValue: node.Text);
                entries.Add(PrincipalEntry.Create("*", "*"));
            }
            else if (node.Kind == JsonKind.Object)
            {
                if (node.Members!.Count == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, "The Principal element is empty.");
                foreach (var m in node.Members)
                    foreach (var v in StringList(m.Value, "Principal " + m.Key))
                        entries.Add(PrincipalEntry.Create(m.Key, v));
            }
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"Principal must be \"*\" or an object, not {Describe(node)}.");
            return new PrincipalPattern(entries);
        }

        private static void ParseConditions(JsonNode node, bool variables, List<Condition> into)
        {
            if (node.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition must be an object, not {Describe(node)}.");
            foreach (var opMember in Distinct(node))
            {
                if (!ConditionOperator.TryParse(opMember.Key, out var op))
                    throw new PolicyFormatException(PolicyErrorIds.UnknownConditionOperator,
                        $"Unknown condition operator '{opMember.Key}'.", offendingValue: opMember.Key);
                if (opMember.Value.Kind != JsonKind.Object)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition operator '{opMember.Key}' must map condition keys to values.", offendingValue: opMember.Key);
                foreach (var keyMember in Distinct(opMember.Value))
                {
                    var values = ScalarList(keyMember.Value, $"{op.Text} {keyMember.Key}");
                    if (values.Count == 0)
                        throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {op.Text} on '{keyMember.Key}' has no values.", offendingValue: keyMember.Key);
                    into.Add(new Condition(op, keyMember.Key, values.ToArray(), variables));
                }
            }
        }

        /// <summary>Members with AWS's last-one-wins rule applied to duplicate names.</summary>
        private static IEnumerable<KeyValuePair<string, JsonNode>> Distinct(JsonNode obj)
        {
            var members = obj.Members!;
            for (int i = 0; i < members.Count; i++)
            {
                bool overridden = false;
                for (int j = i + 1; j < members.Count && !overridden; j++) overridden = members[j].Key == members[i].Key;
                if (!overridden) yield return members[i];
            }
        }

        private static List<string> StringList(JsonNode node, string element)
        {
            var list = new List<string>();
            if (node.Kind == JsonKind.String) list.Add(node.Text!);
            else if (node.Kind == JsonKind.Array)
            {
                foreach (var item in node.Items!)
                {
                    if (item.Kind != JsonKind.String)
                        throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element} values must be strings, not {Describe(item)}.");
                    list.Add(item.Text!);
                }
            }
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element} must be a string or an array of strings, not {Describe(node)}.");
            if (list.Count == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element} is empty.");
            return list;
        }

        private static List<string> ScalarList(JsonNode node, string element)
        {
            var list = new List<string>();
            if (node.Kind == JsonKind.Array)
                foreach (var item in node.Items!) list.Add(Scalar(item, element));
            else list.Add(Scalar(node, element));
            return list;
        }

        private static string Scalar(JsonNode node, string element)
        {
            if (node.Kind == JsonKind.String || node.Kind == JsonKind.Number || node.Kind == JsonKind.True || node.Kind == JsonKind.False) return node.Text!;
            throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {element} values must be strings, numbers or booleans, not {Describe(node)}.");
        }

        private static void FindDuplicateKeys(JsonNode node, string path, List<string> warnings)
        {
            if (node.Kind == JsonKind.Object)
            {
                var seen = new HashSet<string>();
                foreach (var m in node.Members!)
                {
                    if (!seen.Add(m.Key))
                        warnings.Add($"Duplicate JSON key '{m.Key}' in {path} (line {m.Value.Line}): AWS keeps only the last one, so the earlier '{m.Key}' is ignored.");
                    FindDuplicateKeys(m.Value, path + "." + m.Key, warnings);
                }
            }
            else if (node.Kind == JsonKind.Array)
            {
                for (int i = 0; i < node.Items!.Count; i++) FindDuplicateKeys(node.Items[i], $"{path}[{i}]", warnings);
            }
        }

        private static string Describe(JsonNode node) => node.Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => $"\"{node.Text}\"",
            _ => node.Text!,
        };
    }
}
