using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Threading;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;
using RoleTrust.Internal;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Test-IamPolicy: the evaluation engine on its own. Evaluates one request against the given policies, a
    /// stream of case objects from the pipeline, or whole JSON Lines files of cases (-Path).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "IamPolicy", DefaultParameterSetName = RequestSet, HelpUri = HelpLinks.Base + "Test-IamPolicy.md")]
    [OutputType(typeof(PolicyDecision))]
    public sealed class TestIamPolicyCommand : PSCmdlet
    {
        private const string RequestSet = "Request";
        private const string PathSet = "Path";

        private readonly PolicyCaseBuilder _builder = new PolicyCaseBuilder();
        private readonly HashSet<string> _warned = new HashSet<string>();
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private DateTimeOffset _now;
        private int _caseNumber;
        // Decided once: without -Verbose no case records a trace (Test-IamPolicy -Path evaluates many cases).
        private bool _verbose;

        [Parameter(ParameterSetName = RequestSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Principal { get; set; } = "";

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Action { get; set; } = "sts:AssumeRole";

        [Parameter(ParameterSetName = RequestSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Resource { get; set; } = "";

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        public string? ResourceAccount { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        public string? ManagementAccount { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("identityPolicies")]
        [AllowEmptyCollection]
        public object[]? IdentityPolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("permissionBoundaries", "permissionsBoundaries")]
        [AllowEmptyCollection]
        public object[]? PermissionsBoundary { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("sessionPolicies")]
        [AllowEmptyCollection]
        public object[]? SessionPolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("endpointPolicies")]
        [AllowEmptyCollection]
        public object[]? VpcEndpointPolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("scps")]
        [AllowEmptyCollection]
        public object[]? ServiceControlPolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("rcps")]
        [AllowEmptyCollection]
        public object[]? ResourceControlPolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("trustPolicy")]
        public object? ResourcePolicy { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        public object? Context { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        public string? Id { get; set; }

        [Parameter(ParameterSetName = RequestSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Expected")]
        public string? Expect { get; set; }

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "LiteralPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        protected override void BeginProcessing()
        {
            _now = DateTimeOffset.UtcNow;
            _verbose = VerboseStory.IsOn(this);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                foreach (var p in Path)
                    foreach (var file in ResolveFiles(p)) EvaluateFile(file);
                return;
            }
            _caseNumber++;
            PolicyCase c;
            try { c = CaseFromParameters(); }
            catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, Id ?? Principal)); return; }
            catch (ArgumentException ex) { WriteError(ErrorRecords.Create("InvalidCase", ErrorCategory.InvalidArgument, ex.Message, Id, ex)); return; }
            Write(CaseOutcome.Evaluate(c, Id ?? (MyInvocation.ExpectingInput ? "#" + _caseNumber : null), 0, _builder, _now, _verbose), null);
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        private PolicyCase CaseFromParameters()
        {
            var c = new PolicyCase { Id = Id, Principal = Principal, Action = Action, Resource = Resource, ResourceAccount = NullIfEmpty(ResourceAccount),
                ManagementAccount = NullIfEmpty(ManagementAccount), Expect = NullIfEmpty(Expect) };
            if (IdentityPolicy != null) c.Set("identityPolicies", PSObjectConverter.ToJson(IdentityPolicy));
            if (PermissionsBoundary != null) c.Set("permissionBoundaries", PSObjectConverter.ToJson(PermissionsBoundary));
            if (SessionPolicy != null) c.Set("sessionPolicy", PSObjectConverter.ToJson(SessionPolicy));
            if (VpcEndpointPolicy != null) c.Set("endpointPolicies", PSObjectConverter.ToJson(VpcEndpointPolicy));
            if (ServiceControlPolicy != null) c.Set("scps", PSObjectConverter.ToJson(ServiceControlPolicy));
            if (ResourceControlPolicy != null) c.Set("rcps", PSObjectConverter.ToJson(ResourceControlPolicy));
            if (ResourcePolicy != null) c.Set("trustPolicy", PSObjectConverter.ToJson(ResourcePolicy));
            if (Context != null) c.Set("context", PSObjectConverter.ToJson(Context));
            return c;
        }

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        private IEnumerable<string> ResolveFiles(string path)
        {
            // FullName (Get-ChildItem output) and -LiteralPath bind here too: a file that exists under the literal
            // name is that file, even when its name holds wildcard characters such as [ ].
            string? literal = LiteralFile(path);
            if (literal != null) { yield return literal; yield break; }
            Collection<string> resolved;
            try { resolved = GetResolvedProviderPathFromPSPath(path, out _); }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "CaseFileNotFound", ErrorCategory.ObjectNotFound, path));
                yield break;
            }
            foreach (var r in resolved) yield return r;
        }

        private string? LiteralFile(string path)
        {
            try
            {
                string candidate = GetUnresolvedProviderPathFromPSPath(path);
                return File.Exists(candidate) ? candidate : null;
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException
                                       || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                return null;
            }
        }

        private void EvaluateFile(string file)
        {
            string fileName = System.IO.Path.GetFileName(file);
            if (Directory.Exists(file))
            {
                // Opening it would say "access denied" on Linux and macOS, which sends the user after permissions.
                WriteError(ErrorRecords.Create("CaseFileUnreadable", ErrorCategory.ReadError,
                    $"{file} is a folder, not a case file. Give the files in it: Get-ChildItem '{file}' -Filter *.jsonl | Test-IamPolicy", file));
                return;
            }
            StreamReader reader;
            TextFileEncoding encoding;
            // A 16 KB byte buffer: 64 KB would give StreamReader a character buffer on the large object heap per file.
            try { reader = TextFileEncoding.OpenText(file, 1 << 14, out encoding); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "CaseFileUnreadable", ErrorCategory.ReadError, file));
                return;
            }
            if (!encoding.IsUtf8)
                WriteWarning($"{fileName}: the file is {encoding.Name} text (Windows PowerShell 5.1's > and Out-File write UTF-16); it was decoded as such. Save case files as UTF-8 (Out-File -Encoding utf8).");
            using (reader)
            {
                int lastLine = 0;
                try
                {
                    foreach (var outcome in CaseFileRun.Outcomes(reader, fileName, _now, _verbose, Environment.ProcessorCount, _cancellation.Token))
                    {
                        lastLine = outcome.LineNumber;
                        Write(outcome, fileName);
                    }
                }
                catch (OperationCanceledException) { /* Ctrl+C */ }
                catch (DecoderFallbackException ex)
                {
                    // Read leniently, each invalid byte would be U+FFFD, and two different values could then match.
                    string after = lastLine == 0 ? "" : $" after line {lastLine}";
                    WriteError(ErrorRecords.Create("CaseFileEncoding", ErrorCategory.InvalidData,
                        $"{fileName}: the bytes{after} are not valid {encoding.Name} text; the file was not evaluated from there on. Save it as UTF-8.", file, ex));
                }
            }
        }

        /// <summary>The prefix of a message about one line of a case file (made only when there is something to say).</summary>
        private static string Where(string fileName, int lineNumber) => $"{fileName} line {lineNumber}: ";

        /// <summary>Writes what one case came to; <paramref name="fileName"/> (with the outcome's line) names it in error messages.</summary>
        private void Write(CaseOutcome outcome, string? fileName)
        {
            outcome.ThrowIfFailed();
            int line = outcome.LineNumber;
            string? prefix = fileName == null ? null : Where(fileName, line);
            string? id = outcome.Id;
            if (outcome.SyntaxError is JsonSyntaxException syntaxError)
            {
                WriteError(ErrorRecords.Create("InvalidCaseJson", ErrorCategory.InvalidData, prefix + "not valid JSON: " + syntaxError.Message, $"{fileName}:{line}", syntaxError));
                return;
            }
            if (!outcome.IsCase)
            {
                WriteError(ErrorRecords.FromCase(outcome.CaseError!, $"{fileName}:{line}", prefix));
                return;
            }
            if (outcome.UnknownExpectation)
            {
                WriteError(ErrorRecords.Create("InvalidExpectation", ErrorCategory.InvalidArgument,
                    prefix + $"expect '{outcome.Expect}' is not Allowed, Denied, ImplicitlyDenied or ExplicitlyDenied.", id));
                return;
            }
            if (outcome.PolicyError != null) { WriteError(ErrorRecords.FromPolicy(outcome.PolicyError, id, prefix)); return; }
            if (outcome.CaseError != null) { WriteError(ErrorRecords.FromCase(outcome.CaseError, id, prefix)); return; }

            if (outcome.Request is EvaluationRequest request && outcome.Result is EvaluationResult result)
            {
                string label = $"{(id == null ? "" : "Case " + id + ": ")}{request.Principal.Arn} {request.Action} on {request.Resource}";
                foreach (var text in VerboseStory.Decision(label, result)) WriteVerbose(text);
            }
            foreach (var w in outcome.Warnings)
                if (_warned.Add(w)) WriteWarning(w);
            WriteObject(outcome.Decision);
        }
    }
}
