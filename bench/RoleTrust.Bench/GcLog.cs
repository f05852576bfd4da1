using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Every collection of the process as the runtime reports it (generation, reason, pause, bytes promoted), printed at
    /// the end when the environment sets RT_GCLOG=1: where the collector's pauses of a stage come from. With RT_ALLOC=1
    /// also the types allocated between marks (the runtime's allocation samples, one per 100 KB). Marks wait 0.3 s for
    /// the runtime's events to arrive, so the timings of such a run do not compare.
    /// </summary>
    internal sealed class GcLog : EventListener
    {
        private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();
        private DateTime _suspend;
        private int _gen, _reason;
        private long _index;
        private string _heap = "";
        private static readonly DateTime Start = DateTime.UtcNow;

        private static readonly bool On = Environment.GetEnvironmentVariable("RT_GCLOG") == "1";

        public static GcLog? Enabled => On ? new GcLog() : null;

        public static void Mark(string what)
        {
            if (!On) return;
            System.Threading.Thread.Sleep(300);
            lock (Ticks)
            {
                long total = Ticks.Values.Sum();
                if (total > 20_000_000)
                    Marks.Enqueue($"{(DateTime.UtcNow - Start).TotalSeconds,8:N3} ++ allocated since last mark ~{total / 1e6:N0} MB: "
                        + string.Join(", ", Ticks.OrderByDescending(t => t.Value).Take(14).Select(t => $"{t.Key} {t.Value / 1e6:N0}")));
                Ticks.Clear();
            }
            Marks.Enqueue($"{(DateTime.UtcNow - Start).TotalSeconds,8:N3} -- {what}");
        }
        private static readonly System.Collections.Generic.Dictionary<string, long> Ticks = new System.Collections.Generic.Dictionary<string, long>();
        private static readonly ConcurrentQueue<string> Marks = new ConcurrentQueue<string>();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, Environment.GetEnvironmentVariable("RT_ALLOC") == "1" ? EventLevel.Verbose : EventLevel.Informational, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            switch (e.EventName)
            {
                case "GCAllocationTick_V4":
                {
                    string type = e.Payload![e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
                    long amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
                    lock (Ticks) Ticks[type] = (Ticks.TryGetValue(type, out long n) ? n : 0) + amount;
                    break;
                }
                case "GCSuspendEEBegin_V1": _suspend = e.TimeStamp; break;
                case "GCStart_V2":
                    _index = Convert.ToInt64(e.Payload![0]); _gen = Convert.ToInt32(e.Payload[1]); _reason = Convert.ToInt32(e.Payload[2]); break;
                case "GCHeapStats_V2":
                    _heap = $"gen0 {Mb(e, 0)} (promoted {Mb(e, 1)}), gen1 {Mb(e, 2)} (promoted {Mb(e, 3)}), gen2 {Mb(e, 4)} (promoted {Mb(e, 5)}), loh {Mb(e, 6)}";
                    break;
                case "GCRestartEEEnd_V1":
                    _lines.Enqueue($"{(e.TimeStamp - Start).TotalSeconds,8:N3} GC #{_index} gen{_gen} reason {_reason}: paused {(e.TimeStamp - _suspend).TotalMilliseconds:N0} ms; {_heap}");
                    break;
            }
        }

        private static string Mb(EventWrittenEventArgs e, int i) => $"{Convert.ToDouble(e.Payload![i]) / 1e6:N0} MB";

        public void Print()
        {
            System.Threading.Thread.Sleep(1500);
            foreach (var line in _lines.Concat(Marks).OrderBy(l => l, StringComparer.Ordinal)) Console.WriteLine(line);
        }
    }
}
