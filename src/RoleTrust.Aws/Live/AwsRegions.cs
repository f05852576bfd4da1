using System;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon;

namespace RoleTrust.Aws.Live
{
    /// <summary>What a region name checks out as: usable as it is, or usable with a warning.</summary>
    public sealed class RegionCheck
    {
        internal RegionCheck(string region, string partition, string? warning) { Region = region; Partition = partition; Warning = warning; }

        /// <summary>The region in lower case, trimmed.</summary>
        public string Region { get; }
        public string Partition { get; }
        /// <summary>Set when the SDK in use does not know the region (a new region, or a typing mistake that still looks like one).</summary>
        public string? Warning { get; }
    }

    /// <summary>
    /// Checks a region name before any endpoint is built from it, so that a bad name is an error naming the region,
    /// not a DNS failure: the name must look like a region of a partition RoleTrust supports; a well-formed name the
    /// SDK does not list (a region newer than the SDK) is used with a warning.
    /// </summary>
    public static class AwsRegions
    {
        // What every region name looks like (us-east-1, us-gov-west-1, ap-southeast-7): letters, dashes, a number.
        private static readonly Regex Shape = new Regex(@"^[a-z]{2,}(-[a-z]+)+-\d+$", RegexOptions.CultureInvariant);

        /// <summary>Throws <see cref="AwsRegionException"/> for a name that cannot be a region of a supported partition.</summary>
        public static RegionCheck Check(string region, string? source = null)
        {
            string from = source == null ? "" : $" (from {source})";
            if (string.IsNullOrWhiteSpace(region)) throw new AwsRegionException($"The region{from} is empty.", region ?? "");
            string name = region.Trim().ToLowerInvariant();
            string partition = AwsEndpoints.PartitionOf(name); // rejects isolated partitions
            bool known = RegionEndpoint.EnumerableAllRegions.Any(r => string.Equals(r.SystemName, name, StringComparison.Ordinal));
            if (known) return new RegionCheck(name, partition, null);
            if (!Shape.IsMatch(name))
                throw new AwsRegionException(
                    $"'{region}'{from} is not an AWS region name (expected a name such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1).", region);
            return new RegionCheck(name, partition,
                $"Region '{name}'{from} is not known to the AWS SDK in use; RoleTrust calls STS at sts.{name}.{AwsEndpoints.DnsSuffix(partition)}. " +
                "If the name is mistyped, the calls fail as EndpointUnreachable.");
        }
    }
}
