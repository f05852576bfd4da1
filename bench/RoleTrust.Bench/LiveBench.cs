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
    /// and RCPs) against the local fake AWS with a fixed latency per call; prints sequential round trips, calls and
    /// end-to-end time (STS probe, prefetch, diagnosis). The default folder is the bundled bob-alice example
    /// (Bob in 111111111111 under two OUs, Alice in 222222222222 three levels deep).
    /// </summary>
    public static class LiveBench
    {
        public static void Run(int latencyMs, string? folder)
        {
            folder ??= FindExample();
            string source = "arn:aws:iam::111111111111:user/Bob", role = "arn:aws:iam::222222222222:role/Alice";
            using var fake = new FakeAws(folder);
            var accounts = Directory.GetFiles(Path.Combine(folder, "accounts"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).ToList();
            // The caller's key is Bob's (so CallerIdentity passes); the other accounts' keys stand for target-account credentials.
            foreach (var a in accounts!) fake.AddKey("AKIDBENCH" + a![..11], "benchSecret/" + a, null, a == "111111111111" ? source : $"arn:aws:iam::{a}:user/bench");
            AWSCredentials Creds(string a) => new BasicAWSCredentials("AKIDBENCH" + a[..11], "benchSecret/" + a);

            for (int run = 0; run < 2; run++) // the first run warms up the JIT and connections; the second is reported
            {
                fake.Latency = TimeSpan.FromMilliseconds(run == 0 ? 0 : latencyMs);
                var log = new AwsRequestLog();
                var options = new AwsClientOptions { EndpointUrl = fake.Url, RequestLog = log, Environment = _ => null, BaseDelay = TimeSpan.FromMilliseconds(20) };
                var disposables = new List<IDisposable>();
                T Keep<T>(T d) where T : IDisposable { disposables.Add(d); return d; }
                var iam = accounts.Where(a => a != "111111111111").ToDictionary(a => a, a => (IIamReader)Keep(new IamClient(Creds(a), "us-east-1", options)));
                var orgs = accounts.Where(a => a != "111111111111").ToDictionary(a => a, a => (IOrganizationsReader)Keep(new OrganizationsClient(Creds(a), "us-east-1", options)));
                var sts = Keep(new StsReader(Creds("111111111111"), "eu-west-1", options));

                var watch = Stopwatch.StartNew();
                var live = new LiveSource("111111111111", Keep(new IamClient(Creds("111111111111"), "us-east-1", options)),
                    Keep(new OrganizationsClient(Creds("111111111111"), "us-east-1", options)), iam, orgs);
                // The STS probe runs alongside the data reads, as the cmdlet would run it.
                var probeTask = LiveChecks.ProbeAsync(sts);
                var prefetch = live.PrefetchAsync(source, role);
                var probe = probeTask.GetAwaiter().GetResult();
                prefetch.GetAwaiter().GetResult();
                long prefetchMs = watch.ElapsedMilliseconds;
                int calls = log.Entries.Count;
                var checks = PathDiagnosis.Run(new PathRequest { SourceArn = source, RoleArn = role }, live.ForPath(source, role), null,
                    LiveChecks.Observe(probe, sourceDefaultedToCaller: false));
                watch.Stop();
                if (run == 0) { foreach (var d in disposables) d.Dispose(); continue; }

                var byService = log.Entries.GroupBy(e => e.Service).Select(g => $"{g.Key} {g.Count()} calls, {AwsRequestLog.SequentialRoundTrips(g)} sequential");
                Console.WriteLine($"live diagnosis {source} -> {role} (fake AWS, {latencyMs} ms per call, snapshot {folder})");
                Console.WriteLine($"  calls: {log.Entries.Count} ({string.Join("; ", byService)})");
                Console.WriteLine($"  sequential round trips: {log.SequentialRoundTrips()} (prefetch and probe; the diagnosis itself made {log.Entries.Count - calls} more calls)");
                Console.WriteLine($"  end-to-end: {watch.ElapsedMilliseconds} ms (probe + prefetch {prefetchMs} ms, engine {watch.ElapsedMilliseconds - prefetchMs} ms)");
                Console.WriteLine($"  result: {string.Join(", ", checks.Select(c => $"{c.Check}={c.Status}"))}");
                foreach (var d in disposables) d.Dispose();
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
