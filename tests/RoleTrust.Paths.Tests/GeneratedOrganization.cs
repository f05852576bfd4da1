using System;
using System.Collections.Concurrent;
using System.IO;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Bench;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Small organizations from the benchmark's seeded generator (bench/README.md: nested OUs, SCPs and RCPs, users in
    /// groups forcing MFA, hub-and-spoke deployment roles, vendors with and without ExternalId, wildcards, deleted
    /// principals, OIDC and SAML), written as snapshot folders and loaded through the snapshot reader, once per size.
    /// </summary>
    internal static class GeneratedOrganization
    {
        private static readonly ConcurrentDictionary<(int, int, int, int), Lazy<SnapshotSource>> Loaded = new ConcurrentDictionary<(int, int, int, int), Lazy<SnapshotSource>>();

        public static SnapshotSource Load(int accounts, int roles, int users, int seed) =>
            Loaded.GetOrAdd((accounts, roles, users, seed), k => new Lazy<SnapshotSource>(() =>
            {
                string folder = Path.Combine(Path.GetTempPath(), $"roletrust-graph-test-{Environment.ProcessId}-{k.Item1}-{k.Item2}-{k.Item3}-{k.Item4}");
                OrganizationGenerator.Generate(folder, new OrganizationGenerator.Options { Accounts = accounts, Roles = roles, Users = users, Seed = seed });
                try { return SnapshotSource.Load(folder); }
                finally { Directory.Delete(folder, recursive: true); }
            })).Value;
    }
}
