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

        /// <summary>As <see cref="Parse(string, string, PolicyType, string)"/>, short strings shared through <paramref name="strings"/> (texts parsed one after another on a thread).</summary>
        [MethodImpl(HotPath.Options)]
        internal static PolicyDocument Parse(string text, string name, PolicyType type, string? arn, StringTable? strings)
        {
            if (text == null) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            if (text.Length > MaxPolicyLength * 3) throw TooLarge(text.Length, name);
            string decoded = DecodePolicyText(text);
            if (decoded.Length > MaxPolicyLength) throw TooLarge(decoded.Length, name);
            if (decoded.Trim().Length == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is empty.", name);
            var tape = ThreadTape();
            try { tape.Parse(JsonParser.CharsOf(decoded), decoded.Length, strings); }
            catch (JsonSyntaxException ex)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyJson, "The policy is not valid JSON: " + ex.Message, name, inner: ex);
            }
            // Compact text is never longer than the JSON text it was read from (escapes are written as short as they were read or shorter).
            return Parse(tape, tape.Root, name, type, arn, fixedLine: null, duplicateKeys: null, decoded.Length, decoded);
        }

        /// <summary>
        /// Parses a policy given as a tree (an object PowerShell built) exactly as if its compact text had been given: the same
        /// size limit, the same errors and warnings, without writing and re-reading the text.
        /// </summary>
        public static PolicyDocument ParseTree(JsonNode root, string name, PolicyType type, string? arn = null)
        {
            var tape = OnThreadTape(root, out int value);
            return ParseValue(tape, value, JsonTree.Describe(tape, value), name, type, arn);
        }

        /// <summary>
        /// As <see cref="ParseTree(JsonNode, string, PolicyType, string)"/>, for a policy given as a value of a tape (an object
        /// inside a case line), whose facts the caller has already learned.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static PolicyDocument ParseValue(JsonTape tape, int value, JsonTree.Facts facts, string name, PolicyType type, string? arn)
        {
            // A number the JSON grammar rejects (NaN from a .NET double) only fails when the text is read back:
            // take the text path so that the error is the one the text gives (a text too long for it is refused unwritten).
            if (tape.Kind(value) != JsonKind.Object || !facts.NumbersValid)
            {
                long length = JsonTree.CompactLength(tape, value);
                if (length > MaxPolicyLength * 3) throw TooLarge(length, name);
                return Parse(JsonWriter.Write(tape, value), name, type, arn);
            }
            // The compact text is one line, so duplicate keys are reported on line 1.
            return Parse(tape, value, name, type, arn, fixedLine: 1, facts.HasDuplicateKeys, facts.CompactLengthBound);
        }

        /// <summary>Parses a tree whose lines are its own (a tree read from text).</summary>
        public static PolicyDocument Parse(JsonNode root, string name, PolicyType type, string? arn = null)
        {
            var tape = OnThreadTape(root, out int value);
            return Parse(tape, value, name, type, arn, fixedLine: null, duplicateKeys: null, JsonTree.Describe(tape, value).CompactLengthBound);
        }

        private static PolicyFormatException TooLarge(long length, string name) =>
            new PolicyFormatException(PolicyErrorIds.PolicyTooLarge, $"The policy text is {length} characters; RoleTrust refuses documents over {MaxPolicyLength}.", name);

        // The tape texts and trees are read into, one per thread (a policy holds nothing of it once parsed).
        [ThreadStatic] private static JsonTape? _tape;
        private static JsonTape ThreadTape() => _tape ??= new JsonTape(256);

        private static JsonTape OnThreadTape(JsonNode root, out int value)
        {
            if (root == null) throw new ArgumentNullException(nameof(root));
            var tape = ThreadTape();
            tape.Clear();
            value = tape.Append(root);
            return tape;
        }

        // Where a document's compact text is written before it becomes its string, one per thread.
        [ThreadStatic] private static char[]? _textBuffer;
        [ThreadStatic] private static JsonWriter.Marks? _statementMarks;
        private const int KeptTextBuffer = 1 << 15;

        /// <param name="duplicateKeys">Whether the value repeats a member name, when already known (<see cref="JsonTree.Describe(JsonTape, int)"/>).</param>
        /// <param name="lengthBound">At least the length of the value's compact text.</param>
        /// <param name="source">The text the tape was parsed from, when it is a string: a compact text is kept as it is, not copied.</param>
        [MethodImpl(HotPath.Options)]
        private static PolicyDocument Parse(JsonTape t, int root, string name, PolicyType type, string? arn, int? fixedLine, bool? duplicateKeys, long lengthBound,
            string? source = null)
        {
            if (t.Kind(root) != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A policy must be a JSON object, not {Describe(t, root)}.", name);

            // The text first: the size limit is the compact text's, and statements keep their part of it as their text.
            var marks = _statementMarks ??= new JsonWriter.Marks(JsonTape.None);
            int versionNode = JsonTape.None, statementNode = JsonTape.None;
            for (int i = 0, count = t.Count(root); i < count; i++)
            {
                string key = t.MemberName(root, i);
                switch (key)
                {
                    case "Version": versionNode = t.Item(root, i); break;   // the last one wins, as AWS reads duplicates
                    case "Statement": statementNode = t.Item(root, i); break;
                    case "Id": break;
                }
            }
            marks.Value = statementNode; marks.Count = 0;
            char[] textSource;
            int textStart, length;
            if (t.TryCompactSpan(root, out int from, out int to) && MarkStatements(t, statementNode, from, marks))
            {
                // A policy inside a compact case line: its text is there already.
                textSource = t.Source!; textStart = from; length = to - from;
            }
            else
            {
                if (lengthBound > KeptTextBuffer)
                {
                    // The bound counts every character as its longest escape: learn the length before making room for it.
                    long exact = JsonTree.CompactLength(t, root);
                    if (exact > MaxPolicyLength) throw TooLarge(exact, name);
                    lengthBound = exact;
                }
                textSource = lengthBound <= KeptTextBuffer ? _textBuffer ??= new char[KeptTextBuffer] : new char[lengthBound];
                textStart = 0;
                marks.Count = 0;
                length = JsonWriter.WriteCompact(t, root, textSource, 0, marks);
            }
            if (length > MaxPolicyLength) throw TooLarge(length, name);

            IReadOnlyList<string> warnings = NoWarnings;
            if (duplicateKeys ?? t.HasDuplicateNames(root))
            {
                var found = new List<string>();
                FindDuplicateKeys(t, root, null, "policy", fixedLine, found);
                warnings = found;
            }

            for (int i = 0, count = t.Count(root); i < count; i++)
            {
                string key = t.MemberName(root, i);
                if (key != "Version" && key != "Statement" && key != "Id")
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown top-level element '{key}' (expected Version, Id, Statement).", name, offendingValue: key);
            }

            string? version = null;
            if (versionNode != JsonTape.None)
            {
                string? given = t.Text(versionNode);
                if (t.Kind(versionNode) != JsonKind.String || (given != "2012-10-17" && given != "2008-10-17"))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Version must be \"2012-10-17\" or \"2008-10-17\", not {Describe(t, versionNode)}.", name, offendingValue: given);
                version = given;
            }
            bool variables = version == "2012-10-17";

            if (statementNode == JsonTape.None) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy has no Statement.", name);
            var statementKind = t.Kind(statementNode);
            if (statementKind != JsonKind.Object && statementKind != JsonKind.Array)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Statement must be an object or an array, not {Describe(t, statementNode)}.", name);
            int statementCount = statementKind == JsonKind.Object ? 1 : t.Count(statementNode);
            if (statementCount == 0) throw new PolicyFormatException(PolicyErrorIds.EmptyStatement, "The policy's Statement list is empty.", name);

            string text = source != null && textSource == t.Source && textStart == 0 && length == source.Length ? source : new string(textSource, textStart, length);
            var statements = new Statement[statementCount];
            for (int i = 0; i < statementCount; i++)
            {
                int node = statementKind == JsonKind.Object ? statementNode : t.Item(statementNode, i);
                int start = marks.Starts[i], end = marks.Ends[i];
                try { statements[i] = ParseStatement(t, node, i, type, variables, text, start, end - start); }
                catch (PolicyFormatException ex) when (ex.PolicyName == null)
                {
                    throw new PolicyFormatException(ex.ErrorId, ex.Message + $" Statement: {text.Substring(start, end - start)}", name, i, ex.OffendingValue, ex);
                }
            }
            return new PolicyDocument(name, type, version, statements, warnings, text, arn);
        }

        /// <summary>
        /// Marks where each statement's compact text lies in a document whose compact text starts at <paramref name="documentFrom"/>
        /// of the tape's source; false when a statement has no compact span there (it is not an object: the error names it).
        /// </summary>
        private static bool MarkStatements(JsonTape t, int statementNode, int documentFrom, JsonWriter.Marks marks)
        {
            if (statementNode == JsonTape.None) return true;
            var kind = t.Kind(statementNode);
            int count = kind == JsonKind.Array ? t.Count(statementNode) : 1;
            for (int i = 0; i < count; i++)
            {
                int statement = kind == JsonKind.Array ? t.Item(statementNode, i) : statementNode;
                if (t.Kind(statement) != JsonKind.Object || !t.TryCompactSpan(statement, out int from, out int to)) return false;
                marks.Add(from - documentFrom, to - documentFrom);
            }
            return true;
        }

        [MethodImpl(HotPath.Options)]
        private static Statement ParseStatement(JsonTape t, int node, int index, PolicyType type, bool variables, string text, int textStart, int textLength)
        {
            if (t.Kind(node) != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement must be a JSON object, not {Describe(t, node)}.");
            const int None = JsonTape.None;
            int sidNode = None, effectNode = None, action = None, notAction = None, resourceElement = None, notResourceElement = None,
                principalElement = None, notPrincipalElement = None, conditionNode = None;
            for (int i = 0, count = t.Count(node); i < count; i++)
            {
                string key = t.MemberName(node, i);
                int value = t.Item(node, i);
                // The last of duplicate elements wins, as AWS reads them.
                switch (key)
                {
                    case "Sid": sidNode = value; break;
                    case "Effect": effectNode = value; break;
                    case "Action": action = value; break;
                    case "NotAction": notAction = value; break;
                    case "Resource": resourceElement = value; break;
                    case "NotResource": notResourceElement = value; break;
                    case "Principal": principalElement = value; break;
                    case "NotPrincipal": notPrincipalElement = value; break;
                    case "Condition": conditionNode = value; break;
                    default: throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Unknown statement element '{key}'.", offendingValue: key);
                }
            }

            string? sid = null;
            if (sidNode != None)
            {
                if (t.Kind(sidNode) != JsonKind.String) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "Sid must be a string.");
                sid = t.Text(sidNode);
            }

            if (effectNode == None) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "The statement has no Effect.");
            bool effectIsString = t.Kind(effectNode) == JsonKind.String;
            string? effectText = t.Text(effectNode);
            Effect effect = effectIsString && effectText == "Allow" ? Effect.Allow
                : effectIsString && effectText == "Deny" ? Effect.Deny
                : throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Effect must be \"Allow\" or \"Deny\", not {Describe(t, effectNode)}.", offendingValue: effectText);

            var (actionNode, isNotAction) = Either(action, notAction, "Action", "NotAction", required: true);
            var actions = StringList(t, actionNode, isNotAction ? "NotAction" : "Action", null);
            foreach (var a in actions)
            {
                int colon = a.IndexOf(':');
                if (a != "*" && (colon <= 0 || colon == a.Length - 1))
                    throw new PolicyFormatException(PolicyErrorIds.InvalidAction, $"Action '{a}' is not \"*\" or \"service:action\".", offendingValue: a);
            }

            var (resourceNode, notResource) = Either(resourceElement, notResourceElement, "Resource", "NotResource", required: false);
            ResourcePattern? resource = null;
            if (resourceNode != None)
            {
                var patterns = StringList(t, resourceNode, notResource ? "NotResource" : "Resource", null);
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
            if (principalNode != None)
            {
                if (type == PolicyType.Identity || type == PolicyType.PermissionsBoundary || type == PolicyType.Session || type == PolicyType.ServiceControl)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{(notPrincipal ? "NotPrincipal" : "Principal")} is not allowed in this kind of policy ({type}).");
                principal = ParsePrincipal(t, principalNode);
            }
            else if (type == PolicyType.Resource || type == PolicyType.ResourceControl)
            {
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, "A resource-based statement needs a Principal or NotPrincipal element.");
            }

            IReadOnlyList<Condition> conditions = conditionNode == None ? NoConditions : ParseConditions(t, conditionNode, variables);

            return new Statement(index, sid, effect, new ActionPattern(actions), isNotAction, resource, notResource, principal, notPrincipal, conditions,
                text, textStart, textLength);
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
        private static (int node, bool isNot) Either(int p, int n, string positive, string negative, bool required)
        {
            if (p != JsonTape.None && n != JsonTape.None)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"A statement cannot have both {positive} and {negative}.");
            if (p == JsonTape.None && n == JsonTape.None && required)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"The statement needs {positive} or {negative}.");
            return p != JsonTape.None ? (p, false) : (n, n != JsonTape.None);
        }

        [MethodImpl(HotPath.Options)]
        private static PrincipalPattern ParsePrincipal(JsonTape t, int node)
        {
            var entries = new List<PrincipalEntry>();
            var kind = t.Kind(node);
            if (kind == JsonKind.String)
            {
                string text = t.Text(node)!;
                if (text != "*")
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"A string Principal must be \"*\"; use {{\"AWS\": \"{text}\"}} to name a principal.", offendingValue: text);
                entries.Add(PrincipalEntry.Create("*", "*"));
            }
            else if (kind == JsonKind.Object)
            {
                int count = t.Count(node);
                if (count == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, "The Principal element is empty.");
                for (int i = 0; i < count; i++)
                {
                    string key = t.MemberName(node, i);
                    foreach (var v in StringList(t, t.Item(node, i), "Principal ", key))
                        entries.Add(PrincipalEntry.Create(key, v));
                }
            }
            else throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"Principal must be \"*\" or an object, not {Describe(t, node)}.");
            return new PrincipalPattern(entries);
        }

        [MethodImpl(HotPath.Options)]
        private static IReadOnlyList<Condition> ParseConditions(JsonTape t, int node, bool variables)
        {
            if (t.Kind(node) != JsonKind.Object)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition must be an object, not {Describe(t, node)}.");
            int operatorCount = t.Count(node);
            var into = new List<Condition>(operatorCount);
            for (int i = 0; i < operatorCount; i++)
            {
                if (OverriddenLater(t, node, i)) continue; // AWS keeps the last of duplicate names
                string opName = t.MemberName(node, i);
                int keysNode = t.Item(node, i);
                if (!ConditionOperator.TryParse(opName, out var op))
                    throw new PolicyFormatException(PolicyErrorIds.UnknownConditionOperator,
                        $"Unknown condition operator '{opName}'.", offendingValue: opName);
                if (t.Kind(keysNode) != JsonKind.Object)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"Condition operator '{opName}' must map condition keys to values.", offendingValue: opName);
                for (int k = 0, keyCount = t.Count(keysNode); k < keyCount; k++)
                {
                    if (OverriddenLater(t, keysNode, k)) continue;
                    string key = t.MemberName(keysNode, k);
                    var values = ScalarList(t, t.Item(keysNode, k), op, key);
                    if (values.Length == 0)
                        throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {op.Text} on '{key}' has no values.", offendingValue: key);
                    into.Add(new Condition(op, key, values, variables));
                }
            }
            return into.Count == 0 ? NoConditions : (IReadOnlyList<Condition>)into;
        }

        [MethodImpl(HotPath.Options)]
        private static bool OverriddenLater(JsonTape t, int obj, int i)
        {
            string key = t.MemberName(obj, i);
            for (int j = i + 1, count = t.Count(obj); j < count; j++) if (t.MemberName(obj, j) == key) return true;
            return false;
        }

        /// <summary>A string or an array of strings; <paramref name="element"/> + <paramref name="detail"/> names it in errors.</summary>
        [MethodImpl(HotPath.Options)]
        private static string[] StringList(JsonTape t, int node, string element, string? detail)
        {
            var kind = t.Kind(node);
            if (kind == JsonKind.String) return new[] { t.Text(node)! };
            if (kind != JsonKind.Array)
                throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} must be a string or an array of strings, not {Describe(t, node)}.");
            var list = new string[t.Count(node)];
            for (int i = 0; i < list.Length; i++)
            {
                int item = t.Item(node, i);
                if (t.Kind(item) != JsonKind.String)
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} values must be strings, not {Describe(t, item)}.");
                list[i] = t.Text(item)!;
            }
            if (list.Length == 0) throw new PolicyFormatException(PolicyErrorIds.InvalidPolicyElement, $"{element}{detail} is empty.");
            return list;
        }

        [MethodImpl(HotPath.Options)]
        private static string[] ScalarList(JsonTape t, int node, ConditionOperator op, string key)
        {
            if (t.Kind(node) != JsonKind.Array) return new[] { Scalar(t, node, op, key) };
            var list = new string[t.Count(node)];
            for (int i = 0; i < list.Length; i++) list[i] = Scalar(t, t.Item(node, i), op, key);
            return list;
        }

        [MethodImpl(HotPath.Options)]
        private static string Scalar(JsonTape t, int node, ConditionOperator op, string key)
        {
            var kind = t.Kind(node);
            if (kind == JsonKind.String || kind == JsonKind.Number || kind == JsonKind.True || kind == JsonKind.False) return t.Text(node)!;
            throw new PolicyFormatException(PolicyErrorIds.InvalidConditionValue, $"Condition {op.Text} {key} values must be strings, numbers or booleans, not {Describe(t, node)}.");
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

        private static void FindDuplicateKeys(JsonTape t, int node, PathStep? path, string root, int? fixedLine, List<string> warnings)
        {
            var kind = t.Kind(node);
            if (kind == JsonKind.Object)
            {
                for (int i = 0, count = t.Count(node); i < count; i++)
                {
                    string key = t.MemberName(node, i);
                    int value = t.Item(node, i);
                    for (int j = 0; j < i; j++)
                        if (t.MemberName(node, j) == key)
                        {
                            warnings.Add($"Duplicate JSON key '{key}' in {PathStep.Text(path, root)} (line {fixedLine ?? t.Line(value)}): AWS keeps only the last one, so the earlier '{key}' is ignored.");
                            break;
                        }
                    var valueKind = t.Kind(value);
                    if (valueKind == JsonKind.Object || valueKind == JsonKind.Array)
                        FindDuplicateKeys(t, value, new PathStep(path, key, 0), root, fixedLine, warnings);
                }
            }
            else if (kind == JsonKind.Array)
            {
                for (int i = 0, count = t.Count(node); i < count; i++)
                {
                    int item = t.Item(node, i);
                    var itemKind = t.Kind(item);
                    if (itemKind == JsonKind.Object || itemKind == JsonKind.Array)
                        FindDuplicateKeys(t, item, new PathStep(path, null, i), root, fixedLine, warnings);
                }
            }
        }

        private static string Describe(JsonTape t, int node) => t.Kind(node) switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => $"\"{t.Text(node)}\"",
            _ => t.Text(node)!,
        };
    }
}
