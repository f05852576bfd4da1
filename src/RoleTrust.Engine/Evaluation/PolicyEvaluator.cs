using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>
    /// AWS's policy evaluation logic for one request across every layer (docs/evaluation-rules.md): an explicit
    /// deny anywhere wins; then the SCP, RCP, VPC endpoint, resource-based, identity, boundary and session gates,
    /// with the same-account rules for resource policies that name the caller directly, the cross-account rule
    /// that both sides must allow, and the service exceptions (role trust and KMS key policies must allow,
    /// sts:GetCallerIdentity needs no permission).
    /// </summary>
    public static class PolicyEvaluator
    {
        private static readonly StatementRef[] None = new StatementRef[0];
        private static readonly string[] NoLevels = new string[0];

        [MethodImpl(HotPath.Options)]
        public static EvaluationResult Evaluate(EvaluationRequest request)
        {
            var resourceArn = Arn.TryParse(request.Resource, out var arn) ? arn : null;
            var scope = ResourceScope.Of(request, resourceArn);
            var role = ServiceRules.Classify(request.Action, resourceArn);
            var result = Evaluate(request, scope, role, request.Trace);
            // The ARN names no account: the request was read as one within the caller's account. Say so when the
            // decision would differ in another account.
            if (scope.Source == ResourceAccountSource.Unknown && request.Principal.AccountId != null)
            {
                var elsewhere = Evaluate(request, scope.InAnotherAccount(), role, trace: false);
                if (elsewhere.Decision != result.Decision)
                    result.Warnings = new[]
                    {
                        $"The resource {request.Resource} names no account and none was given with the request: it was evaluated as a resource of the caller's account " +
                        $"{request.Principal.AccountId} ({result.Decision}). If it belongs to another account the decision is {elsewhere.Decision}; state the resource's account to settle it.",
                    };
            }
            // A plain operator on a one-value list: AWS documents no reading for it.
            if (PlainOperatorOnList.Find(request) is Condition plain)
            {
                var other = Evaluate(PlainOperatorOnList.ReadAsMatchingNothing(request), scope, role, trace: false);
                if (other.Decision != result.Decision)
                    result.Warnings = new List<string>(result.Warnings)
                    {
                        $"Condition {plain.Operator.Text} on '{plain.Key}' tests a key the request gives as a list without ForAnyValue or ForAllValues. AWS requires " +
                        $"a set operator for multivalued keys and does not document what a plain one does: read as its one value, the decision is {result.Decision}; " +
                        $"read as matching no list, it is {other.Decision}.",
                    };
            }
            // "*" in a same-account resource policy: AWS documents no reading for it against a boundary or session policy.
            if (EveryoneGrantOnlyLimitedByBoundaryOrSession(result, scope) is string limited)
                result.Warnings = new List<string>(result.Warnings)
                {
                    $"The resource-based policy allows through Principal \"*\", and only the implicit deny of the {limited} stops the request. AWS does not document " +
                    "whether such a grant is limited by a permissions boundary or session policy within one account; RoleTrust reads it like a grant to the role " +
                    "(limited). Read like a grant to the caller itself, the decision would be Allowed.",
                };
            // Resources AWS keeps for itself: the policies may allow a change that AWS refuses anyway (not modelled).
            if (result.Decision == Decision.Allowed && ServiceRules.AwsReservedChange(request.Action, resourceArn) is string reserved)
                result.Warnings = new List<string>(result.Warnings)
                {
                    $"{request.Resource} is {reserved}: it is reserved by AWS, which may refuse {request.Action} whatever the policies allow. RoleTrust does not model which changes are refused.",
                };
            return result;
        }

        /// <summary>
        /// The layers (boundary, session policy) whose implicit deny alone stops a same-account request that the resource-based
        /// policy allows through "*"; null when that is not the situation. Reading "*" as naming the caller itself would waive
        /// both layers, as it does for a policy naming the user or the session (docs/evaluation-rules.md, "Within one account").
        /// </summary>
        private static string? EveryoneGrantOnlyLimitedByBoundaryOrSession(EvaluationResult result, ResourceScope scope)
        {
            if (result.Decision != Decision.ImplicitlyDenied || result.TrustMatch != PrincipalMatch.Wildcard || !scope.SameAccount
                || result.OutcomeOf(PolicyLayer.ResourcePolicy) != LayerOutcome.Allowed)
                return null;
            string? limited = null;
            foreach (var l in result.Layers)
            {
                if (l.Outcome != LayerOutcome.ImplicitlyDenied) continue;
                if (l.Layer != PolicyLayer.PermissionsBoundary && l.Layer != PolicyLayer.SessionPolicy) return null;
                limited = limited == null ? l.Layer.ToString() : limited + " and the " + l.Layer;
            }
            return limited;
        }

        /// <summary>Role trust policies and KMS key policies must always allow, even within one account.</summary>
        public static bool ResourcePolicyMustAllow(string resource) => ServiceRules.IsRole(resource) || ServiceRules.IsKmsKey(resource);

        /// <summary>Actions authorized by a role's trust policy.</summary>
        public static bool IsAssumeRoleFamily(string action) => ServiceRules.IsAssumeRoleFamily(action);

        /// <summary>The allowing and denying statements of one layer, and the trace records when tracing.</summary>
        private sealed class Layer
        {
            public Layer(PolicyLayer kind, bool trace) { Kind = kind; if (trace) Records = new List<StatementTrace>(); }
            public readonly PolicyLayer Kind;
            // Most layers of most requests allow or deny through one statement or none: lists only when needed.
            public List<StatementRef>? AllowList, DenyList;
            public int AllowCount => AllowList?.Count ?? 0;
            public int DenyCount => DenyList?.Count ?? 0;
            public IReadOnlyList<StatementRef> Allow => (IReadOnlyList<StatementRef>?)AllowList ?? None;
            public IReadOnlyList<StatementRef> Deny => (IReadOnlyList<StatementRef>?)DenyList ?? None;
            public readonly List<StatementTrace>? Records;
            public PrincipalMatch BestAllowMatch;
            public bool Evaluated;
        }

        [MethodImpl(HotPath.Options)]
        private static EvaluationResult Evaluate(EvaluationRequest request, ResourceScope scope, ResourcePolicyRole role, bool trace)
        {
            var principal = request.Principal;
            bool sameAccount = scope.SameAccount;
            bool hasIdentity = principal.HasIdentityPolicies;
            bool isRoot = principal.Kind == PrincipalKind.Root;
            bool isAccountPrincipal = hasIdentity || isRoot;
            bool hasBoundary = hasIdentity && request.PermissionsBoundaries != null && request.PermissionsBoundaries.Count > 0;
            bool mustAllowResource = role == ResourcePolicyRole.RoleTrust || role == ResourcePolicyRole.KeyPolicy;
            bool noPermissionNeeded = ServiceRules.NeedsNoPermission(request.Action) && principal.Kind != PrincipalKind.Anonymous;
            var results = new List<LayerResult>(7);
            var traces = trace ? new List<LayerTrace>(7) : null;

            // --- SCPs restrict the IAM principals of member accounts: every level from the root down must allow; any deny denies.
            if (request.ServiceControlPolicies != null && request.ServiceControlPolicies.Count > 0 && isAccountPrincipal)
            {
                string? exemption = principal.IsServiceLinkedRole ? "Service-linked roles are not affected by SCPs."
                    : request.ManagementAccount != null && principal.AccountId == request.ManagementAccount ? "SCPs do not affect principals in the organization's management account."
                    : null;
                var scp = new Layer(PolicyLayer.ServiceControlPolicy, trace);
                var levelsWithoutAllow = new List<string>();
                if (exemption == null || trace)
                {
                    var scpLevels = request.ServiceControlPolicies;
                    for (int l = 0; l < scpLevels.Count; l++)
                    {
                        var level = scpLevels[l];
                        int before = scp.AllowCount;
                        for (int p = 0; p < level.Policies.Count; p++) Collect(scp, level.Policies[p], level.Id, request, false);
                        if (scp.AllowCount == before) levelsWithoutAllow.Add(level.Id);
                    }
                }
                LayerOutcome outcome = exemption != null ? LayerOutcome.Exempt
                    : scp.DenyCount > 0 ? LayerOutcome.ExplicitlyDenied : levelsWithoutAllow.Count == 0 ? LayerOutcome.Allowed : LayerOutcome.ImplicitlyDenied;
                string? note = exemption ?? (levelsWithoutAllow.Count > 0 ? $"No SCP attached at {levelsWithoutAllow[0]} allows {request.Action}." : null);
                Add(results, traces, scp, outcome, note, deniesByDefault: true, levelsWithoutAllow);
            }

            // --- RCPs: RCPFullAWSAccess is always attached, so only denies matter.
            if (request.ResourceControlPolicies != null && request.ResourceControlPolicies.Count > 0)
            {
                string? exemption = principal.IsServiceLinkedRole ? "Calls by service-linked roles are not affected by RCPs."
                    : request.ManagementAccount != null && scope.Account == request.ManagementAccount ? "RCPs do not affect resources in the organization's management account."
                    : !ServiceRules.RcpsApplyTo(request.Action) ? $"RCPs apply only to the actions of {string.Join(", ", ServiceRules.RcpServices)}; {request.Action} is not among them."
                    : null;
                var rcp = new Layer(PolicyLayer.ResourceControlPolicy, trace);
                if (exemption == null || trace)
                    for (int l = 0; l < request.ResourceControlPolicies.Count; l++)
                    {
                        var level = request.ResourceControlPolicies[l];
                        for (int p = 0; p < level.Policies.Count; p++) Collect(rcp, level.Policies[p], level.Id, request, false);
                    }
                LayerOutcome outcome = exemption != null ? LayerOutcome.Exempt : rcp.DenyCount > 0 ? LayerOutcome.ExplicitlyDenied : LayerOutcome.Allowed;
                Add(results, traces, rcp, outcome, exemption ?? (outcome == LayerOutcome.Allowed ? "RCPFullAWSAccess allows everything an RCP does not deny." : null), deniesByDefault: false, NoLevels);
            }

            var vpce = Union(PolicyLayer.VpcEndpointPolicy, request.VpcEndpointPolicies, request, trace, false);
            // A role's trust policy governs only assuming the role; for any other action on a role no resource-based policy takes part.
            var resource = Union(PolicyLayer.ResourcePolicy, request.ResourcePolicy == null || role == ResourcePolicyRole.NoneForRoleAction ? null : new[] { request.ResourcePolicy },
                request, trace, notPrincipalDeniesBounded: hasBoundary);
            var identity = Union(PolicyLayer.IdentityPolicy, hasIdentity ? request.IdentityPolicies : null, request, trace, false);
            var boundary = Union(PolicyLayer.PermissionsBoundary, hasIdentity ? request.PermissionsBoundaries : null, request, trace, false);
            var session = Union(PolicyLayer.SessionPolicy, hasIdentity ? request.SessionPolicies : null, request, trace, false);

            PrincipalMatch trustMatch = resource.BestAllowMatch;
            bool resourceAllows = resource.AllowCount > 0;
            // Naming the caller itself (or "*") grants directly; naming its account only delegates to the account's own identity policies.
            bool resourceGrantsDirectly = resourceAllows && trustMatch != PrincipalMatch.Account;

            // --- Identity gate. The root user needs no identity policy in its own account.
            bool identityAllows = isRoot || identity.AllowCount > 0;
            bool identityRequired = hasIdentity && !(sameAccount && resourceGrantsDirectly);
            LayerOutcome identityOutcome = isRoot ? LayerOutcome.Allowed
                : !hasIdentity ? LayerOutcome.NotPresent
                : identity.DenyCount > 0 ? LayerOutcome.ExplicitlyDenied
                : identityAllows ? LayerOutcome.Allowed
                : identityRequired ? LayerOutcome.ImplicitlyDenied : LayerOutcome.NotRequired;

            // --- Resource-based gate.
            LayerOutcome resourceOutcome;
            string? resourceNote = null;
            if (role == ResourcePolicyRole.NoneForRoleAction)
            {
                if (!sameAccount)
                {
                    resourceOutcome = LayerOutcome.ImplicitlyDenied;
                    resourceNote = $"A role's trust policy governs only assuming the role, so no resource-based policy can allow {request.Action} on a role in another account.";
                }
                else if (request.ResourcePolicy != null)
                {
                    resourceOutcome = LayerOutcome.NotRequired;
                    resourceNote = $"A role's trust policy governs only assuming the role; {request.Action} is decided by the caller's identity-based policies, so the trust policy was not evaluated.";
                }
                else resourceOutcome = LayerOutcome.NotPresent;
            }
            else if (request.ResourcePolicy == null)
            {
                if (role == ResourcePolicyRole.RoleTrust)
                {
                    resourceOutcome = LayerOutcome.ImplicitlyDenied;
                    resourceNote = "No trust policy was given; a role's trust policy must always allow this action.";
                }
                else if (role == ResourcePolicyRole.KeyPolicy)
                {
                    resourceOutcome = LayerOutcome.ImplicitlyDenied;
                    resourceNote = "No key policy was given; every KMS key has one, and identity-based policies grant access to a key only when its key policy allows it.";
                }
                else if (!isAccountPrincipal)
                {
                    resourceOutcome = LayerOutcome.ImplicitlyDenied;
                    resourceNote = "No resource-based policy grants this principal, which has no identity-based policies.";
                }
                else if (!sameAccount)
                {
                    resourceOutcome = LayerOutcome.ImplicitlyDenied;
                    resourceNote = "No resource-based policy was given; identity-based policies alone never grant access to a resource in another account.";
                }
                else resourceOutcome = LayerOutcome.NotPresent;
            }
            else if (resource.DenyCount > 0) resourceOutcome = LayerOutcome.ExplicitlyDenied;
            else if (resourceAllows)
            {
                resourceOutcome = LayerOutcome.Allowed;
                if (trustMatch == PrincipalMatch.Account) resourceNote = "The policy names the caller's account, so the caller's identity-based policies must allow too.";
            }
            else if (mustAllowResource || !sameAccount || !isAccountPrincipal) resourceOutcome = LayerOutcome.ImplicitlyDenied;
            else resourceOutcome = identityAllows ? LayerOutcome.NotRequired : LayerOutcome.ImplicitlyDenied;

            // --- Boundary and session gates, with their same-account exceptions (IAM User Guide, evaluation table;
            // catalogue B2.7/B2.8): a resource policy that names the user or a session ARN is not limited by the
            // boundary; one that names the exact session ARN is not limited by the session policy either. Naming
            // the role ARN, the account or "*" grants nothing directly, so both gates still apply.
            bool boundaryWaived = sameAccount && resourceAllows && (trustMatch == PrincipalMatch.User || trustMatch == PrincipalMatch.Session
                || trustMatch == PrincipalMatch.FederatedUser);
            bool sessionWaived = sameAccount && resourceAllows && (trustMatch == PrincipalMatch.Session || trustMatch == PrincipalMatch.FederatedUser);
            LayerOutcome boundaryOutcome = GateOutcome(request.PermissionsBoundaries, hasIdentity, boundary, boundaryWaived);
            LayerOutcome sessionOutcome;
            string? sessionNote = null;
            if (hasIdentity && (request.SessionPolicies == null || request.SessionPolicies.Count == 0) && principal.Kind == PrincipalKind.FederatedUser)
            {
                // GetFederationToken without a policy yields a session with no permissions of its own.
                sessionOutcome = sessionWaived ? LayerOutcome.NotRequired : LayerOutcome.ImplicitlyDenied;
                sessionNote = "A federated user session created without a session policy has no permissions of its own; only a resource-based policy " +
                    "in the same account that names the federated user grants it access.";
            }
            else
            {
                sessionOutcome = GateOutcome(request.SessionPolicies, hasIdentity, session, sessionWaived);
                if (sessionOutcome == LayerOutcome.NotRequired) sessionNote = "A same-account resource policy naming the exact session is not limited by the session policy.";
            }
            LayerOutcome vpceOutcome = request.VpcEndpointPolicies == null || request.VpcEndpointPolicies.Count == 0 ? LayerOutcome.NotPresent
                : vpce.DenyCount > 0 ? LayerOutcome.ExplicitlyDenied : vpce.AllowCount > 0 ? LayerOutcome.Allowed : LayerOutcome.ImplicitlyDenied;

            Add(results, traces, vpce, vpceOutcome, null, deniesByDefault: true, NoLevels);
            Add(results, traces, resource, resourceOutcome, resourceNote, deniesByDefault: true, NoLevels);
            Add(results, traces, identity, identityOutcome,
                isRoot ? "The root user is implicitly allowed every action in its own account."
                : identityOutcome == LayerOutcome.NotRequired ? "The resource policy names the caller directly in the same account, so no identity-based allow is needed." : null,
                deniesByDefault: true, NoLevels);
            Add(results, traces, boundary, boundaryOutcome,
                boundaryOutcome == LayerOutcome.NotRequired ? "A same-account resource policy naming the caller directly is not limited by the boundary." : null,
                deniesByDefault: true, NoLevels);
            Add(results, traces, session, sessionOutcome, sessionNote, deniesByDefault: true, NoLevels);

            var result = noPermissionNeeded
                ? NeedsNoPermission(request, results, traces, trustMatch, scope)
                : Decide(request, results, trustMatch, scope, role, identityOutcome, isRoot);
            if (traces != null) result.Trace = new EvaluationTrace(traces);
            return result;
        }

        [MethodImpl(HotPath.Options)]
        private static EvaluationResult Decide(EvaluationRequest request, List<LayerResult> layers, PrincipalMatch trustMatch, ResourceScope scope,
            ResourcePolicyRole role, LayerOutcome identityOutcome, bool isRoot)
        {
            var allAllowing = Concat(layers, denying: false);
            var allDenying = Concat(layers, denying: true);

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
                if (deciding == PolicyLayer.ResourcePolicy && role == ResourcePolicyRole.Ordinary && scope.SameAccount && identityOutcome == LayerOutcome.ImplicitlyDenied)
                    deciding = PolicyLayer.IdentityPolicy;
            }

            var principal = request.Principal;
            string? errorText = decision == Decision.Allowed ? null
                : ErrorTexts.AccessDenied(principal.Arn, request.Action, request.Resource, deciding!.Value, decision == Decision.ExplicitlyDenied,
                    role == ResourcePolicyRole.RoleTrust, FirstArn(layers, deciding.Value, decision == Decision.ExplicitlyDenied));
            // STS refuses AssumeRole from root credentials before any policy counts (catalogue check 2, section A).
            if (isRoot && string.Equals(request.Action, "sts:AssumeRole", StringComparison.OrdinalIgnoreCase))
            {
                if (decision == Decision.Allowed) { decision = Decision.ImplicitlyDenied; deciding = null; }
                errorText = ErrorTexts.RootCannotAssume;
                return new EvaluationResult(decision, deciding, layers, trustMatch, scope.KnownSameAccount, errorText, allAllowing, allDenying);
            }
            return new EvaluationResult(decision, decision == Decision.Allowed ? null : deciding, layers, trustMatch, scope.KnownSameAccount,
                errorText, allAllowing, allDenying);
        }

        /// <summary>sts:GetCallerIdentity: allowed whatever the policies say; every layer is reported as not applying.</summary>
        private static EvaluationResult NeedsNoPermission(EvaluationRequest request, List<LayerResult> layers, List<LayerTrace>? traces, PrincipalMatch trustMatch, ResourceScope scope)
        {
            string note = $"{request.Action} needs no permission, and no policy can deny it.";
            var exempt = new List<LayerResult>(layers.Count);
            foreach (var l in layers) exempt.Add(new LayerResult(l.Layer, LayerOutcome.Exempt, None, None, note));
            if (traces != null)
                for (int i = 0; i < traces.Count; i++)
                {
                    var t = traces[i];
                    traces[i] = new LayerTrace(t.Layer, LayerOutcome.Exempt, note, t.DeniesByDefault, t.Statements, t.LevelsWithoutAllow);
                }
            return new EvaluationResult(Decision.Allowed, null, exempt, trustMatch, scope.KnownSameAccount, null, None, None);
        }

        [MethodImpl(HotPath.Options)]
        private static IReadOnlyList<StatementRef> Concat(List<LayerResult> layers, bool denying)
        {
            int count = 0;
            foreach (var l in layers) count += (denying ? l.Denying : l.Allowing).Count;
            if (count == 0) return None;
            var all = new StatementRef[count];
            int i = 0;
            foreach (var l in layers)
            {
                var list = denying ? l.Denying : l.Allowing;
                for (int k = 0; k < list.Count; k++) all[i++] = list[k];
            }
            return all;
        }

        [MethodImpl(HotPath.Options)]
        private static LayerOutcome GateOutcome(IReadOnlyList<PolicyDocument>? policies, bool hasIdentity, Layer result, bool waived)
        {
            // An empty list is no policy: a boundary or session policy is always one document, never an empty set.
            if (!hasIdentity || policies == null || policies.Count == 0) return LayerOutcome.NotPresent;
            if (result.DenyCount > 0) return LayerOutcome.ExplicitlyDenied;
            if (result.AllowCount > 0) return LayerOutcome.Allowed;
            return waived ? LayerOutcome.NotRequired : LayerOutcome.ImplicitlyDenied;
        }

        [MethodImpl(HotPath.Options)]
        private static Layer Union(PolicyLayer kind, IReadOnlyList<PolicyDocument>? policies, EvaluationRequest request, bool trace, bool notPrincipalDeniesBounded)
        {
            var layer = new Layer(kind, trace);
            if (policies == null) return layer;
            for (int i = 0; i < policies.Count; i++) Collect(layer, policies[i], null, request, notPrincipalDeniesBounded);
            return layer;
        }

        /// <summary>Adds the statements of one policy that apply to the request, keeping the strongest principal match among allows.</summary>
        [MethodImpl(HotPath.Options)]
        private static void Collect(Layer layer, PolicyDocument policy, string? levelId, EvaluationRequest request, bool notPrincipalDeniesBounded)
        {
            layer.Evaluated = true;
            var statements = policy.Statements;
            for (int i = 0; i < statements.Count; i++)
            {
                var s = statements[i];
                PrincipalMatch m;
                if (layer.Records != null)
                {
                    var record = StatementMatcher.Trace(layer.Kind, policy, levelId, s, request, notPrincipalDeniesBounded);
                    layer.Records.Add(record);
                    if (!record.Applied) continue;
                    m = record.PrincipalMatch;
                }
                else if (!StatementMatcher.Applies(s, request, notPrincipalDeniesBounded, out m)) continue;

                var r = new StatementRef(layer.Kind, policy, s, levelId);
                if (s.Effect == Effect.Deny) (layer.DenyList ??= new List<StatementRef>(1)).Add(r);
                else
                {
                    (layer.AllowList ??= new List<StatementRef>(2)).Add(r);
                    if (m.Strength() > layer.BestAllowMatch.Strength()) layer.BestAllowMatch = m;
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private static void Add(List<LayerResult> results, List<LayerTrace>? traces, Layer layer, LayerOutcome outcome, string? note, bool deniesByDefault, IReadOnlyList<string> levelsWithoutAllow)
        {
            if (outcome != LayerOutcome.NotPresent)
                results.Add(new LayerResult(layer.Kind, outcome, outcome == LayerOutcome.Exempt ? None : layer.Allow, outcome == LayerOutcome.Exempt ? None : layer.Deny, note));
            if (traces != null && (outcome != LayerOutcome.NotPresent || layer.Evaluated))
                traces.Add(new LayerTrace(layer.Kind, outcome, note, deniesByDefault, (IReadOnlyList<StatementTrace>?)layer.Records ?? new StatementTrace[0], levelsWithoutAllow));
        }

        private static PolicyLayer? FirstWith(List<LayerResult> layers, LayerOutcome outcome)
        {
            foreach (var l in layers) if (l.Outcome == outcome) return l.Layer;
            return null;
        }

        private static string? FirstArn(List<LayerResult> layers, PolicyLayer layer, bool explicitDeny)
        {
            if (!explicitDeny) return null;
            foreach (var l in layers)
                if (l.Layer == layer)
                    for (int i = 0; i < l.Denying.Count; i++) if (l.Denying[i].PolicyArn != null) return l.Denying[i].PolicyArn;
            return null;
        }
    }
}
