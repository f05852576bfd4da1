using System.Collections.Generic;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>Gaps in a snapshot folder: which file lacks what, and how to add it.</summary>
    public sealed class SnapshotPhrasing : PlainPhrasing
    {
        public static new readonly SnapshotPhrasing Instance = new SnapshotPhrasing();

        public override string Describe(DataGap gap)
        {
            string file = FileOf(gap);
            switch (gap.Kind)
            {
                case DataGapKind.Field:
                    return $"{file}: {gap.Subject}: {gap.Detail}";
                case DataGapKind.Account:
                    return gap.Detail == null ? $"account {gap.AccountId} is not in the snapshot (no readable {file})" : $"{file} cannot be used ({gap.Detail})";
                case DataGapKind.Partition:
                    return $"{file} describes account {gap.AccountId} in another partition than {gap.Subject} names ({gap.Detail})";
                case DataGapKind.Group:
                    return $"group '{gap.Subject}' is missing from {file}";
                case DataGapKind.ManagedPolicy:
                    return $"managed policy {gap.Subject} (or its default version) is missing from {file}";
                case DataGapKind.Organization when gap.Cause == DataGapCause.NotCollected && gap.Detail == null:
                    return "the snapshot has no organization.json, so nothing is known about SCPs and RCPs";
                case DataGapKind.Organization:
                case DataGapKind.OrganizationMembership:
                    return gap.Subject == null || gap.Kind == DataGapKind.OrganizationMembership ? $"organization.json: {gap.Detail}" : $"organization.json: {gap.Subject}: {gap.Detail}";
                case DataGapKind.IdentityProviders when gap.Subject != null:
                    return $"{file}: {gap.Subject}: {gap.Detail}";
                case DataGapKind.IdentityProviders when gap.Cause == DataGapCause.Malformed:
                    return $"{file} cannot be used ({gap.Detail})";
                case DataGapKind.IdentityProviders:
                    return $"the snapshot has no {file}, so the identity providers of account {gap.AccountId} are not known";
                case DataGapKind.AccountAlias when gap.Cause == DataGapCause.NotCollected:
                    return $"no account file of the snapshot lists the alias '{gap.Subject}', and {gap.Detail}, so which account it names is not known";
                case DataGapKind.AccountAlias:
                    return $"which account the alias '{gap.Subject}' names cannot be told: {gap.Detail}";
                default:
                    return base.Describe(gap);
            }
        }

        public override string Remedy(DataGap gap)
        {
            string file = FileOf(gap);
            switch (gap.Kind)
            {
                case DataGapKind.Field:
                    return $"Correct {file} ({gap.Subject}) or collect it again with Save-RoleTrustSnapshot.";
                case DataGapKind.Partition:
                    return $"Check the partition in {gap.Subject}: account IDs are unique only within a partition, and {file} describes another one.";
                case DataGapKind.Account:
                    return $"Add {file} to the snapshot (aws iam get-account-authorization-details --output json, or Save-RoleTrustSnapshot -AccountId {gap.AccountId}).";
                case DataGapKind.Group:
                case DataGapKind.ManagedPolicy:
                case DataGapKind.User:
                case DataGapKind.Role:
                    return $"Collect {file} again with every page of get-account-authorization-details (or with Save-RoleTrustSnapshot).";
                case DataGapKind.Organization when gap.Cause == DataGapCause.NotCollected:
                    return "Add organization.json to the snapshot (Save-RoleTrustSnapshot -IncludeOrganization, or by hand from the Organizations API).";
                case DataGapKind.Organization:
                case DataGapKind.OrganizationMembership:
                    return "Correct organization.json or collect it again with Save-RoleTrustSnapshot -IncludeOrganization.";
                case DataGapKind.IdentityProviders when gap.Cause == DataGapCause.Malformed || gap.Subject != null:
                    return $"Correct {file}{(gap.Subject == null ? "" : $" ({gap.Subject})")} or collect it again with Save-RoleTrustSnapshot.";
                case DataGapKind.IdentityProviders:
                    return $"Add {file} (Save-RoleTrustSnapshot writes it; see README: Snapshot format).";
                case DataGapKind.AccountAlias when gap.Cause == DataGapCause.NotCollected:
                    return "Add AccountAliases to the account files (aws iam list-account-aliases; Save-RoleTrustSnapshot writes them), or name the account by its 12-digit id.";
                case DataGapKind.AccountAlias:
                    return "Correct AccountAliases in the account files, or name the account by its 12-digit id.";
                default:
                    return base.Remedy(gap);
            }
        }

        public override string RemedyForRequestKeys(IReadOnlyList<string> keys) => RequestKeyRemedy.For(keys);

        private static string FileOf(DataGap gap) =>
            gap.Kind == DataGapKind.IdentityProviders ? $"providers/{gap.AccountId}.json"
            : gap.Kind == DataGapKind.Organization || gap.Kind == DataGapKind.OrganizationMembership || gap.AccountId == null ? "organization.json"
            : $"accounts/{gap.AccountId}.json";
    }
}
