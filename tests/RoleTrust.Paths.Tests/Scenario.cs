using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Paths;
using Xunit;
using static RoleTrust.CheckStatus;

namespace RoleTrust.Paths.Tests
{
    /// <summary>Loads the fixture snapshots once and asserts the status of all 15 checks.</summary>
    internal static class Scenario
    {
        public const string A = "111111111111", B = "222222222222", X = "333333333333", M = "999999999999";

        private static readonly ConcurrentDictionary<string, SnapshotSource> Loaded = new ConcurrentDictionary<string, SnapshotSource>();

        public static SnapshotSource Snapshot(string fixture) =>
            Loaded.GetOrAdd(fixture, f => SnapshotSource.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", f)));

        public static IReadOnlyList<PathCheck> Run(string fixture, string source, string role, Action<PathRequest>? configure = null)
        {
            var request = new PathRequest { SourceArn = source, RoleArn = role, Now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };
            configure?.Invoke(request);
            return PathDiagnosis.Run(request, Snapshot(fixture));
        }

        public static string User(string account, string name) => $"arn:aws:iam::{account}:user/{name}";
        public static string Role(string account, string name) => $"arn:aws:iam::{account}:role/{name}";

        /// <summary>The open path of an IAM user on snapshot data: the checks that apply pass, the live/console ones do not apply.</summary>
        public static readonly IReadOnlyDictionary<string, CheckStatus> OpenUserPath = new Dictionary<string, CheckStatus>
        {
            ["CallerIdentity"] = NotApplicable, ["SourcePrincipal"] = Pass, ["TargetRole"] = Pass, ["IdentityProvider"] = NotApplicable, ["RequestParameters"] = Pass,
            ["SessionDuration"] = Pass, ["RoleChaining"] = NotApplicable, ["IdentityPolicy"] = Pass, ["PermissionsBoundary"] = NotApplicable,
            ["SessionPolicy"] = NotApplicable, ["ServiceControlPolicy"] = Pass, ["ResourceControlPolicy"] = Pass, ["TrustPolicy"] = Pass,
            ["TrustConditions"] = NotApplicable, ["StsEndpoint"] = NotApplicable, ["ConsoleSwitchRole"] = NotApplicable,
        };

        /// <summary>The open path of a role session (chaining): as for a user, with RoleChaining passing.</summary>
        public static readonly IReadOnlyDictionary<string, CheckStatus> OpenRolePath = With(OpenUserPath, ("RoleChaining", Pass));

        /// <summary>A source that cannot call AssumeRole at all: every policy layer is not evaluated.</summary>
        public static readonly IReadOnlyDictionary<string, CheckStatus> NotEvaluatedPath = With(OpenUserPath,
            ("IdentityPolicy", NotApplicable), ("ServiceControlPolicy", NotApplicable), ("ResourceControlPolicy", NotApplicable), ("TrustPolicy", NotApplicable));

        public static IReadOnlyDictionary<string, CheckStatus> With(IReadOnlyDictionary<string, CheckStatus> baseline, params (string check, CheckStatus status)[] changes)
        {
            var d = new Dictionary<string, CheckStatus>(baseline.ToDictionary(p => p.Key, p => p.Value));
            foreach (var (check, status) in changes)
            {
                Assert.True(d.ContainsKey(check), $"unknown check name {check}");
                d[check] = status;
            }
            return d;
        }

        /// <summary>Asserts all 15 checks, in catalogue order: the baseline with the listed changes.</summary>
        public static void AssertStatuses(IReadOnlyList<PathCheck> checks, IReadOnlyDictionary<string, CheckStatus> baseline, params (string check, CheckStatus status)[] changes)
        {
            var expected = With(baseline, changes);
            Assert.Equal(CheckCatalogue.Names.Select(n => n.ToString()).ToArray(), checks.Select(c => c.Check).ToArray());
            Assert.Equal(Enumerable.Range(1, CheckCatalogue.Names.Count), checks.Select(c => c.Order));
            var wrong = checks.Where(c => expected[c.Check] != c.GetStatus()).ToList();
            if (wrong.Count > 0)
                Assert.Fail("Check statuses differ:\n" + string.Join("\n", wrong.Select(c => $"  {c.Check}: expected {expected[c.Check]}, got {c.Status}")) +
                    "\nAll checks:\n" + string.Join("\n", checks.Select(c => $"  {c.Check} {c.Status}: {c.Summary} | Fix: {c.Fix} | Error: {c.ErrorText}")));
        }

        public static PathCheck Get(IReadOnlyList<PathCheck> checks, string name) => checks.Single(c => c.Check == name);

        public static bool IsOpen(IReadOnlyList<PathCheck> checks) => checks.All(c => c.Passed);
    }
}
