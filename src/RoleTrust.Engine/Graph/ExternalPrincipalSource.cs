using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// The data, plus stand-ins for principals in accounts the data does not hold: a user or role there is taken to be
    /// allowed by its own account's policies (which cannot be seen), so that the role's side (trust, its conditions,
    /// RCPs) is evaluated by exactly the path checks' rules.
    /// </summary>
    internal sealed class ExternalPrincipalSource : IAccountDataSource
    {
        private const string AllowAssumeRole = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}";
        private readonly IAccountDataSource _data;
        private readonly ISet<string> _accountsInData;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _paths =
            new System.Collections.Concurrent.ConcurrentDictionary<string, string>(System.StringComparer.Ordinal);

        public ExternalPrincipalSource(IAccountDataSource data, ISet<string> accountsInData) { _data = data; _accountsInData = accountsInData; }

        /// <summary>True when the account has a file in the data.</summary>
        public bool HoldsAccount(string accountId) => _accountsInData.Contains(accountId);

        /// <summary>Remembers the path of a principal named outside the data, so its stand-in has exactly that ARN.</summary>
        public void Name(PrincipalIdentity principal)
        {
            if (principal.Path != null && principal.Name != null) _paths[principal.AccountId + "/" + principal.Name] = principal.Partition + "|" + principal.Path;
        }

        /// <summary>"arn:aws:iam::123456789012:user/path/" for a stand-in user (or role).</summary>
        private string Prefix(string accountId, string name, string kind)
        {
            string partition = "aws", path = "/";
            if (_paths.TryGetValue(accountId + "/" + name, out var known)) { int bar = known.IndexOf('|'); partition = known.Substring(0, bar); path = known.Substring(bar + 1); }
            return $"arn:{partition}:iam::{accountId}:{kind}{path}";
        }

        public Lookup<IamUser> GetUser(string accountId, string userName)
        {
            if (_accountsInData.Contains(accountId)) return _data.GetUser(accountId, userName);
            string prefix = Prefix(accountId, userName, "user");
            var user = new IamUser { Name = userName, Path = prefix.Substring(prefix.IndexOf(":user") + 5), Arn = prefix + userName };
            user.AddInlinePolicy(new InlinePolicy("(its own account's policies)", new PolicySource(AllowAssumeRole)));
            return Lookup<IamUser>.Found(user);
        }

        [MethodImpl(HotPath.Options)]
        public Lookup<IamRole> GetRole(string accountId, string roleName)
        {
            if (_accountsInData.Contains(accountId)) return _data.GetRole(accountId, roleName);
            string prefix = Prefix(accountId, roleName, "role");
            var role = new IamRole { Name = roleName, Path = prefix.Substring(prefix.IndexOf(":role") + 5), Arn = prefix + roleName };
            role.AddInlinePolicy(new InlinePolicy("(its own account's policies)", new PolicySource(AllowAssumeRole)));
            return Lookup<IamRole>.Found(role);
        }

        public Lookup<IamRole> FindRoleIgnoringCase(string accountId, string roleName) => _data.FindRoleIgnoringCase(accountId, roleName);
        public Lookup<IamGroup> GetGroup(string accountId, string groupName) => _data.GetGroup(accountId, groupName);
        [MethodImpl(HotPath.Options)]
        public Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId) => _data.GetManagedPolicy(policyArn, viewingAccountId);
        [MethodImpl(HotPath.Options)]
        public Lookup<OrganizationMembership> GetMembership(string accountId) => _data.GetMembership(accountId);
        public IDataGapPhrasing Phrasing => _data.Phrasing;
    }
}
