namespace RoleTrust.Engine.Model
{
    public enum LookupStatus
    {
        Found,
        /// <summary>The data is complete and the thing does not exist.</summary>
        NotFound,
        /// <summary>The data needed is missing or could not be read: checks that need it are Unknown.</summary>
        Unavailable,
    }

    /// <summary>A lookup result that keeps "does not exist" apart from "could not tell".</summary>
    public sealed class Lookup<T> where T : class
    {
        private Lookup(LookupStatus status, T? value, string? reason) { Status = status; Value = value; Reason = reason; }
        public LookupStatus Status { get; }
        public T? Value { get; }
        /// <summary>Why the value is missing: which data or permission would resolve it.</summary>
        public string? Reason { get; }

        public static Lookup<T> Found(T value) => new Lookup<T>(LookupStatus.Found, value, null);
        public static Lookup<T> NotFound(string reason) => new Lookup<T>(LookupStatus.NotFound, null, reason);
        public static Lookup<T> Unavailable(string reason) => new Lookup<T>(LookupStatus.Unavailable, null, reason);
    }

    /// <summary>
    /// Where account and organization data come from: snapshot folders or live AWS. Every path check works
    /// the same on both, so all data reaches the engine through this interface.
    /// </summary>
    public interface IAccountDataSource
    {
        /// <summary>An IAM user by exact name. Unavailable when the account's data is missing or unreadable.</summary>
        Lookup<IamUser> GetUser(string accountId, string userName);

        /// <summary>An IAM role by exact name (names are case-sensitive at assume time).</summary>
        Lookup<IamRole> GetRole(string accountId, string roleName);

        /// <summary>A role whose name differs only in case, for "did you mean" suggestions.</summary>
        Lookup<IamRole> FindRoleIgnoringCase(string accountId, string roleName);

        Lookup<IamGroup> GetGroup(string accountId, string groupName);

        /// <summary>A managed policy by ARN; AWS-managed ones may come from any account's data.</summary>
        Lookup<ManagedPolicy> GetManagedPolicy(string policyArn, string viewingAccountId);

        /// <summary>The organization; Unavailable when the data has none (then SCPs and RCPs are unknown).</summary>
        Lookup<OrganizationData> GetOrganization();
    }
}
