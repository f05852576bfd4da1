using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using RoleTrust.Engine.Json;

namespace RoleTrust.Aws.Live
{
    /// <summary>Read-only AWS Organizations. Every list is complete (all NextToken pages).</summary>
    public interface IOrganizationsReader
    {
        Task<OrgOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgNode>> ListRootsAsync(CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgNode>> ListAccountsAsync(CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgNode>> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgParent>> ListParentsAsync(string childId, CancellationToken cancellationToken = default);
        /// <summary>One account of the organization (its name, for display).</summary>
        Task<OrgNode> DescribeAccountAsync(string accountId, CancellationToken cancellationToken = default);
        /// <summary>One organizational unit (its name, for display).</summary>
        Task<OrgNode> DescribeOrganizationalUnitAsync(string organizationalUnitId, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgPolicySummary>> ListPoliciesForTargetAsync(string targetId, string policyType, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgPolicySummary>> ListPoliciesAsync(string policyType, CancellationToken cancellationToken = default);
        Task<OrgPolicy> DescribePolicyAsync(string policyId, CancellationToken cancellationToken = default);
        Task<IReadOnlyList<OrgPolicyTarget>> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken = default);
        /// <summary>The snapshot's organization.json (ARCHITECTURE.md, snapshot format version 1).</summary>
        Task<string> GetOrganizationSnapshotJsonAsync(CancellationToken cancellationToken = default);
    }

    /// <summary>Read-only Organizations over JSON 1.1 (AWSOrganizationsV20161128), signed with AWSSDK.Core's SigV4 signer.</summary>
    public sealed class OrganizationsClient : IOrganizationsReader, IDisposable
    {
        public const string TargetPrefix = "AWSOrganizationsV20161128";
        public const string ServiceControlPolicy = "SERVICE_CONTROL_POLICY";
        public const string ResourceControlPolicy = "RESOURCE_CONTROL_POLICY";

        /// <summary>The policy types organization.json carries.</summary>
        public static readonly IReadOnlyList<string> SnapshotPolicyTypes = new[] { ServiceControlPolicy, ResourceControlPolicy };

        private readonly AwsSignedHttpClient _client;
        private readonly bool _ownsClient;

        public OrganizationsClient(AWSCredentials credentials, string region, AwsClientOptions? options = null)
            : this(new AwsSignedHttpClient(credentials, options ?? new AwsClientOptions()),
                   AwsEndpoints.Organizations(region, options?.EndpointUrl, options?.Environment, options?.Configured), ownsClient: true) { }

        public OrganizationsClient(AwsSignedHttpClient client, AwsServiceEndpoint endpoint) : this(client, endpoint, ownsClient: false) { }

        private OrganizationsClient(AwsSignedHttpClient client, AwsServiceEndpoint endpoint, bool ownsClient)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _ownsClient = ownsClient;
        }

        public AwsServiceEndpoint Endpoint { get; }

        public async Task<OrgOrganization> DescribeOrganizationAsync(CancellationToken cancellationToken = default)
        {
            var r = await _client.JsonAsync(Endpoint, TargetPrefix, "DescribeOrganization", null, cancellationToken).ConfigureAwait(false);
            var o = r.Get("Organization") ?? throw Missing("DescribeOrganization", "Organization");
            return new OrgOrganization
            {
                Id = Str(o, "Id") ?? "",
                Arn = Str(o, "Arn"),
                FeatureSet = Str(o, "FeatureSet"),
                ManagementAccountId = Str(o, "MasterAccountId") ?? Str(o, "ManagementAccountId"),
                ManagementAccountArn = Str(o, "MasterAccountArn") ?? Str(o, "ManagementAccountArn"),
            };
        }

        public async Task<IReadOnlyList<OrgNode>> ListRootsAsync(CancellationToken cancellationToken = default) =>
            (await Pages("ListRoots", "Roots", cancellationToken).ConfigureAwait(false)).Select(r =>
            {
                var node = ParseNode(r);
                node.PolicyTypes = (r.Get("PolicyTypes")?.Items ?? new List<JsonNode>())
                    .Select(t => new OrgPolicyTypeSummary(Str(t, "Type") ?? "", Str(t, "Status") ?? "")).ToList();
                return node;
            }).ToList();

        public async Task<IReadOnlyList<OrgNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken = default) =>
            (await Pages("ListOrganizationalUnitsForParent", "OrganizationalUnits", cancellationToken, ("ParentId", parentId)).ConfigureAwait(false))
                .Select(ParseNode).ToList();

        public async Task<IReadOnlyList<OrgNode>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
            (await Pages("ListAccounts", "Accounts", cancellationToken).ConfigureAwait(false)).Select(ParseNode).ToList();

        public async Task<IReadOnlyList<OrgNode>> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken = default) =>
            (await Pages("ListAccountsForParent", "Accounts", cancellationToken, ("ParentId", parentId)).ConfigureAwait(false))
                .Select(ParseNode).ToList();

