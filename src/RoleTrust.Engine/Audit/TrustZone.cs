using System;
using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Audit
{
    /// <summary>
    /// Which accounts count as "of the organization" when auditing trust: the organization's accounts when its
    /// structure is known, otherwise the accounts whose data is audited (everything else is outside).
    /// </summary>
    public sealed class TrustZone
    {
        private readonly HashSet<string> _accounts;

        private readonly string? _name;

        private TrustZone(HashSet<string> accounts, string? organizationId, string? name = null)
        {
            _accounts = accounts; OrganizationId = organizationId; _name = name;
        }

        /// <summary>The organization's id when the zone is an organization; null when it is a list of known accounts.</summary>
        public string? OrganizationId { get; }
        public bool IsOrganization => OrganizationId != null;
        public IReadOnlyCollection<string> Accounts => _accounts;

        public static TrustZone FromOrganization(OrganizationData organization) =>
            new TrustZone(new HashSet<string>(organization.Accounts, StringComparer.Ordinal), organization.Id);

        public static TrustZone FromOrganization(string organizationId, IEnumerable<string> accountIds) =>
            new TrustZone(new HashSet<string>(accountIds, StringComparer.Ordinal), organizationId);

        /// <summary>
        /// No organization data: the accounts audited are the zone. <paramref name="name"/> says what the accounts are
        /// when they are not simply the audited ones (e.g. "the accounts named as the organization's").
        /// </summary>
        public static TrustZone FromAccounts(IEnumerable<string> accountIds, string? name = null) =>
            new TrustZone(new HashSet<string>(accountIds, StringComparer.Ordinal), null, name);

        public bool Contains(string accountId) => _accounts.Contains(accountId);

        /// <summary>"organization o-abc" or "the audited accounts", for messages.</summary>
        public string Name => IsOrganization ? "organization " + OrganizationId : _name ?? "the audited accounts (no organization data)";

        public override string ToString() => Name;
    }
}
