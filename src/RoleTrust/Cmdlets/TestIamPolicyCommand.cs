using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
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
        private DateTimeOffset _now;
        private int _caseNumber;

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

        protected override void BeginProcessing() => _now = DateTimeOffset.UtcNow;

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
            var c = new PolicyCase { Id = Id, Principal = Principal, Action = Action, Resource = Resource, ResourceAccount = NullIfEmpty(ResourceAccount), Expect = NullIfEmpty(Expect) };
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
            StreamReader reader;
            try { reader = new StreamReader(file); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "CaseFileUnreadable", ErrorCategory.ReadError, file));
                return;
            }
            using (reader)
            {
                string? line;
                int lineNumber = 0;
                string fileName = System.IO.Path.GetFileName(file);
                while ((line = reader.ReadLine()) != null)
                {
                    lineNumber++;
                    if (line.Trim().Length == 0) continue;
                    string where = $"{fileName} line {lineNumber}: ";
                    PolicyCase c;
                    try { c = PolicyCase.FromJson(JsonParser.Parse(line)); }
                    catch (JsonSyntaxException ex)
                    {
                        WriteError(ErrorRecords.Create("InvalidCaseJson", ErrorCategory.InvalidData, where + "not valid JSON: " + ex.Message, $"{fileName}:{lineNumber}", ex));
                        continue;
                    }
                    catch (CaseFormatException ex) { WriteError(ErrorRecords.FromCase(ex, $"{fileName}:{lineNumber}", where)); continue; }
                    Evaluate(c, c.Id ?? $"{fileName}:{lineNumber}", where);
                }
            }
        }

        private void Evaluate(PolicyCase c, string? id, string? prefix)
        {
            if (c.Expect != null && !PolicyDecision.IsKnownExpectation(c.Expect))
            {
                WriteError(ErrorRecords.Create("InvalidExpectation", ErrorCategory.InvalidArgument,
                    (prefix ?? "") + $"expect '{c.Expect}' is not Allowed, Denied, ImplicitlyDenied or ExplicitlyDenied.", id));
                return;
            }
            EvaluationRequest request;
            try { request = _builder.Build(c, _now); }
            catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, id, prefix)); return; }
            catch (CaseFormatException ex) { WriteError(ErrorRecords.FromCase(ex, id, prefix)); return; }

            var result = PolicyEvaluator.Evaluate(request);
            var warnings = CollectWarnings(request);
            foreach (var w in warnings)
                if (_warned.Add(w)) WriteWarning(w);
            WriteObject(new PolicyDecision(id, request, result, warnings, c.Expect));
        }

        private static List<string> CollectWarnings(EvaluationRequest r)
        {
            var list = new List<string>();
            void Add(IEnumerable<PolicyDocument>? docs)
            {
                if (docs == null) return;
                foreach (var d in docs) foreach (var w in d.Warnings) list.Add($"{d.Name}: {w}");
            }
            Add(r.IdentityPolicies); Add(r.PermissionsBoundaries); Add(r.SessionPolicies); Add(r.VpcEndpointPolicies);
            if (r.ResourcePolicy != null)
            {
                Add(new[] { r.ResourcePolicy });
                if (PolicyEvaluator.ResourcePolicyMustAllow(r.Resource) && PolicyEvaluator.IsAssumeRoleFamily(r.Action))
                    foreach (var s in r.ResourcePolicy.Statements)
                        if (s.IsNotPrincipal || s.Resource != null)
                            list.Add($"{r.ResourcePolicy.Name}: statement {s.Index} uses {(s.IsNotPrincipal ? "NotPrincipal" : "Resource")}, which IAM rejects in a role trust policy; evaluated as written.");
            }
            if (r.ServiceControlPolicies != null) foreach (var l in r.ServiceControlPolicies) Add(l.Policies);
            if (r.ResourceControlPolicies != null) foreach (var l in r.ResourceControlPolicies) Add(l.Policies);
            return list;
        }
    }
}
