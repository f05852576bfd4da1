using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using RoleTrust.Aws.Live;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using RoleTrust.Federation;
using RoleTrust.Internal;
using RoleTrust.Paths;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Parameters and flow shared by Test-AssumeRolePath and Get-RoleTrustGap: bind one request (from parameters or the
    /// pipeline), run the path checks on a snapshot or live, hand the results to the derived cmdlet. The parameter sets
    /// are the kinds of request: an IAM principal's AssumeRole (Principal, the default), the console's Switch Role
    /// (Console, SwitchRoleUrl), AssumeRoleWithWebIdentity (WebIdentityToken, TokenClaims) and AssumeRoleWithSAML
    /// (SamlAssertion, SamlAttributes); a parameter that no call of that kind can carry is not in its set, so
    /// PowerShell itself refuses the combination.
    /// </summary>
    public abstract class AssumeRolePathCommandBase : PathDiagnosisCmdlet
    {
        protected const string PrincipalSet = "Principal";
        protected const string ConsoleSet = "Console";
        protected const string SwitchRoleUrlSet = "SwitchRoleUrl";
        protected const string WebIdentityTokenSet = "WebIdentityToken";
        protected const string TokenClaimsSet = "TokenClaims";
        protected const string SamlAssertionSet = "SamlAssertion";
        protected const string SamlAttributesSet = "SamlAttributes";

        /// <summary>The role of the current row as the output names it: the ARN, or the link it was read from.</summary>
        private string _rowRole = "";

        // An empty RoleArn binds, so that a blank cell in one row of an audit is reported with that row (an error and an
        // Unknown result) instead of failing the binding and leaving the row out of the output.
        [Parameter(ParameterSetName = PrincipalSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ConsoleSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = WebIdentityTokenSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = TokenClaimsSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SamlAssertionSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SamlAttributesSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string RoleArn { get; set; } = "";

        /// <summary>
        /// The principal that calls AssumeRole; with -Console or -SwitchRoleUrl, the identity signed in to the console.
        /// Also bound (hidden) with a web identity or SAML request, so that a row giving it there is refused with its own
        /// error rather than silently dropped by the binder.
        /// </summary>
        [Parameter(ParameterSetName = PrincipalSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ConsoleSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SwitchRoleUrlSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = WebIdentityTokenSet, Position = 1, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Parameter(ParameterSetName = TokenClaimsSet, Position = 1, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Parameter(ParameterSetName = SamlAssertionSet, Position = 1, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Parameter(ParameterSetName = SamlAttributesSet, Position = 1, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Alias("Source")]
        [BlankAsAbsent]
        [ArgumentCompleter(typeof(Completion.PrincipalArnCompleter))]
        public string? SourceArn { get; set; }

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Snapshot { get; set; }

        /// <summary>A console Switch Role link: sets the role (account id or alias, role path and name) and the console's rules.</summary>
        [Parameter(ParameterSetName = SwitchRoleUrlSet, Mandatory = true)]
        public string? SwitchRoleUrl { get; set; }

        /// <summary>The console's Switch Role: the console's rules, evaluated for the identity signed in.</summary>
        [Parameter(ParameterSetName = ConsoleSet, Mandatory = true)]
        public SwitchParameter Console { get; set; }

        /// <summary>A JWT for AssumeRoleWithWebIdentity: decoded only, never verified, written or sent anywhere.</summary>
        [Parameter(ParameterSetName = WebIdentityTokenSet, Mandatory = true)]
        public string? WebIdentityToken { get; set; }

        /// <summary>The claims of a web identity token (iss, sub, aud, azp, amr ...), for AssumeRoleWithWebIdentity.</summary>
        [Parameter(ParameterSetName = TokenClaimsSet, Mandatory = true)]
        public Hashtable? TokenClaims { get; set; }

        /// <summary>The SAMLResponse an identity provider posts (base64), for AssumeRoleWithSAML: decoded only, never verified or sent.</summary>
        [Parameter(ParameterSetName = SamlAssertionSet, Mandatory = true)]
        public string? SamlAssertion { get; set; }

        /// <summary>What a SAML assertion says (Issuer, NameID, Recipient, Role, RoleSessionName, attributes ...), for AssumeRoleWithSAML.</summary>
        [Parameter(ParameterSetName = SamlAttributesSet, Mandatory = true)]
        public Hashtable? SamlAttributes { get; set; }

        /// <summary>AssumeRoleWithSAML's PrincipalArn: the SAML provider (arn:aws:iam::123456789012:saml-provider/Name); default: the assertion's pair for the role.</summary>
        [Parameter(ParameterSetName = SamlAssertionSet)]
        [Parameter(ParameterSetName = SamlAttributesSet)]
        public string? PrincipalArn { get; set; }

        [Parameter(ParameterSetName = PrincipalSet, ValueFromPipelineByPropertyName = true)][BlankAsAbsent] public string? ExternalId { get; set; }

        [Parameter(ParameterSetName = PrincipalSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = WebIdentityTokenSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = TokenClaimsSet, ValueFromPipelineByPropertyName = true)]
        [BlankAsAbsent] public string? RoleSessionName { get; set; }

        [Parameter(ParameterSetName = PrincipalSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = WebIdentityTokenSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = TokenClaimsSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SamlAssertionSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SamlAttributesSet, ValueFromPipelineByPropertyName = true)]
        [BlankAsAbsent(WholeNumber = true)] public int? DurationSeconds { get; set; }

        [Parameter(ParameterSetName = PrincipalSet, ValueFromPipelineByPropertyName = true)][BlankAsAbsent] public string? SourceIdentity { get; set; }
        /// <summary>Tags passed with this AssumeRole call: they tag the new session.</summary>
        [Parameter(ParameterSetName = PrincipalSet)] public Hashtable? SessionTag { get; set; }
        /// <summary>The tags of the calling session itself (its session tags and inherited transitive tags), which IAM cannot return.</summary>
        [Parameter(ParameterSetName = PrincipalSet)]
        [Parameter(ParameterSetName = ConsoleSet)]
        [Parameter(ParameterSetName = SwitchRoleUrlSet)]
        public Hashtable? CallerSessionTag { get; set; }
        [Parameter(ParameterSetName = PrincipalSet)] public string[]? TransitiveTagKey { get; set; }

        [Parameter(ParameterSetName = PrincipalSet)]
        [Parameter(ParameterSetName = WebIdentityTokenSet)]
        [Parameter(ParameterSetName = TokenClaimsSet)]
        [Parameter(ParameterSetName = SamlAssertionSet)]
        [Parameter(ParameterSetName = SamlAttributesSet)]
        public object? SessionPolicy { get; set; }

        [Parameter(ParameterSetName = PrincipalSet)]
        [Parameter(ParameterSetName = ConsoleSet)]
        [Parameter(ParameterSetName = SwitchRoleUrlSet)]
        public object? CallerSessionPolicy { get; set; }

        [Parameter(ParameterSetName = PrincipalSet)]
        [Parameter(ParameterSetName = ConsoleSet)]
        [Parameter(ParameterSetName = SwitchRoleUrlSet)]
        public SwitchParameter MfaPresent { get; set; }

        [Parameter(ParameterSetName = PrincipalSet)] public string? SerialNumber { get; set; }
        [Parameter(ParameterSetName = PrincipalSet)] public string? TokenCode { get; set; }
        [Parameter] public string? SourceIp { get; set; }
        [Parameter] public string? SourceVpce { get; set; }
        [Parameter] public Hashtable? Context { get; set; }

        protected abstract void WriteResults(IReadOnlyList<PathCheck> checks);

        /// <summary>
        /// A row that could not be evaluated (its error record is written just before): the derived cmdlet still writes
        /// a result for it, so that the output has one answer per row and never reads as "open" by omission.
        /// </summary>
        protected abstract void WriteUnevaluated(PathCheck unknown);

        private bool Federated => ParameterSetName == WebIdentityTokenSet || ParameterSetName == TokenClaimsSet
            || ParameterSetName == SamlAssertionSet || ParameterSetName == SamlAttributesSet;

        // The -Verbose story (data read, each check and what decided it) is made only when it will be shown.
        private bool _verbose;

        protected override void BeginProcessing()
        {
            _verbose = VerboseStory.IsOn(this);
            // A null or empty -Snapshot usually means an earlier Import-RoleTrustSnapshot failed: never read AWS instead.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Snapshot)) && IsEmpty(Snapshot))
                ThrowTerminatingError(ErrorRecords.Create("EmptySnapshot", ErrorCategory.InvalidArgument, EmptySnapshotMessage, null));
        }

        private const string EmptySnapshotMessage =
            "-Snapshot is null or empty (did an earlier Import-RoleTrustSnapshot fail?). RoleTrust does not fall back to reading AWS: " +
            "pass a snapshot folder or the output of Import-RoleTrustSnapshot, or leave -Snapshot out to use live AWS.";

        private static bool IsEmpty(object? value)
        {
            object? v = value is PSObject pso ? pso.BaseObject : value;
            return v == null || (v is string s && s.Trim().Length == 0);
        }

        protected override void ProcessRecord()
        {
            BlankAwsParametersAsAbsent();
            _rowRole = ParameterSetName == SwitchRoleUrlSet ? SwitchRoleUrl ?? "" : RoleArn ?? "";
            if (ParameterSetName != SwitchRoleUrlSet && string.IsNullOrWhiteSpace(RoleArn))
            {
                FailRow(ErrorRecords.Create(PolicyErrorIds.InvalidArn, ErrorCategory.InvalidArgument,
                    "RoleArn is empty: give the ARN of the role to assume (arn:aws:iam::123456789012:role/path/Name).", RoleArn), CheckName.TargetRole);
                return;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Snapshot)) && IsEmpty(Snapshot))
            {
                // Bound from this input row (a blank Snapshot column): the row is not evaluated, the others go on.
                FailRow(ErrorRecords.Create("EmptySnapshot", ErrorCategory.InvalidArgument, EmptySnapshotMessage, _rowRole), CheckName.SourcePrincipal);
                return;
            }
            if (Federated && !string.IsNullOrEmpty(SourceArn))
            {
                FailRow(ErrorRecords.Create("SourceArnWithFederatedRequest", ErrorCategory.InvalidArgument,
                    $"-SourceArn cannot be given with -{ParameterSetName}: the caller of {(ParameterSetName.StartsWith("Saml", StringComparison.Ordinal) ? "AssumeRoleWithSAML" : "AssumeRoleWithWebIdentity")} " +
                    "is the identity provider's user the token or assertion describes, not an AWS principal. Leave -SourceArn out (or the SourceArn column empty).", _rowRole),
                    CheckName.SourcePrincipal);
                return;
            }
            var federation = ReadFederation();
            if (federation == null) return;
            Snapshot? snapshot = Snapshot == null ? null : ResolveSnapshot(Snapshot);
            if (Snapshot != null && snapshot == null) return;

            string? roleArn = ParameterSetName == SwitchRoleUrlSet ? RoleFromLink(snapshot) : RoleArn!.Trim();
            if (roleArn == null) return;

            if (snapshot == null) { ProcessLive(roleArn, federation); return; }
            if (!Federated && string.IsNullOrEmpty(SourceArn))
            {
                FailRow(ErrorRecords.Create("SourceArnRequired", ErrorCategory.InvalidArgument,
                    "-SourceArn is required with -Snapshot: name the user, role or assumed-role session that assumes the role" +
                    (ParameterSetName == PrincipalSet ? "." : " (for the console: the identity signed in)."), _rowRole), CheckName.SourcePrincipal);
                return;
            }
            var request = TryBuildRequest(Federated ? "" : SourceArn!.Trim(), roleArn, federation);
            if (request == null) return;
            if (_verbose) WriteVerbose($"Data: the snapshot {snapshot.Path} ({snapshot.AccountCount} account(s){(snapshot.OrganizationId == null ? ", no organization.json" : ", organization " + snapshot.OrganizationId)}); no AWS call.");
            RunChecks(request, snapshot.Source, snapshot.Policies);
        }

        /// <summary>What a web identity or SAML request carries, decoded here; <see cref="FederationInput.None"/> for other requests; null when it cannot be read (error written).</summary>
        private FederationInput? ReadFederation()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case WebIdentityTokenSet: return new FederationInput(Federation.WebIdentityToken.Decode(WebIdentityToken), null);
                    case TokenClaimsSet: return new FederationInput(Federation.WebIdentityClaims.FromJson(PSObjectConverter.ToJson(TokenClaims)), null);
                    case SamlAssertionSet: return new FederationInput(null, Federation.SamlAssertion.Decode(SamlAssertion));
                    case SamlAttributesSet: return new FederationInput(null, Federation.SamlAttributesReader.FromJson(PSObjectConverter.ToJson(SamlAttributes)));
                    default: return FederationInput.None;
                }
            }
            catch (PolicyFormatException ex)
            {
                // The message never quotes the token or assertion; the target is the role, never the secret.
                FailRow(ErrorRecords.FromPolicy(ex, _rowRole), CheckName.IdentityProvider);
                return null;
            }
            catch (ArgumentException ex)
            {
                // Claims or attributes nested too deeply to read.
                FailRow(ParameterSetName == TokenClaimsSet
                    ? ErrorRecords.Create(FederationErrorIds.InvalidTokenClaims, ErrorCategory.InvalidArgument, ex.Message, _rowRole, ex)
                    : ErrorRecords.Create(FederationErrorIds.InvalidSamlAttributes, ErrorCategory.InvalidArgument, ex.Message, _rowRole, ex), CheckName.IdentityProvider);
                return null;
            }
        }

        /// <summary>
        /// The role a Switch Role link names: its account id, or the account its alias names in the data the command reads.
        /// An alias the data cannot resolve is an error of its row (UnknownAccountAlias) with an Unknown result.
        /// </summary>
        private string? RoleFromLink(Snapshot? snapshot)
        {
            ConsoleSignIn.SwitchRoleUrl link;
            try { link = ConsoleSignIn.SwitchRoleUrl.Parse(SwitchRoleUrl); }
            catch (PolicyFormatException ex) { FailRow(ErrorRecords.FromPolicy(ex, _rowRole), CheckName.TargetRole); return null; }
            if (link.IsAccountId) return link.RoleArn();
            var data = snapshot != null ? snapshot.Source : Connect().Data;
            var account = FindAccountByAlias(data, link.Account);
            if (account.Value != null)
            {
                WriteVerbose($"The account alias '{link.Account}' names account {account.Value}.");
                return link.RoleArn(account.Value);
            }
            string why = account.Status == Engine.Model.LookupStatus.NotFound ? account.NotFoundReason! : data.Phrasing.Describe(account.Gap!);
            string remedy = account.Status == Engine.Model.LookupStatus.NotFound ? "Use the account's 12-digit id in the link, or check the alias." : data.Phrasing.Remedy(account.Gap!);
            FailRow(ErrorRecords.Create("UnknownAccountAlias", ErrorCategory.ObjectNotFound,
                $"The Switch Role link names the account by its alias '{link.Account}', and RoleTrust cannot tell which account that is: {why}. {remedy}", _rowRole), CheckName.TargetRole);
            return null;
        }

        /// <summary>
        /// The AWS.Tools parameters bind by property name too: a blank cell of an input row means "not stated", as for
        /// the request parameters (see <see cref="BlankAsAbsentAttribute"/>).
        /// </summary>
        private void BlankAwsParametersAsAbsent()
        {
            static string? Blank(string? value) => value != null && value.Trim().Length == 0 ? null : value;
            ProfileName = Blank(ProfileName); ProfileLocation = Blank(ProfileLocation); AccessKey = Blank(AccessKey);
            SecretKey = Blank(SecretKey); SessionToken = Blank(SessionToken); Region = Blank(Region); EndpointUrl = Blank(EndpointUrl);
        }

        /// <summary>A row that cannot be evaluated: a non-terminating error, and an Unknown result naming the check it stopped at.</summary>
        private void FailRow(ErrorRecord error, CheckName check)
        {
            WriteError(error);
            string fix = $"Correct the input ({error.FullyQualifiedErrorId.Split(',')[0]}) and run again; until then this path is not known to be open.";
            WriteUnevaluated(new PathCheck(check, CheckStatus.Unknown, Federated ? "" : SourceArn ?? "", _rowRole, "Not evaluated: " + error.Exception.Message, fix: fix));
        }

        private PathRequest? TryBuildRequest(string source, string roleArn, FederationInput federation)
        {
            try { return BuildRequest(source, roleArn, federation); }
            catch (PolicyFormatException ex) { FailRow(ErrorRecords.FromPolicy(ex, _rowRole), CheckName.RequestParameters); }
            catch (CaseFormatException ex) { FailRow(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument, ex.Message, _rowRole, ex), CheckName.RequestParameters); }
            catch (ArgumentException ex) { FailRow(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument, ex.Message, _rowRole, ex), CheckName.RequestParameters); }
            return null;
        }

        /// <summary>The path checks on any data source, then the derived cmdlet's output.</summary>
        private void RunChecks(PathRequest request, Engine.Model.IAccountDataSource data, PolicyCache cache, Paths.Facts.StsObservation? sts = null)
        {
            IReadOnlyList<PathCheck> checks;
            Paths.Facts.PathFacts facts;
            try
            {
                facts = PathDiagnosis.Gather(request, data, cache, sts);
                checks = PathDiagnosis.Run(facts);
            }
            catch (PolicyFormatException ex)
            {
                bool source = ex.OffendingValue != null && ex.OffendingValue == request.SourceArn;
                FailRow(ErrorRecords.FromPolicy(ex, ex.OffendingValue ?? _rowRole), request.IsFederated ? CheckName.IdentityProvider : source ? CheckName.SourcePrincipal : CheckName.TargetRole);
                return;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is PipelineStoppedException))
            {
                // Not expected: still one row's problem, never the end of an audit.
                FailRow(ErrorRecords.Create("PathEvaluationFailed", ErrorCategory.NotSpecified,
                    $"RoleTrust could not evaluate {(request.IsFederated ? request.Action : request.SourceArn)} -> {request.RoleArn} ({ex.GetType().Name}: {ex.Message}).", _rowRole, ex), CheckName.CallerIdentity);
                return;
            }
            WriteVerbose($"{(request.IsFederated ? checks[0].Source + " (" + request.Action + ")" : request.SourceArn)} -> {request.RoleArn}: {checks.Count} checks.");
            if (_verbose)
            {
                // The evaluator's own trace of each action's decision: which statement of which layer allowed or denied.
                foreach (var action in facts.Evaluation.Actions)
                    if (facts.Evaluation.ResultFor(action) is Engine.Evaluation.EvaluationResult result)
                        foreach (var line in VerboseStory.Decision(action, result)) WriteVerbose("  " + line);
                foreach (var c in checks)
                    WriteVerbose($"  {c.Check}: {c.Status}. {c.Summary}{(c.Passed || c.Evidence.Length == 0 ? "" : " Evidence: " + c.Evidence)}");
            }
            WriteResults(checks);
        }

        private void ProcessLive(string roleArn, FederationInput federation)
        {
            try
            {
                string? named = string.IsNullOrEmpty(SourceArn) ? null : SourceArn!.Trim();
                var path = PrepareLive(named, roleArn, Federated, source => TryBuildRequest(source, roleArn, federation), e => FailRow(e, CheckName.CallerIdentity));
                if (path == null) return;
                RunChecks(path.Request, path.Diagnosis.Data, LivePolicies, path.Sts);
                WriteUnreachable(path.Diagnosis.TakeUnreachable(), _rowRole);
            }
            catch (OperationCanceledException) { /* Ctrl+C */ }
        }

        private PathRequest BuildRequest(string sourceArn, string roleArn, FederationInput federation)
        {
            var r = new PathRequest
            {
                SourceArn = sourceArn, RoleArn = roleArn, ExternalId = ExternalId, RoleSessionName = RoleSessionName, DurationSeconds = DurationSeconds,
                SourceIdentity = SourceIdentity, SerialNumber = SerialNumber, TokenCode = TokenCode, SourceIp = SourceIp, SourceVpce = SourceVpce,
                Console = ParameterSetName == ConsoleSet || ParameterSetName == SwitchRoleUrlSet, Now = DateTimeOffset.UtcNow,
                MfaPresent = MyInvocation.BoundParameters.ContainsKey(nameof(MfaPresent)) ? MfaPresent.IsPresent : (bool?)null,
                SessionPolicy = PolicyText(SessionPolicy), CallerSessionPolicy = PolicyText(CallerSessionPolicy),
                WebIdentity = federation.Token, Saml = federation.Assertion,
                SamlProviderArn = string.IsNullOrWhiteSpace(PrincipalArn) ? null : PrincipalArn!.Trim(),
            };
            if (SessionTag != null)
                foreach (DictionaryEntry e in SessionTag) r.SessionTags[Convert.ToString(e.Key)!] = Convert.ToString(e.Value) ?? "";
            if (CallerSessionTag != null)
                foreach (DictionaryEntry e in CallerSessionTag) r.CallerSessionTags[Convert.ToString(e.Key)!] = Convert.ToString(e.Value) ?? "";
            if (TransitiveTagKey != null) foreach (var k in TransitiveTagKey) r.TransitiveTagKeys.Add(k);
            if (Context != null)
            {
                var node = PSObjectConverter.ToJson(Context);
                foreach (var e in Engine.Cases.PolicyCaseBuilder.BuildContext(node).Entries) r.Context.Set(e.Key, e.Value);
            }
            return r;
        }

        private static string? PolicyText(object? value)
        {
            if (value == null) return null;
            var node = PSObjectConverter.ToJson(value);
            return node.Kind == JsonKind.String ? node.Text : JsonWriter.Write(node);
        }

        /// <summary>A web identity token's claims or a SAML assertion, decoded from this row's parameters.</summary>
        private sealed class FederationInput
        {
            public static readonly FederationInput None = new FederationInput(null, null);
            public FederationInput(Federation.WebIdentityClaims? token, Federation.SamlAssertion? assertion) { Token = token; Assertion = assertion; }
            public Federation.WebIdentityClaims? Token { get; }
            public Federation.SamlAssertion? Assertion { get; }
        }
    }

    /// <summary>Test-AssumeRolePath: every check of the AssumeRole path, one RoleTrust.PathCheck each.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AssumeRolePath", DefaultParameterSetName = PrincipalSet, HelpUri = HelpLinks.Base + "Test-AssumeRolePath.md")]
    [OutputType(typeof(PathCheck), typeof(bool), typeof(ProbeOutcome))]
    public sealed class TestAssumeRolePathCommand : AssumeRolePathCommandBase
    {
        /// <summary>Return only $true (path open) or $false.</summary>
        [Parameter] public SwitchParameter Quiet { get; set; }

        /// <summary>Live only: really call sts:AssumeRole once (900 seconds, credentials discarded) and report the outcome beside the prediction.</summary>
        [Parameter(ParameterSetName = PrincipalSet)] public SwitchParameter Probe { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Probe && Snapshot != null)
                ThrowTerminatingError(ErrorRecords.Create("ProbeNeedsLive", ErrorCategory.InvalidArgument, "-Probe calls AWS and cannot be combined with -Snapshot.", Snapshot));
        }

        /// <summary>-Quiet answers every row: a row that cannot be evaluated is not known to be open.</summary>
        protected override void WriteUnevaluated(PathCheck unknown)
        {
            if (Quiet) WriteObject(false);
        }

        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            bool open = true;
            foreach (var c in checks) open &= c.Passed;
            if (Quiet) WriteObject(open);
            else foreach (var c in checks) WriteObject(c);
            if (Probe && Live != null) ProbeAssumeRole(checks, open);
        }

        private void ProbeAssumeRole(IReadOnlyList<PathCheck> checks, bool predictedOpen)
        {
            var caller = checks[0];
            if (caller.GetStatus() != CheckStatus.Pass)
            {
                WriteWarning($"-Probe skipped: the credentials in use are not those of {caller.Source} (see CallerIdentity), so a real call would test another path.");
                return;
            }
            ProbeOutcome outcome;
            try
            {
                Live!.CallerSts.ProbeAssumeRoleAsync(caller.Role, RoleSessionName ?? "RoleTrustProbe", ExternalId, SourceIdentity, CancellationToken).GetAwaiter().GetResult();
                outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, true, "Succeeded", "sts:AssumeRole returned credentials (discarded).");
            }
            catch (AwsServiceException ex) { outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, false, ex.Code, ex.IsUnreachable ? $"{ex.ServiceMessage} ({ex.Endpoint})" : ex.ServiceMessage); }
            catch (AwsCredentialsNotFoundException ex) { outcome = new ProbeOutcome(caller.Source, caller.Role, predictedOpen, false, "CredentialsUnavailable", ex.Message); }
            if (Quiet) WriteVerbose($"Probe: {outcome}");
            else WriteObject(outcome);
            if (!outcome.Agrees) WriteWarning($"The real AssumeRole call {(outcome.Succeeded ? "succeeded" : "failed with " + outcome.Result)} but RoleTrust predicted the path {(predictedOpen ? "open" : "blocked")}: {outcome.Message}");
        }
    }

    /// <summary>Get-RoleTrustGap: only what blocks the path (Fail and Unknown), each with the exact change.</summary>
    [Cmdlet(VerbsCommon.Get, "RoleTrustGap", DefaultParameterSetName = PrincipalSet, HelpUri = HelpLinks.Base + "Get-RoleTrustGap.md")]
    [OutputType(typeof(TrustGap))]
    public sealed class GetRoleTrustGapCommand : AssumeRolePathCommandBase
    {
        /// <summary>A row that cannot be evaluated is a gap too: "no output" must keep meaning "every path open".</summary>
        protected override void WriteUnevaluated(PathCheck unknown) => WriteObject(new TrustGap(unknown));

        protected override void WriteResults(IReadOnlyList<PathCheck> checks)
        {
            foreach (var c in checks)
                if (c.Blocking) WriteObject(new TrustGap(c));
        }
    }
}
