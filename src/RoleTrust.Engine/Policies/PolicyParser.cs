using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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

        private static readonly string[] NoWarnings = new string[0];
        private static readonly Condition[] NoConditions = new Condition[0];

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

        public static PolicyDocument Parse(string text, string name, PolicyType type, string? arn = null) => Parse(text, name, type, arn, strings: null);

        /// <summary>As <see cref="Parse(string, string, PolicyType, string)"/>, short strings shared through <paramref name="strings"/> (see <see cref="JsonParser"/>).</summary>
        internal static PolicyDocument Parse(string text, string name, PolicyType type, string? arn, StringTable? strings)
        {
            if (text == null) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            if (text.Length > MaxPolicyLength * 3)
                throw new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {text.Length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);
            string decoded = DecodePolicyText(text);
            if (decoded.Length > MaxPolicyLength)
                throw new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {decoded.Length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);
            if (decoded.Trim().Length == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            JsonNode root;
            try { root = strings == null ? JsonParser.Parse(decoded) : JsonParser.Parse(decoded, strings); }
            catch (JsonSyntaxException ex)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is not valid JSON: " + ex.Message, name, inner: ex);
            }
            return Parse(root, name, type, arn);
        }

        /// <summary>
        /// Parses a policy given as a tree (an object inside a case, or one PowerShell built) exactly as if its compact
        /// text had been given: the same size limit, the same errors and warnings, without writing and re-reading the text.
        /// </summary>
        public static PolicyDocument ParseTree(JsonNode root, string name, PolicyType type, string? arn = null) => ParseTree(root, JsonTree.Describe(root), name, type, arn);

        [MethodImpl(HotPath.Options)]
        internal static PolicyDocument ParseTree(JsonNode root, JsonTree.Facts facts, string name, PolicyType type, string? arn)
        {
            // A number the JSON grammar rejects (NaN from a .NET double) only fails when the text is read back:
            // take the text path so that the error is the one the text gives.
            if (root.Kind != JsonKind.Object || !facts.NumbersValid) return Parse(JsonWriter.Write(root), name, type, arn);
            if (facts.CompactLengthBound > MaxPolicyLength && JsonTree.CompactLength(root) is long length && length > MaxPolicyLength)
                throw new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);
            // The compact text is one line, so duplicate keys are reported on line 1.
            return Parse(root, name, type, arn, fixedLine: 1, facts.HasDuplicateKeys);
        }

        public static PolicyDocument Parse(JsonNode root, string name, PolicyType type, string? arn = null) => Parse(root, name, type, arn, fixedLine: null, duplicateKeys: null);

        /// <param name="duplicateKeys">Whether the tree repeats a member name, when already known (<see cref="JsonTree.Describe"/>).</param>
        [MethodImpl(HotPath.Options)]
        private static PolicyDocument Parse(JsonNode root, string name, PolicyType type, string? arn, int? fixedLine, bool? duplicateKeys)
        {
            if (root.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A policy must be a JSON object, not {Describe(root)}.", name);
            IReadOnlyList<string> warnings = NoWarnings;
            if (duplicateKeys ?? HasDuplicateKeys(root))
            {
                var found = new List<string>();
                FindDuplicateKeys(root, null, "policy", fixedLine, found);
                warnings = found;
            }

            JsonNode? versionNode = null, statementNode = null;
            foreach (var m in root.Members!)
            {
                switch (m.Key)
                {
                    case "Version": versionNode = m.Value; break;   // the last one wins, as AWS reads duplicates
                    case "Statement": statementNode = m.Value; break;
                    case "Id": break;
                    default:
                        throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown top-level element '{m.Key}' (expected Version, Id, Statement).", name, offendingValue: m.Key);
                }
            }

            string? version = null;
            if (versionNode != null)
            {
                if (versionNode.Kind != JsonKind.String || (versionNode.Text != "2012-10-17" && versionNode.Text != "2008-10-17"))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Version must be \"2012-10-17\" or \"2008-10-17\", not {Describe(versionNode)}.", name, offendingValue: versionNode.Text);
                version = versionNode.Text;
            }
            bool variables = version == "2012-10-17";

            List<JsonNode> statementNodes;
            if (statementNode == null) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy has no Statement.", name);
            if (statementNode.Kind == JsonKind.Object) statementNodes = new List<JsonNode> { statementNode };
            else if (statementNode.Kind == JsonKind.Array) statementNodes = statementNode.Items!;
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Statement must be an object or an array, not {Describe(statementNode)}.", name);
            if (statementNodes.Count == 0) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy's Statement list is empty.", name);

            var statements = new Statement[statementNodes.Count];
            for (int i = 0; i < statementNodes.Count; i++)
            {
                try { statements[i] = ParseStatement(statementNodes[i], i, type, variables); }
                catch (PolicyFormatException ex) when (ex.PolicyName == null)
                {
                    throw new PolicyFormatException(ex.ErrorId, ex.Message + $" Statement: {JsonWriter.Write(statementNodes[i])}", name, i, ex.OffendingValue, ex);
                }
            }
            return new PolicyDocument(name, type, version, statements, warnings, root, arn);
        }

        [MethodImpl(HotPath.Options)]
        private static Statement ParseStatement(JsonNode node, int index, PolicyType type, bool variables)
        {
            if (node.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement must be a JSON object, not {Describe(node)}.");
            JsonNode? sidNode = null, effectNode = null, action = null, notAction = null, resourceElement = null, notResourceElement = null,
                principalElement = null, notPrincipalElement = null, conditionNode = null;
            foreach (var m in node.Members!)
            {
                // The last of duplicate elements wins, as AWS reads them.
                switch (m.Key)
                {
                    case "Sid": sidNode = m.Value; break;
                    case "Effect": effectNode = m.Value; break;
                    case "Action": action = m.Value; break;
                    case "NotAction": notAction = m.Value; break;
                    case "Resource": resourceElement = m.Value; break;
                    case "NotResource": notResourceElement = m.Value; break;
                    case "Principal": principalElement = m.Value; break;
                    case "NotPrincipal": notPrincipalElement = m.Value; break;
                    case "Condition": conditionNode = m.Value; break;
                    default: throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown statement element '{m.Key}'.", offendingValue: m.Key);
                }
            }

            string? sid = null;
            if (sidNode != null)
            {
                if (sidNode.Kind != JsonKind.String) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "Sid must be a string.");
                sid = sidNode.Text;
            }

            if (effectNode == null) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "The statement has no Effect.");
            Effect effect = effectNode.Kind == JsonKind.String && effectNode.Text == "Allow" ? Effect.Allow
                : effectNode.Kind == JsonKind.String && effectNode.Text == "Deny" ? Effect.Deny
                : throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Effect must be \"Allow\" or \"Deny\", not {Describe(effectNode)}.", offendingValue: effectNode.Text);

            var (actionNode, isNotAction) = Either(action, notAction, "Action", "NotAction", required: true);
            var actions = StringList(actionNode!, isNotAction ? "NotAction" : "Action", null);
            foreach (var a in actions)
            {
                int colon = a.IndexOf(':');
                if (a != "*" && (colon <= 0 || colon == a.Length - 1))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidAction, $"Action '{a}' is not \"*\" or \"service:action\".", offendingValue: a);
            }

            var (resourceNode, notResource) = Either(resourceElement, notResourceElement, "Resource", "NotResource", required: false);
            ResourcePattern? resource = null;
            if (resourceNode != null)
            {
                var patterns = StringList(resourceNode, notResource ? "NotResource" : "Resource", null);
                foreach (var r in patterns)
                    if (r != "*" && !IsArnPattern(r))
                        throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"Resource '{r}' is not \"*\" or an ARN (arn:partition:service:region:account:resource).", offendingValue: r);
                resource = new ResourcePattern(patterns, variables);
            }
            else if (type == PolicyType.Identity || type == PolicyType.PermissionsBoundary || type == PolicyType.Session)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "An identity-based statement needs a Resource or NotResource element.");
            }

            var (principalNode, notPrincipal) = Either(principalElement, notPrincipalElement, "Principal", "NotPrincipal", required: false);
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

            IReadOnlyList<Condition> conditions = conditionNode == null ? NoConditions : ParseConditions(conditionNode, variables);

            return new Statement(index, sid, effect, new ActionPattern(actions), isNotAction, resource, notResource, principal, notPrincipal, conditions, node);
        }

        [MethodImpl(HotPath.Options)]
        private static bool IsArnPattern(string r)
        {
            // Short forms such as arn:aws:iam::* are valid: a trailing '*' spans the remaining segments.
            if (!r.StartsWith("arn:", StringComparison.Ordinal)) return false;
            int colons = 0;
            foreach (char c in r) if (c == ':') colons++;
            return colons >= 5 || r.EndsWith("*", StringComparison.Ordinal);
        }

        [MethodImpl(HotPath.Options)]
        private static (JsonNode? node, bool isNot) Either(JsonNode? p, JsonNode? n, string positive, string negative, bool required)
        {
            if (p != null && n != null)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement cannot have both {positive} and {negative}.");
            if (p == null && n == null && required)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"The statement needs {positive} or {negative}.");
            return p != null ? (p, false) : (n, n != null);
        }

        [MethodImpl(HotPath.Options)]
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
                    foreach (var v in StringList(m.Value, "Principal ", m.Key))
                        entries.Add(PrincipalEntry.Create(m.Key, v));
            }
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"Principal must be \"*\" or an object, not {Describe(node)}.");
            return new PrincipalPattern(entries);
        }

        [MethodImpl(HotPath.Options)]
        private static IReadOnlyList<Condition> ParseConditions(JsonNode node, bool variables)
        {
            if (node.Kind != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition must be an object, not {Describe(node)}.");
            var into = new List<Condition>(node.Members!.Count);
            var operators = node.Members!;
            for (int i = 0; i < operators.Count; i++)
            {
                if (OverriddenLater(operators, i)) continue; // AWS keeps the last of duplicate names
                var opMember = operators[i];
                if (!ConditionOperator.TryParse(opMember.Key, out var op))
                    throw new PolicyFormatException(PolicyErrorIds.UnknownConditionOperator,
                        $"Unknown condition operator '{opMember.Key}'.", offendingValue: opMember.Key);
                if (opMember.Value.Kind != JsonKind.Object)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition operator '{opMember.Key}' must map condition keys to values.", offendingValue: opMember.Key);
                var keys = opMember.Value.Members!;
                for (int k = 0; k < keys.Count; k++)
                {
                    if (OverriddenLater(keys, k)) continue;
                    var keyMember = keys[k];
                    var values = ScalarList(keyMember.Value, op, keyMember.Key);
                    if (values.Length == 0)
                        throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {op.Text} on '{keyMember.Key}' has no values.", offendingValue: keyMember.Key);
                    into.Add(new Condition(op, keyMember.Key, values, variables));
                }
            }
            return into.Count == 0 ? NoConditions : (IReadOnlyList<Condition>)into;
        }

        [MethodImpl(HotPath.Options)]
        private static bool OverriddenLater(List<KeyValuePair<string, JsonNode>> members, int i)
        {
            string key = members[i].Key;
            for (int j = i + 1; j < members.Count; j++) if (members[j].Key == key) return true;
            return false;
        }

        /// <summary>A string or an array of strings; <paramref name="element"/> + <paramref name="detail"/> names it in errors.</summary>
        [MethodImpl(HotPath.Options)]
        private static string[] StringList(JsonNode node, string element, string? detail)
        {
            string[] list;
            if (node.Kind == JsonKind.String) return new[] { node.Text! };
            if (node.Kind == JsonKind.Array)
            {
                var items = node.Items!;
                list = new string[items.Count];
                for (int i = 0; i < list.Length; i++)
                {
                    var item = items[i];
                    if (item.Kind != JsonKind.String)
                        throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} values must be strings, not {Describe(item)}.");
                    list[i] = item.Text!;
                }
            }
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} must be a string or an array of strings, not {Describe(node)}.");
            if (list.Length == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} is empty.");
            return list;
        }

        [MethodImpl(HotPath.Options)]
        private static string[] ScalarList(JsonNode node, ConditionOperator op, string key)
        {
            if (node.Kind != JsonKind.Array) return new[] { Scalar(node, op, key) };
            var items = node.Items!;
            var list = new string[items.Count];
            for (int i = 0; i < list.Length; i++) list[i] = Scalar(items[i], op, key);
            return list;
        }

        [MethodImpl(HotPath.Options)]
        private static string Scalar(JsonNode node, ConditionOperator op, string key)
        {
            if (node.Kind == JsonKind.String || node.Kind == JsonKind.Number || node.Kind == JsonKind.True || node.Kind == JsonKind.False) return node.Text!;
            throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {op.Text} {key} values must be strings, numbers or booleans, not {Describe(node)}.");
        }

        /// <summary>Whether any object in the tree repeats a member name (rare: the warning pass runs only then).</summary>
        [MethodImpl(HotPath.Options)]
        private static bool HasDuplicateKeys(JsonNode node)
        {
            if (node.Kind == JsonKind.Object)
            {
                var members = node.Members!;
                for (int i = 0; i < members.Count; i++)
                {
                    for (int j = 0; j < i; j++) if (members[j].Key == members[i].Key) return true;
                    var v = members[i].Value;
                    if ((v.Kind == JsonKind.Object || v.Kind == JsonKind.Array) && HasDuplicateKeys(v)) return true;
                }
            }
            else if (node.Kind == JsonKind.Array)
                foreach (var item in node.Items!)
                    if ((item.Kind == JsonKind.Object || item.Kind == JsonKind.Array) && HasDuplicateKeys(item)) return true;
            return false;
        }

        /// <summary>A step of the path from the root to a value, kept as a chain so the path text is built only for a warning.</summary>
        private sealed class PathStep
        {
            public PathStep(PathStep? parent, string? member, int index) { Parent = parent; Member = member; Index = index; }
            public readonly PathStep? Parent;
            public readonly string? Member;
            public readonly int Index;

            public static string Text(PathStep? step, string root)
            {
                if (step == null) return root;
                string parent = Text(step.Parent, root);
                return step.Member != null ? parent + "." + step.Member : $"{parent}[{step.Index}]";
            }
        }

        private static void FindDuplicateKeys(JsonNode node, PathStep? path, string root, int? fixedLine, List<string> warnings)
        {
            if (node.Kind == JsonKind.Object)
            {
                var members = node.Members!;
                for (int i = 0; i < members.Count; i++)
                {
                    var m = members[i];
                    for (int j = 0; j < i; j++)
                        if (members[j].Key == m.Key)
                        {
                            warnings.Add($"Duplicate JSON key '{m.Key}' in {PathStep.Text(path, root)} (line {fixedLine ?? m.Value.Line}): AWS keeps only the last one, so the earlier '{m.Key}' is ignored.");
                            break;
                        }
                    if (m.Value.Kind == JsonKind.Object || m.Value.Kind == JsonKind.Array)
                        FindDuplicateKeys(m.Value, new PathStep(path, m.Key, 0), root, fixedLine, warnings);
                }
            }
            else if (node.Kind == JsonKind.Array)
            {
                var items = node.Items!;
                for (int i = 0; i < items.Count; i++)
                    if (items[i].Kind == JsonKind.Object || items[i].Kind == JsonKind.Array)
                        FindDuplicateKeys(items[i], new PathStep(path, null, i), root, fixedLine, warnings);
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
