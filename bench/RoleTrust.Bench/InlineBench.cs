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
            string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
            Console.WriteLine($"== {path}: {lines.Length:N0} cases, {bytes / 1e6:N2} MB ({bytes / lines.Length:N0} bytes per case), warm, median of 5");

            JsonNode[] nodes = null!;
            PolicyCase[] cases = null!;
            EvaluationRequest[] requests = null!;
            var stages = new (string name, Action act)[]
            {
                ("JSON parse", () => { nodes = new JsonNode[lines.Length]; for (int i = 0; i < lines.Length; i++) nodes[i] = JsonParser.Parse(lines[i]); }),
                ("bind", () => { cases = new PolicyCase[nodes.Length]; for (int i = 0; i < nodes.Length; i++) cases[i] = PolicyCase.FromJson(nodes[i]); }),
                ("build (fresh cache)", () => { var b = new PolicyCaseBuilder(new PolicyCache()); requests = new EvaluationRequest[cases.Length]; for (int i = 0; i < cases.Length; i++) requests[i] = b.Build(cases[i], Now); }),
                ("evaluate", () => { for (int i = 0; i < requests.Length; i++) PolicyEvaluator.Evaluate(requests[i]); }),
                ("end to end", () => EndToEnd(path)),
            };
            var medians = new Dictionary<string, double>();
            foreach (var (name, act) in stages)
            {
                var warm = Stopwatch.StartNew();
                do act(); while (warm.Elapsed.TotalSeconds < 1.0);
                var times = new List<double>();
                for (int i = 0; i < 5; i++) { GC.Collect(); var sw = Stopwatch.StartNew(); act(); times.Add(sw.Elapsed.TotalMilliseconds); }
                times.Sort();
                medians[name] = times[2];
                string extra = name == "JSON parse" ? $"  {bytes / 1e6 / (times[2] / 1000):N0} MB/s"
                    : name == "end to end" ? $"  {lines.Length / (times[2] / 1000):N0} cases/s" : "";
                Console.WriteLine($"   {name,-22} {times[2],9:F1} ms  {times[2] * 1000 / lines.Length,8:F1} us/case  (min {times[0]:F1}, max {times[4]:F1}){extra}");
            }
            var counts = requests.Select(r => PolicyEvaluator.Evaluate(r).Decision).GroupBy(d => d).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
            Console.WriteLine($"   decisions              {string.Join(", ", counts)}");
        }

        /// <summary>Read the file and run every case, as Test-IamPolicy -Path does (without PowerShell).</summary>
        private static int EndToEnd(string path)
        {
            var builder = new PolicyCaseBuilder(new PolicyCache());
            int sink = 0;
            using var reader = new StreamReader(path, Encoding.UTF8);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Length == 0) continue;
                sink += (int)PolicyEvaluator.Evaluate(builder.Build(PolicyCase.FromJson(JsonParser.Parse(line)), Now)).Decision;
            }
            return sink;
        }
    }
}
