using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Throughput harness for the RoleTrust engine (Stopwatch, single thread).
    ///   generate &lt;out.jsonl&gt; [count=3000] [seed=20240601]
    ///   run &lt;file.jsonl&gt;
    ///   live [latencyMs=50] [snapshotFolder]  one live diagnosis against the fake AWS: round trips and end-to-end time
    ///   generate-org &lt;folder&gt; [--accounts N] [--roles N] [--users N] [--seed N]  a synthetic organization snapshot
    ///   scale &lt;folder&gt;  snapshot load, trust findings (and later the edge index and queries), peak memory
    ///   generate-inline &lt;out.jsonl&gt; [count=3000] [seed]  cases that each carry their own policies (about 2 KB a line)
    ///   inline [count=3000] [--end-to-end N]  generate such a suite and time it stage by stage (parse MB/s, bind, build, evaluate, cases/s), or only the one-thread end to end N times
    ///   (no arguments) generate 3,000 and 20,000 cases into a temp folder and run both.
    /// </summary>
    public static class Program
    {
        public const int DefaultSeed = 20240601;
        /// <summary>Fixed clock so that aws:CurrentTime does not vary between runs.</summary>
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        public static int Main(string[] args)
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                if (args.Length == 0) return Default();
                switch (args[0])
                {
                    case "generate" when args.Length >= 2:
                        Generate(args[1], args.Length > 2 ? int.Parse(args[2]) : 3000, args.Length > 3 ? int.Parse(args[3]) : DefaultSeed);
                        return 0;
                    case "run" when args.Length >= 2:
                        Run(args[1]);
                        return 0;
                    case "paths":
                        PathBench.Run(args.Length > 1 ? int.Parse(args[1]) : 200, args.Length > 2 ? int.Parse(args[2]) : 100, 20, args.Length > 3 ? int.Parse(args[3]) : 20000, DefaultSeed);
                        return 0;
                    case "generate-org" when args.Length >= 2:
                        OrganizationGenerator.Run(args);
                        return 0;
                    case "scale" when args.Length >= 2:
                        ScaleBench.Run(args[1], int.Parse(Option(args, "--loads") ?? "1"), Option(args, "--stages"));
                        return 0;
                    case "live":
                        LiveBench.Run(args.Length > 1 ? int.Parse(args[1]) : 50, args.Length > 2 ? args[2] : null);
                        return 0;
                    case "sections" when args.Length >= 2:
                        Sections(args[1]);
                        return 0;
                    case "generate-inline" when args.Length >= 2:
                        GenerateInline(args[1], args.Length > 2 ? int.Parse(args[2]) : 3000, args.Length > 3 ? int.Parse(args[3]) : DefaultSeed);
                        return 0;
                    case "inline":
                        Inline(args.Length > 1 ? int.Parse(args[1]) : 3000, args.Length > 3 && args[2] == "--end-to-end" ? int.Parse(args[3]) : 0);
                        return 0;
                    default:
                        Console.Error.WriteLine("usage: RoleTrust.Bench [generate <out.jsonl> [count] [seed] | run <file.jsonl> | sections <file.jsonl> | generate-inline <out.jsonl> [count] [seed] | inline [count] [--end-to-end runs]\n" +
                            "                       | paths | live [latencyMs=50] [snapshotFolder] | generate-org <folder> [--accounts 500] [--roles 100000] [--users 20000] [--seed 1] | scale <folder> [--loads 1] [--stages findings,paths]]");
                        return 2;
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex);
                return 1;
            }
        }

        /// <summary>The value after a "--name" argument, or null.</summary>
        private static string? Option(string[] args, string name)
        {
            for (int i = 0; i + 1 < args.Length; i++) if (args[i] == name) return args[i + 1];
            return null;
        }

        private static int Default()
        {
            string dir = Path.Combine(Path.GetTempPath(), "roletrust-bench-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            try
            {
                foreach (int n in new[] { 3000, 20000 })
                {
                    string file = Path.Combine(dir, $"cases-{n}.jsonl");
                    Generate(file, n, DefaultSeed);
                    Console.WriteLine();
                    Run(file);
                    Console.WriteLine();
                }
                string inline = Path.Combine(dir, "inline-3000.jsonl");
                GenerateInline(inline, 3000, DefaultSeed);
                InlineBench.Run(inline);
                Console.WriteLine();
                PathBench.Run(200, 100, 20, 20000, DefaultSeed);
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
            return 0;
        }

        private static void Generate(string path, int count, int seed)
        {
            var sw = Stopwatch.StartNew();
            var gen = new CaseGenerator(seed);
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null) Directory.CreateDirectory(dir);
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
                gen.Write(w, count);
            Console.WriteLine($"generated {count:N0} cases (seed {seed}, {gen.DistinctPolicies} distinct policies) -> {path} in {sw.Elapsed.TotalMilliseconds:F0} ms");
        }

        private static void GenerateInline(string path, int count, int seed)
        {
            var sw = Stopwatch.StartNew();
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null) Directory.CreateDirectory(dir);
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
                new InlineCaseGenerator(seed).Write(w, count);
            Console.WriteLine($"generated {count:N0} self-contained cases (seed {seed}, every policy distinct) -> {path} in {sw.Elapsed.TotalMilliseconds:F0} ms");
        }

        /// <summary>Generates a suite of self-contained cases into a temp folder and measures it stage by stage.</summary>
        private static void Inline(int count, int endToEndRuns)
        {
            string file = Path.Combine(Path.GetTempPath(), $"roletrust-inline-{Environment.ProcessId}.jsonl");
            try
            {
                GenerateInline(file, count, DefaultSeed);
                if (endToEndRuns > 0) InlineBench.EndToEndOnly(file, endToEndRuns);
                else InlineBench.Run(file);
            }
            finally { File.Delete(file); }
        }

        private static void Run(string path)
        {
            Console.WriteLine($"== {path}");
            Console.WriteLine($"   runtime {Environment.Version}, {Environment.ProcessorCount} logical cores, single thread");

            // --- Load + parse: read the file, parse JSON, bind cases, build requests (fresh cache, cold).
            var total = Stopwatch.StartNew();
            var sw = Stopwatch.StartNew();
            string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
            double readMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var cases = new PolicyCase[lines.Length];
            for (int i = 0; i < lines.Length; i++) cases[i] = PolicyCase.FromJson(JsonParser.Parse(lines[i]));
            double parseMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var cache = new PolicyCache();
            var builder = new PolicyCaseBuilder(cache);
            var requests = new EvaluationRequest[cases.Length];
            for (int i = 0; i < cases.Length; i++) requests[i] = builder.Build(cases[i], Now);
            double buildMs = sw.Elapsed.TotalMilliseconds;
            double loadMs = total.Elapsed.TotalMilliseconds;
            Console.WriteLine($"   lines                     {lines.Length,12:N0}");
            Console.WriteLine($"   load+parse (cold)         {loadMs,12:F1} ms   (read {readMs:F1}, JSON+bind {parseMs:F1}, build {buildMs:F1}; {cache.Count} distinct policies parsed)");

            // --- Decisions and agreement with expect.
            var counts = new Dictionary<Decision, int> { [Decision.Allowed] = 0, [Decision.ImplicitlyDenied] = 0, [Decision.ExplicitlyDenied] = 0 };
            int withExpect = 0, disagree = 0;
            var examples = new List<string>();
            for (int i = 0; i < requests.Length; i++)
            {
                var d = PolicyEvaluator.Evaluate(requests[i]).Decision;
                counts[d]++;
                if (cases[i].Expect is string e)
                {
                    withExpect++;
                    if (!string.Equals(e, d.ToString(), StringComparison.OrdinalIgnoreCase))
                    {
                        disagree++;
                        if (examples.Count < 5) examples.Add($"{cases[i].Id}: expect {e}, engine {d}");
                    }
                }
            }

            // --- Evaluation only: warm up (~1 s, past tiered JIT), then 5 runs of >= 3 s each over the prebuilt requests.
            sw.Restart();
            while (sw.Elapsed.TotalSeconds < 1.0) EvaluateAll(requests);
            var rates = new List<double>();
            long passes = 0;
            for (int run = 0; run < 5; run++)
            {
                int reps = 0;
                sw.Restart();
                do { EvaluateAll(requests); reps++; } while (sw.Elapsed.TotalSeconds < 3.0);
                double sec = sw.Elapsed.TotalSeconds;
                passes += reps;
                rates.Add(requests.Length * (double)reps / sec);
            }
            rates.Sort();
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            EvaluateAll(requests);
            double bytesPerDecision = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)requests.Length;

            // --- End to end: parse + build (fresh cache each run) + evaluate; untimed warm-up runs for >= 1 s, then median of 3.
            var e2e = new List<double>();
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 1.0) EndToEnd(lines);
            for (int run = 0; run < 3; run++)
            {
                sw.Restart();
                EndToEnd(lines);
                e2e.Add(lines.Length / sw.Elapsed.TotalSeconds);
            }
            e2e.Sort();

            Console.WriteLine($"   evaluation only           {rates[2],12:N0} decisions/s  (median of 5 runs >= 3 s, {passes} passes in all; min {rates[0]:N0}, max {rates[4]:N0}; {bytesPerDecision:N0} B allocated/decision)");
            Console.WriteLine($"   end to end (fresh cache)  {e2e[1],12:N0} cases/s      (warm, median of 3; JSON parse + bind + build + evaluate)");
            Console.WriteLine($"   decisions                 Allowed {counts[Decision.Allowed]:N0}, ImplicitlyDenied {counts[Decision.ImplicitlyDenied]:N0}, ExplicitlyDenied {counts[Decision.ExplicitlyDenied]:N0}");
            Console.WriteLine($"   expect                    {withExpect:N0} cases carry expect, {disagree:N0} disagree");
            foreach (var ex in examples) Console.WriteLine("     " + ex);
            Console.WriteLine($"   total wall time           {total.Elapsed.TotalSeconds,12:F1} s");
        }

        /// <summary>Warm per-stage times (median of 5) to show where end-to-end time goes.</summary>
        private static void Sections(string path)
        {
            string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
            var warmBuilder = new PolicyCaseBuilder(new PolicyCache());
            PolicyCase[] cases = null!;
            EvaluationRequest[] requests = null!;
            var stages = new (string name, Action act)[]
            {
                ("JSON parse + bind", () => { cases = lines.Select(l => PolicyCase.FromJson(JsonParser.Parse(l))).ToArray(); }),
                ("build, fresh cache", () => { var b = new PolicyCaseBuilder(new PolicyCache()); requests = cases.Select(c => b.Build(c, Now)).ToArray(); }),
                ("build, warm cache", () => { requests = cases.Select(c => warmBuilder.Build(c, Now)).ToArray(); }),
                ("evaluate", () => EvaluateAll(requests)),
            };
            foreach (var (_, act) in stages) { var warm = Stopwatch.StartNew(); do act(); while (warm.Elapsed.TotalSeconds < 1.0); }
            Console.WriteLine($"== {path}: {lines.Length:N0} lines, warm, median of 5");
            foreach (var (name, act) in stages)
            {
                var times = new List<double>();
                for (int i = 0; i < 5; i++) { var sw = Stopwatch.StartNew(); act(); times.Add(sw.Elapsed.TotalMilliseconds); }
                times.Sort();
                Console.WriteLine($"   {name,-20} {times[2],9:F1} ms  {times[2] * 1000 / lines.Length,8:F1} us/case");
            }
        }

        private static int EndToEnd(string[] lines)
        {
            var b = new PolicyCaseBuilder(new PolicyCache());
            int sink = 0;
            foreach (var line in lines)
                sink += (int)PolicyEvaluator.Evaluate(b.Build(PolicyCase.FromJson(JsonParser.Parse(line)), Now)).Decision;
            return sink;
        }

        private static int EvaluateAll(EvaluationRequest[] requests)
        {
            int sink = 0;
            for (int i = 0; i < requests.Length; i++) sink += (int)PolicyEvaluator.Evaluate(requests[i]).Decision;
            return sink;
        }
    }
}
