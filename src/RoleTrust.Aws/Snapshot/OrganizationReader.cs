using System;
using System.Collections.Generic;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using static RoleTrust.Aws.Snapshot.GaadReader;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>Reads organization.json (ARCHITECTURE.md snapshot format).</summary>
    public static class OrganizationReader
    {
        public static OrganizationData Read(JsonNode root)
        {
            var org = root.Kind == JsonKind.Object ? root.Get("Organization") : null;
            if (org == null || org.Kind != JsonKind.Object) throw new FormatException("organization.json needs an \"Organization\" object with Id and ManagementAccountId.");
            var data = new OrganizationData(Text(org, "Id") ?? "", Text(org, "ManagementAccountId") ?? "");
            foreach (var r in Items(root, "Roots")) { var id = Text(r, "Id"); if (id != null) { data.Roots.Add(id); AddName(data, r, id); } }
            foreach (var ou in Items(root, "OrganizationalUnits"))
            {
                var id = Text(ou, "Id");
                var parent = Text(ou, "ParentId");
                if (id == null) continue;
                if (parent != null) data.Parents[id] = parent;
                AddName(data, ou, id);
            }
            foreach (var a in Items(root, "Accounts"))
            {
                var id = Text(a, "Id");
                if (id == null) continue;
                data.Accounts.Add(id);
                var parent = Text(a, "ParentId");
                if (parent != null) data.Parents[id] = parent;
                AddName(data, a, id);
            }
            foreach (var p in Items(root, "Policies"))
            {
                var targets = new List<string>();
                foreach (var t in Items(p, "Targets"))
                {
                    if (t.Kind == JsonKind.String) targets.Add(t.Text!);
                    else if (Text(t, "TargetId") is string tid) targets.Add(tid);
                }
                var content = p.Get("Content");
                string text = content == null ? "" : content.Kind == JsonKind.String ? content.Text! : JsonWriter.Write(content);
                data.Policies.Add(new OrganizationPolicy(Text(p, "Id") ?? "", Text(p, "Name") ?? Text(p, "Id") ?? "", Text(p, "Type") ?? "", text, targets, Text(p, "Arn")));
            }
            return data;
        }

        private static void AddName(OrganizationData data, JsonNode node, string id)
        {
            var name = Text(node, "Name");
            if (name != null) data.Names[id] = name;
        }
    }
}
