using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Bench;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Ctrl+C in Import-RoleTrustSnapshot cancels the load's token: a load of a large snapshot must stop within half a
    /// second of the cancellation, in the middle of reading account files, with OperationCanceledException.
    /// </summary>
    public class SnapshotLoadCancellationTests
    {
        [Fact]
        public void CancelledInTheMiddleOfALoad_StopsPromptly_WithOperationCanceledException()
        {
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-cancel-" + Path.GetRandomFileName());
            OrganizationGenerator.Generate(folder, new OrganizationGenerator.Options { Accounts = 60, Roles = 12000, Users = 2000, Seed = 7 });
            try
            {
                // A complete load, for the total to compare with.
                long total = 0;
                SnapshotSource.Load(folder, (done, all) => total = all, CancellationToken.None);
                Assert.True(total > 20_000_000, $"the generated snapshot is {total:N0} bytes");

                using (var cts = new CancellationTokenSource())
                {
                    long readWhenCancelled = -1, lastRead = 0;
                    var cancelledAt = new Stopwatch();
                    var ex = Record.Exception(() => SnapshotSource.Load(folder, (done, all) =>
                    {
                        Interlocked.Exchange(ref lastRead, done);
                        // Once some files are read, but far from all: the middle of the load.
                        if (done > 0 && Interlocked.CompareExchange(ref readWhenCancelled, done, -1) == -1) { cancelledAt.Start(); cts.Cancel(); }
                    }, cts.Token));
                    cancelledAt.Stop();
                    Assert.IsAssignableFrom<OperationCanceledException>(ex);
                    Assert.True(readWhenCancelled > 0 && readWhenCancelled < total / 2, $"cancelled after {readWhenCancelled:N0} of {total:N0} bytes");
                    Assert.True(Interlocked.Read(ref lastRead) < total, "the load went on to the end");
                    Assert.True(cancelledAt.ElapsedMilliseconds < 500, $"the load stopped {cancelledAt.ElapsedMilliseconds} ms after the cancellation");
                }
            }
            finally { Directory.Delete(folder, recursive: true); }
        }

        [Fact]
        public void CancelledBeforeItStarts_ReadsNothing()
        {
            string folder = Path.Combine(Path.GetTempPath(), "roletrust-cancel-" + Path.GetRandomFileName());
            OrganizationGenerator.Generate(folder, new OrganizationGenerator.Options { Accounts = 12, Roles = 200, Users = 50, Seed = 7 });
            try
            {
                using (var cts = new CancellationTokenSource())
                {
                    cts.Cancel();
                    bool progressed = false;
                    Assert.ThrowsAny<OperationCanceledException>(() => SnapshotSource.Load(folder, (d, t) => progressed = true, cts.Token));
                    Assert.False(progressed);
                }
            }
            finally { Directory.Delete(folder, recursive: true); }
        }
    }
}
