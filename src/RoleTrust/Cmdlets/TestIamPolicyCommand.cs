using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
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
            Evaluate(c, Id ?? (MyInvocation.ExpectingInput ? "#" + _caseNumber : null), prefix: null);
        }

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

        // Optimized at once (MethodImplOptions.AggressiveOptimization): one run is often the only one in its process,
        // too short for .NET to replace first-tier code (see the engine's HotPath).
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        private void EvaluateFile(string file)
        {
            StreamReader reader;
            try { reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "CaseFileUnreadable", ErrorCategory.ReadError, file));
                return;
            }
            using (reader)
            {
                string fileName = System.IO.Path.GetFileName(file);
                var lines = new CaseLineReader(reader);
                while (lines.TryRead(out int lineNumber, out var node, out var syntaxError))
                {
                    PolicyCase c;
                    if (syntaxError != null)
                    {
                        WriteError(ErrorRecords.Create("InvalidCaseJson", ErrorCategory.InvalidData, Where(fileName, lineNumber) + "not valid JSON: " + syntaxError.Message,
                            $"{fileName}:{lineNumber}", syntaxError));
                        continue;
                    }
                    try { c = PolicyCase.FromJson(node!); }
                    catch (CaseFormatException ex) { WriteError(ErrorRecords.FromCase(ex, $"{fileName}:{lineNumber}", Where(fileName, lineNumber))); continue; }
                    Evaluate(c, c.Id ?? $"{fileName}:{lineNumber}", fileName, lineNumber);
                }
            }
        }

        /// <summary>The prefix of a message about one line of a case file (made only when there is something to say).</summary>
        private static string Where(string fileName, int lineNumber) => $"{fileName} line {lineNumber}: ";

        private void Evaluate(PolicyCase c, string? id, string fileName, int lineNumber) => Evaluate(c, id, null, fileName, lineNumber);

        private void Evaluate(PolicyCase c, string? id, string? prefix) => Evaluate(c, id, prefix, null, 0);

        /// <summary>Evaluates one case; <paramref name="prefix"/> or the file and line name it in error messages.</summary>
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        private void Evaluate(PolicyCase c, string? id, string? prefix, string? fileName, int lineNumber)
        {
            string? Prefix() => prefix ?? (fileName == null ? null : Where(fileName, lineNumber));
            if (c.Expect != null && !PolicyDecision.IsKnownExpectation(c.Expect))
            {
                WriteError(ErrorRecords.Create("InvalidExpectation", ErrorCategory.InvalidArgument,
                    (Prefix() ?? "") + $"expect '{c.Expect}' is not Allowed, Denied, ImplicitlyDenied or ExplicitlyDenied.", id));
                return;
            }
            EvaluationRequest request;
            try { request = _builder.Build(c, _now); }
            catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, id, Prefix())); return; }
            catch (CaseFormatException ex) { WriteError(ErrorRecords.FromCase(ex, id, Prefix())); return; }

            if (_verbose) request.Trace = true;
            var result = PolicyEvaluator.Evaluate(request);
            if (_verbose)
            {
                string label = $"{(id == null ? "" : "Case " + id + ": ")}{request.Principal.Arn} {request.Action} on {request.Resource}";
                foreach (var line in VerboseStory.Decision(label, result)) WriteVerbose(line);
            }
            var warnings = DecisionWarnings.Collect(request, result);
            foreach (var w in warnings)
                if (_warned.Add(w)) WriteWarning(w);
            WriteObject(new PolicyDecision(id, request, result, warnings, c.Expect));
        }
    }
}
