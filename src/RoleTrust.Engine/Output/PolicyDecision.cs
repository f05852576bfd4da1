using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust
{
    /// <summary>
    /// What Test-IamPolicy writes: the decision for one request, layer by layer, with the deciding statements.
    /// Decisions, layers and outcomes are strings holding their names, so ConvertTo-Json writes names in Windows
    /// PowerShell 5.1 and PowerShell 7 alike; list properties are <see cref="ReadableList{T}"/>, so Export-Csv cells
    /// read as text while ConvertTo-Json still writes arrays.
    /// </summary>
    public sealed class PolicyDecision
    {
        [MethodImpl(HotPath.Options)]
        public PolicyDecision(string? id, EvaluationRequest request, EvaluationResult result, IReadOnlyList<string> warnings, string? expected)
        {
            Id = id;
            Decision = OutputNames.Of(result.Decision);
            Action = request.Action;
            Resource = request.Resource;
            Principal = request.Principal.Arn;
            SameAccount = result.SameAccount;
            DecidingLayer = result.DecidingLayer is PolicyLayer deciding ? OutputNames.Of(deciding) : null;
            // One output object per statement, shared by its layer's lists and the decision's.
            var layers = new PolicyLayerResult[result.Layers.Count];
            var allowed = result.Allowing.Count == 0 ? null : new PolicyStatementRef[result.Allowing.Count];
            var denied = result.Denying.Count == 0 ? null : new PolicyStatementRef[result.Denying.Count];
            int a = 0, d = 0;
            for (int i = 0; i < layers.Length; i++)
            {
                var layer = result.Layers[i];
                var allowedBy = Refs(layer.Allowing);
                var deniedBy = Refs(layer.Denying);
                for (int k = 0; k < allowedBy.Count; k++) allowed![a++] = allowedBy[k];
                for (int k = 0; k < deniedBy.Count; k++) denied![d++] = deniedBy[k];
                layers[i] = new PolicyLayerResult(layer, allowedBy, deniedBy);
            }
            Layers = layers.Length == 0 ? ReadableList<PolicyLayerResult>.Empty : new ReadableList<PolicyLayerResult>(layers);
            ServiceControlPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ServiceControlPolicy));
            ResourceControlPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ResourceControlPolicy));
            VpcEndpointPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.VpcEndpointPolicy));
            ResourcePolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ResourcePolicy));
            IdentityPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.IdentityPolicy));
            PermissionsBoundary = OutputNames.Of(result.OutcomeOf(PolicyLayer.PermissionsBoundary));
            SessionPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.SessionPolicy));
            // Every allowing and denying statement belongs to a layer, in layer order, as result.Allowing lists them.
            AllowedBy = allowed == null ? ReadableList<PolicyStatementRef>.Empty : new ReadableList<PolicyStatementRef>(allowed);
            DeniedBy = denied == null ? ReadableList<PolicyStatementRef>.Empty : new ReadableList<PolicyStatementRef>(denied);
            ErrorText = result.ErrorText;
            Warnings = warnings.Count == 0 ? ReadableList<string>.Empty : ReadableList.From(warnings);
            if (expected != null)
            {
                Expected = expected;
                AsExpected = Matches(expected, result.Decision);
            }
        }

        [MethodImpl(HotPath.Options)]
        private static ReadableList<PolicyStatementRef> Refs(IReadOnlyList<StatementRef> refs)
        {
            if (refs.Count == 0) return ReadableList<PolicyStatementRef>.Empty;
            var items = new PolicyStatementRef[refs.Count];
            for (int i = 0; i < items.Length; i++) items[i] = new PolicyStatementRef(refs[i]);
            return new ReadableList<PolicyStatementRef>(items);
        }

        public string? Id { get; }
        /// <summary>Allowed, ImplicitlyDenied or ExplicitlyDenied.</summary>
        public string Decision { get; }
        public string Action { get; }
        public string Resource { get; }
        public string Principal { get; }
        public bool SameAccount { get; }
        /// <summary>The layer AWS names in the AccessDenied message; null when allowed.</summary>
        public string? DecidingLayer { get; }
        /// <summary>The SCP layer's outcome: NotPresent, Allowed, ImplicitlyDenied, ExplicitlyDenied, NotRequired or Exempt (so for every layer below).</summary>
        public string ServiceControlPolicy { get; }
        public string ResourceControlPolicy { get; }
        public string VpcEndpointPolicy { get; }
        public string ResourcePolicy { get; }
        public string IdentityPolicy { get; }
        public string PermissionsBoundary { get; }
        public string SessionPolicy { get; }
        /// <summary>Every layer that took part, in evaluation order.</summary>
        public ReadableList<PolicyLayerResult> Layers { get; }
        /// <summary>Statements that allowed (policy name and 0-based index).</summary>
        public ReadableList<PolicyStatementRef> AllowedBy { get; }
        /// <summary>Statements that explicitly denied.</summary>
        public ReadableList<PolicyStatementRef> DeniedBy { get; }
        /// <summary>The AccessDenied message AWS would return; empty when allowed.</summary>
        public string? ErrorText { get; }
        public ReadableList<string> Warnings { get; }
        public string? Expected { get; }
        /// <summary>Whether the decision matched the case's expect value; null when the case had none.</summary>
        public bool? AsExpected { get; }

        /// <summary>Accepts Allowed/Allow, Denied/Deny (either kind), ImplicitlyDenied/ImplicitDeny, ExplicitlyDenied/ExplicitDeny.</summary>
        public static bool Matches(string expected, Decision decision)
        {
            switch (Normalize(expected))
            {
                case "allowed": case "allow": return decision == RoleTrust.Decision.Allowed;
                case "denied": case "deny": return decision != RoleTrust.Decision.Allowed;
                case "implicitlydenied": case "implicitdeny": return decision == RoleTrust.Decision.ImplicitlyDenied;
                case "explicitlydenied": case "explicitdeny": return decision == RoleTrust.Decision.ExplicitlyDenied;
                default: return false;
            }
        }

        public static bool IsKnownExpectation(string expected)
        {
            string e = Normalize(expected);
            return e == "allowed" || e == "allow" || e == "denied" || e == "deny" || e == "implicitlydenied" || e == "implicitdeny" || e == "explicitlydenied" || e == "explicitdeny";
        }

        private static string Normalize(string expected)
        {
            var chars = new char[expected.Length];
            int n = 0;
            foreach (char c in expected) if (char.IsLetter(c)) chars[n++] = char.ToLowerInvariant(c);
            return new string(chars, 0, n);
        }

        public override string ToString() => Id == null ? Decision : $"{Id}: {Decision}";
    }
}
