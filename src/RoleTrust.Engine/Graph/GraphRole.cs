using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// A role of the data as the target of sts:AssumeRole: its trust policy, who the trust could admit (named principals,
    /// whole accounts, everyone, services and identity providers), and its role class for shared decisions.
    /// </summary>
    internal sealed class GraphRole
    {
        public GraphRole(IamRole role, string accountId) { Role = role; AccountId = accountId; }

        public IamRole Role { get; }
        public string Arn => Role.Arn;
        public string AccountId { get; }
        /// <summary>
        /// The trust policy as parsed once for every role whose trust has its text: unnamed (the index keeps one document
        /// per text, not one per role); <see cref="NamedTrust"/> names it after the role for evidence.
        /// </summary>
        public PolicyDocument? Trust { get; set; }
        /// <summary>The trust policy under the role's own name ("name trust policy", as the path checks name it), made when first cited.</summary>
        public PolicyDocument NamedTrust => _namedTrust ??= Trust!.Renamed($"{Role.Name} trust policy");
        private PolicyDocument? _namedTrust;
        /// <summary>Why no edge can be found into this role (the trust policy is missing or does not parse).</summary>
        public string? Problem { get; set; }

        /// <summary>Whom the trust could admit: shared by every role whose trust has the same text.</summary>
        public TrustCandidates Candidates { get; set; } = TrustCandidates.None;
        /// <summary>Principal ARNs the trust names directly for sts:AssumeRole, with their kind and account.</summary>
        public List<(string Arn, TrustNodeKind Kind, string Account)> Named => Candidates.Named;
        /// <summary>Accounts of the data the trust names as a whole: their principals whose identity policies could allow.</summary>
        public List<string> TrustedAccounts => Candidates.TrustedAccounts;
        /// <summary>Accounts outside the data the trust names as a whole.</summary>
        public List<string> ExternalAccounts => Candidates.ExternalAccounts;
        /// <summary>The trust admits "*" (or uses NotPrincipal).</summary>
        public bool Wildcard => Candidates.Wildcard;
        /// <summary>
        /// Services and identity providers: not IAM principals; the trust statement's conditions are what a request must
        /// meet. Kept as their sources and statements; <see cref="DirectEdge"/> makes an edge when a query returns it.
        /// </summary>
        public TrustCandidates.DirectSource[] Direct => Candidates.Direct;

        /// <summary>The edge from the direct source at this position of <see cref="Direct"/> into the role.</summary>
        [MethodImpl(HotPath.Options)]
        public TrustEdge DirectEdge(int position, TrustNode roleNode)
        {
            var d = Direct[position];
            return new TrustEdge(d.Source, roleNode, d.Action, new StatementRef(PolicyLayer.ResourcePolicy, NamedTrust, d.Statement, null), null, d.Statement.Conditions);
        }

        /// <summary>Trust statements that can decide sts:AssumeRole (their principal matches tell callers apart); shared by roles whose trust has the same text.</summary>
        public Statement[] TrustStatements => Candidates.Deciding;
        /// <summary>What the trust and the RCPs above the role read; shared by the roles of a class key (trust meanings and account profile).</summary>
        public StatementTraits Traits { get; set; } = NoTraits;
        private static readonly StatementTraits NoTraits = new StatementTraits();

        /// <summary>The trust statement at this position of <see cref="TrustStatements"/> as evidence: one reference for every edge into the role.</summary>
        [MethodImpl(HotPath.Options)]
        public StatementRef TrustRef(int position)
        {
            var refs = _trustRefs ??= new StatementRef?[TrustStatements.Length];
            return refs[position] ??= new StatementRef(PolicyLayer.ResourcePolicy, NamedTrust, TrustStatements[position], null);
        }
        private StatementRef?[]? _trustRefs;
        /// <summary>Which RCP statements above the role cover its ARN.</summary>
        public ulong RcpBits { get; set; }
        /// <summary>The role class (trust document, account profile, tags read): -1 when decisions into this role are never shared.</summary>
        public int ClassId { get; set; } = -1;
        public AccountProfile Account { get; set; } = null!;
        /// <summary>The role class's key before the tags some statement reads are added.</summary>
        internal CallerProfile.Draft.Key ClassKey { get; set; }
        /// <summary>The role's node once made (by the index when a service or identity provider has an edge into it, else by the first query).</summary>
        internal TrustNode Node => _node ?? System.Threading.Interlocked.CompareExchange(ref _node, new TrustNode(Arn, TrustNodeKind.Role, AccountId) { Rank = Rank }, null) ?? _node!;
        /// <summary>Its place among the roles of the data in ordinal ARN order (set by the graph).</summary>
        internal int Rank { get; set; } = -1;
        private TrustNode? _node;
    }
}
