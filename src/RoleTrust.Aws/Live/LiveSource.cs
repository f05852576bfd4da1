using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;
using LiveGroup = RoleTrust.Aws.Live.IamGroup;
using LiveRole = RoleTrust.Aws.Live.IamRole;
using LiveUser = RoleTrust.Aws.Live.IamUser;
using ModelGroup = RoleTrust.Engine.Model.IamGroup;
using ModelRole = RoleTrust.Engine.Model.IamRole;
using ModelUser = RoleTrust.Engine.Model.IamUser;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// <see cref="IAccountDataSource"/> over live AWS: per-entity IAM reads through one <see cref="IIamReader"/> per account
    /// (the caller's, plus optional readers made from target-account credentials) and AWS Organizations through
    /// <see cref="IOrganizationsReader"/>s. Every read is made at most once per instance (the cache lives as long as the
    /// invocation). Failures never throw: NoSuchEntity is NotFound, everything else (AccessDenied, throttling or 5xx after
    /// the client's retries, missing credentials) is Unavailable with a reason naming the permission or the parameter
    /// that resolves it. An entity is never Found on partial data.
    /// The synchronous interface blocks on the cached tasks (PowerShell cmdlets are synchronous); call
    /// <see cref="PrefetchAsync"/> first so that one diagnosis takes few sequential round trips.
    /// </summary>
    public sealed class LiveSource : IAccountDataSource
    {
        internal const string NoOrganization = "(no organization)";
        private static readonly string[] OrgPolicyTypes = { OrganizationsClient.ServiceControlPolicy, OrganizationsClient.ResourceControlPolicy };

        private readonly IIamReader _callerIam;
        private readonly IReadOnlyDictionary<string, IIamReader> _iam;
        private readonly IOrganizationsReader? _callerOrganizations;
        private readonly IReadOnlyDictionary<string, IOrganizationsReader> _organizations;
        private readonly CancellationToken _cancel;

        private readonly ConcurrentDictionary<string, Lazy<UserEntry>> _users = new ConcurrentDictionary<string, Lazy<UserEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<RoleEntry>> _roles = new ConcurrentDictionary<string, Lazy<RoleEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<GroupEntry>> _groups = new ConcurrentDictionary<string, Lazy<GroupEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<Lookup<ManagedPolicy>>>> _policies = new ConcurrentDictionary<string, Lazy<Task<Lookup<ManagedPolicy>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<Lookup<ModelRole>>>> _roleSearches = new ConcurrentDictionary<string, Lazy<Task<Lookup<ModelRole>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _groupArns = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _accountsAsked = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        // Organizations
        private readonly ConcurrentDictionary<IOrganizationsReader, Lazy<Task<OrgView>>> _orgViews = new ConcurrentDictionary<IOrganizationsReader, Lazy<Task<OrgView>>>();
        private readonly ConcurrentDictionary<string, Lazy<Task<Membership>>> _memberships = new ConcurrentDictionary<string, Lazy<Task<Membership>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<WalkResult>>> _walks = new ConcurrentDictionary<string, Lazy<Task<WalkResult>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<OrgParent>>>> _parents = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<OrgParent>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<NodeData>>> _nodes = new ConcurrentDictionary<string, Lazy<Task<NodeData>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<OrgPolicy>>> _orgPolicies = new ConcurrentDictionary<string, Lazy<Task<OrgPolicy>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<Lookup<OrganizationData>>>> _orgData = new ConcurrentDictionary<string, Lazy<Task<Lookup<OrganizationData>>>>(StringComparer.Ordinal);

        /// <param name="callerAccountId">The account of the credentials in use.</param>
        /// <param name="callerIam">IAM with the caller's credentials.</param>
        /// <param name="organizations">Organizations with the caller's credentials (null: SCPs and RCPs are Unknown).</param>
        /// <param name="accountReaders">IAM readers for other accounts (target-account credentials), by account ID.</param>
        /// <param name="accountOrganizations">Organizations readers made from other accounts' credentials, by account ID: they tell
        /// whether that account is in an organization at all (an account outside the caller's organization is only
        /// treated as standalone when its own credentials say so).</param>
        /// <param name="partition">The partition of the ARNs named in messages.</param>
        /// <param name="cancellationToken">Cancels every read (the cmdlet's StopProcessing).</param>
        public LiveSource(string callerAccountId, IIamReader callerIam, IOrganizationsReader? organizations = null,
            IReadOnlyDictionary<string, IIamReader>? accountReaders = null,
            IReadOnlyDictionary<string, IOrganizationsReader>? accountOrganizations = null,
            string partition = "aws", CancellationToken cancellationToken = default)
        {
            if (!Arn.IsAccountId(callerAccountId)) throw new ArgumentException("The caller's account must be a 12-digit account ID.", nameof(callerAccountId));
            CallerAccountId = callerAccountId;
            _callerIam = callerIam ?? throw new ArgumentNullException(nameof(callerIam));
            _callerOrganizations = organizations;
            var iam = new Dictionary<string, IIamReader>(StringComparer.Ordinal);
            if (accountReaders != null) foreach (var p in accountReaders) iam[p.Key] = p.Value;
            iam[callerAccountId] = callerIam;
            _iam = iam;
            var orgs = new Dictionary<string, IOrganizationsReader>(StringComparer.Ordinal);
            if (accountOrganizations != null) foreach (var p in accountOrganizations) orgs[p.Key] = p.Value;
            if (organizations != null) orgs[callerAccountId] = organizations;
            _organizations = orgs;
            Partition = partition;
            _cancel = cancellationToken;
            _phrasing = new LivePhrasing(callerAccountId);
        }

        public string CallerAccountId { get; }
        public string Partition { get; }
        /// <summary>Accounts with an IAM reader (the caller's first).</summary>
        public IReadOnlyCollection<string> ReadableAccounts => new[] { CallerAccountId }.Concat(_iam.Keys.Where(k => k != CallerAccountId)).ToList();

        // ================================================================== IAccountDataSource (sync over the cached tasks)

        public Lookup<ModelUser> GetUser(string accountId, string userName) => Wait(GetUserAsync(accountId, userName));
        public Lookup<ModelRole> GetRole(string accountId, string roleName) => Wait(GetRoleAsync(accountId, roleName));
        public Lookup<ModelRole> FindRoleIgnoringCase(string accountId, string roleName) => Wait(FindRoleIgnoringCaseAsync(accountId, roleName));
        public Lookup<ModelGroup> GetGroup(string accountId, string groupName) => Wait(GetGroupAsync(accountId, groupName));
        public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId) => Wait(GetManagedPolicyAsync(policyArn, viewingAccountId));

        public IDataGapPhrasing Phrasing => _phrasing;
        private readonly LivePhrasing _phrasing;

        public Lookup<OrganizationMembership> GetMembership(string accountId) => Wait(GetMembershipAsync(accountId));

        /// <summary>Where one account sits: standalone when AWS says it is in no organization, else its levels and policies.</summary>
        public async Task<Lookup<OrganizationMembership>> GetMembershipAsync(string accountId)
        {
            var org = await GetOrganizationAsync(new[] { accountId }).ConfigureAwait(false);
            if (org.Value == null) return Lookup<OrganizationMembership>.Unavailable(org.Gap!);
            if (org.Value.Id == NoOrganization) return Lookup<OrganizationMembership>.Found(OrganizationMembership.Standalone(accountId));
            return org.Value.MembershipOf(accountId);
        }

        /// <summary>The organization as far as it concerns every account asked about so far (see <see cref="ForPath"/>).</summary>
        public Lookup<OrganizationData> GetOrganization() => Wait(GetOrganizationAsync(_accountsAsked.Keys.Concat(new[] { CallerAccountId })));

        /// <summary>
        /// A view for one path: the same cache, but <see cref="IAccountDataSource.GetOrganization"/> covers exactly the
        /// source's and the role's accounts, so an unrelated account asked about earlier cannot make it Unavailable.
        /// </summary>
        public IAccountDataSource ForPath(string sourceArn, string roleArn) => new PathView(this, AccountsOf(sourceArn, roleArn));

        private static T Wait<T>(Task<T> task) => task.IsCompleted ? task.Result : Task.Run(() => task).GetAwaiter().GetResult();

        // ================================================================== prefetch

        /// <summary>
        /// Issues every independent read one diagnosis of <paramref name="sourceArn"/> → <paramref name="roleArn"/> needs,
        /// concurrently: the source side (user with groups, inline policies, managed policies and boundary; or the source
        /// role with its policies), the role side (role, trust policy, policy lists) and the organization side (membership,
        /// ListParents walk, policies of every level, DescribePolicy). IAM sides take at most 4 sequential round trips;
        /// the organization side takes depth + 2 (ListParents per level, then ListPoliciesForTarget, then DescribePolicy).
        /// Never throws for AWS errors (they are cached as Unavailable); invalid ARNs are ignored here.
        /// </summary>
        public async Task PrefetchAsync(string sourceArn, string roleArn, CancellationToken cancellationToken = default)
        {
            var work = new List<Task>();
            if (PrincipalIdentity.TryParse(sourceArn, out var source, out _) && source.AccountId != null && source.Name != null)
            {
                if (source.Kind == PrincipalKind.User) work.Add(User(source.AccountId, source.Name).Complete);
                else if (source.Kind == PrincipalKind.Role || source.Kind == PrincipalKind.AssumedRole)
                    work.Add(SourceRoleDependentsAsync(source.AccountId, source.Name));
            }
            if (Arn.TryParse(roleArn, out var role) && Arn.IsAccountId(role.Account) && role.Resource.StartsWith("role/", StringComparison.Ordinal))
            {
                string name = role.Resource.Substring(role.Resource.LastIndexOf('/') + 1);
                work.Add(GetRoleAsync(role.Account, name));
            }
            var accounts = AccountsOf(sourceArn, roleArn);
            if (accounts.Count > 0) work.Add(GetOrganizationAsync(accounts));
            var all = Task.WhenAll(work);
            if (cancellationToken.CanBeCanceled)
            {
                var cancelled = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
                    await Task.WhenAny(all, cancelled.Task).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            await all.ConfigureAwait(false);
        }

        private static List<string> AccountsOf(string sourceArn, string roleArn)
        {
            var accounts = new List<string>();
            if (PrincipalIdentity.TryParse(sourceArn, out var s, out _) && s.AccountId != null && Arn.IsAccountId(s.AccountId)) accounts.Add(s.AccountId);
            if (Arn.TryParse(roleArn, out var r) && Arn.IsAccountId(r.Account) && !accounts.Contains(r.Account)) accounts.Add(r.Account);
            return accounts;
        }

        private async Task SourceRoleDependentsAsync(string accountId, string roleName)
        {
            var entry = Role(accountId, roleName);
            var dependents = new List<Task> { entry.Result };
            try
            {
                foreach (var p in await entry.Attached.ConfigureAwait(false)) dependents.Add(GetManagedPolicyAsync(p.PolicyArn, accountId));
            }
            catch (Exception) { /* reported by entry.Result */ }
            try
            {
                var r = await entry.Role.ConfigureAwait(false);
                if (r.PermissionsBoundaryArn != null) dependents.Add(GetManagedPolicyAsync(r.PermissionsBoundaryArn, accountId));
            }
            catch (Exception) { }
            await Task.WhenAll(dependents).ConfigureAwait(false);
        }

        // ================================================================== IAM entities

        public Task<Lookup<ModelUser>> GetUserAsync(string accountId, string userName) => User(accountId, userName).Result;
        public Task<Lookup<ModelRole>> GetRoleAsync(string accountId, string roleName) => Role(accountId, roleName).Result;
        public Task<Lookup<ModelGroup>> GetGroupAsync(string accountId, string groupName) => Group(accountId, groupName).Result;

        private IIamReader? ReaderFor(string accountId) => _iam.TryGetValue(accountId, out var r) ? r : null;

        private DataGap NoCredentialsGap(DataGapKind kind, string accountId, string subject) =>
            new DataGap(kind, DataGapCause.NoCredentials, accountId, subject, detail: NoCredentials(accountId));

        private string NoCredentials(string accountId) =>
            accountId == CallerAccountId ? $"no IAM reader for account {accountId}"
                : $"no credentials for account {accountId}: pass -TargetProfileName or -TargetCredential";

        private UserEntry User(string accountId, string userName)
        {
            _accountsAsked.TryAdd(accountId, 0);
            return _users.GetOrAdd(accountId + "/" + userName, _ => new Lazy<UserEntry>(() => new UserEntry(this, accountId, userName))).Value;
        }

        private RoleEntry Role(string accountId, string roleName)
        {
            _accountsAsked.TryAdd(accountId, 0);
            return _roles.GetOrAdd(accountId + "/" + roleName, _ => new Lazy<RoleEntry>(() => new RoleEntry(this, accountId, roleName))).Value;
        }

        private GroupEntry Group(string accountId, string groupName) =>
            _groups.GetOrAdd(accountId + "/" + groupName, _ => new Lazy<GroupEntry>(() => new GroupEntry(this, accountId, groupName))).Value;

        private sealed class UserEntry
        {
            public readonly Task<LiveUser> User;
            public readonly Task<IReadOnlyList<string>> InlineNames;
            public readonly Task<IReadOnlyList<IamAttachedPolicy>> Attached;
            public readonly Task<IReadOnlyList<LiveGroup>> Groups;
            public readonly Task<Lookup<ModelUser>> Result;
            /// <summary>The user and everything a diagnosis reads because of it (groups, managed policies, boundary).</summary>
            public readonly Task Complete;

            public UserEntry(LiveSource s, string account, string name)
            {
                var reader = s.ReaderFor(account);
                if (reader == null)
                {
                    User = Never<LiveUser>(); InlineNames = Never<IReadOnlyList<string>>(); Attached = Never<IReadOnlyList<IamAttachedPolicy>>(); Groups = Never<IReadOnlyList<LiveGroup>>();
                    Result = Task.FromResult(Lookup<ModelUser>.Unavailable(s.NoCredentialsGap(DataGapKind.User, account, name)));
                    Complete = Result;
                    return;
                }
                var ct = s._cancel;
                User = Observe(reader.GetUserAsync(name, ct));
                InlineNames = Observe(reader.ListUserPoliciesAsync(name, ct));
                Attached = Observe(reader.ListAttachedUserPoliciesAsync(name, ct));
                Groups = Observe(reader.ListGroupsForUserAsync(name, ct));
                var inline = Observe(InlineAsync(InlineNames, n => reader.GetUserPolicyAsync(name, n, ct)));
                Result = BuildAsync(s, account, name, inline);
                Complete = DependentsAsync(s, account);
            }

            private async Task<Lookup<ModelUser>> BuildAsync(LiveSource s, string account, string name, Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                string arn = $"arn:{s.Partition}:iam::{account}:user/{name}";
                LiveUser u;
                try { u = await User.ConfigureAwait(false); }
                catch (Exception e) when (IsNotFound(e)) { return Lookup<ModelUser>.NotFound($"account {account} has no IAM user named '{name}'"); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelUser>.Unavailable(s.Gap(DataGapKind.User, e, "iam:GetUser", arn, account)); }
                var user = new ModelUser { Arn = u.Arn, Name = u.UserName, Path = u.Path, Id = u.UserId, PermissionsBoundaryArn = u.PermissionsBoundaryArn };
                foreach (var t in u.Tags) user.Tags[t.Key] = t.Value;
                try
                {
                    foreach (var p in await inline.ConfigureAwait(false)) user.InlinePolicies.Add(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument)));
                }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelUser>.Unavailable(s.Gap(DataGapKind.User, e, Op(e, "iam:GetUserPolicy"), u.Arn, account)); }
                try
                {
                    foreach (var p in await Attached.ConfigureAwait(false)) user.AttachedPolicies.Add(new AttachedPolicy(p.PolicyName, p.PolicyArn));
                }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelUser>.Unavailable(s.Gap(DataGapKind.User, e, "iam:ListAttachedUserPolicies", u.Arn, account)); }
                try
                {
                    foreach (var g in await Groups.ConfigureAwait(false)) user.Groups.Add(g.GroupName);
                }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelUser>.Unavailable(s.Gap(DataGapKind.User, e, "iam:ListGroupsForUser", u.Arn, account)); }
                return Lookup<ModelUser>.Found(user);
            }

            private async Task DependentsAsync(LiveSource s, string account)
            {
                var work = new List<Task> { Result };
                // Each list starts its dependents as soon as it arrives, not when the whole user is read.
                work.Add(Then(Groups, groups =>
                {
                    var t = new List<Task>();
                    foreach (var g in groups)
                    {
                        if (!string.IsNullOrEmpty(g.Arn)) s._groupArns[account + "/" + g.GroupName] = g.Arn;
                        t.Add(s.Group(account, g.GroupName).Complete);
                    }
                    return Task.WhenAll(t);
                }));
                work.Add(Then(Attached, list => Task.WhenAll(list.Select(p => (Task)s.GetManagedPolicyAsync(p.PolicyArn, account)))));
                work.Add(Then(User, u => u.PermissionsBoundaryArn == null ? Task.CompletedTask : s.GetManagedPolicyAsync(u.PermissionsBoundaryArn, account)));
                await Task.WhenAll(work).ConfigureAwait(false);
            }
        }

        private sealed class RoleEntry
        {
            public readonly Task<LiveRole> Role;
            public readonly Task<IReadOnlyList<IamAttachedPolicy>> Attached;
            public readonly Task<Lookup<ModelRole>> Result;

            public RoleEntry(LiveSource s, string account, string name)
            {
                var reader = s.ReaderFor(account);
                if (reader == null)
                {
                    Role = Never<LiveRole>(); Attached = Never<IReadOnlyList<IamAttachedPolicy>>();
                    Result = Task.FromResult(Lookup<ModelRole>.Unavailable(s.NoCredentialsGap(DataGapKind.Role, account, name)));
                    return;
                }
                var ct = s._cancel;
                Role = Observe(reader.GetRoleAsync(name, ct));
                var names = Observe(reader.ListRolePoliciesAsync(name, ct));
                Attached = Observe(reader.ListAttachedRolePoliciesAsync(name, ct));
                var inline = Observe(InlineAsync(names, n => reader.GetRolePolicyAsync(name, n, ct)));
                Result = BuildAsync(s, account, name, inline);
            }

            private async Task<Lookup<ModelRole>> BuildAsync(LiveSource s, string account, string name, Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                string arn = $"arn:{s.Partition}:iam::{account}:role/{name}";
                LiveRole r;
                try { r = await Role.ConfigureAwait(false); }
                catch (Exception e) when (IsNotFound(e)) { return Lookup<ModelRole>.NotFound($"account {account} has no role named '{name}'"); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelRole>.Unavailable(s.Gap(DataGapKind.Role, e, "iam:GetRole", arn, account)); }
                var role = ToModel(r);
                try
                {
                    foreach (var p in await inline.ConfigureAwait(false)) role.InlinePolicies.Add(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument)));
                }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelRole>.Unavailable(s.Gap(DataGapKind.Role, e, Op(e, "iam:GetRolePolicy"), r.Arn, account)); }
                try
                {
                    foreach (var p in await Attached.ConfigureAwait(false)) role.AttachedPolicies.Add(new AttachedPolicy(p.PolicyName, p.PolicyArn));
                }
                catch (Exception e) when (!(e is OperationCanceledException)) { return Lookup<ModelRole>.Unavailable(s.Gap(DataGapKind.Role, e, "iam:ListAttachedRolePolicies", r.Arn, account)); }
                return Lookup<ModelRole>.Found(role);
            }
        }

        private sealed class GroupEntry
        {
            public readonly Task<IReadOnlyList<IamAttachedPolicy>> Attached;
            public readonly Task<Lookup<ModelGroup>> Result;
            public readonly Task Complete;

            public GroupEntry(LiveSource s, string account, string name)
            {
                var reader = s.ReaderFor(account);
                if (reader == null)
                {
                    Attached = Never<IReadOnlyList<IamAttachedPolicy>>();
                    Result = Task.FromResult(Lookup<ModelGroup>.Unavailable(s.NoCredentialsGap(DataGapKind.Group, account, name)));
                    Complete = Result;
                    return;
                }
                var ct = s._cancel;
                var names = Observe(reader.ListGroupPoliciesAsync(name, ct));
                Attached = Observe(reader.ListAttachedGroupPoliciesAsync(name, ct));
                var inline = Observe(InlineAsync(names, n => reader.GetGroupPolicyAsync(name, n, ct)));
                Result = BuildAsync(s, account, name, inline);
                Complete = Task.WhenAll(Result, Then(Attached, list => Task.WhenAll(list.Select(p => (Task)s.GetManagedPolicyAsync(p.PolicyArn, account)))));
            }

            private async Task<Lookup<ModelGroup>> BuildAsync(LiveSource s, string account, string name, Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                string arn = s._groupArns.TryGetValue(account + "/" + name, out var known) ? known : $"arn:{s.Partition}:iam::{account}:group/{name}";
                var group = new ModelGroup { Arn = arn, Name = name };
                try
                {
                    foreach (var p in await inline.ConfigureAwait(false)) group.InlinePolicies.Add(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument)));
                    foreach (var p in await Attached.ConfigureAwait(false)) group.AttachedPolicies.Add(new AttachedPolicy(p.PolicyName, p.PolicyArn));
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    // A group listed for the user but gone now is missing data too: the user's permissions are incomplete.
                    return Lookup<ModelGroup>.Unavailable(s.Gap(DataGapKind.Group, e, Op(e, "iam:ListGroupPolicies"), arn, account));
                }
                return Lookup<ModelGroup>.Found(group);
            }
        }

        public Task<Lookup<ModelRole>> FindRoleIgnoringCaseAsync(string accountId, string roleName)
        {
            _accountsAsked.TryAdd(accountId, 0);
            return _roleSearches.GetOrAdd(accountId + "/" + roleName, _ => new Lazy<Task<Lookup<ModelRole>>>(() => FindRoleCore(accountId, roleName))).Value;
        }

        private async Task<Lookup<ModelRole>> FindRoleCore(string accountId, string roleName)
        {
            // ListRoles only when GetRole says the exact name does not exist.
            var exact = await GetRoleAsync(accountId, roleName).ConfigureAwait(false);
            if (exact.Status == LookupStatus.Found) return exact;
            if (exact.Status == LookupStatus.Unavailable) return exact;
            var reader = ReaderFor(accountId);
            if (reader == null) return Lookup<ModelRole>.Unavailable(NoCredentialsGap(DataGapKind.Role, accountId, roleName));
            try
            {
                var roles = await reader.ListRolesAsync(null, _cancel).ConfigureAwait(false);
                var match = roles.FirstOrDefault(r => string.Equals(r.RoleName, roleName, StringComparison.OrdinalIgnoreCase));
                return match != null ? Lookup<ModelRole>.Found(ToModel(match)) : Lookup<ModelRole>.NotFound($"account {accountId} has no role named like '{roleName}'");
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return Lookup<ModelRole>.Unavailable(Gap(DataGapKind.Role, e, "iam:ListRoles", $"account {accountId}", accountId));
            }
        }

        private static ModelRole ToModel(LiveRole r)
        {
            var role = new ModelRole
            {
                Arn = r.Arn, Name = r.RoleName, Path = r.Path, Id = r.RoleId, PermissionsBoundaryArn = r.PermissionsBoundaryArn,
                TrustPolicy = r.AssumeRolePolicyDocument == null ? null : new PolicySource(r.AssumeRolePolicyDocument),
                MaxSessionDuration = r.MaxSessionDuration, Description = r.Description, LastUsedDate = r.RoleLastUsedDate,
            };
            foreach (var t in r.Tags) role.Tags[t.Key] = t.Value;
            return role;
        }

        // ================================================================== managed policies

        public Task<Lookup<ManagedPolicy>> GetManagedPolicyAsync(string policyArn, string viewingAccountId)
        {
            bool awsManaged = policyArn.Contains(":iam::aws:policy/");
            // AWS-managed policies are the same in every account: one read serves all.
            string key = awsManaged ? policyArn : viewingAccountId + "|" + policyArn;
            return _policies.GetOrAdd(key, _ => new Lazy<Task<Lookup<ManagedPolicy>>>(() => ManagedPolicyCore(policyArn, viewingAccountId, awsManaged))).Value;
        }

        private async Task<Lookup<ManagedPolicy>> ManagedPolicyCore(string policyArn, string viewingAccountId, bool awsManaged)
        {
            string owner = Arn.TryParse(policyArn, out var parsed) && Arn.IsAccountId(parsed.Account) ? parsed.Account : viewingAccountId;
            var reader = ReaderFor(awsManaged ? viewingAccountId : owner) ?? (awsManaged ? _callerIam : null);
            if (reader == null) return Lookup<ManagedPolicy>.Unavailable(NoCredentialsGap(DataGapKind.ManagedPolicy, owner, policyArn));
            string op = "iam:GetPolicy";
            try
            {
                var policy = await reader.GetPolicyAsync(policyArn, _cancel).ConfigureAwait(false);
                if (string.IsNullOrEmpty(policy.DefaultVersionId))
                    return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.Malformed, owner, policyArn, "iam:GetPolicy", $"iam:GetPolicy on {policyArn} returned no default version"));
                op = "iam:GetPolicyVersion";
                var version = await reader.GetPolicyVersionAsync(policyArn, policy.DefaultVersionId!, _cancel).ConfigureAwait(false);
                if (version.Document == null) return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.Malformed, owner, policyArn, "iam:GetPolicyVersion", $"iam:GetPolicyVersion on {policyArn} returned no document"));
                return Lookup<ManagedPolicy>.Found(new ManagedPolicy(policyArn, policy.PolicyName.Length > 0 ? policy.PolicyName : policyArn, new PolicySource(version.Document)));
            }
            catch (Exception e) when (IsNotFound(e))
            {
                return Lookup<ManagedPolicy>.NotFound($"managed policy {policyArn} does not exist ({op} said NoSuchEntity)");
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return Lookup<ManagedPolicy>.Unavailable(Gap(DataGapKind.ManagedPolicy, e, op, policyArn, owner == "aws" ? viewingAccountId : owner));
            }
        }

        // ================================================================== Organizations

        private sealed class OrgView
        {
            public bool NotInUse;
            public OrgOrganization? Organization;
            public string? Problem;
        }

        private sealed class Membership
        {
            public string Account = "";
            /// <summary>The account's own credentials say it is in no organization.</summary>
            public bool Standalone;
            public OrgOrganization? Organization;
            /// <summary>Parents from the account up to its root (account excluded).</summary>
            public List<OrgParent> Parents = new List<OrgParent>();
            public IOrganizationsReader? Walker;
            public string? Problem;
        }

        private sealed class NodeData
        {
            public string Id = "";
            public string? Name;
            public List<(OrgPolicySummary Summary, OrgPolicy Policy)> Policies = new List<(OrgPolicySummary, OrgPolicy)>();
            public string? Problem;
        }

        private Task<OrgView> View(IOrganizationsReader reader) =>
            _orgViews.GetOrAdd(reader, r => new Lazy<Task<OrgView>>(() => ViewCore(r))).Value;

        private async Task<OrgView> ViewCore(IOrganizationsReader reader)
        {
            try { return new OrgView { Organization = await reader.DescribeOrganizationAsync(_cancel).ConfigureAwait(false) }; }
            catch (AwsServiceException e) when (e.Code == "AWSOrganizationsNotInUseException") { return new OrgView { NotInUse = true }; }
            catch (Exception e) when (!(e is OperationCanceledException)) { return new OrgView { Problem = Reason(e, "organizations:DescribeOrganization", "the organization", null) }; }
        }

        private Task<Membership> MembershipOf(string accountId) =>
            _memberships.GetOrAdd(accountId, a => new Lazy<Task<Membership>>(() => MembershipCore(a))).Value;

        private async Task<Membership> MembershipCore(string accountId)
        {
            var m = new Membership { Account = accountId };
            // Everything independent starts at once: the caller's and the account's DescribeOrganization, and a walk up
            // from the account with the caller's reader (used when the account turns out to be in the caller's organization).
            var callerViewTask = _callerOrganizations != null ? View(_callerOrganizations) : null;
            _organizations.TryGetValue(accountId, out var own);
            var ownViewTask = own != null ? View(own) : null;
            var speculative = _callerOrganizations != null ? Walk(_callerOrganizations, accountId) : null;
            var callerView = callerViewTask != null ? await callerViewTask.ConfigureAwait(false) : null;
            var ownView = ownViewTask != null ? await ownViewTask.ConfigureAwait(false) : null;

            IOrganizationsReader walker;
            Task<WalkResult> walk;
            if (ownView != null)
            {
                if (ownView.NotInUse) { m.Standalone = true; return m; }
                if (ownView.Problem != null) { m.Problem = ownView.Problem; return m; }
                m.Organization = ownView.Organization;
                // Walk with the caller's credentials when they see the same organization (often the management account).
                bool same = callerView?.Organization?.Id == ownView.Organization!.Id;
                walker = same ? _callerOrganizations! : own!;
                walk = same ? speculative! : Walk(own!, accountId);
            }
            else if (callerView == null)
            {
                m.Problem = $"no Organizations access for account {accountId}: pass credentials that can read AWS Organizations";
                return m;
            }
            else if (callerView.Organization != null)
            {
                m.Organization = callerView.Organization;
                walker = _callerOrganizations!;
                walk = speculative!;
            }
            else
            {
                m.Problem = callerView.Problem ?? (accountId == CallerAccountId ? null
                    : $"account {CallerAccountId} is in no organization, and there are no credentials for account {accountId} to tell whether it is in one: pass -TargetProfileName or -TargetCredential");
                if (m.Problem == null) m.Standalone = true;
                return m;
            }

            m.Walker = walker;
            var result = await walk.ConfigureAwait(false);
            if (result.Error == null) { m.Parents = result.Parents; return m; }
            if (result.Node == accountId && result.Error is AwsServiceException e && (e.Code == "ChildNotFoundException" || e.Code == "AccountNotFoundException"))
            {
                string orgId = m.Organization?.Id ?? "";
                m.Organization = null;
                m.Problem = own != null
                    ? $"account {accountId} says it is in organization {orgId}, but that organization does not list it"
                    : $"account {accountId} is not in organization {orgId}, and there are no credentials for it to tell whether it is in another organization or in none: pass -TargetProfileName or -TargetCredential for account {accountId}";
                return m;
            }
            m.Problem = result.Error is OperationCanceledException ? "cancelled" : Reason(result.Error, "organizations:ListParents", result.Node, null, orgWide: true);
            return m;
        }

        private sealed class WalkResult
        {
            public List<OrgParent> Parents = new List<OrgParent>();
            public Exception? Error;
            public string Node = "";
        }

        /// <summary>ListParents from the account up to its root; each level's policies and name are read as soon as the level is known.</summary>
        private Task<WalkResult> Walk(IOrganizationsReader reader, string accountId) =>
            _walks.GetOrAdd(Tag(reader) + accountId, _ => new Lazy<Task<WalkResult>>(() => WalkCore(reader, accountId))).Value;

        private async Task<WalkResult> WalkCore(IOrganizationsReader reader, string accountId)
        {
            var result = new WalkResult();
            string node = accountId;
            for (int guard = 0; guard < 8; guard++)
            {
                _ = Node(reader, node);
                result.Node = node;
                IReadOnlyList<OrgParent> parents;
                try { parents = await Parents(reader, node).ConfigureAwait(false); }
                catch (Exception e) { result.Error = e; return result; }
                if (parents.Count == 0) { result.Error = new InvalidOperationException($"organizations:ListParents returned no parent for {node}"); return result; }
                var parent = parents[0];
                result.Parents.Add(parent);
                if (parent.Type == "ROOT") { _ = Node(reader, parent.Id); return result; }
                node = parent.Id;
            }
            result.Error = new InvalidOperationException($"the organization tree above account {accountId} is deeper than AWS allows");
            return result;
        }

        /// <summary>ListParents of one node, shared by every walk through it.</summary>
        private Task<IReadOnlyList<OrgParent>> Parents(IOrganizationsReader reader, string nodeId) =>
            _parents.GetOrAdd(Tag(reader) + nodeId, _ => new Lazy<Task<IReadOnlyList<OrgParent>>>(() => Observe(reader.ListParentsAsync(nodeId, _cancel)))).Value;

        /// <summary>Cache key prefix per reader: different credentials may see different organizations (or none).</summary>
        private static string Tag(IOrganizationsReader reader) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(reader).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|";

        private Task<NodeData> Node(IOrganizationsReader reader, string nodeId) =>
            _nodes.GetOrAdd(Tag(reader) + nodeId, _ => new Lazy<Task<NodeData>>(() => NodeCore(reader, nodeId))).Value;

        private async Task<NodeData> NodeCore(IOrganizationsReader reader, string nodeId)
        {
            var data = new NodeData { Id = nodeId };
            var name = Observe(NameOf(reader, nodeId));
            var lists = OrgPolicyTypes.Select(t => Observe(ListForTarget(reader, nodeId, t))).ToList();
            // Each list's DescribePolicy calls start as soon as that list arrives.
            var described = lists.Select(async l =>
            {
                var summaries = await l.ConfigureAwait(false);
                var policies = await Task.WhenAll(summaries.Select(s => Policy(reader, s.Id))).ConfigureAwait(false);
                return summaries.Zip(policies, (s, p) => (s, p)).ToList();
            }).ToList();
            try
            {
                foreach (var d in described) data.Policies.AddRange(await d.ConfigureAwait(false));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                data.Problem = Reason(e, Op(e, "organizations:ListPoliciesForTarget"), nodeId, null, orgWide: true);
            }
            try { data.Name = await name.ConfigureAwait(false); } catch (Exception) { /* names are for display only */ }
            return data;
        }

        private async Task<IReadOnlyList<OrgPolicySummary>> ListForTarget(IOrganizationsReader reader, string nodeId, string type)
        {
            try
            {
                var list = await reader.ListPoliciesForTargetAsync(nodeId, type, _cancel).ConfigureAwait(false);
                foreach (var p in list) if (string.IsNullOrEmpty(p.Type)) p.Type = type;
                return list;
            }
            catch (AwsServiceException e) when (e.Code == "PolicyTypeNotEnabledException" || e.Code == "PolicyTypeNotAvailableForOrganizationException")
            { return Array.Empty<OrgPolicySummary>(); }
        }

        private Task<OrgPolicy> Policy(IOrganizationsReader reader, string policyId) =>
            _orgPolicies.GetOrAdd(Tag(reader) + policyId, _ => new Lazy<Task<OrgPolicy>>(() => Observe(reader.DescribePolicyAsync(policyId, _cancel)))).Value;

        private Task<string?> NameOf(IOrganizationsReader reader, string nodeId)
        {
            if (nodeId.StartsWith("r-", StringComparison.Ordinal))
                return RootNames(reader).ContinueWith(t => t.Status == TaskStatus.RanToCompletion && t.Result.TryGetValue(nodeId, out var n) ? n : null, TaskScheduler.Default);
            if (nodeId.StartsWith("ou-", StringComparison.Ordinal))
                return reader.DescribeOrganizationalUnitAsync(nodeId, _cancel).ContinueWith(t => t.Status == TaskStatus.RanToCompletion ? t.Result.Name : null, TaskScheduler.Default);
            return reader.DescribeAccountAsync(nodeId, _cancel).ContinueWith(t => t.Status == TaskStatus.RanToCompletion ? t.Result.Name : null, TaskScheduler.Default);
        }

        private readonly ConcurrentDictionary<string, Lazy<Task<Dictionary<string, string>>>> _rootNames = new ConcurrentDictionary<string, Lazy<Task<Dictionary<string, string>>>>(StringComparer.Ordinal);
        private Task<Dictionary<string, string>> RootNames(IOrganizationsReader reader) =>
            _rootNames.GetOrAdd(Tag(reader), _ => new Lazy<Task<Dictionary<string, string>>>(() => Observe(RootNamesCore(reader)))).Value;

        private async Task<Dictionary<string, string>> RootNamesCore(IOrganizationsReader reader)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in await reader.ListRootsAsync(_cancel).ConfigureAwait(false)) if (r.Name != null) d[r.Id] = r.Name;
            return d;
        }

        /// <summary>The organization as it concerns <paramref name="accountIds"/>: their membership, every level from the root down, and the SCPs and RCPs there.</summary>
        public Task<Lookup<OrganizationData>> GetOrganizationAsync(IEnumerable<string> accountIds)
        {
            var accounts = accountIds.Where(Arn.IsAccountId).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToList();
            // Start the caller's own DescribeOrganization at once, in parallel with the rest.
            if (_callerOrganizations != null) { _ = View(_callerOrganizations); _ = RootNames(_callerOrganizations); }
            return _orgData.GetOrAdd(string.Join(",", accounts), _ => new Lazy<Task<Lookup<OrganizationData>>>(() => OrganizationCore(accounts))).Value;
        }

        private async Task<Lookup<OrganizationData>> OrganizationCore(List<string> accounts)
        {
            if (_callerOrganizations == null && _organizations.Count == 0)
                return Lookup<OrganizationData>.Unavailable(OrgGap("no AWS Organizations reader was given, so nothing is known about SCPs and RCPs", accounts));
            var memberships = await Task.WhenAll(accounts.Select(MembershipOf)).ConfigureAwait(false);
            var problems = memberships.Where(m => m.Problem != null).Select(m => m.Problem!).Distinct().ToList();
            if (problems.Count > 0) return Lookup<OrganizationData>.Unavailable(OrgGap(string.Join("; ", problems), accounts));
            var members = memberships.Where(m => !m.Standalone).ToList();
            var orgIds = members.Select(m => m.Organization!.Id).Distinct().ToList();
            if (orgIds.Count > 1)
                return Lookup<OrganizationData>.Unavailable(OrgGap($"the accounts are in different organizations ({string.Join(", ", members.Select(m => m.Account + " in " + m.Organization!.Id))}); SCPs and RCPs are checked within one organization only", accounts));
            if (members.Count == 0)
                return Lookup<OrganizationData>.Found(new OrganizationData(NoOrganization, "")); // every account said it is in none

            var org = members[0].Organization!;
            var data = new OrganizationData(org.Id, org.ManagementAccountId ?? "");
            var nodes = new List<(IOrganizationsReader Reader, string Id)>();
            foreach (var m in members)
            {
                data.Accounts.Add(m.Account);
                string child = m.Account;
                nodes.Add((m.Walker!, m.Account));
                foreach (var p in m.Parents)
                {
                    data.Parents[child] = p.Id;
                    if (p.Type == "ROOT") data.Roots.Add(p.Id);
                    nodes.Add((m.Walker!, p.Id));
                    child = p.Id;
                }
            }
            var byId = new Dictionary<string, (OrgPolicySummary Summary, string Content, List<string> Targets)>(StringComparer.Ordinal);
            foreach (var (reader, id) in nodes.Distinct())
            {
                var node = await Node(reader, id).ConfigureAwait(false);
                if (node.Problem != null) return Lookup<OrganizationData>.Unavailable(OrgGap(node.Problem, accounts));
                if (node.Name != null) data.Names[id] = node.Name;
                foreach (var (summary, policy) in node.Policies)
                {
                    if (!byId.TryGetValue(summary.Id, out var entry)) byId[summary.Id] = entry = (summary, policy.Content, new List<string>());
                    if (!entry.Targets.Contains(id)) entry.Targets.Add(id);
                }
            }
            foreach (var p in byId.Values.OrderBy(p => p.Summary.Id, StringComparer.Ordinal))
                data.Policies.Add(new OrganizationPolicy(p.Summary.Id, p.Summary.Name.Length > 0 ? p.Summary.Name : p.Summary.Id, p.Summary.Type, p.Content, p.Targets, p.Summary.Arn));
            return Lookup<OrganizationData>.Found(data);
        }

        // ================================================================== failures

        private static bool IsNotFound(Exception e) => e is AwsServiceException a && a.Code == "NoSuchEntity";

        /// <summary>Credential errors: the credentials themselves are bad (not a denial of one action).</summary>
        internal static readonly HashSet<string> CredentialErrorCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidSignatureException",
            "UnrecognizedClientException", "IncompleteSignature", "InvalidAccessKeyId", "AuthFailure", "RequestExpired", "RequestTimeTooSkewed",
        };

        /// <summary>The action an exception came from, as service:Operation, when the client said.</summary>
        private static string Op(Exception e, string fallback) =>
            e is AwsServiceException a && a.Operation.Length > 0 ? (a.Service == "organizations" ? "organizations:" : a.Service + ":") + a.Operation : fallback;

        /// <summary>An Unavailable gap for a failed read: its cause, and the reason worded as <see cref="Reason"/> does.</summary>
        internal DataGap Gap(DataGapKind kind, Exception e, string action, string resource, string? account, bool orgWide = false)
        {
            var cause = e is AwsServiceException a
                ? a.IsAccessDenied ? DataGapCause.AccessDenied : CredentialErrorCodes.Contains(a.Code) ? DataGapCause.CredentialsRejected : DataGapCause.ServiceError
                : e is AwsCredentialsNotFoundException ? DataGapCause.NoCredentials : DataGapCause.ServiceError;
            return new DataGap(kind, cause, account, resource, Op(e, action), Reason(e, action, resource, account, orgWide));
        }

        private static DataGap OrgGap(string reason, IReadOnlyList<string> accounts) =>
            new DataGap(DataGapKind.OrganizationMembership, DataGapCause.ServiceError, accounts.Count == 1 ? accounts[0] : null, detail: reason);

        /// <summary>A reason for Unavailable: which call failed, on what, and what resolves it. Never carries secrets.</summary>
        internal string Reason(Exception e, string action, string resource, string? account, bool orgWide = false)
        {
            if (e is AwsServiceException a)
            {
                action = Op(a, action);
                if (a.IsAccessDenied)
                    return orgWide || account == null
                        ? $"{action} on {resource} was denied ({a.Code}); grant it, or use credentials of the management account or a delegated administrator for AWS Organizations"
                        : account == CallerAccountId
                            ? $"{action} on {resource} was denied ({a.Code}); grant it to the caller"
                            : $"{action} on {resource} was denied ({a.Code}); grant it or pass -TargetProfileName/-TargetCredential for account {account}";
                if (CredentialErrorCodes.Contains(a.Code))
                    return $"{action} on {resource} failed: AWS rejected the credentials ({a.Code}); refresh credentials / sync the clock";
                if (AwsSignedHttpClient.ThrottlingCodes.Contains(a.Code) || AwsSignedHttpClient.TransientCodes.Contains(a.Code) || a.StatusCode >= 500 || a.StatusCode == 0)
                    return $"{action} on {resource} failed after {a.Attempts} attempt(s): {a.Code}{(a.StatusCode > 0 ? $" (HTTP {a.StatusCode})" : "")}; try again later";
                return $"{action} on {resource} failed: {a.Code}{(string.IsNullOrEmpty(a.ServiceMessage) ? "" : ": " + a.ServiceMessage)}";
            }
            if (e is AwsCredentialsNotFoundException) return $"{action} on {resource} could not be signed: {e.Message}";
            return $"{action} on {resource} failed: {e.GetType().Name}: {e.Message}";
        }

        // ================================================================== task helpers

        private static Task<T> Never<T>() => new TaskCompletionSource<T>().Task;

        /// <summary>Marks a task's exception as observed: failures are reported through the entity's Lookup instead.</summary>
        private static Task<T> Observe<T>(Task<T> task)
        {
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }

        private static async Task<IReadOnlyList<IamInlinePolicy>> InlineAsync(Task<IReadOnlyList<string>> names, Func<string, Task<IamInlinePolicy>> get)
        {
            var list = await names.ConfigureAwait(false);
            return await Task.WhenAll(list.Select(get)).ConfigureAwait(false);
        }

        /// <summary>Runs <paramref name="next"/> on the task's result; a failed task just ends (its entity reports the failure).</summary>
        private static async Task Then<T>(Task<T> task, Func<T, Task> next)
        {
            T value;
            try { value = await task.ConfigureAwait(false); }
            catch (Exception) { return; }
            await next(value).ConfigureAwait(false);
        }

        private sealed class PathView : IAccountDataSource
        {
            private readonly LiveSource _s;
            private readonly List<string> _accounts;
            public PathView(LiveSource s, List<string> accounts) { _s = s; _accounts = accounts; }
            public Lookup<ModelUser> GetUser(string accountId, string userName) => _s.GetUser(accountId, userName);
            public Lookup<ModelRole> GetRole(string accountId, string roleName) => _s.GetRole(accountId, roleName);
            public Lookup<ModelRole> FindRoleIgnoringCase(string accountId, string roleName) => _s.FindRoleIgnoringCase(accountId, roleName);
            public Lookup<ModelGroup> GetGroup(string accountId, string groupName) => _s.GetGroup(accountId, groupName);
            public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId) => _s.GetManagedPolicy(policyArn, viewingAccountId);
            public Lookup<OrganizationData> GetOrganization() => Wait(_s.GetOrganizationAsync(_accounts));
            public Lookup<OrganizationMembership> GetMembership(string accountId) => _s.GetMembership(accountId);
            public IDataGapPhrasing Phrasing => _s.Phrasing;
        }
    }
}
