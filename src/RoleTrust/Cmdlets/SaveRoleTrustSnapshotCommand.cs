using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Save-RoleTrustSnapshot: collects the snapshot format (accounts/&lt;id&gt;.json, organization.json) from live AWS,
    /// read-only, for the caller's account, a list of accounts (through profiles or an audit role assumed in each),
    /// and the organization.
    /// </summary>
    [Cmdlet(VerbsData.Save, "RoleTrustSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Save-RoleTrustSnapshot.md")]
    [OutputType(typeof(SnapshotCollectionResult))]
    public sealed class SaveRoleTrustSnapshotCommand : AccountReadingCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Accounts to collect; default: the caller's account.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Account")]
        public string[]? AccountId { get; set; }

        /// <summary>Also write organization.json (SCPs, RCPs, structure).</summary>
        [Parameter] public SwitchParameter IncludeOrganization { get; set; }

        /// <summary>Replace files of an existing snapshot (the accounts asked for, organization.json).</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        private readonly List<string> _accounts = new List<string>();

        protected override void ProcessRecord()
        {
            if (AccountId != null) _accounts.AddRange(AccountId);
        }

        protected override string AuditSessionName => "RoleTrustSnapshot";

        protected override void EndProcessing()
        {
            string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(folder))
                ThrowTerminatingError(ErrorRecords.Create("SnapshotWriteFailed", ErrorCategory.WriteError,
                    $"'{folder}' is a file: -Path names the snapshot folder to write (it is created when missing).", Path));
            // With the accounts named, what would be written is known before any credential is read: -WhatIf then
            // answers without AWS, and an existing snapshot is refused before any call.
            bool asked = false;
            if (_accounts.Count > 0)
            {
                var bad = _accounts.Find(a => a.Trim().Length > 0 && !Engine.Model.Arn.IsAccountId(a.Trim()));
                if (bad != null) ThrowTerminatingError(ErrorRecords.Create("InvalidAccountId", ErrorCategory.InvalidArgument, $"'{bad.Trim()}' is not a 12-digit account ID.", AccountId));
                if (!MayWrite(folder, _accounts)) return;
                asked = true;
            }
            var credentials = ResolveLiveCredentials();
            var options = ClientOptions();
            using var routing = new CredentialRouting(credentials, options, CancellationToken);
            try
            {
                var probe = routing.Caller.ProbeAsync().GetAwaiter().GetResult();
                if (probe.CallerAccount == null)
                {
                    bool unreachable = probe.Error?.IsUnreachable == true;
                    ThrowTerminatingError(ErrorRecords.Create(unreachable ? "EndpointUnreachable" : "CredentialsRejected",
                        unreachable ? ErrorCategory.ConnectionError : ErrorCategory.AuthenticationError, probe.FailureText, null));
                    return;
                }
                if (!asked && !MayWrite(folder, new List<string> { probe.CallerAccount })) return;
                IOrganizationsReader? org = IncludeOrganization ? (routing.Organization ?? routing.Caller).Organizations : null;

                // Each account is read with the credentials the routing finds for it (the same rules as the path cmdlets).
                async Task<IIamReader> ReaderFor(string account)
                {
                    var route = await routing.ForAccountAsync(account).ConfigureAwait(false);
                    if (route.Credentials != null) return route.Credentials.Iam;
                    throw new InvalidOperationException(route.Cause == Engine.Model.DataGapCause.NoCredentials
                        ? $"{route.Detail}: pass -AccountProfileName @{{ '{account}' = '<profile>' }} or -AuditRoleName"
                        : route.Detail);
                }

                var collector = new SnapshotCollector(probe.CallerAccount, routing.Caller.Iam, ReaderFor, org);
                var progress = new ConcurrentQueue<SnapshotProgress>();
                var task = collector.CollectAsync(folder, _accounts, IncludeOrganization, progress.Enqueue, CancellationToken);
                var record = new ProgressRecord(0x5A7E, "Save-RoleTrustSnapshot", "Reading IAM and Organizations");
                // Progress arrives on worker threads; PowerShell streams must be written from this one.
                // WaitAny, not Wait: Wait throws an AggregateException for a faulted task, which would hide the
                // ArgumentException / IOException that GetResult below rethrows as is for the catch clauses.
                while (Task.WaitAny(new Task[] { task }, 100) < 0) Drain(progress, record);
                Drain(progress, record);
                record.RecordType = ProgressRecordType.Completed;
                WriteProgress(record);
                var result = task.GetAwaiter().GetResult();
                foreach (var f in result.Failures)
                    WriteError(ErrorRecords.Create("SnapshotAccountFailed", ErrorCategory.ReadError, $"{f.Target}: {f.Reason}", f.Target));
                if (result.OrganizationNote != null && IncludeOrganization && !result.OrganizationWritten) WriteWarning("organization.json not written: " + result.OrganizationNote);
                WriteObject(result);
            }
            catch (AggregateException ex) when (ex.InnerException is OperationCanceledException) { }
            catch (OperationCanceledException) { }
            catch (ArgumentException ex) { ThrowTerminatingError(ErrorRecords.Create("InvalidAccountId", ErrorCategory.InvalidArgument, ex.Message, AccountId, ex)); }
            catch (IOException ex) { ThrowTerminatingError(new ErrorRecord(ex, "SnapshotWriteFailed", ErrorCategory.WriteError, folder)); }
        }

        /// <summary>
        /// Whether the files may be written: never over an existing snapshot's files without -Force (several workers may
        /// fill one folder with different accounts, so only the files this command would write count), and only after
        /// -WhatIf / -Confirm allow it.
        /// </summary>
        private bool MayWrite(string folder, List<string> accounts)
        {
            var files = new List<string>();
            foreach (var a in accounts) files.Add(System.IO.Path.Combine(folder, "accounts", a.Trim() + ".json"));
            if (IncludeOrganization) files.Add(System.IO.Path.Combine(folder, "organization.json"));
            var existing = files.FindAll(File.Exists);
            if (existing.Count > 0 && !Force)
            {
                ThrowTerminatingError(ErrorRecords.Create("SnapshotExists", ErrorCategory.ResourceExists,
                    $"{folder} already holds {string.Join(", ", existing.ConvertAll(f => f.Substring(folder.Length).TrimStart('/', '\\')))}: pass -Force to replace them, or save to another folder.", folder));
                return false;
            }
            string what = $"{accounts.Count} account file(s){(IncludeOrganization ? " and organization.json" : "")}";
            return ShouldProcess(folder, existing.Count > 0 ? $"Replace {existing.Count} file(s) of the snapshot, writing {what}" : $"Write {what}");
        }

        private void Drain(ConcurrentQueue<SnapshotProgress> queue, ProgressRecord record)
        {
            SnapshotProgress? last = null;
            while (queue.TryDequeue(out var p)) { last = p; if (p.Finished) WriteVerbose(p.ToString()); }
            if (last == null) return;
            record.StatusDescription = last.ToString();
            record.PercentComplete = Math.Min(100, 100 * (last.Finished ? last.Index : last.Index - 1) / Math.Max(1, last.Count));
            WriteProgress(record);
        }
    }
}
