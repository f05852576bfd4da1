using System.Collections.Generic;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust
{
    public enum Decision { Allowed, ImplicitlyDenied, ExplicitlyDenied }

    /// <summary>The policy layers of one request, in the order AWS's evaluation logic documents them.</summary>
    public enum PolicyLayer { ServiceControlPolicy, ResourceControlPolicy, VpcEndpointPolicy, ResourcePolicy, IdentityPolicy, PermissionsBoundary, SessionPolicy }

    public enum LayerOutcome
    {
        /// <summary>The request has no policy of this kind (no SCPs, no boundary ...).</summary>
        NotPresent,
        Allowed,
        ImplicitlyDenied,
        ExplicitlyDenied,
        /// <summary>Present, does not allow, but need not: e.g. same-account trust naming the caller directly.</summary>
        NotRequired,
        /// <summary>
        /// The layer does not apply to this request: SCPs to service-linked roles or management-account principals, RCPs
        /// to services they do not cover, any policy to sts:GetCallerIdentity.
        /// </summary>
        Exempt,
    }
}

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>One level of SCPs or RCPs (the root, an OU, the account) and the policies attached there.</summary>
    public sealed class PolicyLevel
    {
        public PolicyLevel(string id, IReadOnlyList<PolicyDocument> policies) { Id = id; Policies = policies; }
        public string Id { get; }
        public IReadOnlyList<PolicyDocument> Policies { get; }
    }

    /// <summary>Everything one authorization decision depends on. Null lists mean the layer is absent.</summary>
    public sealed class EvaluationRequest
    {
        public EvaluationRequest(PrincipalIdentity principal, string action, string resource, RequestContext context)
        {
            Principal = principal; Action = action; Resource = resource; Context = context;
        }

        public PrincipalIdentity Principal { get; }
        public string Action { get; }
        public string Resource { get; }
        public RequestContext Context { get; }
        /// <summary>Account owning the resource; taken from the resource ARN when not set.</summary>
        public string? ResourceAccount { get; set; }
        public IReadOnlyList<PolicyDocument> IdentityPolicies { get; set; } = new PolicyDocument[0];
        public IReadOnlyList<PolicyDocument>? PermissionsBoundaries { get; set; }
        public IReadOnlyList<PolicyDocument>? SessionPolicies { get; set; }
        public IReadOnlyList<PolicyDocument>? VpcEndpointPolicies { get; set; }
        public IReadOnlyList<PolicyLevel>? ServiceControlPolicies { get; set; }
        public IReadOnlyList<PolicyLevel>? ResourceControlPolicies { get; set; }
        public PolicyDocument? ResourcePolicy { get; set; }
        /// <summary>
        /// The organization's management account, when known: SCPs do not apply to its principals and RCPs not to its
        /// resources. Null when unknown, in which case the SCPs and RCPs given apply.
        /// </summary>
        public string? ManagementAccount { get; set; }
        /// <summary>Record an <see cref="EvaluationTrace"/> of every statement (off by default: it costs time and memory).</summary>
        public bool Trace { get; set; }

        /// <summary>The same request with another context (the same policies; not traced): to evaluate another reading of it.</summary>
        public EvaluationRequest WithContext(RequestContext context) => new EvaluationRequest(Principal, Action, Resource, context)
        {
            ResourceAccount = ResourceAccount,
            IdentityPolicies = IdentityPolicies,
            PermissionsBoundaries = PermissionsBoundaries,
            SessionPolicies = SessionPolicies,
            VpcEndpointPolicies = VpcEndpointPolicies,
            ServiceControlPolicies = ServiceControlPolicies,
            ResourceControlPolicies = ResourceControlPolicies,
            ResourcePolicy = ResourcePolicy,
            ManagementAccount = ManagementAccount,
        };
    }

    /// <summary>A statement that allowed or denied, named the way evidence and fixes cite it.</summary>
    public sealed class StatementRef
    {
        public StatementRef(PolicyLayer layer, PolicyDocument policy, Statement statement, string? levelId)
        {
            Layer = layer; Policy = policy; Statement = statement; LevelId = levelId;
        }

        public PolicyLayer Layer { get; }
        public PolicyDocument Policy { get; }
        public Statement Statement { get; }
        public string PolicyName => Policy.Name;
        public string? PolicyArn => Policy.Arn;
        /// <summary>0-based statement index.</summary>
        public int Index => Statement.Index;
        public string? Sid => Statement.Sid;
        public Effect Effect => Statement.Effect;
        /// <summary>The statement as compact JSON.</summary>
        public string Text => Statement.Text;
        /// <summary>SCP/RCP level (root, OU or account id) the policy is attached to.</summary>
        public string? LevelId { get; }

        public override string ToString() =>
            $"{PolicyName}[{Index}]{(Sid == null ? "" : " (" + Sid + ")")}{(LevelId == null ? "" : " at " + LevelId)}";

        /// <summary>"name[index] (Sid): JSON", as path hops cite it: written once per reference, however many paths share it.</summary>
        internal string Described => _described ??= $"{this}: {Text}";
        private string? _described;
    }

    public sealed class LayerResult
    {
        public LayerResult(PolicyLayer layer, LayerOutcome outcome, IReadOnlyList<StatementRef> allowing, IReadOnlyList<StatementRef> denying, string? note)
        {
            Layer = layer; Outcome = outcome; Allowing = allowing; Denying = denying; Note = note;
        }

        public PolicyLayer Layer { get; }
        public LayerOutcome Outcome { get; }
        public IReadOnlyList<StatementRef> Allowing { get; }
        public IReadOnlyList<StatementRef> Denying { get; }
        /// <summary>Why the layer had this outcome when that is not obvious (exemptions, failed SCP level).</summary>
        public string? Note { get; }
        public override string ToString() => $"{Layer}: {Outcome}";
    }

    public sealed class EvaluationResult
    {
        internal EvaluationResult(Decision decision, PolicyLayer? decidingLayer, IReadOnlyList<LayerResult> layers, PrincipalMatch trustMatch,
            bool sameAccount, string? errorText, IReadOnlyList<StatementRef> allowing, IReadOnlyList<StatementRef> denying)
        {
            Decision = decision; DecidingLayer = decidingLayer; Layers = layers; TrustMatch = trustMatch;
            SameAccount = sameAccount; ErrorText = errorText; Allowing = allowing; Denying = denying;
        }

        private static readonly string[] NoWarnings = new string[0];

        public Decision Decision { get; }
        /// <summary>The layer AWS would name in the AccessDenied message; null when allowed.</summary>
        public PolicyLayer? DecidingLayer { get; }
        public IReadOnlyList<LayerResult> Layers { get; }
        /// <summary>How the resource (trust) policy's allowing statements named the caller.</summary>
        public PrincipalMatch TrustMatch { get; }
        public bool SameAccount { get; }
        /// <summary>The AccessDenied message AWS returns for this denial.</summary>
        public string? ErrorText { get; }
        public IReadOnlyList<StatementRef> Allowing { get; }
        public IReadOnlyList<StatementRef> Denying { get; }
        /// <summary>
        /// Doubts about the decision that are not errors, e.g. a resource whose account cannot be told and on which the
        /// decision depends.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; internal set; } = NoWarnings;
        /// <summary>The statement-by-statement record, when the request asked for it; otherwise null.</summary>
        public EvaluationTrace? Trace { get; internal set; }

        public LayerResult? this[PolicyLayer layer]
        {
            get { foreach (var l in Layers) if (l.Layer == layer) return l; return null; }
        }

        public LayerOutcome OutcomeOf(PolicyLayer layer) => this[layer]?.Outcome ?? LayerOutcome.NotPresent;
    }
}
