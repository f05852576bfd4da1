using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Test-IamPolicy -Path on a suite whose cases each carry their own policies (InlineCaseGenerator): warm
    /// per-stage times, median of 5 after a warm-up of at least a second per stage, single thread.
    /// JSON parse (MB/s over the file's bytes), case binding, request building with a fresh policy cache,
    /// evaluation, and the whole file end to end (read, parse, bind, build, evaluate) in cases per second.
    /// </summary>
    internal static class InlineBench
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        public static void Run(string path)
        {
            long bytes = new FileInfo(path).Length;
            string text = File.ReadAllText(path);
            string[] lines = text.Split('\n').Where(l => l.Length > 0).ToArray();
            Console.WriteLine($"== {path}: {lines.Length:N0} cases, {bytes / 1e6:N2} MB ({bytes / lines.Length:N0} bytes per case), warm, median of 5");

            // Each stage works on the previous stage's output, made once beforehand, and keeps nothing of its own
            // (as Test-IamPolicy -Path keeps no case once written): what is timed is the work, not the survivors.
            JsonTape[] tapes = ParseAll(text, lines.Length);
            var cases = tapes.Select(t => PolicyCase.FromTape(t, t.Root)).ToArray();
            var seeded = new PolicyCaseBuilder(new PolicyCache());
            var requests = cases.Select(c => seeded.Build(c, Now)).ToArray();
            var stages = new (string name, Action act)[]
            {
                ("JSON parse", () => ParseAll(text, null)),
                ("bind", () => { foreach (var t in tapes) PolicyCase.FromTape(t, t.Root); }),
                ("build (fresh cache)", () => { var b = new PolicyCaseBuilder(new PolicyCache()); foreach (var c in cases) b.Build(c, Now); }),
                ("evaluate", () => { foreach (var r in requests) PolicyEvaluator.Evaluate(r); }),
                ("end to end", () => EndToEnd(path)),
                ($"end to end, {Environment.ProcessorCount} workers", () => EndToEndOnWorkers(path)),
            };
            Console.WriteLine($"   {"stage",-22} {"wall ms",9}  {"us/case",8}   {"cpu ms",8}  {"KB/case",8}  (wall min, max)");
            foreach (var (name, act) in stages)
            {
                var warm = Stopwatch.StartNew();
                do act(); while (warm.Elapsed.TotalSeconds < 1.0);
                var times = new List<double>();
                var cpu = new List<double>();
                var pauses = new List<double>();
                int collections = 0;
                var process = Process.GetCurrentProcess();
                for (int i = 0; i < 5; i++)
                {
                    GC.Collect();
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var pausedBefore = GC.GetTotalPauseDuration();
                    int collectionsBefore = GC.CollectionCount(0);
                    var sw = Stopwatch.StartNew();
                    act();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    pauses.Add((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
                    collections += GC.CollectionCount(0) - collectionsBefore;
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                }
                times.Sort();
                cpu.Sort();
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                act();
                double kbPerCase = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / lines.Length;
                string extra = name == "JSON parse" ? $"  {bytes / 1e6 / (times[2] / 1000):N0} MB/s wall, {bytes / 1e6 / (cpu[2] / 1000):N0} MB/s cpu"
                    : name.StartsWith("end to end") ? $"  {lines.Length / (times[2] / 1000):N0} cases/s wall, {lines.Length / (cpu[2] / 1000):N0} cases/s cpu" : "";
                Console.WriteLine($"   {name,-22} {times[2],9:F1}  {times[2] * 1000 / lines.Length,8:F1}   {cpu[2],8:F1}  {kbPerCase,8:F1}  ({times[0]:F1}, {times[4]:F1}){extra}");
                Console.WriteLine($"   {"",-22} GC: {collections / 5.0:F1} collections and {pauses.Average():F1} ms paused a run (pauses {string.Join(", ", pauses.Select(p => p.ToString("F1")))})");
            }
            Console.WriteLine("   (KB/case of the workers' stage: the calling thread's share only)");
            Console.WriteLine("   (cpu: the process's processor time, closer than wall time to an idle machine's wall time when the machine is busy)");
            var counts = requests.Select(r => PolicyEvaluator.Evaluate(r).Decision).GroupBy(d => d).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
            Console.WriteLine($"   decisions              {string.Join(", ", counts)}");
        }

        /// <summary>
        /// Only the single-thread end to end, <paramref name="runs"/> times after the warm-up: more runs of the one figure the
        /// target names, for comparing two builds on a machine whose speed drifts (min, quartiles and CPU).
        /// </summary>
        public static void EndToEndOnly(string path, int runs)
        {
            var warm = Stopwatch.StartNew();
            do EndToEnd(path); while (warm.Elapsed.TotalSeconds < 2.0);
            var wall = new List<double>();
            var cpu = new List<double>();
            var process = Process.GetCurrentProcess();
            for (int i = 0; i < runs; i++)
            {
                GC.Collect();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                EndToEnd(path);
                wall.Add(sw.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
            wall.Sort();
            cpu.Sort();
            double Q(List<double> v, double q) => v[(int)Math.Round(q * (v.Count - 1))];
            Console.WriteLine($"   end to end, {runs} runs: wall min {wall[0]:F1} q1 {Q(wall, 0.25):F1} median {Q(wall, 0.5):F1} q3 {Q(wall, 0.75):F1} ms; cpu median {Q(cpu, 0.5):F1} ms");
        }

        /// <summary>
        /// The cases of a JSON Lines text, parsed in place as Test-IamPolicy -Path reads them: into one tape reused line after
        /// line, or, when counted, each into a tape of its own that is kept.
        /// </summary>
        private static JsonTape[] ParseAll(string text, int? count)
        {
            var tapes = new JsonTape[count ?? 0];
            var reader = new CaseLineReader(new StringReader(text));
            var tape = new JsonTape();
            int i = 0;
            while (reader.TryRead(tape, out _, out var error))
            {
                if (error != null) throw error;
                if (count != null) { tapes[i++] = tape; tape = new JsonTape(256); }
            }
            return tapes;
        }

        /// <summary>As Test-IamPolicy -Path runs a file: the cases on one worker per core, the outcomes taken in line order.</summary>
        private static int EndToEndOnWorkers(string path)
        {
            int sink = 0;
            using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 14);
            foreach (var outcome in CaseFileRun.Outcomes(reader, "bench.jsonl", Now, false, Environment.ProcessorCount, System.Threading.CancellationToken.None))
                sink += outcome.Decision?.Decision.Length ?? 0;
            return sink;
        }

        /// <summary>Read the file and run every case to its PolicyDecision on one thread (without PowerShell).</summary>
        private static int EndToEnd(string path)
        {
            var builder = new PolicyCaseBuilder(new PolicyCache());
            int sink = 0;
            using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
            var lines = new CaseLineReader(reader);
            var tape = new JsonTape();
            while (lines.TryRead(tape, out _, out var error))
            {
                if (error != null) throw error;
                var c = PolicyCase.FromTape(tape, tape.Root);
                var request = builder.Build(c, Now);
                var result = PolicyEvaluator.Evaluate(request);
                sink += new PolicyDecision(c.Id, request, result, DecisionWarnings.Collect(request, result), c.Expect).Decision.Length;
            }
            return sink;
        }
    }
}