        public async Task<IReadOnlyList<OrgParent>> ListParentsAsync(string childId, CancellationToken cancellationToken = default) =>
            (await Pages("ListParents", "Parents", cancellationToken, ("ChildId", childId)).ConfigureAwait(false))
                .Select(p => new OrgParent(Str(p, "Id") ?? "", Str(p, "Type") ?? "")).ToList();

        public async Task<OrgNode> DescribeAccountAsync(string accountId, CancellationToken cancellationToken = default)
        {
            var r = await _client.JsonAsync(Endpoint, TargetPrefix, "DescribeAccount", Body(("AccountId", accountId)), cancellationToken).ConfigureAwait(false);
            return ParseNode(r.Get("Account") ?? throw Missing("DescribeAccount", "Account"));
        }

        public async Task<OrgNode> DescribeOrganizationalUnitAsync(string organizationalUnitId, CancellationToken cancellationToken = default)
        {
            var r = await _client.JsonAsync(Endpoint, TargetPrefix, "DescribeOrganizationalUnit", Body(("OrganizationalUnitId", organizationalUnitId)), cancellationToken).ConfigureAwait(false);
            return ParseNode(r.Get("OrganizationalUnit") ?? throw Missing("DescribeOrganizationalUnit", "OrganizationalUnit"));
        }

        public async Task<IReadOnlyList<OrgPolicySummary>> ListPoliciesForTargetAsync(string targetId, string policyType, CancellationToken cancellationToken = default) =>
            (await Pages("ListPoliciesForTarget", "Policies", cancellationToken, ("TargetId", targetId), ("Filter", policyType)).ConfigureAwait(false))
                .Select(ParseSummary).ToList();

        public async Task<IReadOnlyList<OrgPolicySummary>> ListPoliciesAsync(string policyType, CancellationToken cancellationToken = default) =>
            (await Pages("ListPolicies", "Policies", cancellationToken, ("Filter", policyType)).ConfigureAwait(false))
                .Select(ParseSummary).ToList();

        public async Task<OrgPolicy> DescribePolicyAsync(string policyId, CancellationToken cancellationToken = default)
        {
            var r = await _client.JsonAsync(Endpoint, TargetPrefix, "DescribePolicy", Body(("PolicyId", policyId)), cancellationToken).ConfigureAwait(false);
            var p = r.Get("Policy") ?? throw Missing("DescribePolicy", "Policy");
            return new OrgPolicy
            {
                Summary = p.Get("PolicySummary") is JsonNode s ? ParseSummary(s) : new OrgPolicySummary { Id = policyId },
                Content = Str(p, "Content") ?? "",
            };
        }

        public async Task<IReadOnlyList<OrgPolicyTarget>> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken = default) =>
            (await Pages("ListTargetsForPolicy", "Targets", cancellationToken, ("PolicyId", policyId)).ConfigureAwait(false))
                .Select(t => new OrgPolicyTarget { TargetId = Str(t, "TargetId") ?? "", Arn = Str(t, "Arn"), Name = Str(t, "Name"), Type = Str(t, "Type") })
                .ToList();

        public async Task<string> GetOrganizationSnapshotJsonAsync(CancellationToken cancellationToken = default) =>
            CliJson.Write(await GetOrganizationSnapshotAsync(cancellationToken).ConfigureAwait(false));

        /// <summary>
        /// Walks the organization from its roots (OUs breadth first, accounts per parent) and reads every SCP and RCP
        /// with its content and targets. A policy type that is not enabled or not available yields no policies.
        /// </summary>
        public async Task<JsonNode> GetOrganizationSnapshotAsync(CancellationToken cancellationToken = default)
        {
            var org = await DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false);
            var roots = await ListRootsAsync(cancellationToken).ConfigureAwait(false);
            var ous = new List<JsonNode>();
            var accounts = new List<JsonNode>();
            var queue = new Queue<string>(roots.Select(r => r.Id));
            while (queue.Count > 0)
            {
                string parent = queue.Dequeue();
                foreach (var ou in await ListOrganizationalUnitsForParentAsync(parent, cancellationToken).ConfigureAwait(false))
                {
                    ous.Add(Obj(("Id", S(ou.Id)), ("Name", S(ou.Name ?? "")), ("ParentId", S(parent))));
                    queue.Enqueue(ou.Id);
                }
                foreach (var a in await ListAccountsForParentAsync(parent, cancellationToken).ConfigureAwait(false))
                    accounts.Add(Obj(("Id", S(a.Id)), ("Name", S(a.Name ?? "")), ("ParentId", S(parent))));
            }

