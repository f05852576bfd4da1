using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>
    /// Source-neutral wording of gaps, for data sources that have no remedies of their own to offer (and the base the
    /// snapshot and live wordings build on).
    /// </summary>
    public class PlainPhrasing : IDataGapPhrasing
    {
        public static readonly PlainPhrasing Instance = new PlainPhrasing();

        public virtual string Describe(DataGap gap)
        {
            if (gap.Kind == DataGapKind.Partition) return gap.Detail ?? $"the data holds account {gap.AccountId} in another partition than {gap.Subject} names";
            string what = Subject(gap);
            string why = gap.Cause switch
            {
                DataGapCause.NotCollected => "is not in the data",
                DataGapCause.NoCredentials => "cannot be read with the credentials given",
                DataGapCause.AccessDenied => $"could not be read: {gap.Operation ?? "the read"} was denied",
                DataGapCause.CredentialsRejected => "could not be read: AWS rejected the credentials",
                DataGapCause.ServiceError => "could not be read: the service did not answer usefully",
                _ => "cannot be used",
            };
            return gap.Detail == null ? $"{what} {why}" : $"{what} {why} ({gap.Detail})";
        }

        public virtual string Remedy(DataGap gap) => gap.Kind == DataGapKind.Partition
            ? $"Check the partition of {gap.Subject}: account IDs are unique only within a partition, and the data describes another one."
            : gap.Cause switch
        {
            DataGapCause.Malformed when gap.Kind == DataGapKind.PolicyDocument => $"Correct {Subject(gap)}, or check this layer by hand: RoleTrust cannot evaluate it.",
            DataGapCause.Malformed => $"Correct {Subject(gap)} in the data.",
            DataGapCause.AccessDenied => $"Allow {gap.Operation ?? "the read"} to the credentials used.",
            DataGapCause.CredentialsRejected => "Refresh the credentials.",
            DataGapCause.ServiceError => "Try again later.",
            _ => $"Add {Subject(gap)} to the data.",
        };

        public virtual string RemedyForRequestKeys(IReadOnlyList<string> keys) =>
            $"State {string.Join(", ", keys)} in the request context to evaluate it.";

        /// <summary>"account 222222222222", "managed policy arn:...", "the organization o-..."</summary>
        protected static string Subject(DataGap gap) => gap.Kind switch
        {
            DataGapKind.Account => $"account {gap.AccountId}",
            DataGapKind.User => $"user {gap.Subject}",
            DataGapKind.Role => $"role {gap.Subject}",
            DataGapKind.Group => $"group {gap.Subject}",
            DataGapKind.ManagedPolicy => $"policy {gap.Subject}",
            DataGapKind.Organization => gap.Subject == null ? "the organization" : $"organization {gap.Subject}",
            DataGapKind.OrganizationMembership => $"the organization membership of account {gap.AccountId}",
            DataGapKind.IdentityProviders => $"the identity providers of account {gap.AccountId}",
            DataGapKind.AccountAlias => $"the account with alias '{gap.Subject}'",
            DataGapKind.PolicyDocument => $"policy {gap.Subject}",
            _ => gap.Subject ?? "a field",
        };
    }
}
