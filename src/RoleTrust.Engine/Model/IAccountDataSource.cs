namespace RoleTrust.Engine.Model
{
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

        /// <summary>
        /// Where the account sits in AWS Organizations and the SCP and RCP levels above it; Unavailable when that
        /// cannot be told (then SCP and RCP checks are Unknown).
        /// </summary>
        Lookup<OrganizationMembership> GetMembership(string accountId);

        /// <summary>How this source words its gaps and their remedies.</summary>
        IDataGapPhrasing Phrasing { get; }
    }
}
