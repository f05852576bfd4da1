using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// What one set of credentials sees of AWS Organizations, each call made at most once: its own organization
    /// (DescribeOrganization; "not in use" for an account in none), the roots with their enabled policy types, the way
    /// up from an account to its root (ListParents), and every node's SCPs and RCPs (ListPoliciesForTarget,
    /// DescribePolicy) and name. A node's policies are read as soon as the node is known. Failures never throw: each
    /// result carries its exception.
    /// </summary>
    internal sealed class OrganizationView
    {
        public static readonly IReadOnlyList<string> PolicyTypes = new[] { OrganizationsClient.ServiceControlPolicy, OrganizationsClient.ResourceControlPolicy };

        private readonly IOrganizationsReader _reader;
        private readonly CancellationToken _cancel;
        private readonly Lazy<Task<OrganizationAnswer>> _organization;
        private readonly Lazy<Task<RootsAnswer>> _roots;
        private readonly ConcurrentDictionary<string, Lazy<Task<WalkAnswer>>> _walks = new ConcurrentDictionary<string, Lazy<Task<WalkAnswer>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<OrgParent>>>> _parents = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<OrgParent>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<NodeAnswer>>> _nodes = new ConcurrentDictionary<string, Lazy<Task<NodeAnswer>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<OrgPolicy>>> _policies = new ConcurrentDictionary<string, Lazy<Task<OrgPolicy>>>(StringComparer.Ordinal);

        public OrganizationView(IOrganizationsReader reader, string credentialsLabel, CancellationToken cancel)
        {
            _reader = reader; CredentialsLabel = credentialsLabel; _cancel = cancel;
            _organization = new Lazy<Task<OrganizationAnswer>>(OrganizationAsync);
            _roots = new Lazy<Task<RootsAnswer>>(RootsAsync);
        }

        public string CredentialsLabel { get; }

        // ------------------------------------------------------------------ the organization and its roots

        internal sealed class OrganizationAnswer
        {
            public OrgOrganization? Organization;
            /// <summary>AWSOrganizationsNotInUseException: the credentials' account is in no organization.</summary>
            public bool NotInUse;
            public Exception? Error;
        }

        public Task<OrganizationAnswer> Organization() => _organization.Value;

        private async Task<OrganizationAnswer> OrganizationAsync()
        {
            try { return new OrganizationAnswer { Organization = await _reader.DescribeOrganizationAsync(_cancel).ConfigureAwait(false) }; }
            catch (AwsServiceException e) when (e.Code == "AWSOrganizationsNotInUseException") { return new OrganizationAnswer { NotInUse = true }; }
            catch (Exception e) when (!(e is OperationCanceledException)) { return new OrganizationAnswer { Error = e }; }
        }

        internal sealed class RootsAnswer
        {
            public IReadOnlyList<OrgNode> Roots = Array.Empty<OrgNode>();
            public Exception? Error;
        }

        public Task<RootsAnswer> Roots() => _roots.Value;

        private async Task<RootsAnswer> RootsAsync()
        {
            try { return new RootsAnswer { Roots = await _reader.ListRootsAsync(_cancel).ConfigureAwait(false) }; }
            catch (Exception e) when (!(e is OperationCanceledException)) { return new RootsAnswer { Error = e }; }
        }

        // ------------------------------------------------------------------ the way up from an account

        internal sealed class WalkAnswer
        {
            /// <summary>From the account's parent up to the root.</summary>
            public List<OrgParent> Parents = new List<OrgParent>();
            public Exception? Error;
            /// <summary>The node whose ListParents failed.</summary>
            public string FailedAt = "";
            public bool Succeeded => Error == null;
        }

        /// <summary>ListParents from the account up to its root; every node's policies and name are read as soon as the node is known.</summary>
        public Task<WalkAnswer> Walk(string accountId) =>
            _walks.GetOrAdd(accountId, a => new Lazy<Task<WalkAnswer>>(() => WalkAsync(a))).Value;

        private async Task<WalkAnswer> WalkAsync(string accountId)
        {
            var result = new WalkAnswer();
            string node = accountId;
            for (int guard = 0; guard < 8; guard++)
            {
                _ = Node(node);
                result.FailedAt = node;
                IReadOnlyList<OrgParent> parents;
                try { parents = await Parents(node).ConfigureAwait(false); }
                catch (Exception e) when (!(e is OperationCanceledException)) { result.Error = e; return result; }
                if (parents.Count == 0) { result.Error = new InvalidOperationException($"organizations:ListParents returned no parent for {node}"); return result; }
                var parent = parents[0];
                result.Parents.Add(parent);
                if (parent.Type == "ROOT") { _ = Node(parent.Id); return result; }
                node = parent.Id;
            }
            result.Error = new InvalidOperationException($"the organization tree above account {accountId} is deeper than AWS allows");
            return result;
        }

        private Task<IReadOnlyList<OrgParent>> Parents(string nodeId) =>
            _parents.GetOrAdd(nodeId, n => new Lazy<Task<IReadOnlyList<OrgParent>>>(() => Observe(_reader.ListParentsAsync(n, _cancel)))).Value;

        // ------------------------------------------------------------------ one node's policies

        internal sealed class NodeAnswer
        {
            public string Id = "";
            public string? Name;
            /// <summary>Per policy type: the policies attached here, with their content.</summary>
            public Dictionary<string, List<(OrgPolicySummary Summary, OrgPolicy Policy)>> Policies = new Dictionary<string, List<(OrgPolicySummary, OrgPolicy)>>(StringComparer.Ordinal);
            /// <summary>Per policy type: AWS said the type is not enabled (PolicyTypeNotEnabledException).</summary>
            public HashSet<string> NotEnabled = new HashSet<string>(StringComparer.Ordinal);
            /// <summary>Per policy type: why the policies could not be read.</summary>
            public Dictionary<string, Exception> Errors = new Dictionary<string, Exception>(StringComparer.Ordinal);
        }

        public Task<NodeAnswer> Node(string nodeId) =>
            _nodes.GetOrAdd(nodeId, n => new Lazy<Task<NodeAnswer>>(() => NodeAsync(n))).Value;

        private async Task<NodeAnswer> NodeAsync(string nodeId)
        {
            var answer = new NodeAnswer { Id = nodeId };
            var name = Observe(NameOf(nodeId));
            // Each type's DescribePolicy calls start as soon as that type's list arrives.
            var types = PolicyTypes.Select(async type =>
            {
                try
                {
                    var summaries = await _reader.ListPoliciesForTargetAsync(nodeId, type, _cancel).ConfigureAwait(false);
                    foreach (var s in summaries) if (string.IsNullOrEmpty(s.Type)) s.Type = type;
                    var policies = await Task.WhenAll(summaries.Select(s => Policy(s.Id))).ConfigureAwait(false);
                    lock (answer) answer.Policies[type] = summaries.Zip(policies, (s, p) => (s, p)).ToList();
                }
                catch (AwsServiceException e) when (e.Code == "PolicyTypeNotEnabledException" || e.Code == "PolicyTypeNotAvailableForOrganizationException")
                {
                    lock (answer) answer.NotEnabled.Add(type);
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    lock (answer) answer.Errors[type] = e;
                }
            }).ToList();
            await Task.WhenAll(types).ConfigureAwait(false);
            try { answer.Name = await name.ConfigureAwait(false); } catch (Exception) { /* names are for display only */ }
            return answer;
        }

        private Task<OrgPolicy> Policy(string policyId) =>
            _policies.GetOrAdd(policyId, id => new Lazy<Task<OrgPolicy>>(() => Observe(_reader.DescribePolicyAsync(id, _cancel)))).Value;

        private async Task<string?> NameOf(string nodeId)
        {
            if (nodeId.StartsWith("r-", StringComparison.Ordinal))
            {
                var roots = await Roots().ConfigureAwait(false);
                return roots.Roots.FirstOrDefault(r => r.Id == nodeId)?.Name;
            }
            if (nodeId.StartsWith("ou-", StringComparison.Ordinal)) return (await _reader.DescribeOrganizationalUnitAsync(nodeId, _cancel).ConfigureAwait(false)).Name;
            return (await _reader.DescribeAccountAsync(nodeId, _cancel).ConfigureAwait(false)).Name;
        }

        /// <summary>Marks a task's exception as observed: failures are reported through the answers instead.</summary>
        private static Task<T> Observe<T>(Task<T> task)
        {
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }
    }
}
