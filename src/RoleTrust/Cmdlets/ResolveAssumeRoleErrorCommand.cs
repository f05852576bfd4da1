using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RoleTrust.Engine.Policies;
using RoleTrust.Errors;
using RoleTrust.Federation;
using RoleTrust.Internal;
using RoleTrust.Paths;

namespace RoleTrust.Cmdlets
{
    /// <summary>
    /// Resolve-AssumeRoleError: reads an AssumeRole-family error as users have it (a message, an exception, an
    /// ErrorRecord such as $Error[0] from Use-STSRole) into a RoleTrust.AssumeRoleError, runs the path checks for the
    /// caller and role it names (live with the AWS.Tools credential parameters, or on -Snapshot) and puts what AWS said
    /// beside what the checks found. -ParseOnly reads only and calls nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "AssumeRoleError", DefaultParameterSetName = ByMessage, HelpUri = HelpLinks.Base + "Resolve-AssumeRoleError.md")]
    [OutputType(typeof(AssumeRoleError))]
    public sealed class ResolveAssumeRoleErrorCommand : PathDiagnosisCmdlet
    {
        private const string ByMessage = "Message";
        private const string ByObject = "InputObject";

        /// <summary>The error text as pasted: wrapped lines, log prefixes, JSON escapes and error bodies included.</summary>
        [Parameter(ParameterSetName = ByMessage, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Message { get; set; } = "";

        /// <summary>An ErrorRecord ($Error[0]), an exception, or an object from ConvertFrom-Json (a CloudTrail record).</summary>
        [Parameter(ParameterSetName = ByObject, Mandatory = true, ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        /// <summary>Only read the error: no path checks, no AWS call, no snapshot.</summary>
        [Parameter] public SwitchParameter ParseOnly { get; set; }

        /// <summary>A snapshot folder path, or a snapshot from Import-RoleTrustSnapshot, to run the path checks on instead of live AWS.</summary>
        [Parameter] public object? Snapshot { get; set; }

        /// <summary>The caller, when the text does not carry its full ARN (masked in a CI log, or not printed).</summary>
        [Parameter] public string? SourceArn { get; set; }

        /// <summary>The role, when the text does not carry its full ARN.</summary>
        [Parameter] public string? RoleArn { get; set; }

        /// <summary>For AssumeRoleWithWebIdentity errors (which name no caller): the token the job used, decoded only.</summary>
        [Parameter] public string? WebIdentityToken { get; set; }

        /// <summary>For AssumeRoleWithWebIdentity errors: the token's claims (iss, sub, aud ...).</summary>
        [Parameter] public Hashtable? TokenClaims { get; set; }

        protected override void BeginProcessing()
        {
            if (WebIdentityToken != null && TokenClaims != null)
                ThrowTerminatingError(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument,
                    "Give the web identity token (-WebIdentityToken) or its claims (-TokenClaims), not both.", null));
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Snapshot)) && (Snapshot == null || (Snapshot is string s && s.Trim().Length == 0)))
                ThrowTerminatingError(ErrorRecords.Create("EmptySnapshot", ErrorCategory.InvalidArgument,
                    "-Snapshot is null or empty (did an earlier Import-RoleTrustSnapshot fail?). RoleTrust does not fall back to reading AWS: " +
                    "pass a snapshot folder or the output of Import-RoleTrustSnapshot, leave -Snapshot out to check live, or use -ParseOnly.", null));
        }

        protected override void ProcessRecord()
        {
            string? errorCode = null;
            object? target = ParameterSetName == ByMessage ? Message : InputObject;
            var texts = ParameterSetName == ByMessage ? new List<string> { Message } : ErrorTextCollector.From(InputObject, out errorCode);
            var reading = AssumeRoleErrorReader.Read(texts, errorCode);
            if (!reading.IsAssumeRoleError)
            {
                WriteError(ErrorRecords.Create("UnreadableAssumeRoleError", ErrorCategory.InvalidData,
                    "This is not an AssumeRole error RoleTrust can read: " + reading.Reason, target));
                return;
            }
            var error = reading.Error;
            WriteVerbose($"Read {error.ErrorCode}{(error.Layer.Length > 0 ? " naming " + error.Layer : "")}; the text does not carry: {(error.Missing.Count == 0 ? "nothing" : error.Missing.ToString())}.");
            if (ParseOnly) { WriteObject(error); return; }

            var request = Request(error, target);
            if (request == null) { WriteObject(error); return; }
            var checks = Snapshot != null ? OnSnapshot(request) : Checked(request);
            if (checks == null) { WriteObject(error); return; }
            var result = error.WithChecks(checks);
            WriteVerbose($"AWS named {(error.Layer.Length > 0 ? error.Layer : "no layer")}; {result.Found}");
            WriteObject(result);
        }

