using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;
using ModelGroup = RoleTrust.Engine.Model.IamGroup;
using ModelRole = RoleTrust.Engine.Model.IamRole;
using ModelUser = RoleTrust.Engine.Model.IamUser;

namespace RoleTrust.Aws.Live
{
    /// <summary>
    /// <see cref="IAccountDataSource"/> over live AWS for one command: every account is read with the credentials
    /// <see cref="CredentialRouting"/> finds for it, from their cache, so each entity is read once per command however
    /// many paths ask for it. An account no credentials can read is Unavailable at once, with the reason. The
    /// synchronous interface waits on the cached reads (cmdlets are synchronous); <see cref="LiveDiagnosis.PrefetchAsync"/>
    /// starts them all first so that one path takes few sequential round trips.
    /// </summary>
    internal sealed class LiveAccountData : IAccountDataSource, IFederationDataSource
    {
        private readonly CredentialRouting _routing;
        private readonly LiveMemberships _memberships;

        public LiveAccountData(CredentialRouting routing, LiveMemberships memberships)
        {
            _routing = routing; _memberships = memberships;
        }

        public IDataGapPhrasing Phrasing => LivePhrasing.Instance;

        public Lookup<ModelUser> GetUser(string accountId, string userName) => Wait(UserAsync(accountId, userName));
        public Lookup<ModelRole> GetRole(string accountId, string roleName) => Wait(RoleAsync(accountId, roleName));
        public Lookup<ModelRole> FindRoleIgnoringCase(string accountId, string roleName) => Wait(RoleIgnoringCaseAsync(accountId, roleName));
        public Lookup<ModelGroup> GetGroup(string accountId, string groupName) => Wait(GroupAsync(accountId, groupName));
        public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId) => Wait(ManagedPolicyAsync(policyArn, viewingAccountId));
        public Lookup<OrganizationMembership> GetMembership(string accountId) => Wait(_memberships.OfAsync(accountId));

        private string Arn(string account, string type, string name) => $"arn:{_routing.Partition}:iam::{account}:{type}/{name}";

        public async Task<Lookup<ModelUser>> UserAsync(string account, string name)
        {
            string arn = Arn(account, "user", name);
            var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return Lookup<ModelUser>.Unavailable(route.Gap(DataGapKind.User, arn));
            var read = await route.Credentials.Entities.User(name).ConfigureAwait(false);
            return Convert(read, DataGapKind.User, account, arn, $"account {account} has no IAM user named '{name}'", route.Credentials);
        }

        public async Task<Lookup<ModelRole>> RoleAsync(string account, string name)
        {
            string arn = Arn(account, "role", name);
            var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return Lookup<ModelRole>.Unavailable(route.Gap(DataGapKind.Role, arn));
            var read = await route.Credentials.Entities.Role(name).ConfigureAwait(false);
            return Convert(read, DataGapKind.Role, account, arn, $"account {account} has no role named '{name}'", route.Credentials);
        }

        public async Task<Lookup<ModelRole>> RoleIgnoringCaseAsync(string account, string name)
        {
            var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return Lookup<ModelRole>.Unavailable(route.Gap(DataGapKind.Role, $"account {account}"));
            var read = await route.Credentials.Entities.RoleIgnoringCase(name).ConfigureAwait(false);
            return Convert(read, DataGapKind.Role, account, $"account {account}", $"account {account} has no role named like '{name}'", route.Credentials);
        }

        public async Task<Lookup<ModelGroup>> GroupAsync(string account, string name)
        {
            string arn = Arn(account, "group", name);
            var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return Lookup<ModelGroup>.Unavailable(route.Gap(DataGapKind.Group, arn));
            var read = await route.Credentials.Entities.Group(name).ConfigureAwait(false);
            if (read.Value != null && read.Value.Arn.Length == 0) read.Value.Arn = arn;
            return Convert(read, DataGapKind.Group, account, arn, $"account {account} has no IAM group named '{name}'", route.Credentials);
        }

