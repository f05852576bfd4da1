using System.Collections.Generic;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The role exists at exactly the ARN asked for (partition, account, path, case); suggests the close match.</summary>
    internal sealed class TargetRoleCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.TargetRole;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var role = f.Role;
            string? sourcePartition = f.Source.Principal.Partition;
            if (sourcePartition != null && sourcePartition != role.Arn.Partition)
                return Make(f, CheckStatus.Fail,
                    $"The source is in partition {sourcePartition} and the role in partition {role.Arn.Partition}: AssumeRole never crosses partitions (each has its own IAM, and credentials of one are not valid in another).",
                    fix: $"Assume the role with a principal of partition {role.Arn.Partition}, or correct the partition in the ARN if it is a typing error; across partitions only web identity federation works (sts:GetWebIdentityToken, then AssumeRoleWithWebIdentity).");
            if (role.Lookup.Status == LookupStatus.Unavailable)
                return Make(f, CheckStatus.Unknown, $"Cannot tell whether the role exists: {f.Phrasing.Describe(role.Lookup.Gap!)}.", fix: f.Phrasing.Remedy(role.Lookup.Gap!));
            // A missing role and a denied request give the same short AccessDenied.
            string error = $"AccessDenied: User: {f.Request.SourceArn} is not authorized to perform: sts:AssumeRole on resource: {f.Request.RoleArn}";
            if (role.Role == null)
            {
                var similar = role.Similar?.Value;
                string hint = similar != null ? $" A role named '{similar.Name}' exists ({similar.Arn}): role names are case-sensitive at assume time." : "";
                return Make(f, CheckStatus.Fail, $"Account {role.AccountId} has no role named '{role.Name}'.{hint}",
                    fix: similar != null ? $"Use the exact ARN {similar.Arn}." : "Check the account ID and role name; a missing role gives the same AccessDenied as a denied request.",
                    errorText: error);
            }
            if (role.Role.Arn != f.Request.RoleArn)
                return Make(f, CheckStatus.Fail, $"The role exists as {role.Role.Arn}, not {f.Request.RoleArn}: the path must be part of the ARN.",
                    fix: $"Use the exact ARN {role.Role.Arn}.", errorText: error);
            return Make(f, CheckStatus.Pass, $"Role {role.Role.Arn} exists.");
        }
    }
}
