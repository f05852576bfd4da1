using System.Runtime.CompilerServices;
using RoleTrust.Engine;
namespace RoleTrust.Graph
{
    /// <summary>What a node of the trust graph stands for.</summary>
    public enum TrustNodeKind
    {
        /// <summary>An IAM user in the data.</summary>
        User,
        /// <summary>An IAM role in the data (as a source it acts through a session of itself).</summary>
        Role,
        /// <summary>A whole account the data does not hold: whoever its own policies let through.</summary>
        ExternalAccount,
        /// <summary>A user, role or session ARN in an account the data does not hold.</summary>
        ExternalPrincipal,
        /// <summary>An AWS service principal (ec2.amazonaws.com ...).</summary>
        Service,
        /// <summary>An OIDC or SAML identity provider (AssumeRoleWithWebIdentity / AssumeRoleWithSAML).</summary>
        Federated,
        /// <summary>Everyone: a trust of "*" reaches principals in any account.</summary>
        Anyone,
    }

    /// <summary>A principal or role of the trust graph.</summary>
    public sealed class TrustNode
    {
        internal TrustNode(string id, TrustNodeKind kind, string? accountId)
        {
            Id = id; Kind = kind; AccountId = accountId;
        }

        /// <summary>The ARN, service name, provider ARN or "*".</summary>
        public string Id { get; }
        public TrustNodeKind Kind { get; }
        public string? AccountId { get; }
        /// <summary>True for users and roles the data holds.</summary>
        public bool InData => Kind == TrustNodeKind.User || Kind == TrustNodeKind.Role;

        /// <summary>
        /// The node's place among the principals of the data in ordinal ARN order (a caller's node), or among its roles (a
        /// role's node); -1 for nodes outside the data. Searches keep their state by it, and sort by it.
        /// </summary>
        internal int Rank { get; set; } = -1;

        /// <summary>Ordinal order of IDs, by rank when both nodes have one in the same list (ranks follow the same order).</summary>
        [MethodImpl(HotPath.Options)]
        internal static int CompareIds(TrustNode a, TrustNode b) =>
            a.Rank >= 0 && b.Rank >= 0 ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Id, b.Id);

        public override string ToString() => Id;
    }
}