            var policies = new List<JsonNode>();
            foreach (var type in SnapshotPolicyTypes)
            {
                IReadOnlyList<OrgPolicySummary> summaries;
                try { summaries = await ListPoliciesAsync(type, cancellationToken).ConfigureAwait(false); }
                catch (AwsServiceException e) when (e.Code == "PolicyTypeNotEnabledException" || e.Code == "PolicyTypeNotAvailableForOrganizationException")
                { continue; }
                foreach (var s in summaries)
                {
                    var policy = await DescribePolicyAsync(s.Id, cancellationToken).ConfigureAwait(false);
                    var targets = await ListTargetsForPolicyAsync(s.Id, cancellationToken).ConfigureAwait(false);
                    policies.Add(Obj(("Id", S(s.Id)), ("Name", S(s.Name)), ("Type", S(s.Type.Length > 0 ? s.Type : type)),
                        ("Content", S(policy.Content)),
                        ("Targets", JsonNode.Array(targets.Select(t => S(t.TargetId)).ToList()))));
                }
            }

            return Obj(
                ("Organization", Obj(("Id", S(org.Id)), ("ManagementAccountId", S(org.ManagementAccountId ?? "")))),
                ("Roots", JsonNode.Array(roots.Select(RootJson).ToList())),
                ("OrganizationalUnits", JsonNode.Array(ous)),
                ("Accounts", JsonNode.Array(accounts)),
                ("Policies", JsonNode.Array(policies)));
        }

        /// <summary>A root as organization.json holds it: Id, Name, and PolicyTypes as ListRoots returns them.</summary>
        private static JsonNode RootJson(OrgNode r)
        {
            var members = new List<(string, JsonNode)> { ("Id", S(r.Id)) };
            if (r.Name != null) members.Add(("Name", S(r.Name)));
            members.Add(("PolicyTypes", JsonNode.Array(r.PolicyTypes.Select(t => Obj(("Type", S(t.Type)), ("Status", S(t.Status)))).ToList())));
            return Obj(members.ToArray());
        }

        // ------------------------------------------------------------------ helpers

        private async Task<List<JsonNode>> Pages(string operation, string listName, CancellationToken ct, params (string Key, string Value)[] members)
        {
            var pages = await _client.JsonAllPagesAsync(Endpoint, TargetPrefix, operation,
                members.Select(m => new KeyValuePair<string, JsonNode>(m.Key, JsonNode.String(m.Value))), ct).ConfigureAwait(false);
            return pages.SelectMany(p => p.Get(listName)?.Items ?? new List<JsonNode>()).ToList();
        }

        private static JsonNode Body(params (string Key, string Value)[] members) =>
            JsonNode.Object(members.Select(m => new KeyValuePair<string, JsonNode>(m.Key, JsonNode.String(m.Value))).ToList());

        private static JsonNode S(string value) => JsonNode.String(value);
        private static JsonNode Obj(params (string Key, JsonNode Value)[] members) =>
            JsonNode.Object(members.Select(m => new KeyValuePair<string, JsonNode>(m.Key, m.Value)).ToList());

        private static string? Str(JsonNode node, string name) => node.Get(name) is JsonNode v && v.Kind == JsonKind.String ? v.Text : null;

        private static OrgNode ParseNode(JsonNode n) => new OrgNode
        {
            Id = Str(n, "Id") ?? "", Arn = Str(n, "Arn"), Name = Str(n, "Name"), Status = Str(n, "Status") ?? Str(n, "State"), Email = Str(n, "Email"),
        };

        private static OrgPolicySummary ParseSummary(JsonNode n) => new OrgPolicySummary
        {
            Id = Str(n, "Id") ?? "", Arn = Str(n, "Arn"), Name = Str(n, "Name") ?? "", Description = Str(n, "Description"),
            Type = Str(n, "Type") ?? "", AwsManaged = n.Get("AwsManaged")?.Kind == JsonKind.True,
        };

        private AwsServiceException Missing(string op, string element) =>
            new AwsServiceException(Endpoint.Service, op, "InvalidResponse", $"The response has no {element} member.", 200, null);

        public void Dispose() { if (_ownsClient) _client.Dispose(); }
    }
}
