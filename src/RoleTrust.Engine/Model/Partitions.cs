using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Model
{
    /// <summary>
    /// The AWS partitions: each has its own IAM, and credentials of one are not valid in another, so an AssumeRole
    /// path never crosses partitions. The list is the one the AWS SDK's endpoint data names (AWSSDK.Core 4.1).
    /// </summary>
    public static class Partitions
    {
        public static readonly IReadOnlyList<string> Known = new[]
        {
            "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
        };

        private static readonly HashSet<string> KnownSet = new HashSet<string>(Known, StringComparer.Ordinal);

        /// <summary>True for a partition name AWS uses (case-sensitive, as in ARNs).</summary>
        public static bool IsKnown(string? partition) => partition != null && KnownSet.Contains(partition);
    }
}
