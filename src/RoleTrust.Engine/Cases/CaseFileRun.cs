using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// Evaluates the cases of a JSON Lines text on worker threads, handing the outcomes back in line order on the
    /// calling thread (which writes them, and is PowerShell's pipeline thread in Test-IamPolicy -Path).
    /// <para>
    /// The calling thread reads the text and copies runs of lines into chunks; each chunk is parsed and evaluated on a
    /// worker, with a <see cref="PolicyCaseBuilder"/> (and the tape its lines are read into) no other worker uses at the same time. The cases are independent,
    /// so the outcomes, warnings and their order are those of one thread evaluating the lines in turn; a few chunks
    /// ahead of the one being written are in work at a time, so memory stays bounded whatever the file's size.
    /// </para>
    /// </summary>
    public static class CaseFileRun
    {
        /// <summary>Characters of lines per chunk: 64 KB, off the large object heap (a longer line gets a chunk of its own).</summary>
        private const int ChunkChars = 1 << 15;
        private const int ChunkLines = 256;

        /// <summary>
        /// The outcome of every line that is not blank, in order. <paramref name="workers"/> 0 evaluates on the calling
        /// thread. Leaving the enumeration early (or <paramref name="cancel"/>) stops the workers before it returns.
        /// </summary>
        public static IEnumerable<CaseOutcome> Outcomes(TextReader reader, string sourceName, DateTimeOffset now, bool trace, int workers, CancellationToken cancel)
        {
            if (reader == null) throw new ArgumentNullException(nameof(reader));
            var lines = new CaseLineReader(reader);
            return workers <= 0 ? OneThread(lines, sourceName, now, trace, cancel) : Workers(lines, sourceName, now, trace, workers, cancel);
        }

        private static IEnumerable<CaseOutcome> OneThread(CaseLineReader lines, string sourceName, DateTimeOffset now, bool trace, CancellationToken cancel)
        {
            var builder = new PolicyCaseBuilder();
            var tape = new JsonTape();
            while (lines.TryRead(tape, out int lineNumber, out var error))
            {
                cancel.ThrowIfCancellationRequested();
                yield return error != null ? CaseOutcome.NotJson(lineNumber, error) : CaseOutcome.FromLine(tape, lineNumber, sourceName, builder, now, trace);
            }
        }

        private static IEnumerable<CaseOutcome> Workers(CaseLineReader lines, string sourceName, DateTimeOffset now, bool trace, int workers, CancellationToken cancel)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var builders = new ConcurrentBag<PolicyCaseBuilder>();
            var running = new Queue<Chunk>();
            var spare = new Stack<Chunk>();
            try
            {
                bool more = true;
                while (true)
                {
                    while (more && running.Count < 2 * workers)
                    {
                        var chunk = spare.Count > 0 ? spare.Pop() : new Chunk();
                        more = chunk.Fill(lines);
                        if (chunk.Count == 0) { spare.Push(chunk); break; }
                        chunk.Work = Task.Run(() => chunk.Evaluate(sourceName, now, trace, builders, stop.Token));
                        running.Enqueue(chunk);
                    }
                    if (running.Count == 0) yield break;
                    var head = running.Dequeue();
                    head.Work!.GetAwaiter().GetResult();
                    cancel.ThrowIfCancellationRequested();
                    for (int i = 0; i < head.Count; i++) yield return head.Outcomes[i]!;
                    head.Clear();
                    spare.Push(head);
                }
            }
            finally
            {
                stop.Cancel();
                foreach (var chunk in running)
                    try { chunk.Work!.Wait(); } catch (AggregateException) { /* stopping: what the chunk came to is not wanted */ }
                stop.Dispose();
            }
        }

        /// <summary>A run of lines copied out of the reader's buffer, and what each came to.</summary>
        private sealed class Chunk
        {
            private char[] _text = new char[ChunkChars];
            private readonly int[] _starts = new int[ChunkLines];
            private readonly int[] _lengths = new int[ChunkLines];
            private readonly int[] _numbers = new int[ChunkLines];
            public readonly CaseOutcome?[] Outcomes = new CaseOutcome?[ChunkLines];
            public int Count;
            public Task? Work;

            /// <summary>Takes lines while they fit; false when the text has no more.</summary>
            public bool Fill(CaseLineReader lines)
            {
                int used = 0;
                while (Count < ChunkLines)
                {
                    if (!lines.TryReadLine(out int number, out var buffer, out int start, out int length)) return false;
                    if (used + length > _text.Length)
                    {
                        if (Count > 0) { lines.PutBack(); return true; }
                        _text = new char[length];
                    }
                    Array.Copy(buffer, start, _text, used, length);
                    _starts[Count] = used; _lengths[Count] = length; _numbers[Count] = number;
                    used += length;
                    Count++;
                }
                return true;
            }

            [MethodImpl(HotPath.Options)]
            public void Evaluate(string sourceName, DateTimeOffset now, bool trace, ConcurrentBag<PolicyCaseBuilder> builders, CancellationToken stop)
            {
                if (!builders.TryTake(out var builder)) builder = new PolicyCaseBuilder();
                var tape = builder.LineTape;
                try
                {
                    for (int i = 0; i < Count && !stop.IsCancellationRequested; i++)
                    {
                        try { tape.Parse(_text, _starts[i], _lengths[i]); }
                        catch (JsonSyntaxException ex) { Outcomes[i] = CaseOutcome.NotJson(_numbers[i], ex); continue; }
                        Outcomes[i] = CaseOutcome.FromLine(tape, _numbers[i], sourceName, builder, now, trace);
                    }
                }
                finally { builders.Add(builder); }
            }

            public void Clear()
            {
                Array.Clear(Outcomes, 0, Count);
                Count = 0;
                Work = null;
                if (_text.Length > ChunkChars) _text = new char[ChunkChars];
            }
        }
    }
}
