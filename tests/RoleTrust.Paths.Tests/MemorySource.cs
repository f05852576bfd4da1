using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Paths.Tests
{
    /// <summary>An in-memory data source, for tests that shape the data field by field (malformed fields, membership kinds).</summary>
    internal sealed class MemorySource : IAccountDataSource, IFederationDataSource
    {
        /// <summary>Identity providers by account; an account absent here has them Unavailable (not collected).</summary>
        public Dictionary<string, IdentityProviderSet> Providers { get; } = new Dictionary<string, IdentityProviderSet>();
        public Dictionary<string, string> Aliases { get; } = new Dictionary<string, string>();

        public Lookup<IdentityProviderSet> GetIdentityProviders(string accountId) =>
            Providers.TryGetValue(accountId, out var p) ? Lookup<IdentityProviderSet>.Found(p)
                : Lookup<IdentityProviderSet>.Unavailable(new DataGap(DataGapKind.IdentityProviders, DataGapCause.NotCollected, accountId));

        public Lookup<string> FindAccountByAlias(string alias) =>
            Aliases.TryGetValue(alias, out var a) ? Lookup<string>.Found(a) : Lookup<string>.NotFound($"no account has the alias '{alias}'");

        public Dictionary<string, AccountData> Accounts { get; } = new Dictionary<string, AccountData>();
        public OrganizationData? Organization { get; set; }
        public Dictionary<string, OrganizationMembership> Memberships { get; } = new Dictionary<string, OrganizationMembership>();

        public AccountData Account(string id)
        {
            if (!Accounts.TryGetValue(id, out var a)) Accounts[id] = a = new AccountData(id);
            return a;
        }

        private Lookup<T> Find<T>(string account, System.Func<AccountData, T?> find, string what) where T : class
        {
            if (!Accounts.TryGetValue(account, out var a)) return Lookup<T>.Unavailable(new DataGap(DataGapKind.Account, DataGapCause.NotCollected, account));
            var found = find(a);
            return found != null ? Lookup<T>.Found(found) : Lookup<T>.NotFound($"account {account} has no {what}");
        }

        public Lookup<IamUser> GetUser(string accountId, string userName) => Find(accountId, a => a.Users.TryGetValue(userName, out var u) ? u : null, "user " + userName);
        public Lookup<IamRole> GetRole(string accountId, string roleName) => Find(accountId, a => a.Roles.TryGetValue(roleName, out var r) ? r : null, "role " + roleName);
        public Lookup<IamRole> FindRoleIgnoringCase(string accountId, string roleName) => Find(accountId, a => a.FindRoleIgnoringCase(roleName), "role like " + roleName);
        public Lookup<IamGroup> GetGroup(string accountId, string groupName) => Find(accountId, a => a.Groups.TryGetValue(groupName, out var g) ? g : null, "group " + groupName);

        public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId)
        {
            foreach (var a in Accounts.Values) if (a.Policies.TryGetValue(policyArn, out var p)) return Lookup<ManagedPolicy>.Found(p);
            return Lookup<ManagedPolicy>.Unavailable(new DataGap(DataGapKind.ManagedPolicy, DataGapCause.NotCollected, viewingAccountId, policyArn));
        }

        public Lookup<OrganizationMembership> GetMembership(string accountId)
        {
            if (Memberships.TryGetValue(accountId, out var m)) return Lookup<OrganizationMembership>.Found(m);
            return Organization != null ? Organization.MembershipOf(accountId)
                : Lookup<OrganizationMembership>.Unavailable(new DataGap(DataGapKind.Organization, DataGapCause.NotCollected));
        }

        public IDataGapPhrasing Phrasing => PlainPhrasing.Instance;

        // ------------------------------------------------------------ building data

        public const string AllowAssumeAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";

        public IamUser AddUser(string account, string name, string? inlinePolicy = AllowAssumeAll)
        {
            var u = new IamUser { Name = name, Arn = $"arn:aws:iam::{account}:user/{name}", Id = "AIDA" + name.ToUpperInvariant().PadRight(17, 'X') };
            if (inlinePolicy != null) u.AddInlinePolicy(new InlinePolicy("Inline", new PolicySource(inlinePolicy)));
            Account(account).Users[name] = u;
            return u;
        }

        public IamRole AddRole(string account, string name, string trustPolicy, string path = "/")
        {
            var r = new IamRole { Name = name, Path = path, Arn = $"arn:aws:iam::{account}:role{path}{name}", Id = "AROA" + name.ToUpperInvariant().PadRight(17, 'X'), TrustPolicy = new PolicySource(trustPolicy) };
            Account(account).Roles[name] = r;
            return r;
        }

        /// <summary>A trust policy with one statement: Principal, Action sts:AssumeRole (plus more), optional Effect and Condition JSON.</summary>
        public static string Trust(string principalJson, string? conditionJson = null, string effect = "Allow", string actions = "\"sts:AssumeRole\"") =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + principalJson + ",\"Action\":" + actions
            + (conditionJson == null ? "" : ",\"Condition\":" + conditionJson) + "}]}";

        /// <summary>The trust statements in order, as one document.</summary>
        public static string TrustOf(params string[] statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

        public static OrganizationMembership Member(string account, string orgId = "o-mine", string management = "999999999999",
            PolicyTypeState scp = PolicyTypeState.Enabled, PolicyTypeState rcp = PolicyTypeState.Enabled, params OrganizationPolicy[] rcps)
        {
            var fullAccess = new OrganizationPolicy("p-FullAWSAccess", "FullAWSAccess", OrganizationPolicy.ServiceControlPolicyType,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", new string[0], null);
            var levels = new List<OrganizationLevel>
            {
                new OrganizationLevel("r-root", "Root", new[] { fullAccess }, rcps),
                new OrganizationLevel(account, null, new[] { fullAccess }, new OrganizationPolicy[0]),
            };
            return OrganizationMembership.Member(account, orgId, management, levels, scp, rcp);
        }
    }
}
