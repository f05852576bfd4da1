using System;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Cases;

namespace RoleTrust
{
    /// <summary>A loaded, indexed snapshot folder (Import-RoleTrustSnapshot); every -Snapshot parameter accepts it.</summary>
    public sealed class Snapshot
    {
        public Snapshot(SnapshotSource source)
        {
            Source = source;
            AccountCount = source.Accounts.Count;
            RoleCount = source.Accounts.Sum(a => a.Roles.Count);
            UserCount = source.Accounts.Sum(a => a.Users.Count);
        }

        public string Path => Source.Path;
        public int AccountCount { get; }
        public int RoleCount { get; }
        public int UserCount { get; }
        public string? OrganizationId => Source.Organization?.Id;
        public long SizeBytes => Source.Bytes;
        public TimeSpan LoadTime => Source.LoadTime;
        /// <summary>The data source the path checks read.</summary>
        public SnapshotSource Source { get; }
        /// <summary>Parsed policies shared by every question asked of this snapshot.</summary>
        public PolicyCache Policies { get; } = new PolicyCache();

        public override string ToString() => Path;
    }
}
