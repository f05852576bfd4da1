using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Audit;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Get-RoleTrustFinding: the trust audit rules (docs/findings.md) over a snapshot, roles from the pipeline
    /// (Get-IAMRoleList output) or the caller's account live. Writes RoleTrust.TrustFinding objects, or one SARIF
    /// 2.1.0 document with -Format Sarif. Roles whose trust policy cannot be audited are non-terminating errors.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RoleTrustFinding", DefaultParameterSetName = LiveSet, HelpUri = HelpLinks.Base + "Get-RoleTrustFinding.md")]
    [OutputType(typeof(TrustFinding), typeof(string))]
    public sealed class GetRoleTrustFindingCommand : RoleTrustAwsCmdlet
    {
        private const string SnapshotSet = "Snapshot";
        private const string RoleSet = "Role";
        private const string LiveSet = "Live";
        /// <summary>Where the module is published; SARIF's tool.driver.informationUri.</summary>
        internal const string InformationUri = "https://www.powershellgallery.com/packages/RoleTrust";
        private const int ProgressId = 0x7F1D;

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot.</summary>
        [Parameter(ParameterSetName = SnapshotSet, Mandatory = true, Position = 0)]
        public object? Snapshot { get; set; }

        /// <summary>The role's ARN (Arn of a Get-IAMRole / Get-IAMRoleList result).</summary>
        [Parameter(ParameterSetName = RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Arn")]
        [ValidateNotNullOrEmpty]
        public string RoleArn { get; set; } = "";

        /// <summary>The role's name; only used for locations in SARIF (the ARN names the role).</summary>
        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? RoleName { get; set; }

        /// <summary>The trust policy: URL-encoded as IAM and AWS.Tools return it, plain JSON, or an object.</summary>
        [Parameter(ParameterSetName = RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public object? AssumeRolePolicyDocument { get; set; }

        /// <summary>The organization's account ids, for piped or live roles when the organization cannot be read.</summary>
        [Parameter(ParameterSetName = RoleSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidatePattern(@"^\d{12}$")]
        public string[]? OrganizationAccountId { get; set; }

        /// <summary>A profile in the management or a delegated-administrator account, to read the organization's accounts.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string? OrganizationProfileName { get; set; }

        /// <summary>Credentials in the management or a delegated-administrator account, to read the organization's accounts.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public Amazon.Runtime.AWSCredentials? OrganizationCredential { get; set; }

        /// <summary>Only findings of these severities.</summary>
        [Parameter]
        [ValidateSet("High", "Medium", "Low", "Info", IgnoreCase = true)]
        public string[]? Severity { get; set; }

        /// <summary>Only findings of these rules.</summary>
        [Parameter]
        [ValidateSet("WildcardPrincipal", "ThirdPartyWithoutExternalId", "DeletedPrincipal", "OidcMissingSubject", "OidcWildcardSubject",
            "OidcMissingAudience", "ForAllValuesOnSingleValuedKey", "SamlMissingAudience", "ServiceWithoutSourceCondition",
            "InvalidTrustElement", "AccountRootTrust", IgnoreCase = true)]
        public string[]? RuleId { get; set; }

        /// <summary>Object (default): RoleTrust.TrustFinding objects. Sarif: one SARIF 2.1.0 document as a string.</summary>
        [Parameter]
        [ValidateSet("Object", "Sarif", IgnoreCase = true)]
        public string Format { get; set; } = "Object";

        private FindingFilter _filter = null!;
        private bool Sarif => string.Equals(Format, "Sarif", StringComparison.OrdinalIgnoreCase);
        private readonly List<TrustFinding> _sarifFindings = new List<TrustFinding>();
        private readonly List<TrustPolicyProblem> _sarifProblems = new List<TrustPolicyProblem>();
        private string? _snapshotRootUri;
        private TrustPolicyAuditor? _pipelineAuditor;

        protected override void BeginProcessing()
        {
            _filter = new FindingFilter(Severity, RuleId);
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case SnapshotSet: ProcessSnapshot(); break;
                case RoleSet: ProcessPipedRole(); break;
                default: ProcessLive(); break;
            }
        }

        protected override void EndProcessing()
        {
            if (!Sarif) return;
            var options = new SarifOptions { ToolVersion = ModuleVersion(), InformationUri = InformationUri, SnapshotRootUri = _snapshotRootUri };
            WriteObject(SarifWriter.Write(_sarifFindings, _sarifProblems, options));
        }

        // ------------------------------------------------------------------ inputs

        private void ProcessSnapshot()
        {
            var snapshot = SnapshotArgument.Resolve(this, Snapshot);
            _snapshotRootUri = new Uri(snapshot.Path.TrimEnd('/', '\\') + "/").AbsoluteUri;
            var auditor = SnapshotAudits.For(snapshot);
            WriteVerbose($"Auditing {snapshot.RoleCount:N0} role(s) in {snapshot.AccountCount} account(s); accounts outside {auditor.Zone.Name} count as third parties.");
            try { Run(snapshot.Source.Accounts, auditor, snapshot.RoleCount); }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        private void ProcessPipedRole()
        {
            string arn = RoleArn.Trim();
            if (!Arn.TryParse(arn, out var parsed) || parsed.Service != "iam" || !Arn.IsAccountId(parsed.Account) || !parsed.Resource.StartsWith("role/", StringComparison.Ordinal))
            {
                WriteError(ErrorRecords.Create("InvalidArn", ErrorCategory.InvalidArgument,
                    $"'{RoleArn}' is not a role ARN (arn:aws:iam::123456789012:role/name).", RoleArn));
                return;
            }
            if (_pipelineAuditor == null)
            {
                var zone = OrganizationAccountId != null
                    ? TrustZone.FromAccounts(OrganizationAccountId, "the accounts named as the organization's")
                    : TrustZone.FromAccounts(Array.Empty<string>(), "the role's own account (no organization data)");
                if (OrganizationAccountId == null)
                    WriteWarning("No organization data for piped roles: every account other than a role's own counts as outside the organization, so cross-account trusts are reported as ThirdPartyWithoutExternalId rather than AccountRootTrust. Name your organization's accounts with -OrganizationAccountId.");
                _pipelineAuditor = new TrustPolicyAuditor(zone);
            }
            string name = string.IsNullOrEmpty(RoleName) ? SarifWriter.RoleName(arn) : RoleName!;
            var role = new Engine.Model.IamRole { Arn = arn, Name = name, TrustPolicy = new PolicySource(PolicyText(AssumeRolePolicyDocument!)) };
            Report(_pipelineAuditor.Audit(parsed.Account, role));
        }

        private void ProcessLive()
        {
            var caller = ResolveCredentials(CallerCredentialOptions());
            var options = ClientOptions();
            string region = caller.Region ?? "us-east-1";
            try
            {
                string account;
                using (var sts = new StsReader(caller.Credentials, region, options))
                {
                    try { account = sts.GetCallerIdentityAsync(CancellationToken).GetAwaiter().GetResult().Account; }
                    catch (AwsServiceException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.Create("CallerUnknown", ErrorCategory.AuthenticationError,
                            $"Cannot tell whose account to audit: sts:GetCallerIdentity failed ({ex.Code}: {ex.ServiceMessage}).", null, ex));
                        return;
                    }
                }
                IReadOnlyList<Aws.Live.IamRole> roles;
                using (var iam = new IamClient(caller.Credentials, region, options))
                {
                    try { roles = iam.ListRolesAsync(null, CancellationToken).GetAwaiter().GetResult(); }
                    catch (AwsServiceException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.Create("ListRolesFailed", ex.IsAccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError,
                            $"Cannot list the roles of account {account}: iam:ListRoles failed ({ex.Code}: {ex.ServiceMessage}).", account, ex));
                        return;
                    }
                }
                var data = new AccountData(account);
                foreach (var r in roles)
                    data.Roles[r.RoleName] = new Engine.Model.IamRole
                    {
                        Arn = r.Arn, Name = r.RoleName, Path = r.Path, Id = r.RoleId, Description = r.Description, MaxSessionDuration = r.MaxSessionDuration,
                        TrustPolicy = r.AssumeRolePolicyDocument == null ? null : new PolicySource(r.AssumeRolePolicyDocument),
                    };
                var auditor = new TrustPolicyAuditor(LiveZone(account, caller, region, options));
                WriteVerbose($"Auditing {roles.Count:N0} role(s) of account {account}; accounts outside {auditor.Zone.Name} count as third parties.");
                Run(new[] { data }, auditor, roles.Count);
            }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        /// <summary>The organization's accounts: given, read with Organizations, or (when unreadable) the caller's account alone.</summary>
        private TrustZone LiveZone(string account, ResolvedAwsCredentials caller, string region, AwsClientOptions options)
        {
            if (OrganizationAccountId != null)
                return TrustZone.FromAccounts(OrganizationAccountId.Concat(new[] { account }), "the accounts named as the organization's");
            var reader = OrganizationProfileName != null || OrganizationCredential != null
                ? ResolveCredentials(new AwsCredentialOptions { ProfileName = OrganizationProfileName, ProfileLocation = ProfileLocation, Credential = OrganizationCredential, Region = region }, "organization reader")
                : caller;
            using (var orgs = new OrganizationsClient(reader.Credentials, region, options))
            {
                try
                {
                    var organization = orgs.DescribeOrganizationAsync(CancellationToken).GetAwaiter().GetResult();
                    var accounts = orgs.ListAccountsAsync(CancellationToken).GetAwaiter().GetResult();
                    return TrustZone.FromOrganization(organization.Id, accounts.Select(a => a.Id));
                }
                catch (AwsServiceException ex)
                {
                    WriteWarning($"Cannot read the organization's accounts ({ex.Code}: {ex.ServiceMessage}): every account other than {account} counts as outside the organization. " +
                        "Use -OrganizationProfileName or -OrganizationCredential (management or delegated-administrator account), or -OrganizationAccountId.");
                    return TrustZone.FromAccounts(new[] { account }, $"account {account} (the organization could not be read)");
                }
            }
        }

        // ------------------------------------------------------------------ audit and output

        private void Run(IEnumerable<AccountData> accounts, TrustPolicyAuditor auditor, int roleCount)
        {
            var progress = new ProgressRecord(ProgressId, "Get-RoleTrustFinding", "Auditing trust policies");
            int done = 0;
            string? lastAccount = null;
            foreach (var audit in TrustAudit.AuditAccounts(accounts, auditor, CancellationToken))
            {
                if (audit.Account != lastAccount || ++done % 2000 == 0)
                {
                    lastAccount = audit.Account;
                    progress.StatusDescription = $"Account {audit.Account}: {done:N0} of {roleCount:N0} roles";
                    progress.PercentComplete = roleCount == 0 ? 0 : Math.Min(100, 100 * done / roleCount);
                    WriteProgress(progress);
                }
                Report(audit);
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        private void Report(RoleAudit audit)
        {
            if (audit.Problem != null)
            {
                var p = audit.Problem;
                WriteError(ErrorRecords.Create(p.ErrorId, ErrorCategory.InvalidData, p.Message, p.Role));
                if (Sarif) _sarifProblems.Add(p);
            }
            foreach (var f in audit.Findings)
            {
                if (!_filter.Matches(f)) continue;
                if (Sarif) _sarifFindings.Add(f);
                else WriteObject(f);
            }
        }

        private static string PolicyText(object document)
        {
            object value = document is PSObject pso ? pso.BaseObject : document;
            if (value is string s) return s;
            var node = PSObjectConverter.ToJson(document);
            return node.Kind == JsonKind.String ? node.Text! : JsonWriter.Write(node);
        }

        private string ModuleVersion()
        {
            var version = MyInvocation.MyCommand.Module?.Version ?? typeof(GetRoleTrustFindingCommand).Assembly.GetName().Version;
            return version == null ? "0.0.0" : $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}";
        }
    }
}
