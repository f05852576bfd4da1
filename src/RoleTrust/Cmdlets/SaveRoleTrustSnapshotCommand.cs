using System;
using System.Collections;
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
    [Cmdlet(VerbsData.Save, "RoleTrustSnapshot")]
    [OutputType(typeof(SnapshotCollectionResult))]
    public sealed class SaveRoleTrustSnapshotCommand : RoleTrustAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Accounts to collect; default: the caller's account.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Account")]
        public string[]? AccountId { get; set; }

        /// <summary>Account ID to profile name, for accounts read with their own credentials.</summary>
        [Parameter] public Hashtable? AccountProfileName { get; set; }

        /// <summary>A role assumed in each other account to read it (arn:aws:iam::&lt;account&gt;:role/&lt;name&gt;).</summary>
        [Parameter] public string? AuditRoleName { get; set; }

        /// <summary>Also write organization.json (SCPs, RCPs, structure).</summary>
        [Parameter] public SwitchParameter IncludeOrganization { get; set; }

        [Parameter] public string? OrganizationProfileName { get; set; }
        [Parameter] public Amazon.Runtime.AWSCredentials? OrganizationCredential { get; set; }

        private readonly List<string> _accounts = new List<string>();

        protected override void ProcessRecord()
        {
            if (AccountId != null) _accounts.AddRange(AccountId);
        }

        protected override void EndProcessing()
        {
            string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            var caller = ResolveCredentials(CallerCredentialOptions());
            var options = new AwsClientOptions { EndpointUrl = EndpointUrl };
            string region = caller.Region ?? "us-east-1";
            string partition = AwsEndpoints.PartitionOf(region);
            var owned = new List<IDisposable>();
            try
            {
                var sts = new StsReader(caller.Credentials, region, options);
                owned.Add(sts);
                CallerIdentity identity;
                try { identity = sts.GetCallerIdentityAsync(CancellationToken).GetAwaiter().GetResult(); }
                catch (AwsServiceException ex)
                {
                    ThrowTerminatingError(ErrorRecords.Create("CredentialsRejected", ErrorCategory.AuthenticationError, $"sts:GetCallerIdentity failed: {ex.Code}: {ex.ServiceMessage}", null, ex));
                    return;
                }
                var callerIam = new IamClient(caller.Credentials, region, options);
                owned.Add(callerIam);
                IOrganizationsReader? org = null;
                if (IncludeOrganization)
                {
                    var orgCreds = OrganizationProfileName != null || OrganizationCredential != null
                        ? ResolveCredentials(new AwsCredentialOptions { ProfileName = OrganizationProfileName, ProfileLocation = ProfileLocation, Credential = OrganizationCredential, Region = region }, "organization reader")
                        : caller;
                    var orgClient = new OrganizationsClient(orgCreds.Credentials, region, options);
                    owned.Add(orgClient);
                    org = orgClient;
                }

                async Task<IIamReader> ReaderFor(string account)
                {
                    Amazon.Runtime.AWSCredentials creds;
                    if (AccountProfileName != null && AccountProfileName.ContainsKey(account))
                        creds = AwsCredentialResolver.ResolveCredentials(new AwsCredentialOptions { ProfileName = Convert.ToString(AccountProfileName[account]), ProfileLocation = ProfileLocation }, out _);
                    else if (AuditRoleName != null)
                        creds = await sts.AssumeAuditRoleAsync($"arn:{partition}:iam::{account}:role/{AuditRoleName.Trim('/')}", "RoleTrustSnapshot", CancellationToken).ConfigureAwait(false);
                    else throw new InvalidOperationException($"no credentials for account {account}: pass -AccountProfileName @{{ '{account}' = '<profile>' }} or -AuditRoleName");
                    var client = new IamClient(creds, region, options);
                    lock (owned) owned.Add(client);
                    return client;
                }

                var collector = new SnapshotCollector(identity.Account, callerIam, ReaderFor, org);
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
            finally { foreach (var d in owned) d.Dispose(); }
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
