using System;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>A user or role of the data as a caller of sts:AssumeRole.</summary>
    internal sealed class GraphPrincipal
    {
        public GraphPrincipal(IamPrincipalData data, string accountId, PrincipalIdentity identity)
        {
            Data = data; AccountId = accountId; Identity = identity;
            Kind = data is IamUser ? TrustNodeKind.User : TrustNodeKind.Role;
        }

        /// <summary>
        /// How the principal-naming conditions of <paramref name="traits"/> come out for this principal: their keys
        /// (aws:PrincipalArn, aws:username, aws:userid, those the conditions read) set as the path checks set them
        /// (<see cref="ContextKeys.AddPrincipalKeys"/>), and no others: such conditions use no policy variables (a statement
        /// with variables is never shared). The keys are not kept: keeping a context for each of 100,000 principals made
        /// every collection copy and mark them. They are set in a context kept per thread, as an index asks this for every
        /// principal and a search for many pairs.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public ulong ConditionBits(StatementTraits traits)
        {
            if (traits.PrincipalConditions.Count == 0) return 0;
            var keys = _keys ??= new RequestContext(4);
            keys.Clear();
            ContextKeys.AddPrincipalKeys(keys, Identity, null, new NamingKeys(traits));
            return traits.PrincipalBits(keys);
        }

        [ThreadStatic] private static RequestContext? _keys;

        private readonly struct NamingKeys : ContextKeys.IKeyFilter
        {
            private readonly StatementTraits _traits;

            public NamingKeys(StatementTraits traits) { _traits = traits; }

            public bool Wants(string key) => StatementTraits.NamesPrincipal(key) && _traits.Reads(key);
        }

        /// <summary>How the principal-naming conditions of its own profile come out for it.</summary>
        public ulong ProfileBits { get; set; }

        public IamPrincipalData Data { get; }
        public string Arn => Data.Arn;
        public string AccountId { get; }
        public TrustNodeKind Kind { get; }
        /// <summary>The caller as AWS sees it: a user, or a session of the role (as the path checks name it).</summary>
        public PrincipalIdentity Identity { get; }
        public AccountProfile Account { get; set; } = null!;
        /// <summary>Its own identity statements that can decide sts:AssumeRole, with their documents: the evidence of its edges (shared by principals that hold the same).</summary>
        public OwnStatements Own { get; set; } = OwnStatements.None;
        public CallerProfile Profile { get; set; } = null!;
        /// <summary>
        /// The principal's node, made by the first query that reaches it. Kept here and not in the graph's table of nodes
        /// (only nodes outside the data are looked up by name): a search reaches tens of thousands.
        /// </summary>
        internal TrustNode Node => _node ?? System.Threading.Interlocked.CompareExchange(ref _node, new TrustNode(Arn, Kind, AccountId) { Rank = Rank }, null) ?? _node!;
        /// <summary>Its place among the principals of the data in ordinal ARN order (set by the graph).</summary>
        internal int Rank { get; set; } = -1;
        private TrustNode? _node;

        /// <summary>Its own statement at this position of <see cref="Own"/> as evidence: one reference for every edge that cites it.</summary>
        [MethodImpl(HotPath.Options)]
        public StatementRef IdentityRef(int position) => Own.Ref(position);
        internal CallerProfile.Draft? Draft { get; set; }
        /// <summary>While indexing: decisions for this principal are never shared (see <see cref="CallerProfile.Individual"/>).</summary>
        internal bool Individual { get; set; }
    }
}
