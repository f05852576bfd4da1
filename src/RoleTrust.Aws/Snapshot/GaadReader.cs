using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Reads what `aws iam get-account-authorization-details --output json` prints (pages merged) into an
    /// indexed <see cref="AccountData"/>. Policy documents may be JSON objects or URL-encoded strings.
    /// </summary>
    public static class GaadReader
    {
        /// <summary>Members holding policy documents: kept as text when parsing (see JsonParser.Parse).</summary>
        public static readonly HashSet<string> PolicyMembers = new HashSet<string>(StringComparer.Ordinal) { "AssumeRolePolicyDocument", "PolicyDocument", "Document" };

        // AggressiveOptimization (512): these run a few times per process, over every entity of every account file,
        // and must not stay in unoptimized tier-0 code.
        private const MethodImplOptions Hot = (MethodImplOptions)512;

        [MethodImpl(Hot)]
        public static AccountData Read(JsonNode root, string accountId)
        {
            if (root.Kind != JsonKind.Object) throw new FormatException("The account file must hold a JSON object with UserDetailList, GroupDetailList, RoleDetailList and Policies.");
            var account = new AccountData(accountId);
            foreach (var u in Items(root, "UserDetailList"))
            {
                var user = new IamUser();
                ReadPrincipal(u, user, "UserName", "UserId", "UserPolicyList");
                foreach (var g in Items(u, "GroupList")) if (g.Kind == JsonKind.String) user.Groups.Add(g.Text!);
                account.Users[user.Name] = user;
            }
            foreach (var g in Items(root, "GroupDetailList"))
            {
                var group = new IamGroup { Name = Text(g, "GroupName") ?? "", Arn = Text(g, "Arn") ?? "" };
                ReadInline(g, "GroupPolicyList", group.InlinePolicies);
                ReadAttached(g, group.AttachedPolicies);
                account.Groups[group.Name] = group;
            }
            foreach (var r in Items(root, "RoleDetailList"))
            {
                var role = new IamRole();
                ReadPrincipal(r, role, "RoleName", "RoleId", "RolePolicyList");
                role.TrustPolicy = PolicySource.From(r.Get("AssumeRolePolicyDocument"));
                var max = r.Get("MaxSessionDuration");
                if (max != null && max.Kind == JsonKind.Number && int.TryParse(max.Text, out int seconds)) role.MaxSessionDuration = seconds;
                role.Description = Text(r, "Description");
                role.LastUsedDate = r.Get("RoleLastUsed") is JsonNode lastUsed && lastUsed.Kind == JsonKind.Object ? Text(lastUsed, "LastUsedDate") : null;
                account.Roles[role.Name] = role;
            }
            foreach (var p in Items(root, "Policies"))
            {
                string arn = Text(p, "Arn") ?? "";
                string defaultVersion = Text(p, "DefaultVersionId") ?? "";
                PolicySource? document = null;
                foreach (var v in Items(p, "PolicyVersionList"))
                {
                    bool isDefault = v.Get("IsDefaultVersion")?.Kind == JsonKind.True || Text(v, "VersionId") == defaultVersion;
                    if (isDefault) { document = PolicySource.From(v.Get("Document")); break; }
                }
                account.Policies[arn] = new ManagedPolicy(arn, Text(p, "PolicyName") ?? arn, document);
            }
            return account;
        }

        [MethodImpl(Hot)]
        private static void ReadPrincipal(JsonNode node, IamPrincipalData into, string nameKey, string idKey, string inlineKey)
        {
            into.Name = Text(node, nameKey) ?? "";
            into.Arn = Text(node, "Arn") ?? "";
            into.Path = Text(node, "Path") ?? "/";
            into.Id = Text(node, idKey) ?? "";
            ReadInline(node, inlineKey, into.InlinePolicies);
            ReadAttached(node, into.AttachedPolicies);
            if (node.Get("PermissionsBoundary") is JsonNode pb && pb.Kind == JsonKind.Object) into.PermissionsBoundaryArn = Text(pb, "PermissionsBoundaryArn");
            foreach (var t in Items(node, "Tags"))
            {
                string? key = Text(t, "Key");
                if (key != null) into.Tags[key] = Text(t, "Value") ?? "";
            }
        }

        [MethodImpl(Hot)]
        private static void ReadInline(JsonNode node, string key, List<InlinePolicy> into)
        {
            foreach (var p in Items(node, key))
            {
                var doc = PolicySource.From(p.Get("PolicyDocument"));
                if (doc != null) into.Add(new InlinePolicy(Text(p, "PolicyName") ?? "inline", doc));
            }
        }

        [MethodImpl(Hot)]
        private static void ReadAttached(JsonNode node, List<AttachedPolicy> into)
        {
            foreach (var p in Items(node, "AttachedManagedPolicies"))
            {
                string? arn = Text(p, "PolicyArn");
                if (arn != null) into.Add(new AttachedPolicy(Text(p, "PolicyName") ?? arn, arn));
            }
        }

        private static readonly List<JsonNode> NoItems = new List<JsonNode>();

        [MethodImpl(Hot)]
        internal static List<JsonNode> Items(JsonNode node, string key)
        {
            var v = node.Kind == JsonKind.Object ? node.Get(key) : null;
            return v != null && v.Kind == JsonKind.Array ? v.Items! : NoItems;
        }

        [MethodImpl(Hot)]
        internal static string? Text(JsonNode node, string key)
        {
            var v = node.Kind == JsonKind.Object ? node.Get(key) : null;
            return v != null && (v.Kind == JsonKind.String || v.Kind == JsonKind.Number) ? v.Text : null;
        }
    }
}
