using RoleTrust.Engine.Evaluation;
using System.Collections.Generic;
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
        public PolicyDocument? Trust { get; set; }
        /// <summary>Why no edge can be found into this role (the trust policy is missing or does not parse).</summary>
        public string? Problem { get; set; }

        // Most trusts name one or two kinds of caller: the lists are made when something is added (reads of an empty one
        // get a shared empty list that is never added to).
        /// <summary>Principal ARNs the trust names directly for sts:AssumeRole, with their kind and account.</summary>
        public List<(string Arn, TrustNodeKind Kind, string Account)> Named => _named ?? NoNamed;
        /// <summary>Accounts of the data the trust names as a whole: their principals whose identity policies could allow.</summary>
        public List<string> TrustedAccounts => _trustedAccounts ?? NoAccounts;
        /// <summary>Accounts outside the data the trust names as a whole.</summary>
        public List<string> ExternalAccounts => _externalAccounts ?? NoAccounts;
        /// <summary>The trust admits "*" (or uses NotPrincipal).</summary>
        public bool Wildcard { get; set; }
        /// <summary>Services and identity providers: not IAM principals; the trust statement's conditions are what a request must meet.</summary>
        public List<TrustEdge> Direct => _direct ?? NoEdges;

        private List<(string, TrustNodeKind, string)>? _named;
        private List<string>? _trustedAccounts, _externalAccounts;
        private List<TrustEdge>? _direct;
        private static readonly List<(string, TrustNodeKind, string)> NoNamed = new List<(string, TrustNodeKind, string)>(0);
        private static readonly List<string> NoAccounts = new List<string>(0);
        private static readonly List<TrustEdge> NoEdges = new List<TrustEdge>(0);

        internal void AddNamed((string Arn, TrustNodeKind Kind, string Account) named) => (_named ??= new List<(string, TrustNodeKind, string)>(1)).Add(named);
        internal void AddTrustedAccount(string account, bool inData)
        {
            var list = inData ? _trustedAccounts ??= new List<string>(1) : _externalAccounts ??= new List<string>(1);
            if (!list.Contains(account)) list.Add(account);
        }
        internal void AddDirect(TrustEdge edge) => (_direct ??= new List<TrustEdge>(1)).Add(edge);

        /// <summary>Trust statements that can decide sts:AssumeRole (their principal matches tell callers apart).</summary>
        public Statement[] TrustStatements { get; set; } = new Statement[0];
        public StatementTraits Traits { get; } = new StatementTraits();

        /// <summary>The trust statement at this position of <see cref="TrustStatements"/> as evidence: one reference for every edge into the role.</summary>
        public StatementRef TrustRef(int position)
        {
            var refs = _trustRefs ??= new StatementRef?[TrustStatements.Length];
            return refs[position] ??= new StatementRef(PolicyLayer.ResourcePolicy, Trust!, TrustStatements[position], null);
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
        internal TrustNode? Node { get; set; }
    }
}
