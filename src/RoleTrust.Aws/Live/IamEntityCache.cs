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
    /// The outcome of reading one IAM entity with one set of credentials: found, does not exist, malformed, or failed
    /// (with the exception and the call). It names no account: the caller knows which account the credentials belong to.
    /// </summary>
    internal sealed class EntityRead<T> where T : class
    {
        private EntityRead(T? value, string? notFoundBy, Exception? error, string? malformed, string operation, string? subject)
        {
            Value = value; NotFoundBy = notFoundBy; Error = error; Malformed = malformed; Operation = operation; Subject = subject;
        }

        public T? Value { get; }
        /// <summary>The call that said NoSuchEntity.</summary>
        public string? NotFoundBy { get; }
        public Exception? Error { get; }
        /// <summary>What is wrong with an answer that cannot be used.</summary>
        public string? Malformed { get; }
        /// <summary>The call that failed or answered badly.</summary>
        public string Operation { get; }
        /// <summary>The entity's ARN, when the service gave it before the failure.</summary>
        public string? Subject { get; }

        public static EntityRead<T> Found(T value) => new EntityRead<T>(value, null, null, null, "", null);
        public static EntityRead<T> Missing(string operation) => new EntityRead<T>(null, operation, null, null, operation, null);
        public static EntityRead<T> Failed(Exception error, string operation, string? subject = null) =>
            new EntityRead<T>(null, null, error, null, LiveFailures.Operation(error, operation), subject);
        public static EntityRead<T> Bad(string detail, string operation) => new EntityRead<T>(null, null, null, detail, operation, null);
    }

    /// <summary>
    /// The IAM entities read with one set of credentials, each at most once: users (with groups, inline and attached
    /// policies), roles, groups, managed policies, the case-insensitive role search. Reads that depend on each other start
    /// as soon as what they need arrives, so a source or a role takes few sequential round trips. Failures never throw:
    /// NoSuchEntity is "does not exist", anything else is a failed read carrying its exception; an entity is never found
    /// on partial data.
    /// </summary>
    internal sealed class IamEntityCache
    {
        private readonly IIamReader _reader;
        private readonly ConcurrentDictionary<string, Lazy<Task<EntityRead<ManagedPolicy>>>> _awsManaged;
        private readonly CancellationToken _cancel;
        private readonly ConcurrentDictionary<string, Lazy<UserEntry>> _users = new ConcurrentDictionary<string, Lazy<UserEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<RoleEntry>> _roles = new ConcurrentDictionary<string, Lazy<RoleEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<GroupEntry>> _groups = new ConcurrentDictionary<string, Lazy<GroupEntry>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<EntityRead<ManagedPolicy>>>> _policies = new ConcurrentDictionary<string, Lazy<Task<EntityRead<ManagedPolicy>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<EntityRead<ModelRole>>>> _roleSearches = new ConcurrentDictionary<string, Lazy<Task<EntityRead<ModelRole>>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _groupArns = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public IamEntityCache(IIamReader reader, string credentialsLabel,
            ConcurrentDictionary<string, Lazy<Task<EntityRead<ManagedPolicy>>>> awsManagedPolicies, CancellationToken cancel)
        {
            _reader = reader; CredentialsLabel = credentialsLabel; _awsManaged = awsManagedPolicies; _cancel = cancel;
        }

        /// <summary>The credentials these reads are made with, for messages.</summary>
        public string CredentialsLabel { get; }

        public Task<EntityRead<ModelUser>> User(string name) => UserOf(name).Result;
        public Task<EntityRead<ModelRole>> Role(string name) => RoleOf(name).Result;
        public Task<EntityRead<ModelGroup>> Group(string name) => GroupOf(name).Result;

        /// <summary>A user and everything a diagnosis of it reads: groups with their policies, managed policies, the boundary.</summary>
        public Task UserWithDependents(string name) => UserOf(name).Complete;

        /// <summary>A role and, when it is a source, its managed policies and boundary.</summary>
        public Task RoleWithDependents(string name) => RoleOf(name).Complete;

        private UserEntry UserOf(string name) => _users.GetOrAdd(name, n => new Lazy<UserEntry>(() => new UserEntry(this, n))).Value;
        private RoleEntry RoleOf(string name) => _roles.GetOrAdd(name, n => new Lazy<RoleEntry>(() => new RoleEntry(this, n))).Value;
        private GroupEntry GroupOf(string name) => _groups.GetOrAdd(name, n => new Lazy<GroupEntry>(() => new GroupEntry(this, n))).Value;

        // ------------------------------------------------------------------ users

        private sealed class UserEntry
        {
            public readonly Task<EntityRead<ModelUser>> Result;
            public readonly Task Complete;
            private readonly Task<LiveUser> _user;
            private readonly Task<IReadOnlyList<IamAttachedPolicy>> _attached;
            private readonly Task<IReadOnlyList<LiveGroup>> _groups;

            public UserEntry(IamEntityCache c, string name)
            {
                var r = c._reader; var ct = c._cancel;
                _user = Observe(r.GetUserAsync(name, ct));
                var names = Observe(r.ListUserPoliciesAsync(name, ct));
                _attached = Observe(r.ListAttachedUserPoliciesAsync(name, ct));
                _groups = Observe(r.ListGroupsForUserAsync(name, ct));
                var inline = Observe(InlineAsync(names, n => r.GetUserPolicyAsync(name, n, ct)));
                Result = BuildAsync(inline);
                Complete = DependentsAsync(c);
            }

            private async Task<EntityRead<ModelUser>> BuildAsync(Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                LiveUser u;
                try { u = await _user.ConfigureAwait(false); }
                catch (Exception e) when (LiveFailures.IsNotFound(e)) { return EntityRead<ModelUser>.Missing("iam:GetUser"); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelUser>.Failed(e, "iam:GetUser"); }
                var user = new ModelUser { Arn = u.Arn, Name = u.UserName, Path = u.Path, Id = u.UserId, PermissionsBoundaryArn = u.PermissionsBoundaryArn };
                foreach (var t in u.Tags) user.SetTag(t.Key, t.Value);
                try { foreach (var p in await inline.ConfigureAwait(false)) user.AddInlinePolicy(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument))); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelUser>.Failed(e, "iam:GetUserPolicy", u.Arn); }
                try { foreach (var p in await _attached.ConfigureAwait(false)) user.AddAttachedPolicy(new AttachedPolicy(p.PolicyName, p.PolicyArn)); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelUser>.Failed(e, "iam:ListAttachedUserPolicies", u.Arn); }
                try { foreach (var g in await _groups.ConfigureAwait(false)) user.AddGroup(g.GroupName); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelUser>.Failed(e, "iam:ListGroupsForUser", u.Arn); }
                return EntityRead<ModelUser>.Found(user);
            }

            private async Task DependentsAsync(IamEntityCache c)
            {
                // Each list starts its dependents as soon as it arrives, not when the whole user is read.
                await Task.WhenAll(
                    Result,
                    Then(_groups, groups =>
                    {
                        foreach (var g in groups) if (!string.IsNullOrEmpty(g.Arn)) c._groupArns[g.GroupName] = g.Arn;
                        return Task.WhenAll(groups.Select(g => c.GroupOf(g.GroupName).Complete));
                    }),
                    Then(_attached, list => Task.WhenAll(list.Select(p => (Task)c.Policy(p.PolicyArn)))),
                    Then(_user, u => u.PermissionsBoundaryArn == null ? Task.CompletedTask : c.Policy(u.PermissionsBoundaryArn))).ConfigureAwait(false);
            }
        }

        // ------------------------------------------------------------------ roles

        private sealed class RoleEntry
        {
            public readonly Task<EntityRead<ModelRole>> Result;
            private readonly Task<LiveRole> _role;
            private readonly Task<IReadOnlyList<IamAttachedPolicy>> _attached;
            private readonly IamEntityCache _c;
            private Task? _complete;

            public RoleEntry(IamEntityCache c, string name)
            {
                _c = c;
                var r = c._reader; var ct = c._cancel;
                _role = Observe(r.GetRoleAsync(name, ct));
                var names = Observe(r.ListRolePoliciesAsync(name, ct));
                _attached = Observe(r.ListAttachedRolePoliciesAsync(name, ct));
                var inline = Observe(InlineAsync(names, n => r.GetRolePolicyAsync(name, n, ct)));
                Result = BuildAsync(inline);
            }

            /// <summary>Started only for source roles: a target role's own policies are not evaluated.</summary>
            public Task Complete
            {
                get
                {
                    lock (this)
                        return _complete ??= Task.WhenAll(Result,
                            Then(_attached, list => Task.WhenAll(list.Select(p => (Task)_c.Policy(p.PolicyArn)))),
                            Then(_role, role => role.PermissionsBoundaryArn == null ? Task.CompletedTask : _c.Policy(role.PermissionsBoundaryArn)));
                }
            }

            private async Task<EntityRead<ModelRole>> BuildAsync(Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                LiveRole r;
                try { r = await _role.ConfigureAwait(false); }
                catch (Exception e) when (LiveFailures.IsNotFound(e)) { return EntityRead<ModelRole>.Missing("iam:GetRole"); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelRole>.Failed(e, "iam:GetRole"); }
                var role = ToModel(r);
                try { foreach (var p in await inline.ConfigureAwait(false)) role.AddInlinePolicy(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument))); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelRole>.Failed(e, "iam:GetRolePolicy", r.Arn); }
                try { foreach (var p in await _attached.ConfigureAwait(false)) role.AddAttachedPolicy(new AttachedPolicy(p.PolicyName, p.PolicyArn)); }
                catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelRole>.Failed(e, "iam:ListAttachedRolePolicies", r.Arn); }
                return EntityRead<ModelRole>.Found(role);
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
            foreach (var t in r.Tags) role.SetTag(t.Key, t.Value);
            return role;
        }

        /// <summary>A role whose name differs only in case: ListRoles, and only once GetRole said the exact name does not exist.</summary>
        public Task<EntityRead<ModelRole>> RoleIgnoringCase(string name) =>
            _roleSearches.GetOrAdd(name, n => new Lazy<Task<EntityRead<ModelRole>>>(() => RoleSearchAsync(n))).Value;

        private async Task<EntityRead<ModelRole>> RoleSearchAsync(string name)
        {
            var exact = await Role(name).ConfigureAwait(false);
            if (exact.NotFoundBy == null) return exact;
            try
            {
                var roles = await _reader.ListRolesAsync(null, _cancel).ConfigureAwait(false);
                var match = roles.FirstOrDefault(r => string.Equals(r.RoleName, name, StringComparison.OrdinalIgnoreCase));
                return match != null ? EntityRead<ModelRole>.Found(ToModel(match)) : EntityRead<ModelRole>.Missing("iam:ListRoles");
            }
            catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ModelRole>.Failed(e, "iam:ListRoles"); }
        }

        // ------------------------------------------------------------------ groups

        private sealed class GroupEntry
        {
            public readonly Task<EntityRead<ModelGroup>> Result;
            public readonly Task Complete;
            private readonly Task<IReadOnlyList<IamAttachedPolicy>> _attached;

            public GroupEntry(IamEntityCache c, string name)
            {
                var r = c._reader; var ct = c._cancel;
                var names = Observe(r.ListGroupPoliciesAsync(name, ct));
                _attached = Observe(r.ListAttachedGroupPoliciesAsync(name, ct));
                var inline = Observe(InlineAsync(names, n => r.GetGroupPolicyAsync(name, n, ct)));
                Result = BuildAsync(c, name, inline);
                Complete = Task.WhenAll(Result, Then(_attached, list => Task.WhenAll(list.Select(p => (Task)c.Policy(p.PolicyArn)))));
            }

            private async Task<EntityRead<ModelGroup>> BuildAsync(IamEntityCache c, string name, Task<IReadOnlyList<IamInlinePolicy>> inline)
            {
                var group = new ModelGroup { Arn = c._groupArns.TryGetValue(name, out var arn) ? arn : "", Name = name };
                try
                {
                    foreach (var p in await inline.ConfigureAwait(false)) group.AddInlinePolicy(new InlinePolicy(p.PolicyName, new PolicySource(p.PolicyDocument)));
                    foreach (var p in await _attached.ConfigureAwait(false)) group.AddAttachedPolicy(new AttachedPolicy(p.PolicyName, p.PolicyArn));
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    // A group listed for the user but gone now is missing data too: the user's permissions are incomplete.
                    return EntityRead<ModelGroup>.Failed(e, "iam:ListGroupPolicies", group.Arn.Length > 0 ? group.Arn : null);
                }
                return EntityRead<ModelGroup>.Found(group);
            }
        }

        // ------------------------------------------------------------------ managed policies

        /// <summary>A managed policy and its default version's document. AWS managed policies are read once for every credential set.</summary>
        public Task<EntityRead<ManagedPolicy>> Policy(string arn)
        {
            var cache = IsAwsManaged(arn) ? _awsManaged : _policies;
            return cache.GetOrAdd(arn, a => new Lazy<Task<EntityRead<ManagedPolicy>>>(() => PolicyAsync(a))).Value;
        }

        public static bool IsAwsManaged(string policyArn) => policyArn.Contains(":iam::aws:policy/");

        private async Task<EntityRead<ManagedPolicy>> PolicyAsync(string arn)
        {
            string op = "iam:GetPolicy";
            try
            {
                var policy = await _reader.GetPolicyAsync(arn, _cancel).ConfigureAwait(false);
                if (string.IsNullOrEmpty(policy.DefaultVersionId)) return EntityRead<ManagedPolicy>.Bad($"iam:GetPolicy on {arn} returned no default version", op);
                op = "iam:GetPolicyVersion";
                var version = await _reader.GetPolicyVersionAsync(arn, policy.DefaultVersionId!, _cancel).ConfigureAwait(false);
                if (version.Document == null) return EntityRead<ManagedPolicy>.Bad($"iam:GetPolicyVersion on {arn} returned no document", op);
                return EntityRead<ManagedPolicy>.Found(new ManagedPolicy(arn, policy.PolicyName.Length > 0 ? policy.PolicyName : arn, new PolicySource(version.Document)));
            }
            catch (Exception e) when (LiveFailures.IsNotFound(e)) { return EntityRead<ManagedPolicy>.Missing(op); }
            catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<ManagedPolicy>.Failed(e, op, arn); }
        }

        // ------------------------------------------------------------------ identity providers, aliases

        private Lazy<Task<EntityRead<IdentityProviderList>>>? _providers;
        private Lazy<Task<EntityRead<IReadOnlyList<string>>>>? _aliases;

        /// <summary>The account's OIDC and SAML providers, read once (ListOpenIDConnectProviders, GetOpenIDConnectProvider, ListSAMLProviders).</summary>
        public Task<EntityRead<IdentityProviderList>> IdentityProviders()
        {
            lock (this) _providers ??= new Lazy<Task<EntityRead<IdentityProviderList>>>(ProvidersAsync);
            return _providers.Value;
        }

        private async Task<EntityRead<IdentityProviderList>> ProvidersAsync()
        {
            try { return EntityRead<IdentityProviderList>.Found(await IdentityProviderList.ReadAsync(_reader, _cancel).ConfigureAwait(false)); }
            catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<IdentityProviderList>.Failed(e, "iam:ListOpenIDConnectProviders"); }
        }

        /// <summary>The account's aliases (ListAccountAliases), read once.</summary>
        public Task<EntityRead<IReadOnlyList<string>>> Aliases()
        {
            lock (this) _aliases ??= new Lazy<Task<EntityRead<IReadOnlyList<string>>>>(AliasesAsync);
            return _aliases.Value;
        }

        private async Task<EntityRead<IReadOnlyList<string>>> AliasesAsync()
        {
            try { return EntityRead<IReadOnlyList<string>>.Found(await _reader.ListAccountAliasesAsync(_cancel).ConfigureAwait(false)); }
            catch (Exception e) when (!(e is OperationCanceledException)) { return EntityRead<IReadOnlyList<string>>.Failed(e, "iam:ListAccountAliases"); }
        }

        // ------------------------------------------------------------------ task helpers

        /// <summary>Marks a task's exception as observed: failures are reported through the entity's read instead.</summary>
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
    }
}
