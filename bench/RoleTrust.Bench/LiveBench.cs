using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Amazon.Runtime;
using RoleTrust.Aws.Live;
using RoleTrust.Paths;
using RoleTrust.Testing;

namespace RoleTrust.Bench
{
    /// <summary>
    /// `live [latencyMs=50] [folder]`: one Test-AssumeRolePath-equivalent diagnosis (cross-account user to role, with SCPs
    /// and RCPs) against the local fake AWS with a fixed latency per call, through <see cref="LiveDiagnosis"/> as the
    /// cmdlet uses it: the caller's keys (Bob, named with -SourceArn), -TargetCredential for the role's account and
    /// -OrganizationCredential for the management account. Prints sequential round trips, calls and end-to-end time
    /// (identities, prefetch, diagnosis). The default folder is the bundled bob-alice example (Bob in 111111111111 under
    /// two OUs, Alice in 222222222222 three levels deep).
    /// </summary>
    public static class LiveBench
    {
        public static void Run(int latencyMs, string? folder)
        {
            folder ??= FindExample();
            string source = "arn:aws:iam::111111111111:user/Bob", role = "arn:aws:iam::222222222222:role/Alice";
            using var fake = new FakeAws(folder);
            // Bob's keys are the caller's (so CallerIdentity passes); 222222222222's stand for -TargetCredential, 999999999999's for -OrganizationCredential.
            foreach (var (account, arn) in new[] { ("111111111111", source), ("222222222222", "arn:aws:iam::222222222222:user/bench"), ("999999999999", "arn:aws:iam::999999999999:user/bench") })
                fake.AddKey("AKIDBENCH" + account[..11], "benchSecret/" + account, null, arn);
            AWSCredentials Creds(string a) => new BasicAWSCredentials("AKIDBENCH" + a[..11], "benchSecret/" + a);

            // The first run warms up the JIT and connections; five more are measured, each with a fresh diagnosis (empty caches).
            const int measured = 5;
            var times = new List<long>();
            for (int run = 0; run <= measured; run++)
            {
                fake.Latency = TimeSpan.FromMilliseconds(run == 0 ? 0 : latencyMs);
                var log = new AwsRequestLog();
                var options = new AwsClientOptions { EndpointUrl = fake.Url, RequestLog = log, Environment = _ => null, BaseDelay = TimeSpan.FromMilliseconds(20) };
                var credentials = new LiveCredentials(Creds("111111111111"), "eu-west-1") { Target = Creds("222222222222"), Organization = Creds("999999999999") };

                var watch = Stopwatch.StartNew();
                using var live = new LiveDiagnosis(credentials, options);
                // As the cmdlet does with -SourceArn: the data reads and the GetCallerIdentity calls start together.
                var prefetch = live.PrefetchAsync(source, role);
                var probe = live.CallerProbeAsync().GetAwaiter().GetResult();
                prefetch.GetAwaiter().GetResult();
                long prefetchMs = watch.ElapsedMilliseconds;
                int calls = log.Entries.Count;
                var checks = PathDiagnosis.Run(new PathRequest { SourceArn = source, RoleArn = role }, live.Data, null, LiveChecks.Observe(probe, sourceDefaultedToCaller: false));
                watch.Stop();
                if (run == 0) continue;
                times.Add(watch.ElapsedMilliseconds);
                if (run < measured) continue;

                var byService = log.Entries.GroupBy(e => e.Service).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()} calls, {AwsRequestLog.SequentialRoundTrips(g)} sequential");
                times.Sort();
                Console.WriteLine($"live diagnosis {source} -> {role} (fake AWS, {latencyMs} ms per call, snapshot {folder})");
                Console.WriteLine($"  calls: {log.Entries.Count} ({string.Join("; ", byService)})");
                Console.WriteLine($"  sequential round trips: {log.SequentialRoundTrips()} (identities and prefetch; the diagnosis itself made {log.Entries.Count - calls} more calls)");
                Console.WriteLine($"  end-to-end: {watch.ElapsedMilliseconds} ms (identities + prefetch {prefetchMs} ms, engine {watch.ElapsedMilliseconds - prefetchMs} ms); " +
                                  $"over {measured} runs median {times[times.Count / 2]} ms, min {times[0]} ms, max {times[times.Count - 1]} ms");
                Console.WriteLine($"  result: {string.Join(", ", checks.Select(c => $"{c.Check}={c.Status}"))}");
            }
        }

        private static string FindExample()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "examples", "bob-alice");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("examples/bob-alice not found above " + AppContext.BaseDirectory + "; pass a snapshot folder.");
        }
    }
}
