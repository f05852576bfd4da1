using System;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Every edge of a snapshot was asked for and there are more than the caller can hold. A role that trusts an account
    /// or "*" is open to every principal whose identity policies allow it, so an organization of hundreds of accounts
    /// has tens of millions of edges: more than memory holds, and far more than any drawing can show.
    /// </summary>
    public sealed class TrustGraphTooLargeException : Exception
    {
        public TrustGraphTooLargeException(int limit)
            : base($"The snapshot has more than {limit:N0} assume edges, too many to draw. Draw the paths of a question instead " +
                   "(Find-AssumeRolePath -To <role> or -From <principal> | Export-RoleTrustGraph), or a snapshot of fewer accounts.")
        {
            Limit = limit;
        }

        public int Limit { get; }
    }
}
