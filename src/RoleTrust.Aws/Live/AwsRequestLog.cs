using System;
using System.Collections.Generic;
using System.Linq;

namespace RoleTrust.Aws.Live
{
    /// <summary>One HTTP attempt made by a live client. Holds no request body, header or credential.</summary>
    public sealed class AwsRequestRecord
    {
        public AwsRequestRecord(string service, string operation, int attempt, int statusCode, string? errorCode, TimeSpan elapsed, string endpoint)
        {
            Service = service; Operation = operation; Attempt = attempt; StatusCode = statusCode;
            ErrorCode = errorCode; Elapsed = elapsed; Endpoint = endpoint; Time = DateTimeOffset.UtcNow;
        }

        public string Service { get; }
        public string Operation { get; }
        public int Attempt { get; }
        /// <summary>0 when no HTTP answer came (transport error, timeout, cancellation).</summary>
        public int StatusCode { get; }
        public string? ErrorCode { get; }
        public TimeSpan Elapsed { get; }
        public string Endpoint { get; }
        /// <summary>When the attempt ended (the record is made when the answer, or the failure, arrived).</summary>
        public DateTimeOffset Time { get; }
        /// <summary>When the attempt started.</summary>
        public DateTimeOffset Start => Time - Elapsed;

        public override string ToString() =>
            $"{Service}:{Operation} attempt {Attempt} -> {(StatusCode == 0 ? "no answer" : StatusCode.ToString())}{(ErrorCode != null ? " " + ErrorCode : "")} in {(int)Elapsed.TotalMilliseconds} ms";
    }

    /// <summary>
    /// Records every request the live clients send (service and operation names only), so callers and tests can
    /// see, and prove, that only read operations were made.
    /// </summary>
    public sealed class AwsRequestLog
    {
        private readonly object _gate = new object();
        private readonly List<AwsRequestRecord> _entries = new List<AwsRequestRecord>();

        public event Action<AwsRequestRecord>? Recorded;

        public IReadOnlyList<AwsRequestRecord> Entries { get { lock (_gate) return _entries.ToArray(); } }

        public void Add(AwsRequestRecord record)
        {
            lock (_gate) _entries.Add(record);
            Recorded?.Invoke(record);
        }

        public void Clear() { lock (_gate) _entries.Clear(); }

        /// <summary>
        /// Sequential round trips: the longest chain of recorded attempts in which each one started after the previous one
        /// ended (attempts that overlap ran concurrently). Retries count, as they wait for the failed answer. Meaningful
        /// when each round trip takes long compared with scheduling noise (real networks, or a fake with latency);
        /// <paramref name="tolerance"/> (default 2 ms) lets a call started just before its predecessor's record count as after it.
        /// </summary>
        public int SequentialRoundTrips(TimeSpan? tolerance = null) => SequentialRoundTrips(Entries, tolerance);

        public static int SequentialRoundTrips(IEnumerable<AwsRequestRecord> records, TimeSpan? tolerance = null)
        {
            var slack = tolerance ?? TimeSpan.FromMilliseconds(2);
            // A maximum set of pairwise non-overlapping intervals is a chain; earliest-end-first greedy finds one.
            int count = 0;
            DateTimeOffset lastEnd = DateTimeOffset.MinValue;
            foreach (var r in records.OrderBy(r => r.Time))
            {
                if (count == 0 || r.Start >= lastEnd - slack) { count++; lastEnd = r.Time; }
            }
            return count;
        }

        /// <summary>True when the operation name reads only: Get*, List*, Describe*, or STS GetCallerIdentity.</summary>
        public static bool IsReadOnlyOperation(string operation) =>
            operation.StartsWith("Get", StringComparison.Ordinal) ||
            operation.StartsWith("List", StringComparison.Ordinal) ||
            operation.StartsWith("Describe", StringComparison.Ordinal);
    }
}
