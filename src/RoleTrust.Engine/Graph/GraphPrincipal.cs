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
            Keys = new RequestContext(8);
            ContextKeys.AddPrincipalKeys(Keys, identity, null);
        }

        /// <summary>The condition keys that name this principal (aws:PrincipalArn, aws:username, aws:userid), as the path checks set them.</summary>
        public RequestContext Keys { get; }
        /// <summary>How the principal-naming conditions of its own profile come out for it.</summary>
        public ulong ProfileBits { get; set; }

        public IamPrincipalData Data { get; }
        public string Arn => Data.Arn;
        public string AccountId { get; }
        public TrustNodeKind Kind { get; }
        /// <summary>The caller as AWS sees it: a user, or a session of the role (as the path checks name it).</summary>
        public PrincipalIdentity Identity { get; }
        public AccountProfile Account { get; set; } = null!;
        /// <summary>Its own identity statements that can decide sts:AssumeRole, with their documents: the evidence of its edges.</summary>
        public (Engine.Policies.PolicyDocument Doc, Engine.Policies.Statement Statement)[] Own { get; set; } = new (Engine.Policies.PolicyDocument, Engine.Policies.Statement)[0];
        public CallerProfile Profile { get; set; } = null!;
        internal CallerProfile.Draft? Draft { get; set; }
    }
}
