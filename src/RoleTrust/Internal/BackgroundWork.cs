using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace RoleTrust.Internal
{
    /// <summary>
    /// Long engine work run on a worker thread while the pipeline thread, the only one allowed to, writes its progress.
    /// Ctrl+C cancels the token the work is given; the caller sees OperationCanceledException, or whatever else the work threw.
    /// </summary>
    internal static class BackgroundWork
    {
        public static T Run<T>(PSCmdlet cmdlet, int progressId, string activity, string what, Func<Action<int, int>, T> work, CancellationToken cancellationToken)
        {
            int done = 0, total = 0;
            var task = Task.Run(() => work((d, t) => { Volatile.Write(ref total, t); Volatile.Write(ref done, d); }), cancellationToken);
            var progress = new ProgressRecord(progressId, activity, what);
            try
            {
                while (!task.Wait(100))
                {
                    int t = Volatile.Read(ref total), d = Volatile.Read(ref done);
                    progress.StatusDescription = t == 0 ? what : $"{what}: {d:N0} of {t:N0}";
                    progress.PercentComplete = t == 0 ? 0 : Math.Min(100, 100 * d / t);
                    cmdlet.WriteProgress(progress);
                }
                return task.Result;
            }
            // The work's own exception, not the task's wrapper (cancellation included), with its stack kept.
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
                throw;
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(progress);
            }
        }
    }
}
