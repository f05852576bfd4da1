using System;
using System.Collections.Generic;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// AWS's policy evaluation logic for one request across every layer (catalogue B2): explicit deny anywhere
    /// wins; then the SCP, RCP, VPC endpoint, resource/trust, identity, boundary and session gates, with the
    /// same-account rules for resource policies that name the caller directly.
    /// </summary>
    public static class PolicyEvaluator
    {
        private static readonly StatementRef[] None = new StatementRef[0];

        public static EvaluationResult Evaluate(EvaluationRequest request)
        {
            var principal = request.Principal;
            var context = request.Context;
            var layers = new List<LayerResult>(7);
            var allAllowing = new List<StatementRef>();
            var allDenying = new List<StatementRef>();

            string? resourceAccount = request.ResourceAccount;
            if (resourceAccount == null && Arn.TryParse(request.Resource, out var resourceArn) && resourceArn.Account.Length > 0)
                resourceAccount = resourceArn.Account;
            // Without a known resource account a resource policy is read as same-account: it is the
            // more common case, and cross-account callers are named by the -ResourceAccount input.
            bool sameAccount = resourceAccount == null || resourceAccount == principal.AccountId;
            bool hasIdentity = principal.HasIdentityPolicies;
            bool exemptFromOrgPolicies = principal.IsServiceLinkedRole;

            // --- SCPs: every level from the root down must allow; any deny denies.
            LayerOutcome scpOutcome = LayerOutcome.NotPresent;
            string? scpNote = null;
            var scpAllow = new List<StatementRef>();
            var scpDeny = new List<StatementRef>();
            if (request.ServiceControlPolicies != null && request.ServiceControlPolicies.Count > 0 && principal.Kind != PrincipalKind.Service)
            {
                if (exemptFromOrgPolicies) { scpOutcome = LayerOutcome.Exempt; scpNote = "Service-linked roles are not affected by SCPs."; }
                else
                {
                    bool everyLevelAllows = true;
                    foreach (var level in request.ServiceControlPolicies)
                    {
                        int before = scpAllow.Count;
                        foreach (var p in level.Policies) Collect(PolicyLayer.ServiceControlPolicy, p, level.Id, request, scpAllow, scpDeny, out _);
                        if (scpAllow.Count == before && everyLevelAllows)
                        {
                            everyLevelAllows = false;
                            scpNote = $"No SCP attached at {level.Id} allows {request.Action}.";
                        }
                    }
                    scpOutcome = scpDeny.Count > 0 ? LayerOutcome.ExplicitlyDenied : everyLevelAllows ? LayerOutcome.Allowed : LayerOutcome.ImplicitlyDenied;
                }
                layers.Add(new LayerResult(PolicyLayer.ServiceControlPolicy, scpOutcome, Frozen(scpAllow), Frozen(scpDeny), scpNote));
            }

            // --- RCPs: RCPFullAWSAccess is always attached, so only denies matter.
            LayerOutcome rcpOutcome = LayerOutcome.NotPresent;
            var rcpAllow = new List<StatementRef>();
            var rcpDeny = new List<StatementRef>();
            if (request.ResourceControlPolicies != null && request.ResourceControlPolicies.Count > 0)
            {
                string? note = null;
                if (exemptFromOrgPolicies) { rcpOutcome = LayerOutcome.Exempt; note = "Calls by service-linked roles are not affected by RCPs."; }
                else
                {
                    foreach (var level in request.ResourceControlPolicies)
                        foreach (var p in level.Policies) Collect(PolicyLayer.ResourceControlPolicy, p, level.Id, request, rcpAllow, rcpDeny, out _);
                    rcpOutcome = rcpDeny.Count > 0 ? LayerOutcome.ExplicitlyDenied : LayerOutcome.Allowed;
                    if (rcpOutcome == LayerOutcome.Allowed) note = "RCPFullAWSAccess allows everything an RCP does not deny.";
                }
                layers.Add(new LayerResult(PolicyLayer.ResourceControlPolicy, rcpOutcome, Frozen(rcpAllow), Frozen(rcpDeny), note));
            }

            var vpce = EvaluateUnion(PolicyLayer.VpcEndpointPolicy, request.VpcEndpointPolicies, request, out _);
            var resource = EvaluateUnion(PolicyLayer.ResourcePolicy, request.ResourcePolicy == null ? null : new[] { request.ResourcePolicy }, request, out var trustMatch);
            var identity = EvaluateUnion(PolicyLayer.IdentityPolicy, hasIdentity ? request.IdentityPolicies : null, request, out _, presentWhenEmpty: hasIdentity);
            var boundary = EvaluateUnion(PolicyLayer.PermissionsBoundary, hasIdentity ? request.PermissionsBoundaries : null, request, out _);
            var session = EvaluateUnion(PolicyLayer.SessionPolicy, hasIdentity ? request.SessionPolicies : null, request, out _);

            bool mustAllowResource = ResourcePolicyMustAllow(request.Resource);
            // Every role has a trust policy and it must allow: a request to assume a role without one is never allowed.
            bool trustMissing = request.ResourcePolicy == null && IsRole(request.Resource) && IsAssumeRoleFamily(request.Action);
            bool resourceAllows = resource.allow.Count > 0;
            // Naming the caller itself (or "*") grants directly; naming its account only delegates to the
            // account's own identity policies.
            bool resourceGrantsDirectly = resourceAllows && trustMatch != PrincipalMatch.Account;
            bool isRoot = principal.Kind == PrincipalKind.Root;

            // --- Identity gate. The root user needs no identity policy in its own account.
            bool identityAllows = isRoot || identity.allow.Count > 0;
            bool identityRequired = hasIdentity && !(sameAccount && resourceGrantsDirectly);
            LayerOutcome identityOutcome = isRoot ? LayerOutcome.Allowed
                : !hasIdentity ? LayerOutcome.NotPresent
                : identity.deny.Count > 0 ? LayerOutcome.ExplicitlyDenied
                : identityAllows ? LayerOutcome.Allowed
                : identityRequired ? LayerOutcome.ImplicitlyDenied : LayerOutcome.NotRequired;

            // --- Resource (trust) gate. Role trust and key policies must always allow; other resource policies
            // must allow across accounts, and within one account either side may grant on its own.
            LayerOutcome resourceOutcome;
            if (trustMissing) resourceOutcome = LayerOutcome.ImplicitlyDenied;
            else if (request.ResourcePolicy == null)
                resourceOutcome = hasIdentity || isRoot ? LayerOutcome.NotPresent : LayerOutcome.ImplicitlyDenied;
            else if (resource.deny.Count > 0) resourceOutcome = LayerOutcome.ExplicitlyDenied;
            else if (resourceAllows) resourceOutcome = LayerOutcome.Allowed;
            else if (mustAllowResource || !sameAccount || !(hasIdentity || isRoot)) resourceOutcome = LayerOutcome.ImplicitlyDenied;
            else resourceOutcome = identityAllows ? LayerOutcome.NotRequired : LayerOutcome.ImplicitlyDenied;

            // --- Boundary and session gates, with their same-account exceptions (IAM User Guide, evaluation table;
            // catalogue B2.7/B2.8): a resource policy that names the user or a session ARN is not limited by the
            // boundary; one that names the exact session ARN is not limited by the session policy either. Naming
            // the role ARN, the account or "*" grants nothing directly, so both gates still apply.
            bool boundaryWaived = sameAccount && resourceAllows && (trustMatch == PrincipalMatch.User || trustMatch == PrincipalMatch.Session
                || trustMatch == PrincipalMatch.FederatedUser);
            bool sessionWaived = sameAccount && resourceAllows && (trustMatch == PrincipalMatch.Session || trustMatch == PrincipalMatch.FederatedUser);
            LayerOutcome boundaryOutcome = GateOutcome(request.PermissionsBoundaries, hasIdentity, boundary, boundaryWaived);
            LayerOutcome sessionOutcome = GateOutcome(request.SessionPolicies, hasIdentity, session, sessionWaived);
            LayerOutcome vpceOutcome = request.VpcEndpointPolicies == null || request.VpcEndpointPolicies.Count == 0 ? LayerOutcome.NotPresent
                : vpce.deny.Count > 0 ? LayerOutcome.ExplicitlyDenied : vpce.allow.Count > 0 ? LayerOutcome.Allowed : LayerOutcome.ImplicitlyDenied;

            AddLayer(layers, PolicyLayer.VpcEndpointPolicy, vpceOutcome, vpce, null);
            AddLayer(layers, PolicyLayer.ResourcePolicy, resourceOutcome, resource,
                trustMissing ? "No trust policy was given; a role's trust policy must always allow this action."
                : request.ResourcePolicy == null ? "No resource-based policy grants this principal, which has no identity-based policies."
                : resourceOutcome == LayerOutcome.Allowed && trustMatch == PrincipalMatch.Account ? "The policy names the caller's account, so the caller's identity-based policies must allow too." : null);
            AddLayer(layers, PolicyLayer.IdentityPolicy, identityOutcome, identity,
                isRoot ? "The root user is implicitly allowed every action in its own account."
                : identityOutcome == LayerOutcome.NotRequired ? "The resource policy names the caller directly in the same account, so no identity-based allow is needed." : null);
            AddLayer(layers, PolicyLayer.PermissionsBoundary, boundaryOutcome, boundary,
                boundaryOutcome == LayerOutcome.NotRequired ? "A same-account resource policy naming the caller directly is not limited by the boundary." : null);
            AddLayer(layers, PolicyLayer.SessionPolicy, sessionOutcome, session,
                sessionOutcome == LayerOutcome.NotRequired ? "A same-account resource policy naming the exact session is not limited by the session policy." : null);

            foreach (var l in layers) { allAllowing.AddRange(l.Allowing); allDenying.AddRange(l.Denying); }

            Decision decision;
            PolicyLayer? deciding;
            if (allDenying.Count > 0)
            {
                decision = Decision.ExplicitlyDenied;
                deciding = FirstWith(layers, LayerOutcome.ExplicitlyDenied);
            }
            else
            {
                deciding = FirstWith(layers, LayerOutcome.ImplicitlyDenied);
                decision = deciding == null ? Decision.Allowed : Decision.ImplicitlyDenied;
                // Same account, ordinary resource policy, neither side grants: AWS names the identity side.
                if (deciding == PolicyLayer.ResourcePolicy && !mustAllowResource && sameAccount && identityOutcome == LayerOutcome.ImplicitlyDenied)
                    deciding = PolicyLayer.IdentityPolicy;
            }

            string? errorText = decision == Decision.Allowed ? null
                : ErrorTexts.AccessDenied(principal.Arn, request.Action, request.Resource, deciding!.Value, decision == Decision.ExplicitlyDenied,
                    mustAllowResource && IsRole(request.Resource), FirstArn(layers, deciding.Value, decision == Decision.ExplicitlyDenied));
            // STS refuses AssumeRole from root credentials before any policy counts (catalogue check 2, section A).
            if (isRoot && string.Equals(request.Action, "sts:AssumeRole", StringComparison.OrdinalIgnoreCase))
            {
                if (decision == Decision.Allowed) { decision = Decision.ImplicitlyDenied; deciding = null; }
                errorText = ErrorTexts.RootCannotAssume;
                return new EvaluationResult(decision, deciding, layers, trustMatch, sameAccount && resourceAccount != null, errorText, allAllowing, allDenying);
            }
            return new EvaluationResult(decision, decision == Decision.Allowed ? null : deciding, layers, trustMatch, sameAccount && resourceAccount != null,
                errorText, allAllowing, allDenying);
        }

        /// <summary>Role trust policies and KMS key policies must always allow, even within one account.</summary>
        public static bool ResourcePolicyMustAllow(string resource) =>
            Arn.TryParse(resource, out var arn) && ((arn.Service == "iam" && arn.Resource.StartsWith("role/", StringComparison.Ordinal)) || arn.Service == "kms");

        /// <summary>Actions authorized by a role's trust policy.</summary>
        public static bool IsAssumeRoleFamily(string action) =>
            action.StartsWith("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) || string.Equals(action, "sts:TagSession", StringComparison.OrdinalIgnoreCase)
            || string.Equals(action, "sts:SetSourceIdentity", StringComparison.OrdinalIgnoreCase) || string.Equals(action, "sts:SetContext", StringComparison.OrdinalIgnoreCase);

        private static bool IsRole(string resource) =>
            Arn.TryParse(resource, out var arn) && arn.Service == "iam" && arn.Resource.StartsWith("role/", StringComparison.Ordinal);

        private static LayerOutcome GateOutcome(IReadOnlyList<PolicyDocument>? policies, bool hasIdentity,
            (List<StatementRef> allow, List<StatementRef> deny) result, bool waived)
        {
            if (!hasIdentity || policies == null) return LayerOutcome.NotPresent;
            if (result.deny.Count > 0) return LayerOutcome.ExplicitlyDenied;
            if (result.allow.Count > 0) return LayerOutcome.Allowed;
            return waived ? LayerOutcome.NotRequired : LayerOutcome.ImplicitlyDenied;
        }

        private static (List<StatementRef> allow, List<StatementRef> deny) EvaluateUnion(PolicyLayer layer, IReadOnlyList<PolicyDocument>? policies,
            EvaluationRequest request, out PrincipalMatch bestMatch, bool presentWhenEmpty = false)
        {
            bestMatch = PrincipalMatch.None;
            var allow = new List<StatementRef>();
            var deny = new List<StatementRef>();
            if (policies == null) return (allow, deny);
            foreach (var p in policies)
            {
                Collect(layer, p, null, request, allow, deny, out var m);
                if (m.Strength() > bestMatch.Strength()) bestMatch = m;
            }
            return (allow, deny);
        }

        /// <summary>Adds the statements of one policy that apply to the request; reports the best principal match among allows.</summary>
        private static void Collect(PolicyLayer layer, PolicyDocument policy, string? levelId, EvaluationRequest request,
            List<StatementRef> allow, List<StatementRef> deny, out PrincipalMatch bestAllowMatch)
        {
            bestAllowMatch = PrincipalMatch.None;
            foreach (var s in policy.Statements)
            {
                if (!s.MatchesAction(request.Action)) continue;
                if (!s.MatchesResource(request.Resource, request.Context)) continue;
                var m = s.MatchPrincipal(request.Principal);
                if (m == PrincipalMatch.None) continue;
                if (!s.ConditionsHold(request.Context)) continue;
                var r = new StatementRef(layer, policy, s, levelId);
                if (s.Effect == Effect.Deny) deny.Add(r);
                else
                {
                    allow.Add(r);
                    if (m.Strength() > bestAllowMatch.Strength()) bestAllowMatch = m;
                }
            }
        }

        private static void AddLayer(List<LayerResult> layers, PolicyLayer layer, LayerOutcome outcome, (List<StatementRef> allow, List<StatementRef> deny) r, string? note)
        {
            if (outcome == LayerOutcome.NotPresent) return;
            layers.Add(new LayerResult(layer, outcome, Frozen(r.allow), Frozen(r.deny), note));
        }

        private static IReadOnlyList<StatementRef> Frozen(List<StatementRef> list) => list.Count == 0 ? None : list;

        private static PolicyLayer? FirstWith(List<LayerResult> layers, LayerOutcome outcome, PolicyLayer? skip = null)
        {
            foreach (var l in layers) if (l.Outcome == outcome && l.Layer != skip) return l.Layer;
            return null;
        }

        private static string? FirstArn(List<LayerResult> layers, PolicyLayer layer, bool explicitDeny)
        {
            if (!explicitDeny) return null;
            foreach (var l in layers)
                if (l.Layer == layer)
                    foreach (var s in l.Denying) if (s.PolicyArn != null) return s.PolicyArn;
            return null;
        }
    }
}
