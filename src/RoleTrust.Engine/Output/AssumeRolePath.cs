using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Graph;

namespace RoleTrust
{
    /// <summary>One hop of an assume path: Source assumes Role, allowed by these statements, under these conditions.</summary>
    public sealed class AssumeRoleHop
    {
        [MethodImpl(HotPath.Options)]
        internal AssumeRoleHop(TrustEdge edge)
        {
            Source = edge.Source.Id; SourceKind = OutputNames.Of(edge.Source.Kind); Role = edge.Role.Id; Action = edge.Action;
            TrustStatement = edge.TrustStatement == null ? "" : edge.TrustStatement.Described;
            IdentityStatement = edge.IdentityStatement == null ? "" : edge.IdentityStatement.Described;
            Conditions = edge.Conditional ? new ReadableList<string>(edge.ConditionTexts) : ReadableList<string>.Empty;
        }

        public string Source { get; }
        /// <summary>User, Role, ExternalAccount, ExternalPrincipal, Service, Federated or Anyone.</summary>
        public string SourceKind { get; }
        public string Role { get; }
        public string Action { get; }
        /// <summary>The trust statement that admits the source (policy[index] (Sid): JSON).</summary>
        public string TrustStatement { get; }
        /// <summary>The identity-based statement that allows the call; empty when none is needed or the source is outside the data.</summary>
        public string IdentityStatement { get; }
        /// <summary>
        /// What the request must meet for this hop (MFA, an external ID, a network ...), and, after "not", the conditions of
        /// a Deny it must not meet (a region, a network ...); empty when the hop holds for any request.
        /// </summary>
        public ReadableList<string> Conditions { get; }
        public bool Conditional => Conditions.Count > 0;

        public override string ToString() => $"{Source} -> {Role}{(Conditional ? " [" + Conditions + "]" : "")}";
    }

    /// <summary>A way from a principal to a role, directly or through a chain of roles (Find-AssumeRolePath).</summary>
    public sealed class AssumeRolePath
    {
        [MethodImpl(HotPath.Options)]
        internal AssumeRolePath(IReadOnlyList<TrustEdge> edges)
        {
            // An array under the list, without LINQ: a search returns tens of thousands of paths.
            var hops = new AssumeRoleHop[edges.Count];
            for (int i = 0; i < hops.Length; i++) hops[i] = new AssumeRoleHop(edges[i]);
            Hops = new ReadableList<AssumeRoleHop>(hops);
            Source = hops[0].Source; SourceKind = hops[0].SourceKind; Role = hops[hops.Length - 1].Role;
        }

        /// <summary>The first principal (ARN, service, provider, or "*").</summary>
        public string Source { get; }
        public string SourceKind { get; }
        /// <summary>The last role (ARN).</summary>
        public string Role { get; }
        public int Depth => Hops.Count;
        public ReadableList<AssumeRoleHop> Hops { get; }
        /// <summary>True when some hop holds only for some request contexts (its conditions say which).</summary>
        public bool Conditional
        {
            get
            {
                for (int i = 0; i < Hops.Count; i++) if (Hops[i].Conditional) return true;   // no enumerator: asked of every path
                return false;
            }
        }

        public override string ToString() => string.Join(" -> ", new[] { Source }.Concat(Hops.Select(h => h.Role)));
    }
}
