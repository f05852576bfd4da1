using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Audit;

namespace RoleTrust.Bench
{
    /// <summary>What every stage of the organization-scale benchmark gets: the loaded snapshot and a place to print.</summary>
    internal sealed class ScaleContext
    {
        public ScaleContext(SnapshotSource source) { Source = source; }
        public SnapshotSource Source { get; }
        public int Roles => Source.Accounts.Sum(a => a.Roles.Count);
        /// <summary>Shared by stages so later ones (the trust graph) reuse what the audit parsed.</summary>
        public TrustPolicyCache TrustPolicies { get; } = new TrustPolicyCache();

        public static void Line(string label, string value) => Console.WriteLine($"   {label,-34} {value}");

        /// <summary>Runs an action and returns its wall time in seconds.</summary>
        public static double Time(Action action) => Time(action, out _);

        /// <summary>
        /// Wall time, and the CPU time the process spent meanwhile (all threads): on a shared machine the CPU time shows
        /// the work done whatever else competes for the cores.
        /// </summary>
        public static double Time(Action action, out double cpuSeconds)
        {
            var cpu = Cpu();
            var watch = Stopwatch.StartNew();
            action();
            double wall = watch.Elapsed.TotalSeconds;
            cpuSeconds = Cpu() - cpu;
            return wall;
        }

        public static double Cpu()
        {
            using (var p = Process.GetCurrentProcess()) return p.TotalProcessorTime.TotalSeconds;
        }
    }

    /// <summary>One section of the scale benchmark's report, run on the loaded snapshot.</summary>
    internal interface IScaleStage
    {
        string Title { get; }
        /// <summary>The name `--stages` selects it by.</summary>
        string Key { get; }
        void Run(ScaleContext context);
    }

    /// <summary>
    /// The organization-scale benchmark (`scale &lt;folder&gt;`): snapshot load through SnapshotSource.Load (time, MB/s),
    /// then each stage in <see cref="Stages"/>, then peak memory. Stages are the hook for what comes later: the edge
    /// index and the -To/-From queries of Find-AssumeRolePath add a stage to the list.
    /// </summary>
    internal static class ScaleBench
    {
        public static readonly List<IScaleStage> Stages = new List<IScaleStage>
        {
            new FindingsStage(),
            new PathIndexStage(),
            new CompareStage(),
        };

