using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// Where each account sits in AWS Organizations, told per account, so that the source's organization (SCPs) and
    /// the role's (RCPs) may differ. For an account: walk up from it with the organization reader (-OrganizationCredential,
    /// else the caller's credentials); if that organization does not hold it, or cannot be read, ask the account's own
    /// credentials: AWSOrganizationsNotInUseException means standalone, another organization is walked with them. SCP and
    /// RCP enablement comes from the root's policy types (ListRoots), never assumed. Unknown only when it cannot be told.
    /// </summary>
    internal sealed class LiveMemberships
    {
        private readonly CredentialRouting _routing;
        private readonly ConcurrentDictionary<string, Lazy<Task<Lookup<OrganizationMembership>>>> _memberships =
            new ConcurrentDictionary<string, Lazy<Task<Lookup<OrganizationMembership>>>>(StringComparer.Ordinal);

        public LiveMemberships(CredentialRouting routing) { _routing = routing; }

        /// <summary>The credentials that read AWS Organizations first: -OrganizationCredential, else the caller's.</summary>
        private CredentialSet Primary => _routing.Organization ?? _routing.Caller;

        public Task<Lookup<OrganizationMembership>> OfAsync(string accountId) =>
            _memberships.GetOrAdd(accountId, a => new Lazy<Task<Lookup<OrganizationMembership>>>(() => SafeMembershipAsync(a))).Value;

        /// <summary>A membership never fails: whatever goes wrong telling it makes it Unavailable, with the reason.</summary>
        private async Task<Lookup<OrganizationMembership>> SafeMembershipAsync(string accountId)
        {
            try { return await MembershipAsync(accountId).ConfigureAwait(false); }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return Lookup<OrganizationMembership>.Unavailable(new DataGap(DataGapKind.OrganizationMembership, DataGapCause.ServiceError, accountId, accountId,
                    detail: $"the organization membership of account {accountId} could not be told: {e.Message}"));
            }
        }

        private async Task<Lookup<OrganizationMembership>> MembershipAsync(string accountId)
        {
            var primary = Primary;
            // Everything independent starts at once: the primary reader's organization, roots and walk (each level's
            // policies as soon as the level is known). The account's own view is asked only when the walk cannot place it.
            var organization = primary.OrganizationView.Organization();
            _ = primary.OrganizationView.Roots();
            var walk = primary.OrganizationView.Walk(accountId);

            var w = await walk.ConfigureAwait(false);
            var o = await organization.ConfigureAwait(false);
            if (w.Succeeded)
            {
                if (o.Organization == null) return Unavailable(accountId, o.Error ?? w.Error, "organizations:DescribeOrganization", primary);
                return await MemberAsync(accountId, primary, w, o.Organization).ConfigureAwait(false);
            }

            bool notHere = w.FailedAt == accountId && w.Error is AwsServiceException e && (e.Code == "ChildNotFoundException" || e.Code == "AccountNotFoundException");
            bool primaryStandalone = o.NotInUse;
            bool denied = w.Error is AwsServiceException d && (d.IsAccessDenied || d.Code == "AWSOrganizationsNotInUseException");
            if (!notHere && !primaryStandalone && !denied) return Unavailable(accountId, w.Error, "organizations:ListParents", primary);

            // The primary reader cannot place the account: ask the account's own credentials.
            var route = await _routing.ForAccountAsync(accountId).ConfigureAwait(false);
            var own = route.Credentials;
            if (own == null && denied && !primaryStandalone)
                return Unavailable(accountId, w.Error, "organizations:ListParents", primary);
            if (own == null)
            {
                string what = notHere ? $"account {accountId} is not in organization {o.Organization?.Id}"
                    : primaryStandalone ? $"{primary.Label} are for an account in no organization"
                    : LiveFailures.Detail(w.Error!, "organizations:ListParents", accountId, primary.Label);
                return Lookup<OrganizationMembership>.Unavailable(new DataGap(DataGapKind.OrganizationMembership, DataGapCause.NoCredentials, accountId, accountId,
                    route.Operation, $"{what}, and {route.Detail}, so whether it is in another organization or in none cannot be told"));
            }
            if (own == primary)
            {
                if (primaryStandalone) return Lookup<OrganizationMembership>.Found(OrganizationMembership.Standalone(accountId));
                return Unavailable(accountId, w.Error, "organizations:ListParents", primary);
            }

            var ownOrganization = await own.OrganizationView.Organization().ConfigureAwait(false);
            if (ownOrganization.NotInUse) return Lookup<OrganizationMembership>.Found(OrganizationMembership.Standalone(accountId));
            if (ownOrganization.Organization == null) return Unavailable(accountId, ownOrganization.Error, "organizations:DescribeOrganization", own);
            if (notHere && ownOrganization.Organization.Id == o.Organization?.Id)
                return Lookup<OrganizationMembership>.Unavailable(new DataGap(DataGapKind.OrganizationMembership, DataGapCause.Malformed, accountId, accountId,
                    "organizations:ListParents", $"account {accountId} says it is in organization {o.Organization.Id}, but {primary.Label} do not find it there"));

            var ownWalk = await own.OrganizationView.Walk(accountId).ConfigureAwait(false);
            if (ownWalk.Succeeded) return await MemberAsync(accountId, own, ownWalk, ownOrganization.Organization).ConfigureAwait(false);
            var gap = LiveFailures.Gap(DataGapKind.OrganizationMembership, ownWalk.Error!, "organizations:ListParents", accountId, accountId, own.Label);
            return Lookup<OrganizationMembership>.Unavailable(new DataGap(gap.Kind, gap.Cause, accountId, ownOrganization.Organization.Id, gap.Operation,
                $"account {accountId} is in organization {ownOrganization.Organization.Id} (management account {ownOrganization.Organization.ManagementAccountId}), " +
                $"whose structure and policies {own.Label} cannot read: {gap.Detail}"));
        }

        private static Lookup<OrganizationMembership> Unavailable(string accountId, Exception? error, string operation, CredentialSet reader) =>
            Lookup<OrganizationMembership>.Unavailable(error == null
                ? new DataGap(DataGapKind.OrganizationMembership, DataGapCause.ServiceError, accountId, accountId, operation, $"{operation} gave no usable answer")
                : LiveFailures.Gap(DataGapKind.OrganizationMembership, error, operation, accountId, accountId, reader.Label));

        /// <summary>The account as a member: its levels from the root down with their SCPs and RCPs, and whether each type is enabled.</summary>
        private static async Task<Lookup<OrganizationMembership>> MemberAsync(string accountId, CredentialSet reader, OrganizationView.WalkAnswer walk, OrgOrganization organization)
        {
            var view = reader.OrganizationView;
            var path = walk.Parents.Select(p => p.Id).Reverse().Concat(new[] { accountId }).ToList();
            var nodes = await Task.WhenAll(path.Select(view.Node)).ConfigureAwait(false);
            var roots = await view.Roots().ConfigureAwait(false);
            string rootId = path[0];

            var levels = new List<OrganizationLevel>();
            foreach (var node in nodes)
            {
                foreach (var failed in node.Errors)
                    return Lookup<OrganizationMembership>.Unavailable(LiveFailures.Gap(DataGapKind.Organization, failed.Value, "organizations:ListPoliciesForTarget",
                        $"the {Kind(failed.Key)}s of {node.Id}", organization.ManagementAccountId, reader.Label));
                levels.Add(new OrganizationLevel(node.Id, node.Name, Policies(node, OrganizationsClient.ServiceControlPolicy), Policies(node, OrganizationsClient.ResourceControlPolicy)));
            }

            var (scp, scpGap) = State(OrganizationsClient.ServiceControlPolicy, roots, rootId, nodes, organization, reader);
            var (rcp, _) = State(OrganizationsClient.ResourceControlPolicy, roots, rootId, nodes, organization, reader);
            return Lookup<OrganizationMembership>.Found(OrganizationMembership.Member(accountId, organization.Id, organization.ManagementAccountId ?? "", levels, scp, rcp, scpGap));
        }

        private static IReadOnlyList<OrganizationPolicy> Policies(OrganizationView.NodeAnswer node, string type) =>
            node.Policies.TryGetValue(type, out var list)
                ? list.Select(p => new OrganizationPolicy(p.Summary.Id, p.Summary.Name.Length > 0 ? p.Summary.Name : p.Summary.Id, type, p.Policy.Content,
                    new[] { node.Id }, p.Summary.Arn)).ToList()
                : (IReadOnlyList<OrganizationPolicy>)Array.Empty<OrganizationPolicy>();

        /// <summary>
        /// Whether a policy type is enabled: the root's policy types say so (ENABLED; PENDING_* cannot be told). Without
        /// them (ListRoots not readable), a type is enabled for sure when every level has a policy of it (AWS keeps at
        /// least one SCP on every node while SCPs are enabled, and detaches all when they are disabled); otherwise Unknown.
        /// </summary>
        private static (PolicyTypeState, DataGap?) State(string type, OrganizationView.RootsAnswer roots, string rootId, OrganizationView.NodeAnswer[] nodes,
            OrgOrganization organization, CredentialSet reader)
        {
            if (nodes.Any(n => n.NotEnabled.Contains(type))) return (PolicyTypeState.Disabled, null);
            var root = roots.Roots.FirstOrDefault(r => r.Id == rootId);
            if (root != null)
            {
                var status = root.PolicyTypes.FirstOrDefault(t => t.Type == type)?.Status;
                if (status == null) return (PolicyTypeState.Disabled, null);
                if (status == "ENABLED") return (PolicyTypeState.Enabled, null);
                return (PolicyTypeState.Unknown, new DataGap(DataGapKind.Organization, DataGapCause.NotCollected, organization.ManagementAccountId, organization.Id,
                    "organizations:ListRoots", $"{Kind(type)}s are being switched on or off in organization {organization.Id} (root {rootId}: {status})"));
            }
            if (nodes.All(n => n.Policies.TryGetValue(type, out var list) && list.Count > 0)) return (PolicyTypeState.Enabled, null);
            var gap = roots.Error != null
                ? LiveFailures.Gap(DataGapKind.Organization, roots.Error, "organizations:ListRoots", $"the policy types of {rootId}", organization.ManagementAccountId, reader.Label)
                : new DataGap(DataGapKind.Organization, DataGapCause.ServiceError, organization.ManagementAccountId, organization.Id, "organizations:ListRoots",
                    $"organizations:ListRoots does not list root {rootId}");
            return (PolicyTypeState.Unknown, new DataGap(gap.Kind, gap.Cause, gap.AccountId, gap.Subject, gap.Operation,
                $"whether {Kind(type)}s are enabled in organization {organization.Id} cannot be told: {gap.Detail}"));
        }

        private static string Kind(string type) => type == OrganizationsClient.ServiceControlPolicy ? "SCP" : type == OrganizationsClient.ResourceControlPolicy ? "RCP" : type;
    }
}
