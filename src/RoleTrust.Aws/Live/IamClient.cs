using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.Runtime;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Live
{
    /// <summary>Read-only IAM over awsQuery (version 2010-05-08), signed with AWSSDK.Core's SigV4 signer.</summary>
    public sealed class IamClient : IIamReader, IDisposable
    {
        public const string ApiVersion = "2010-05-08";
        private readonly AwsSignedHttpClient _client;
        private readonly bool _ownsClient;

        /// <summary>A client for the IAM endpoint of <paramref name="region"/>'s partition (or the configured override).</summary>
        public IamClient(AWSCredentials credentials, string region, AwsClientOptions? options = null)
            : this(new AwsSignedHttpClient(credentials, options ?? new AwsClientOptions()),
                   AwsEndpoints.Iam(region, options?.EndpointUrl, options?.Environment, options?.Configured), ownsClient: true) { }

        public IamClient(AwsSignedHttpClient client, AwsServiceEndpoint endpoint) : this(client, endpoint, ownsClient: false) { }

        private IamClient(AwsSignedHttpClient client, AwsServiceEndpoint endpoint, bool ownsClient)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _ownsClient = ownsClient;
        }

        public AwsServiceEndpoint Endpoint { get; }

        // ------------------------------------------------------------------ single objects

        public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default)
        {
            var r = await Query("GetRole", cancellationToken, ("RoleName", roleName)).ConfigureAwait(false);
            return ParseRole(Elem(r, "Role") ?? throw Missing("GetRole", "Role"));
        }

        public async Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default)
        {
            var r = userName == null
                ? await Query("GetUser", cancellationToken).ConfigureAwait(false)
                : await Query("GetUser", cancellationToken, ("UserName", userName)).ConfigureAwait(false);
            return ParseUser(Elem(r, "User") ?? throw Missing("GetUser", "User"));
        }

        public async Task<IamGroupDetails> GetGroupAsync(string groupName, CancellationToken cancellationToken = default)
        {
            var pages = await Pages("GetGroup", cancellationToken, ("GroupName", groupName)).ConfigureAwait(false);
            return new IamGroupDetails
            {
                Group = ParseGroup(Elem(pages[0], "Group") ?? throw Missing("GetGroup", "Group")),
                Users = pages.SelectMany(p => Members(p, "Users")).Select(ParseUser).ToList(),
            };
        }

        public Task<IamInlinePolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default) =>
            GetInline("GetUserPolicy", "UserName", userName, policyName, cancellationToken);

        public Task<IamInlinePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
            GetInline("GetRolePolicy", "RoleName", roleName, policyName, cancellationToken);

        public Task<IamInlinePolicy> GetGroupPolicyAsync(string groupName, string policyName, CancellationToken cancellationToken = default) =>
            GetInline("GetGroupPolicy", "GroupName", groupName, policyName, cancellationToken);

        public async Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default)
        {
            var r = await Query("GetPolicy", cancellationToken, ("PolicyArn", policyArn)).ConfigureAwait(false);
            var p = Elem(r, "Policy") ?? throw Missing("GetPolicy", "Policy");
            return new IamManagedPolicy
            {
                PolicyName = Text(p, "PolicyName") ?? "",
                PolicyId = Text(p, "PolicyId") ?? "",
                Arn = Text(p, "Arn") ?? "",
                Path = Text(p, "Path") ?? "/",
                DefaultVersionId = Text(p, "DefaultVersionId"),
                AttachmentCount = Int(p, "AttachmentCount") ?? 0,
                PermissionsBoundaryUsageCount = Int(p, "PermissionsBoundaryUsageCount") ?? 0,
                IsAttachable = Bool(p, "IsAttachable") ?? false,
                Description = Text(p, "Description"),
                CreateDate = Text(p, "CreateDate"),
                UpdateDate = Text(p, "UpdateDate"),
            };
        }

        public async Task<IamPolicyVersion> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default)
        {
            var r = await Query("GetPolicyVersion", cancellationToken, ("PolicyArn", policyArn), ("VersionId", versionId)).ConfigureAwait(false);
            var v = Elem(r, "PolicyVersion") ?? throw Missing("GetPolicyVersion", "PolicyVersion");
            return new IamPolicyVersion
            {
                VersionId = Text(v, "VersionId") ?? versionId,
                IsDefaultVersion = Bool(v, "IsDefaultVersion") ?? false,
                Document = Decode(Text(v, "Document")),
                CreateDate = Text(v, "CreateDate"),
            };
        }

        // ------------------------------------------------------------------ lists (all pages)

        public async Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default) =>
            (await Pages("ListGroupsForUser", cancellationToken, ("UserName", userName)).ConfigureAwait(false))
                .SelectMany(p => Members(p, "Groups")).Select(ParseGroup).ToList();

        public Task<IReadOnlyList<string>> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken = default) =>
            Names("ListUserPolicies", "UserName", userName, cancellationToken);

        public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
            Names("ListRolePolicies", "RoleName", roleName, cancellationToken);

        public Task<IReadOnlyList<string>> ListGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default) =>
            Names("ListGroupPolicies", "GroupName", groupName, cancellationToken);

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, CancellationToken cancellationToken = default) =>
            Attached("ListAttachedUserPolicies", "UserName", userName, cancellationToken);

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
            Attached("ListAttachedRolePolicies", "RoleName", roleName, cancellationToken);

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default) =>
            Attached("ListAttachedGroupPolicies", "GroupName", groupName, cancellationToken);

        public async Task<IReadOnlyList<IamRole>> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default)
        {
            var pages = pathPrefix == null
                ? await Pages("ListRoles", cancellationToken).ConfigureAwait(false)
                : await Pages("ListRoles", cancellationToken, ("PathPrefix", pathPrefix)).ConfigureAwait(false);
            return pages.SelectMany(p => Members(p, "Roles")).Select(ParseRole).ToList();
        }

        public async Task<IReadOnlyList<string>> ListAccountAliasesAsync(CancellationToken cancellationToken = default) =>
            (await Pages("ListAccountAliases", cancellationToken).ConfigureAwait(false))
                .SelectMany(p => Members(p, "AccountAliases")).Select(m => m.Value).ToList();

        // ListOpenIDConnectProviders and ListSAMLProviders return every provider in one answer (they take no Marker).
        public async Task<IReadOnlyList<string>> ListOpenIDConnectProvidersAsync(CancellationToken cancellationToken = default)
        {
            var r = await Query("ListOpenIDConnectProviders", cancellationToken).ConfigureAwait(false);
            return Members(r, "OpenIDConnectProviderList").Select(m => Text(m, "Arn") ?? "").Where(a => a.Length > 0).ToList();
        }

        public async Task<IamOidcProvider> GetOpenIDConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default)
        {
            var r = await Query("GetOpenIDConnectProvider", cancellationToken, ("OpenIDConnectProviderArn", providerArn)).ConfigureAwait(false);
            if (Elem(r, "Url") == null) throw Missing("GetOpenIDConnectProvider", "Url");
            return new IamOidcProvider
            {
                Arn = providerArn,
                Url = Text(r, "Url")!,
                ClientIdList = Members(r, "ClientIDList").Select(m => m.Value).ToList(),
                ThumbprintList = Members(r, "ThumbprintList").Select(m => m.Value).ToList(),
                CreateDate = Text(r, "CreateDate"),
            };
        }

        public async Task<IReadOnlyList<IamSamlProvider>> ListSAMLProvidersAsync(CancellationToken cancellationToken = default)
        {
            var r = await Query("ListSAMLProviders", cancellationToken).ConfigureAwait(false);
            return Members(r, "SAMLProviderList").Select(m => new IamSamlProvider
            {
                Arn = Text(m, "Arn") ?? "", ValidUntil = Text(m, "ValidUntil"), CreateDate = Text(m, "CreateDate"),
            }).Where(p => p.Arn.Length > 0).ToList();
        }

        // ------------------------------------------------------------------ GetAccountAuthorizationDetails

        public async Task<string> GetAccountAuthorizationDetailsJsonAsync(CancellationToken cancellationToken = default) =>
            CliJson.Write(await GetAccountAuthorizationDetailsAsync(cancellationToken).ConfigureAwait(false));

        /// <summary>GetAccountAuthorizationDetails, all pages merged, as a JSON tree in the AWS CLI's shape.</summary>
        public async Task<JsonNode> GetAccountAuthorizationDetailsAsync(CancellationToken cancellationToken = default)
        {
            var pages = await Pages("GetAccountAuthorizationDetails", cancellationToken).ConfigureAwait(false);
            return GaadJson.FromXmlPages(pages);
        }

        /// <summary>
        /// The account file of a snapshot: GetAccountAuthorizationDetails plus MaxSessionDuration and Description on every
        /// role, read with ListRoles.
        /// </summary>
        public async Task<string> GetSnapshotAccountJsonAsync(CancellationToken cancellationToken = default)
        {
            var gaad = await GetAccountAuthorizationDetailsAsync(cancellationToken).ConfigureAwait(false);
            var roles = await ListRolesAsync(null, cancellationToken).ConfigureAwait(false);
            return CliJson.Write(GaadJson.AddRoleDetails(gaad, roles));
        }

        // ------------------------------------------------------------------ helpers

        private async Task<IamInlinePolicy> GetInline(string action, string ownerParam, string owner, string policyName, CancellationToken ct)
        {
            var r = await Query(action, ct, (ownerParam, owner), ("PolicyName", policyName)).ConfigureAwait(false);
            return new IamInlinePolicy(Text(r, ownerParam) ?? owner, Text(r, "PolicyName") ?? policyName, Decode(Text(r, "PolicyDocument")) ?? "");
        }

        private async Task<IReadOnlyList<string>> Names(string action, string ownerParam, string owner, CancellationToken ct) =>
            (await Pages(action, ct, (ownerParam, owner)).ConfigureAwait(false))
                .SelectMany(p => Members(p, "PolicyNames")).Select(m => m.Value).ToList();

        private async Task<IReadOnlyList<IamAttachedPolicy>> Attached(string action, string ownerParam, string owner, CancellationToken ct) =>
            (await Pages(action, ct, (ownerParam, owner)).ConfigureAwait(false))
                .SelectMany(p => Members(p, "AttachedPolicies"))
                .Select(m => new IamAttachedPolicy(Text(m, "PolicyName") ?? "", Text(m, "PolicyArn") ?? "")).ToList();

        private Task<XElement> Query(string action, CancellationToken ct, params (string Key, string Value)[] ps) =>
            _client.QueryAsync(Endpoint, action, ApiVersion, ps.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)), ct);

        private Task<IReadOnlyList<XElement>> Pages(string action, CancellationToken ct, params (string Key, string Value)[] ps) =>
            _client.QueryAllPagesAsync(Endpoint, action, ApiVersion, ps.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)), ct);

        private AwsServiceException Missing(string action, string element) =>
            new AwsServiceException(Endpoint.Service, action, "InvalidResponse", $"The response has no {element} element.", 200, null);

        internal static XElement? Elem(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        internal static string? Text(XElement parent, string name) => Elem(parent, name)?.Value;
        internal static int? Int(XElement parent, string name) =>
            int.TryParse(Text(parent, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        internal static bool? Bool(XElement parent, string name) =>
            Text(parent, name) is string s ? string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) : (bool?)null;
        internal static IEnumerable<XElement> Members(XElement parent, string listName) =>
            Elem(parent, listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? Enumerable.Empty<XElement>();

        /// <summary>IAM documents are RFC 3986 percent-encoded; '+' stays '+'.</summary>
        public static string? Decode(string? encoded) => encoded == null ? null : Uri.UnescapeDataString(encoded);

        private static IReadOnlyList<IamTag> Tags(XElement parent) =>
            Members(parent, "Tags").Select(t => new IamTag(Text(t, "Key") ?? "", Text(t, "Value") ?? "")).ToList();

        internal static IamRole ParseRole(XElement r) => new IamRole
        {
            Path = Text(r, "Path") ?? "/",
            RoleName = Text(r, "RoleName") ?? "",
            RoleId = Text(r, "RoleId") ?? "",
            Arn = Text(r, "Arn") ?? "",
            CreateDate = Text(r, "CreateDate"),
            AssumeRolePolicyDocument = Decode(Text(r, "AssumeRolePolicyDocument")),
            Description = Text(r, "Description"),
            MaxSessionDuration = Int(r, "MaxSessionDuration"),
            PermissionsBoundaryArn = Elem(r, "PermissionsBoundary") is XElement pb ? Text(pb, "PermissionsBoundaryArn") : null,
            RoleLastUsedDate = Elem(r, "RoleLastUsed") is XElement lu ? Text(lu, "LastUsedDate") : null,
            Tags = Tags(r),
        };

        internal static IamUser ParseUser(XElement u) => new IamUser
        {
            Path = Text(u, "Path") ?? "/",
            UserName = Text(u, "UserName") ?? "",
            UserId = Text(u, "UserId") ?? "",
            Arn = Text(u, "Arn") ?? "",
            CreateDate = Text(u, "CreateDate"),
            PermissionsBoundaryArn = Elem(u, "PermissionsBoundary") is XElement pb ? Text(pb, "PermissionsBoundaryArn") : null,
            Tags = Tags(u),
        };

        internal static IamGroup ParseGroup(XElement g) => new IamGroup
        {
            Path = Text(g, "Path") ?? "/",
            GroupName = Text(g, "GroupName") ?? "",
            GroupId = Text(g, "GroupId") ?? "",
            Arn = Text(g, "Arn") ?? "",
            CreateDate = Text(g, "CreateDate"),
        };

        public void Dispose() { if (_ownsClient) _client.Dispose(); }
    }

    /// <summary>Converts GetAccountAuthorizationDetails XML pages to the JSON the AWS CLI prints, and edits that JSON.</summary>
    public static class GaadJson
    {
        /// <summary>The four merged lists, in the order the CLI prints them.</summary>
        public static readonly IReadOnlyList<string> TopLevelLists = new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" };

        private static readonly HashSet<string> ListNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "GroupList", "AttachedManagedPolicies",
            "UserPolicyList", "GroupPolicyList", "RolePolicyList", "InstanceProfileList", "Roles", "Tags", "PolicyVersionList",
        };
        private static readonly HashSet<string> StructNames = new HashSet<string>(StringComparer.Ordinal) { "RoleLastUsed", "PermissionsBoundary" };
        private static readonly HashSet<string> IntNames = new HashSet<string>(StringComparer.Ordinal) { "AttachmentCount", "PermissionsBoundaryUsageCount", "MaxSessionDuration" };
        private static readonly HashSet<string> BoolNames = new HashSet<string>(StringComparer.Ordinal) { "IsDefaultVersion", "IsAttachable" };
        private static readonly HashSet<string> DocumentNames = new HashSet<string>(StringComparer.Ordinal) { "AssumeRolePolicyDocument", "PolicyDocument", "Document" };

        // Member order of each structure in the IAM service model, which is the order the AWS CLI prints.
        private static readonly Dictionary<string, string[]> MemberOrder = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["UserDetailList"] = new[] { "Path", "UserName", "UserId", "Arn", "CreateDate", "UserPolicyList", "GroupList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags" },
            ["GroupDetailList"] = new[] { "Path", "GroupName", "GroupId", "Arn", "CreateDate", "GroupPolicyList", "AttachedManagedPolicies" },
            ["RoleDetailList"] = new[] { "Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "InstanceProfileList", "RolePolicyList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags", "RoleLastUsed" },
            ["Policies"] = new[] { "PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "AttachmentCount", "PermissionsBoundaryUsageCount", "IsAttachable", "Description", "CreateDate", "UpdateDate", "PolicyVersionList" },
            ["PolicyVersionList"] = new[] { "Document", "VersionId", "IsDefaultVersion", "CreateDate" },
            ["RoleLastUsed"] = new[] { "LastUsedDate", "Region" },
            ["PermissionsBoundary"] = new[] { "PermissionsBoundaryType", "PermissionsBoundaryArn" },
            ["AttachedManagedPolicies"] = new[] { "PolicyName", "PolicyArn" },
            ["UserPolicyList"] = new[] { "PolicyName", "PolicyDocument" },
            ["GroupPolicyList"] = new[] { "PolicyName", "PolicyDocument" },
            ["RolePolicyList"] = new[] { "PolicyName", "PolicyDocument" },
            ["Tags"] = new[] { "Key", "Value" },
            ["InstanceProfileList"] = new[] { "Path", "InstanceProfileName", "InstanceProfileId", "Arn", "CreateDate", "Roles", "Tags" },
            ["Roles"] = new[] { "Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "PermissionsBoundary", "Tags", "RoleLastUsed" },
        };

        /// <summary>Merges the pages' lists into one object: UserDetailList, GroupDetailList, RoleDetailList, Policies.</summary>
        public static JsonNode FromXmlPages(IEnumerable<XElement> pages)
        {
            var lists = TopLevelLists.ToDictionary(n => n, _ => new List<JsonNode>());
            foreach (var page in pages)
                foreach (var name in TopLevelLists)
                    foreach (var m in IamClient.Members(page, name))
                        lists[name].Add(Convert(m, "member", name));
            return JsonNode.Object(TopLevelLists.Select(n => new KeyValuePair<string, JsonNode>(n, JsonNode.Array(lists[n]))).ToList());
        }

        /// <summary>Converts one element; <paramref name="context"/> is the list a member belongs to (or the element's own name).</summary>
        private static JsonNode Convert(XElement e, string name, string context)
        {
            if (ListNames.Contains(name))
                return JsonNode.Array(e.Elements().Where(x => x.Name.LocalName == "member").Select(x => Convert(x, "member", name)).ToList());
            if (e.HasElements || StructNames.Contains(name))
            {
                var members = e.Elements().Select(x => new KeyValuePair<string, JsonNode>(x.Name.LocalName, Convert(x, x.Name.LocalName, x.Name.LocalName))).ToList();
                if (MemberOrder.TryGetValue(context, out var order))
                    members = members.Select((m, i) => (m, i)).OrderBy(t => { int k = Array.IndexOf(order, t.m.Key); return k < 0 ? order.Length : k; })
                        .ThenBy(t => t.i).Select(t => t.m).ToList();
                return JsonNode.Object(members);
            }
            string text = e.Value;
            if (IntNames.Contains(name) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return JsonNode.Number(text);
            if (BoolNames.Contains(name)) return JsonNode.Bool(string.Equals(text, "true", StringComparison.OrdinalIgnoreCase));
            if (DocumentNames.Contains(name))
            {
                string decoded = Uri.UnescapeDataString(text);
                try { return JsonParser.Parse(decoded); }
                catch (JsonSyntaxException) { return JsonNode.String(decoded); }
            }
            return JsonNode.String(text);
        }

        /// <summary>
        /// Adds MaxSessionDuration and Description (from ListRoles) to every matching role of RoleDetailList
        /// (matched by Arn, then RoleName); the fields `aws iam get-account-authorization-details` does not print.
        /// </summary>
        public static JsonNode AddRoleDetails(JsonNode gaad, IEnumerable<IamRole> roles)
        {
            var byArn = new Dictionary<string, IamRole>(StringComparer.Ordinal);
            var byName = new Dictionary<string, IamRole>(StringComparer.Ordinal);
            foreach (var r in roles) { byArn[r.Arn] = r; byName[r.RoleName] = r; }
            var members = new List<KeyValuePair<string, JsonNode>>();
            foreach (var top in gaad.Members ?? new List<KeyValuePair<string, JsonNode>>())
            {
                if (top.Key != "RoleDetailList" || top.Value.Kind != JsonKind.Array) { members.Add(top); continue; }
                var items = new List<JsonNode>();
                foreach (var role in top.Value.Items!)
                {
                    if (role.Kind != JsonKind.Object) { items.Add(role); continue; }
                    IamRole? match = null;
                    if (role.Get("Arn")?.Text is string arn) byArn.TryGetValue(arn, out match);
                    if (match == null && role.Get("RoleName")?.Text is string rn) byName.TryGetValue(rn, out match);
                    if (match == null) { items.Add(role); continue; }
                    var fields = role.Members!.Where(m => m.Key != "MaxSessionDuration" && m.Key != "Description").ToList();
                    if (match.MaxSessionDuration.HasValue)
                        fields.Add(new KeyValuePair<string, JsonNode>("MaxSessionDuration", JsonNode.Number(match.MaxSessionDuration.Value.ToString(CultureInfo.InvariantCulture))));
                    if (match.Description != null)
                        fields.Add(new KeyValuePair<string, JsonNode>("Description", JsonNode.String(match.Description)));
                    items.Add(JsonNode.Object(fields));
                }
                members.Add(new KeyValuePair<string, JsonNode>(top.Key, JsonNode.Array(items)));
            }
            return JsonNode.Object(members);
        }

        /// <summary>Text form of <see cref="AddRoleDetails(JsonNode, IEnumerable{IamRole})"/>.</summary>
        public static string AddRoleDetails(string gaadJson, IEnumerable<IamRole> roles) =>
            CliJson.Write(AddRoleDetails(JsonParser.Parse(gaadJson), roles));
    }
}