        /// <summary>
        /// A customer managed policy is read in its own account; an AWS managed one with the credentials of the account
        /// viewing it, or any credentials given (AWS managed policies are the same everywhere and readable by all).
        /// </summary>
        public async Task<Lookup<ManagedPolicy>> ManagedPolicyAsync(string policyArn, string viewingAccountId)
        {
            bool awsManaged = IamEntityCache.IsAwsManaged(policyArn);
            string owner = !awsManaged && Engine.Model.Arn.TryParse(policyArn, out var parsed) && Engine.Model.Arn.IsAccountId(parsed.Account) ? parsed.Account : viewingAccountId;
            var route = await _routing.ForAccountAsync(owner).ConfigureAwait(false);
            var credentials = route.Credentials ?? (awsManaged ? _routing.Caller : null);
            if (credentials == null) return Lookup<ManagedPolicy>.Unavailable(route.Gap(DataGapKind.ManagedPolicy, policyArn));
            var read = await credentials.Entities.Policy(policyArn).ConfigureAwait(false);
            if (read.Malformed != null)
                return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.Malformed, owner, policyArn, read.Operation, read.Malformed));
            return Convert(read, DataGapKind.ManagedPolicy, owner, policyArn, $"managed policy {policyArn} does not exist ({read.NotFoundBy} said NoSuchEntity)", credentials);
        }

        public Lookup<IdentityProviderSet> GetIdentityProviders(string accountId) => Wait(IdentityProvidersAsync(accountId));
        public Lookup<string> FindAccountByAlias(string alias) => Wait(AccountByAliasAsync(alias));

        /// <summary>The role account's identity providers, read with the credentials that read that account.</summary>
        public async Task<Lookup<IdentityProviderSet>> IdentityProvidersAsync(string account)
        {
            string subject = $"the identity providers of account {account}";
            var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
            if (route.Credentials == null) return Lookup<IdentityProviderSet>.Unavailable(route.Gap(DataGapKind.IdentityProviders, subject));
            var read = await route.Credentials.Entities.IdentityProviders().ConfigureAwait(false);
            if (read.Value != null) return Lookup<IdentityProviderSet>.Found(read.Value.ToModel(account));
            return Lookup<IdentityProviderSet>.Unavailable(LiveFailures.Gap(DataGapKind.IdentityProviders, read.Error!, read.Operation, subject, account, route.Credentials.Label));
        }

        /// <summary>
        /// The account whose ListAccountAliases holds the alias, among the accounts the credentials given belong to (the
        /// caller's, -TargetCredential, -OrganizationCredential, the profiles of -AccountProfileName). Accounts read only
        /// through an audit role cannot be listed, so an alias none of these has is not found, with that said.
        /// </summary>
        public async Task<Lookup<string>> AccountByAliasAsync(string alias)
        {
            var sets = new List<CredentialSet>(_routing.Given);
            foreach (var account in _routing.ProfileAccounts)
            {
                var route = await _routing.ForAccountAsync(account).ConfigureAwait(false);
                if (route.Credentials != null && !sets.Contains(route.Credentials)) sets.Add(route.Credentials);
            }
            var searched = new List<string>();
            DataGap? failed = null;
            foreach (var set in sets)
            {
                string? account = await set.AccountAsync().ConfigureAwait(false);
                if (account == null) continue;
                var read = await set.Entities.Aliases().ConfigureAwait(false);
                if (read.Value == null)
                {
                    failed ??= LiveFailures.Gap(DataGapKind.AccountAlias, read.Error!, read.Operation, alias, account, set.Label);
                    continue;
                }
                if (read.Value.Contains(alias)) return Lookup<string>.Found(account);
                searched.Add($"{account} ({set.Label})");
            }
            if (failed != null)
                return Lookup<string>.Unavailable(new DataGap(failed.Kind, failed.Cause, failed.AccountId, failed.Subject, failed.Operation,
                    failed.Detail + (searched.Count == 0 ? "" : "; not in ListAccountAliases of " + string.Join(", ", searched))));
            return Lookup<string>.NotFound(
                $"none of the accounts the credentials given belong to has the alias '{alias}' ({(searched.Count == 0 ? "no account could be identified" : "ListAccountAliases in " + string.Join(", ", searched))}); " +
                "an account read only through -AuditRoleName cannot be searched by alias");
        }

        private static Lookup<T> Convert<T>(EntityRead<T> read, DataGapKind kind, string account, string subject, string notFound, CredentialSet credentials) where T : class
        {
            if (read.Value != null) return Lookup<T>.Found(read.Value);
            if (read.NotFoundBy != null) return Lookup<T>.NotFound(notFound);
            if (read.Malformed != null) return Lookup<T>.Unavailable(new DataGap(kind, DataGapCause.Malformed, account, subject, read.Operation, read.Malformed));
            return Lookup<T>.Unavailable(LiveFailures.Gap(kind, read.Error!, read.Operation, read.Subject ?? subject, account, credentials.Label));
        }

        private static T Wait<T>(Task<T> task) => task.IsCompleted ? task.Result : Task.Run(() => task).GetAwaiter().GetResult();
    }
}