        /// <summary>
        /// The request of the failed call: the caller and role the text names (or -SourceArn / -RoleArn where it names
        /// none or masks them), or, for a web identity error, the token given. Null when the checks cannot run (error written).
        /// </summary>
        private PathRequest? Request(AssumeRoleError error, object? target)
        {
            var missing = AssumeRoleErrorReader.MissingForPathChecks(error);
            bool callerMissing = missing.Any(m => m.StartsWith("Caller", StringComparison.Ordinal));
            bool roleMissing = missing.Any(m => m.StartsWith("Resource", StringComparison.Ordinal));
            bool webIdentity = WebIdentityToken != null || TokenClaims != null;
            bool webIdentityError = error.Action.Length == 0 || error.Action == "sts:AssumeRoleWithWebIdentity";
            string? role = roleMissing ? Blank(RoleArn) : error.Resource;
            string? caller = callerMissing ? Blank(SourceArn) : error.Caller;

            if (webIdentity && (!webIdentityError || !callerMissing))
            {
                WriteError(ErrorRecords.Create("InvalidParameter", ErrorCategory.InvalidArgument,
                    $"-WebIdentityToken and -TokenClaims are for AssumeRoleWithWebIdentity errors; this one is {(error.Action.Length > 0 ? error.Action : "an AssumeRole error")}" +
                    $"{(callerMissing ? "" : " by " + error.Caller)}. The error is written without checks.", target));
                return null;
            }
            var lacking = new List<string>();
            if (role == null) lacking.Add(missing.First(m => m.StartsWith("Resource", StringComparison.Ordinal)) + " (give it with -RoleArn)");
            if (!webIdentity && caller == null)
                lacking.Add(missing.First(m => m.StartsWith("Caller", StringComparison.Ordinal)) + (error.Action == "sts:AssumeRoleWithWebIdentity"
                    ? " (a web identity caller is the token: give -WebIdentityToken or -TokenClaims)"
                    : error.Action == "sts:AssumeRoleWithSAML" ? " (a SAML caller is the assertion: run Test-AssumeRolePath -SamlAssertion or -SamlAttributes)"
                    : " (give it with -SourceArn)"));
            if (lacking.Count > 0)
            {
                WriteError(ErrorRecords.Create("IncompleteAssumeRoleError", ErrorCategory.InvalidData,
                    $"The path checks need the caller and the role; this error text lacks: {string.Join(", ", lacking)}. The error is written without checks.", target));
                return null;
            }
            var request = new PathRequest { SourceArn = webIdentity ? "" : caller!, RoleArn = role!, Now = DateTimeOffset.UtcNow };
            if (webIdentity)
            {
                try
                {
                    request.WebIdentity = WebIdentityToken != null ? Federation.WebIdentityToken.Decode(WebIdentityToken)
                        : WebIdentityClaims.FromJson(PSObjectConverter.ToJson(TokenClaims));
                }
                catch (PolicyFormatException ex) { WriteError(ErrorRecords.FromPolicy(ex, role)); return null; }
                catch (ArgumentException ex) { WriteError(ErrorRecords.Create(FederationErrorIds.InvalidTokenClaims, ErrorCategory.InvalidArgument, ex.Message, role, ex)); return null; }
            }
            return request;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private IReadOnlyList<PathCheck>? OnSnapshot(PathRequest request)
        {
            var snapshot = ResolveSnapshot(Snapshot);
            return snapshot == null ? null : Run(request, snapshot.Source, snapshot.Policies, null);
        }

        /// <summary>
        /// The checks against AWS, through the same live diagnosis as Test-AssumeRolePath. The credentials in use only read
        /// the data: the failed call was the caller's, so CallerIdentity concerns them only when they are the caller's.
        /// </summary>
        private IReadOnlyList<PathCheck>? Checked(PathRequest request)
        {
            try
            {
                var path = PrepareLive(request.IsFederated ? null : request.SourceArn, request.RoleArn, request.IsFederated, _ => request, WriteError, onlyReading: true);
                if (path == null) return null;
                var checks = Run(path.Request, path.Diagnosis.Data, LivePolicies, path.Sts);
                WriteUnreachable(path.Diagnosis.TakeUnreachable(), request.RoleArn);
                return checks;
            }
            catch (OperationCanceledException) { return null; }
        }

        private IReadOnlyList<PathCheck>? Run(PathRequest request, Engine.Model.IAccountDataSource data, Engine.Cases.PolicyCache cache, Paths.Facts.StsObservation? sts)
        {
            try { return PathDiagnosis.Run(request, data, cache, sts); }
            catch (PolicyFormatException ex)
            {
                WriteError(ErrorRecords.FromPolicy(ex, ex.OffendingValue ?? request.RoleArn));
                return null;
            }
        }
    }
}
