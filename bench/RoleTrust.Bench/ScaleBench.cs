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
        };

        /// <param name="loads">How many times to load: the first load in a process includes JIT compilation; later ones show the steady rate (and raise the peak memory while the previous snapshot is collected).</param>
        public static void Run(string folder, int loads = 1)
        {
            Console.WriteLine($"== organization scale: {Path.GetFullPath(folder)}");
            Console.WriteLine($"   runtime {Environment.Version}, {Environment.ProcessorCount} logical cores, server GC {System.Runtime.GCSettings.IsServerGC}");

            Console.WriteLine("-- snapshot load (SnapshotSource.Load)");
            SnapshotSource source = null!;
            for (int i = 1; i <= Math.Max(1, loads); i++)
            {
                source = null!;
                GC.Collect(2, GCCollectionMode.Forced, true, true);
                ScaleContext.Time(() => source = SnapshotSource.Load(folder), out double cpu);
                double mbLoaded = source.Bytes / 1e6, seconds = source.LoadTime.TotalSeconds;
                ScaleContext.Line(i == 1 ? "load, first in the process" : $"load {i}", $"{seconds:N2} s = {mbLoaded / seconds:N0} MB/s{(i == 1 ? " (JIT included)" : "")}; CPU {cpu:N1} s");
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
        }

        /// <summary>Get-RoleTrustFinding's engine over every role of the snapshot, single thread.</summary>
        private sealed class FindingsStage : IScaleStage
        {
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

        /// <summary>The hook for Find-AssumeRolePath: the edge index build and twenty -To/-From queries to depth 3 go here.</summary>
        private sealed class PathIndexStage : IScaleStage
        {
            public string Title => "edge index and path queries (Find-AssumeRolePath)";

            public void Run(ScaleContext context)
            {
                RoleTrust.Graph.TrustGraph graph = null!;
                double build = ScaleContext.Time(() => graph = RoleTrust.Graph.TrustGraphBuilder.Build(context.Source.Accounts, context.Source, DateTimeOffset.UtcNow), out double cpu);
                ScaleContext.Line("edge index", $"{build:N2} s; CPU {cpu:N1} s; {graph.CandidatesTested:N0} pairs decided, {graph.Edges.Count:N0} edges ({graph.Edges.Count(e => e.Conditional):N0} conditional)");
            }
        }
    }
}