        /// <param name="loads">How many times to load: the first load in a process includes JIT compilation; later ones show the steady rate (and raise the peak memory while the previous snapshot is collected).</param>
        /// <param name="stages">Comma-separated stage keys to run after the load ("findings", "paths", "none"); all when null.</param>
        public static void Run(string folder, int loads = 1, string? stages = null)
        {
            var wanted = stages?.Split(',').Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            using var gcLog = GcLog.Enabled;
            Console.WriteLine($"== organization scale: {Path.GetFullPath(folder)}");
            Console.WriteLine($"   runtime {Environment.Version}, {Environment.ProcessorCount} logical cores, server GC {System.Runtime.GCSettings.IsServerGC}");

            Console.WriteLine("-- snapshot load (SnapshotSource.Load)");
            SnapshotSource source = null!;
            for (int i = 1; i <= Math.Max(1, loads); i++)
            {
                source = null!;
                GC.Collect(2, GCCollectionMode.Forced, true, true);
                var pausedBefore = GC.GetTotalPauseDuration();
                long allocatedBefore = GC.GetTotalAllocatedBytes(false);
                int[] collectionsBefore = { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                ScaleContext.Time(() => source = SnapshotSource.Load(folder), out double cpu);
                GcLog.Mark(i == 1 ? "load" : $"load {i}");
                double mbLoaded = source.Bytes / 1e6, seconds = source.LoadTime.TotalSeconds;
                ScaleContext.Line(i == 1 ? "load, first in the process" : $"load {i}", $"{seconds:N2} s = {mbLoaded / seconds:N0} MB/s{(i == 1 ? " (JIT included)" : "")}; CPU {cpu:N1} s");
                // What the load costs the collector: allocation is paid twice on two cores (the allocating worker, and the
                // pauses that stop both workers).
                ScaleContext.Line("  allocated, collections, GC pauses", $"{(GC.GetTotalAllocatedBytes(false) - allocatedBefore) / 1e6:N0} MB; gen0/gen1/gen2 "
                    + $"{GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}; "
                    + $"paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:N2} s");
            }
            double mb = source.Bytes / 1e6;
            int accounts = source.Accounts.Count;
            int roles = source.Accounts.Sum(a => a.Roles.Count), users = source.Accounts.Sum(a => a.Users.Count);
            ScaleContext.Line("accounts, roles, users", $"{accounts:N0}, {roles:N0}, {users:N0} ({source.Problems.Count} unreadable files; organization {(source.Organization != null ? source.Organization.Id : "absent")})");
            ScaleContext.Line("size", $"{mb:N1} MB of JSON text");
            ScaleContext.Line("managed heap after load", $"{GC.GetTotalMemory(true) / 1e6:N0} MB");
            using (var p = Process.GetCurrentProcess()) ScaleContext.Line("peak working set so far", $"{p.PeakWorkingSet64 / 1e6:N0} MB");

            var context = new ScaleContext(source);
            foreach (var stage in Stages)
            {
                if (wanted != null ? !wanted.Contains(stage.Key) : stage is CompareStage) continue;
                Console.WriteLine("-- " + stage.Title);
                stage.Run(context);
            }

            Console.WriteLine("-- memory");
            using (var process = Process.GetCurrentProcess())
            {
                process.Refresh();
                var info = GC.GetGCMemoryInfo();
                ScaleContext.Line("peak working set", $"{process.PeakWorkingSet64 / 1e6:N0} MB");
                ScaleContext.Line("GC heap now / committed", $"{info.HeapSizeBytes / 1e6:N0} MB / {info.TotalCommittedBytes / 1e6:N0} MB");
                ScaleContext.Line("collections gen0/gen1/gen2", $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            }
            GC.KeepAlive(source);
            gcLog?.Print();
        }

        /// <summary>
        /// Compare-RoleTrustSnapshot's edge comparison of the snapshot with a second load of the same folder (two indexes,
        /// every role's edges in both): time, processor time, changes (none) and peak memory. Minutes at the target scale,
        /// so it runs only when named (`--stages compare`).
        /// </summary>
        private sealed class CompareStage : IScaleStage
        {
            public string Key => "compare";
            public string Title => "edge comparison of two loads (SnapshotComparison.EdgeChanges; only with --stages compare)";

            public void Run(ScaleContext context)
            {
                var now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
                var other = SnapshotSource.Load(context.Source.Path);
                RoleTrust.Graph.TrustGraph before = null!, after = null!;
                double build = ScaleContext.Time(() =>
                {
                    before = RoleTrust.Graph.TrustGraphBuilder.Build(context.Source.Accounts, context.Source, now);
                    after = RoleTrust.Graph.TrustGraphBuilder.Build(other.Accounts, other, now);
                }, out double buildCpu);
                ScaleContext.Line("two edge indexes", $"{build:N2} s; CPU {buildCpu:N1} s");
                IReadOnlyList<RoleTrust.TrustChange> changes = null!;
                double compare = ScaleContext.Time(() => changes = RoleTrust.Graph.SnapshotComparison.EdgeChanges(before, after, System.Threading.CancellationToken.None), out double cpu);
                ScaleContext.Line("every role's edges in both", $"{compare:N1} s; CPU {cpu:N1} s; {changes.Count:N0} changes; {before.CandidatesTested + after.CandidatesTested:N0} pairs asked");
                using (var p = Process.GetCurrentProcess()) ScaleContext.Line("peak working set so far", $"{p.PeakWorkingSet64 / 1e6:N0} MB");
            }
        }

        /// <summary>Get-RoleTrustFinding's engine over every role of the snapshot, single thread.</summary>
        private sealed class FindingsStage : IScaleStage
        {
            public string Key => "findings";
            public string Title => "trust findings (TrustAudit.AuditAccounts over every role; accounts in parallel)";

            public void Run(ScaleContext context)
            {
                var source = context.Source;
                var zone = TrustAudit.ZoneFor(source.Organization, source.Accounts);
                var auditor = new TrustPolicyAuditor(zone, context.TrustPolicies);
                List<RoleAudit> audits = null!;
                double cold = ScaleContext.Time(() => audits = TrustAudit.AuditAccounts(source.Accounts, auditor).ToList(), out double coldCpu);
                var findings = audits.SelectMany(a => a.Findings).ToList();
                int problems = audits.Count(a => a.Problem != null);
                ScaleContext.Line("roles audited", $"{audits.Count:N0} in {cold:N2} s = {audits.Count / cold:N0} roles/s; CPU {coldCpu:N1} s ({context.TrustPolicies.Count:N0} distinct trust policies parsed)");
                double warm = ScaleContext.Time(() => TrustAudit.AuditAccounts(source.Accounts, auditor).Sum(a => a.Findings.Count), out double warmCpu);
                ScaleContext.Line("again, policies already parsed", $"{warm:N2} s; CPU {warmCpu:N1} s");
                double single = ScaleContext.Time(() => source.Accounts.Sum(a => TrustAudit.AuditAccount(a, auditor).Count), out double singleCpu);
                ScaleContext.Line("again, one thread", $"{single:N2} s; CPU {singleCpu:N1} s");
                var texts = source.Accounts.SelectMany(a => a.Roles.Values).Where(r => r.TrustPolicy != null).Select(r => r.TrustPolicy!.Text).Distinct().ToList();
                double parse = ScaleContext.Time(() => { var fresh = new TrustPolicyCache(); foreach (var t in texts) fresh.Get(t); }, out double parseCpu);
                ScaleContext.Line("parse distinct policies alone", $"{parse:N2} s; CPU {parseCpu:N1} s = {parseCpu * 1e6 / Math.Max(1, texts.Count):N0} us each (one thread, warm)");
                ScaleContext.Line("findings", $"{findings.Count:N0} ({problems:N0} roles not auditable)");
                foreach (var rule in TrustRules.All)
                    ScaleContext.Line("  " + rule.Id, $"{findings.Count(f => f.RuleId == rule.Id),8:N0}  {rule.Severity}");
                string sarif = null!;
                double sarifSeconds = ScaleContext.Time(() => sarif = SarifWriter.Write(findings, audits.Where(a => a.Problem != null).Select(a => a.Problem!),
                    new SarifOptions { ToolVersion = "0.1.0", InformationUri = "https://www.powershellgallery.com/packages/RoleTrust" }));
                ScaleContext.Line("SARIF of all findings", $"{sarif.Length / 1e6:N1} MB in {sarifSeconds:N2} s");
            }
        }

        /// <summary>
        /// Find-AssumeRolePath's engine: the edge index (TrustGraphBuilder.Build), then twenty queries to depth 3 on it, ten
        /// -To and ten -From, on roles and principals picked by kind (people's roles, deployment hubs, wildcards, vendors,
        /// chains, people, CI roles, scanners) and the rest at random with a fixed seed. The queries decide the pairs they
        /// need and remember them, so the total is what a scheduled script asking twenty questions waits.
        /// </summary>
        private sealed class PathIndexStage : IScaleStage
        {
            public string Key => "paths";
            public string Title => "edge index and path queries (Find-AssumeRolePath: TrustGraphBuilder, PathSearch to depth 3)";

            public void Run(ScaleContext context)
            {
                var source = context.Source;
                int[] collections = { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var paused = GC.GetTotalPauseDuration();
                RoleTrust.Graph.TrustGraph graph = null!;
                GcLog.Mark("index");
                long indexAllocated = GC.GetTotalAllocatedBytes(false);
                double build = ScaleContext.Time(() => graph = RoleTrust.Graph.TrustGraphBuilder.Build(source.Accounts, source, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)), out double buildCpu);
                ScaleContext.Line("edge index", $"{build:N2} s; CPU {buildCpu:N1} s; GC paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:N2} s; allocated {(GC.GetTotalAllocatedBytes(false) - indexAllocated) / 1e6:N0} MB; {graph.PrincipalCount:N0} principals in {graph.ProfileCount:N0} caller profiles ({graph.UnsharedPrincipals:N0} unshared), {graph.RoleCount:N0} roles in {graph.RoleClassCount:N0} classes ({graph.UnsharedRoles:N0} unshared)");
                ScaleContext.Line("  build phases", graph.BuildPhases);
                // Diagnostic only: a full collection here moves the collections of the rest of the run, so its timings do not compare.
                if (Environment.GetEnvironmentVariable("RT_HEAP") == "1") ScaleContext.Line("  managed heap after the index", $"{GC.GetTotalMemory(true) / 1e6:N1} MB (RT_HEAP=1: timings of this run do not compare)");
                var (to, from) = Queries(source);
                double total = build, totalCpu = buildCpu;
                int paths = 0;
                foreach (var (arn, isTo) in to.Select(r => (r, true)).Concat(from.Select(p => (p, false))))
                {
                    IReadOnlyList<AssumeRolePath> found = null!;
                    int before = graph.DiagnosesRun;
                    GcLog.Mark("query " + arn);
                    long allocated = GC.GetTotalAllocatedBytes(false);
                    double t = ScaleContext.Time(() => found = isTo ? RoleTrust.Graph.PathSearch.To(graph, arn, 3) : RoleTrust.Graph.PathSearch.From(graph, arn, 3), out double cpu);
                    allocated = GC.GetTotalAllocatedBytes(false) - allocated;
                    total += t; totalCpu += cpu; paths += found.Count;
                    GcLog.Mark("query done");
                    int[] byDepth = Enumerable.Range(1, 3).Select(d => found.Count(p => p.Depth == d)).ToArray();
                    ScaleContext.Line($"  {(isTo ? "-To" : "-From")} {Short(arn)}", $"{t:N2} s, CPU {cpu:N2} s; {found.Count:N0} paths (depth 1/2/3: {byDepth[0]:N0}/{byDepth[1]:N0}/{byDepth[2]:N0}, {found.Count(p => p.Conditional):N0} conditional); {graph.DiagnosesRun - before:N0} checks run; allocated {allocated / 1e6:N0} MB; result {Fingerprint(found)}");
                }
                ScaleContext.Line("index + 20 queries", $"{total:N2} s; CPU {totalCpu:N1} s; {paths:N0} paths; {graph.CandidatesTested:N0} pairs asked, {graph.FastDecisions:N0} decided from statements alone, {graph.DiagnosesRun:N0} runs of the path checks");
                // Collections stop every thread here (the benchmark runs non-concurrent GC): part of both figures above.
                ScaleContext.Line("  collections, pauses", $"gen0/gen1/gen2 {GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}; paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:N2} s (includes the digests made between queries)");
                ScaleContext.Line("problems", graph.Problems.Count == 0 ? "none" : $"{graph.IndexProblems.Count:N0} trust policies not evaluated; " + string.Join(" | ", graph.Problems.Skip(graph.IndexProblems.Count).Take(3)));
                using (var p = Process.GetCurrentProcess()) ScaleContext.Line("peak working set so far", $"{p.PeakWorkingSet64 / 1e6:N0} MB");
                GC.KeepAlive(graph);
            }

            /// <summary>
            /// A short digest of everything a query returned (paths in order, each hop's ends, statements, conditions): equal
            /// digests before and after a change to the search show it returns the same paths.
            /// </summary>
            private static string Fingerprint(IReadOnlyList<AssumeRolePath> paths)
            {
                ulong h = 14695981039346656037;
                void Add(string text) { foreach (char c in text) h = (h ^ c) * 1099511628211; h = (h ^ 0xFFFF) * 1099511628211; }
                // Indexed loops: an enumerator for every path and hop would make garbage that collections during the next query pay for.
                for (int i = 0; i < paths.Count; i++)
                {
                    var p = paths[i];
                    Add(p.Source);
                    for (int j = 0; j < p.Hops.Count; j++)
                    {
                        var hop = p.Hops[j];
                        Add(hop.Source); Add(hop.Role); Add(hop.Action); Add(hop.Conditional ? "c" : "u");
                        Add(hop.TrustStatement ?? ""); Add(hop.IdentityStatement ?? "");
                        for (int k = 0; k < hop.Conditions.Count; k++) Add(hop.Conditions[k]);
                    }
                }
                return h.ToString("x16");
            }

            private static string Short(string arn) => arn.Length <= 70 ? arn : arn.Substring(0, 30) + "..." + arn.Substring(arn.Length - 37);

            /// <summary>Ten roles and ten principals: one of each interesting kind where the organization has one, the rest at random.</summary>
            internal static (List<string> To, List<string> From) Queries(SnapshotSource source)
            {
                var rng = new Random(20240601);
                var roles = source.Accounts.SelectMany(a => a.Roles.Values).Select(r => r.Arn).OrderBy(a => a, StringComparer.Ordinal).ToList();
                var users = source.Accounts.SelectMany(a => a.Users.Values).Select(u => u.Arn).OrderBy(a => a, StringComparer.Ordinal).ToList();
                List<string> Pick(List<string> pool, IEnumerable<Func<string, bool>> kinds, int count)
                {
                    var picked = new List<string>();
                    foreach (var kind in kinds)
                    {
                        var matching = pool.Where(a => kind(a) && !picked.Contains(a)).ToList();
                        if (matching.Count > 0) picked.Add(matching[rng.Next(matching.Count)]);
                    }
                    while (picked.Count < count && picked.Count < pool.Count)
                    {
                        string a = pool[rng.Next(pool.Count)];
                        if (!picked.Contains(a)) picked.Add(a);
                    }
                    return picked;
                }
                var to = Pick(roles, new Func<string, bool>[]
                {
                    a => a.Contains(":role/human/"), a => a.EndsWith(":role/OrganizationAccountAccessRole"), a => a.Contains(":role/cicd/deploy-"),
                    a => a.Contains(":role/shared-"), a => a.Contains(":role/vendor/"), a => a.EndsWith(":role/security/auditor"), a => a.Contains(":role/chain-"),
                    a => a.Contains(":role/public-"),
                }, 10);
                var principals = users.Concat(roles).ToList();
                var inGroup = source.Accounts.SelectMany(a => a.Users.Values).ToDictionary(u => u.Arn, u => u.Groups, StringComparer.Ordinal);
                bool Member(string arn, string group) => inGroup.TryGetValue(arn, out var groups) && groups.Contains(group);
                var from = Pick(principals, new Func<string, bool>[]
                {
                    a => Member(a, "Developers"), a => Member(a, "Administrators"), a => a.EndsWith(":role/cicd/deployer"),
                    a => a.EndsWith(":role/security/scanner"), a => a.EndsWith(":role/cicd/terraform-apply"), a => a.Contains(":user/service/"),
                    a => a.Contains(":role/chain-"), a => a.Contains(":role/human/"),
                }, 10);
                return (to, from);
            }
        }
    }
}
