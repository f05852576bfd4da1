using System;
using System.Collections.Generic;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Reads organization.json (README: Snapshot format). Any field that is present but unusable is a problem of the
    /// organization data: an account list, a policy or a target that cannot be read could concern any account, so
    /// while one exists no account's membership can be told (<see cref="OrganizationData.Problems"/>). Only a parent
    /// that cannot be read stays local: that one account cannot be placed.
    /// </summary>
    public static class OrganizationReader
    {
        private static readonly MemberSet RootMembers = new MemberSet("Organization", "Roots", "OrganizationalUnits", "Accounts", "Policies");
        private static readonly MemberSet OrganizationMembers = new MemberSet("Id", "ManagementAccountId");
        private static readonly MemberSet NodeMembers = new MemberSet("Id", "Name", "ParentId", "PolicyTypes");
        private static readonly MemberSet PolicyTypeMembers = new MemberSet("Type", "Status");
        private static readonly MemberSet PolicyMembers = new MemberSet("Id", "Name", "Type", "Content", "Targets", "Arn");
        private static readonly MemberSet TargetMembers = new MemberSet("TargetId");

        public static OrganizationData Read(JsonNode root) => Read(root, out _);

        /// <summary>Reads organization.json; <paramref name="issues"/> lists every problem found, in file order.</summary>
        public static OrganizationData Read(JsonNode root, out IReadOnlyList<DataGap> issues)
        {
            if (root.Kind != JsonKind.Object) throw new FormatException("organization.json must hold a JSON object with Organization, Roots, OrganizationalUnits, Accounts and Policies.");
            var reader = new Reader();
            var data = reader.ReadAll(root);
            issues = reader.Issues;
            return data;
        }

        private sealed class Reader
        {
            private readonly List<DataGap> _issues = new List<DataGap>();
            private OrganizationData _data = null!;

            public IReadOnlyList<DataGap> Issues => _issues;

            private DataGap Issue(JsonPath path, string detail)
            {
                var gap = new DataGap(DataGapKind.Field, DataGapCause.Malformed, null, path.ToString(), detail: detail);
                _issues.Add(gap);
                return gap;
            }

            /// <summary>A problem that makes every membership unknown.</summary>
            private void Problem(JsonPath path, string detail) => _data.Problems.Add(Issue(path, detail));

            private const string Repeated = "the key appears more than once, so the value is ambiguous";

            public OrganizationData ReadAll(JsonNode root)
            {
                var top = RootMembers.NewValues();
                ulong duplicates = RootMembers.Read(root, top);
                var org = top[0];
                if (MemberSet.Has(duplicates, 0)) throw new FormatException("the key \"Organization\" appears more than once, so which organization the file describes is ambiguous.");
                if (org == null || org.Kind != JsonKind.Object) throw new FormatException("organization.json needs an \"Organization\" object with Id and ManagementAccountId.");
                var fields = OrganizationMembers.NewValues();
                ulong orgDuplicates = OrganizationMembers.Read(org, fields);
                var id = fields[0];
                var management = fields[1];
                _data = new OrganizationData(id?.Kind == JsonKind.String ? id.Text! : "", management?.Kind == JsonKind.String ? management.Text! : "");
                var at = JsonPath.Root("Organization");
                if (orgDuplicates != 0) Problem(at, "a key appears more than once, so the organization is ambiguous");
                if (id == null || id.Kind != JsonKind.String || id.Text!.Length == 0) Problem(at.Member("Id"), id == null ? "missing" : JsonShape.Expected("a non-empty string", id));
                if (management == null || management.Kind != JsonKind.String || !Arn.IsAccountId(management.Text))
                    Problem(at.Member("ManagementAccountId"), management == null ? "missing" : management.Kind == JsonKind.String ? $"'{management.Text}' is not a 12-digit account ID" : JsonShape.Expected("a string", management));

                for (int i = 1; i < RootMembers.Names.Length; i++)
                {
                    var path = JsonPath.Root(RootMembers.Names[i]);
                    var list = top[i];
                    if (MemberSet.Has(duplicates, i)) { Problem(path, "the key appears more than once, so which list holds the data is ambiguous"); continue; }
                    if (list == null) { Problem(path, "missing"); continue; }
                    if (list.Kind != JsonKind.Array) { Problem(path, JsonShape.Expected("an array", list)); continue; }
                    switch (i)
                    {
                        case 1: ReadRoots(list.Items!); break;
                        case 2: ReadNodes(list.Items!, "OrganizationalUnits", isAccount: false); break;
                        case 3: ReadNodes(list.Items!, "Accounts", isAccount: true); break;
                        default: ReadPolicies(list.Items!); break;
                    }
                }
                return _data;
            }

            /// <summary>Roots, with the policy types enabled there as ListRoots returns them.</summary>
            private void ReadRoots(List<JsonNode> items)
            {
                var values = NodeMembers.NewValues();
                var typeValues = PolicyTypeMembers.NewValues();
                HashSet<string>? enabled = null;
                bool pending = false;
                for (int i = 0; i < items.Count; i++)
                {
                    var at = JsonPath.Entry("Roots", i);
                    if (!Node(items[i], at, values, out string? id)) continue;
                    _data.Roots.Add(id!);
                    if (values[1] is JsonNode name && name.Kind == JsonKind.String) _data.Names[id!] = name.Text!;
                    var types = values[3];
                    if (types == null) continue;
                    var typesAt = at.Member("PolicyTypes");
                    if (types.Kind != JsonKind.Array) { Problem(typesAt, JsonShape.Expected("an array", types)); continue; }
                    enabled ??= new HashSet<string>(StringComparer.Ordinal);
                    for (int t = 0; t < types.Items!.Count; t++)
                    {
                        var entry = types.Items[t];
                        if (entry.Kind != JsonKind.Object) { Problem(typesAt.Item(t), JsonShape.Expected("an object", entry)); continue; }
                        if (PolicyTypeMembers.Read(entry, typeValues) != 0) { Problem(typesAt.Item(t), "a key appears more than once, so the entry is ambiguous"); continue; }
                        var type = typeValues[0];
                        var status = typeValues[1];
                        if (type == null || type.Kind != JsonKind.String) { Problem(typesAt.Item(t).Member("Type"), type == null ? "missing" : JsonShape.Expected("a string", type)); continue; }
                        if (status == null || status.Kind != JsonKind.String) { Problem(typesAt.Item(t).Member("Status"), status == null ? "missing" : JsonShape.Expected("a string", status)); continue; }
                        if (status.Text == "ENABLED") enabled.Add(type.Text!);
                        // PENDING_ENABLE / PENDING_DISABLE: the type is changing, so whether it applies cannot be told.
                        else if (status.Text != "DISABLED") pending = true;
                    }
                }
                if (enabled != null && !pending) _data.EnabledPolicyTypes = enabled;
            }

            /// <summary>An entry with a usable Id (a node of the organization); false when it cannot be identified.</summary>
            private bool Node(JsonNode item, JsonPath at, JsonNode?[] values, out string? id) => Node(item, at, values, out id, out _);

            private bool Node(JsonNode item, JsonPath at, JsonNode?[] values, out string? id, out ulong duplicates)
            {
                id = null;
                duplicates = 0;
                if (item.Kind != JsonKind.Object) { Problem(at, JsonShape.Expected("an object", item)); return false; }
                duplicates = NodeMembers.Read(item, values);
                if (MemberSet.Has(duplicates, 0)) { Problem(at.Member("Id"), "the key appears more than once, so the entry cannot be identified"); return false; }
                var node = values[0];
                if (node == null || node.Kind != JsonKind.String || node.Text!.Length == 0)
                {
                    Problem(at.Member("Id"), node == null ? "missing, so the entry cannot be identified" : JsonShape.Expected("a non-empty string", node));
                    return false;
                }
                id = node.Text;
                return true;
            }

            /// <summary>OUs and accounts: an id and a parent. A parent that cannot be read leaves only that node unplaced.</summary>
            private void ReadNodes(List<JsonNode> items, string list, bool isAccount)
            {
                var values = NodeMembers.NewValues();
                HashSet<string>? unplaced = null;
                for (int i = 0; i < items.Count; i++)
                {
                    var at = JsonPath.Entry(list, i);
                    if (!Node(items[i], at, values, out string? id, out ulong duplicates)) continue;
                    if (isAccount && !Arn.IsAccountId(id)) { Problem(at.Member("Id"), $"'{id}' is not a 12-digit account ID"); continue; }
                    if (isAccount) _data.Accounts.Add(id!);
                    if (values[1] is JsonNode name && name.Kind == JsonKind.String) _data.Names[id!] = name.Text!;
                    var parent = values[2];
                    string? unusable = MemberSet.Has(duplicates, 2) ? Repeated
                        : parent == null ? $"missing, so {id} cannot be placed in the organization"
                        : parent.Kind != JsonKind.String ? JsonShape.Expected("a string", parent) : null;
                    if (unusable != null)
                    {
                        Issue(at.Member("ParentId"), unusable);
                        (unplaced ??= new HashSet<string>()).Add(id!);
                        continue;
                    }
                    if (_data.Parents.TryGetValue(id!, out var earlier) && earlier != parent!.Text)
                    {
                        Issue(at.Member("ParentId"), $"{id} is listed before with parent {earlier}, so its place is ambiguous");
                        (unplaced ??= new HashSet<string>()).Add(id!);
                        continue;
                    }
                    _data.Parents[id!] = parent!.Text!;
                }
                if (unplaced != null) foreach (var id in unplaced) _data.Parents.Remove(id);
            }

            private void ReadPolicies(List<JsonNode> items)
            {
                var values = PolicyMembers.NewValues();
                var target = TargetMembers.NewValues();
                for (int i = 0; i < items.Count; i++)
                {
                    var at = JsonPath.Entry("Policies", i);
                    var item = items[i];
                    if (item.Kind != JsonKind.Object) { Problem(at, JsonShape.Expected("an object", item)); continue; }
                    ulong duplicates = PolicyMembers.Read(item, values);
                    if (duplicates != 0) { Problem(at, "a key appears more than once, so the policy is ambiguous"); continue; }
                    var id = values[0];
                    var name = values[1];
                    var type = values[2];
                    var content = values[3];
                    var targets = values[4];
                    var arn = values[5];
                    if (id == null || id.Kind != JsonKind.String) { Problem(at.Member("Id"), id == null ? "missing" : JsonShape.Expected("a string", id)); continue; }
                    if (type == null || type.Kind != JsonKind.String) { Problem(at.Member("Type"), type == null ? "missing" : JsonShape.Expected("a string", type)); continue; }
                    // Other policy types (tag, backup, AI opt-out ...) do not decide access: their content is not read.
                    if (type.Text != OrganizationPolicy.ServiceControlPolicyType && type.Text != OrganizationPolicy.ResourceControlPolicyType) continue;
                    if (name != null && name.Kind != JsonKind.String) { Problem(at.Member("Name"), JsonShape.Expected("a string", name)); continue; }
                    if (arn != null && arn.Kind != JsonKind.String) { Problem(at.Member("Arn"), JsonShape.Expected("a string", arn)); continue; }
                    string text;
                    if (content != null && content.Kind == JsonKind.Object) text = JsonWriter.Write(content);
                    else if (PolicyText.Problem(content) is string unusable) { Problem(at.Member("Content"), unusable); continue; }
                    else text = content!.Text!;
                    if (targets == null) { Problem(at.Member("Targets"), "missing"); continue; }
                    if (targets.Kind != JsonKind.Array) { Problem(at.Member("Targets"), JsonShape.Expected("an array", targets)); continue; }
                    var ids = new List<string>(targets.Items!.Count);
                    bool readable = true;
                    for (int t = 0; t < targets.Items.Count && readable; t++)
                    {
                        var entry = targets.Items[t];
                        var tAt = at.Member("Targets").Item(t);
                        if (entry.Kind == JsonKind.String) { ids.Add(entry.Text!); continue; }
                        readable = false;
                        if (entry.Kind != JsonKind.Object) Problem(tAt, JsonShape.Expected("a target id (a string) or an object with TargetId", entry));
                        else if (TargetMembers.Read(entry, target) != 0) Problem(tAt.Member("TargetId"), Repeated);
                        else if (target[0] == null || target[0]!.Kind != JsonKind.String) Problem(tAt.Member("TargetId"), target[0] == null ? "missing" : JsonShape.Expected("a string", target[0]!));
                        else { ids.Add(target[0]!.Text!); readable = true; }
                    }
                    if (!readable) continue;
                    _data.Policies.Add(new OrganizationPolicy(id.Text!, name?.Text ?? id.Text!, type.Text!, text, ids, arn?.Text));
                }
            }
        }
    }
}
