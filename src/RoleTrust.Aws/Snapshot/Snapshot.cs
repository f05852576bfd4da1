using System;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Cases;

namespace RoleTrust
{
    /// <summary>
    /// A loaded, indexed snapshot folder (Import-RoleTrustSnapshot); every -Snapshot parameter accepts it. Its public
    /// properties are plain values, so ConvertTo-Json and Export-Csv write it readably; the indexed data the cmdlets
    /// read stays internal.
    /// </summary>
    public sealed class Snapshot
    {
        public Snapshot(SnapshotSource source)
        {
            Source = source;
            AccountCount = source.Accounts.Count;
            RoleCount = source.Accounts.Sum(a => a.Roles.Count);
            UserCount = source.Accounts.Sum(a => a.Users.Count);
            Partitions = ReadableList.From(source.Accounts.Select(a => a.Partition).Where(p => p != null).Select(p => p!).Distinct().OrderBy(p => p, StringComparer.Ordinal));
            Problems = ReadableList.From(source.Issues.Select(i => i.Message));
        }

        public string Path => Source.Path;
        public int AccountCount { get; }
        public int RoleCount { get; }
        public int UserCount { get; }
        public string? OrganizationId => Source.Organization?.Id;
        /// <summary>The partitions the account files' ARNs name (normally one: aws, aws-cn, aws-us-gov ...).</summary>
        public ReadableList<string> Partitions { get; }
        public long SizeBytes => Source.Bytes;
        public TimeSpan LoadTime => Source.LoadTime;
        /// <summary>
        /// Every problem found while loading, each naming the file and the JSON path
        /// ("accounts/111111111111.json: UserDetailList[1].PermissionsBoundary: expected an object, found a string").
        /// The checks that need such data are Unknown.
        /// </summary>
        public ReadableList<string> Problems { get; }

        /// <summary>The data source the path checks read.</summary>
        internal SnapshotSource Source { get; }
        /// <summary>Parsed policies shared by every question asked of this snapshot.</summary>
        internal PolicyCache Policies { get; } = new PolicyCache();

        public override string ToString() => Path;
    }
}
