using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust
{
    /// <summary>What Test-IamPolicy writes: the decision for one request, layer by layer, with the deciding statements.</summary>
    public sealed class PolicyDecision
    {
        public PolicyDecision(string? id, EvaluationRequest request, EvaluationResult result, IReadOnlyList<string> warnings, string? expected)
        {
            Id = id;
            Decision = result.Decision;
            Action = request.Action;
            Resource = request.Resource;
            Principal = request.Principal.Arn;
            SameAccount = result.SameAccount;
            DecidingLayer = result.DecidingLayer;
            Layers = result.Layers;
            ServiceControlPolicy = result.OutcomeOf(PolicyLayer.ServiceControlPolicy);
            ResourceControlPolicy = result.OutcomeOf(PolicyLayer.ResourceControlPolicy);
            VpcEndpointPolicy = result.OutcomeOf(PolicyLayer.VpcEndpointPolicy);
            ResourcePolicy = result.OutcomeOf(PolicyLayer.ResourcePolicy);
            IdentityPolicy = result.OutcomeOf(PolicyLayer.IdentityPolicy);
            PermissionsBoundary = result.OutcomeOf(PolicyLayer.PermissionsBoundary);
            SessionPolicy = result.OutcomeOf(PolicyLayer.SessionPolicy);
            AllowedBy = result.Allowing;
            DeniedBy = result.Denying;
            ErrorText = result.ErrorText;
            Warnings = warnings;
            if (expected != null)
            {
                Expected = expected;
                AsExpected = Matches(expected, result.Decision);
            }
        }

        public string? Id { get; }
        public Decision Decision { get; }
        public string Action { get; }
        public string Resource { get; }
        public string Principal { get; }
        public bool SameAccount { get; }
        /// <summary>The layer AWS names in the AccessDenied message.</summary>
        public PolicyLayer? DecidingLayer { get; }
        public LayerOutcome ServiceControlPolicy { get; }
        public LayerOutcome ResourceControlPolicy { get; }
        public LayerOutcome VpcEndpointPolicy { get; }
        public LayerOutcome ResourcePolicy { get; }
        public LayerOutcome IdentityPolicy { get; }
        public LayerOutcome PermissionsBoundary { get; }
        public LayerOutcome SessionPolicy { get; }
        public IReadOnlyList<LayerResult> Layers { get; }
        /// <summary>Statements that allowed (policy name and 0-based index).</summary>
        public IReadOnlyList<StatementRef> AllowedBy { get; }
        /// <summary>Statements that explicitly denied.</summary>
        public IReadOnlyList<StatementRef> DeniedBy { get; }
        /// <summary>The AccessDenied message AWS would return; empty when allowed.</summary>
        public string? ErrorText { get; }
        public IReadOnlyList<string> Warnings { get; }
        public string? Expected { get; }
        /// <summary>Whether the decision matched the case's expect value; null when the case had none.</summary>
        public bool? AsExpected { get; }

        /// <summary>Accepts Allowed/Allow, Denied/Deny (either kind), ImplicitlyDenied/ImplicitDeny, ExplicitlyDenied/ExplicitDeny.</summary>
        public static bool Matches(string expected, Decision decision)
        {
            string e = new string(expected.Where(char.IsLetter).ToArray()).ToLowerInvariant();
            switch (e)
            {
                case "allowed": case "allow": return decision == Decision.Allowed;
                case "denied": case "deny": return decision != Decision.Allowed;
                case "implicitlydenied": case "implicitdeny": return decision == Decision.ImplicitlyDenied;
                case "explicitlydenied": case "explicitdeny": return decision == Decision.ExplicitlyDenied;
                default: return false;
            }
        }

        public static bool IsKnownExpectation(string expected)
        {
            string e = new string(expected.Where(char.IsLetter).ToArray()).ToLowerInvariant();
            return e == "allowed" || e == "allow" || e == "denied" || e == "deny" || e == "implicitlydenied" || e == "implicitdeny" || e == "explicitlydenied" || e == "explicitdeny";
        }

        public override string ToString() => Id == null ? Decision.ToString() : $"{Id}: {Decision}";
    }
}
