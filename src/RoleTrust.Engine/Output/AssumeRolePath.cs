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
        /// <summary>A path of these hops, in order (an array under the list, without LINQ: a search returns tens of thousands of paths).</summary>
        [MethodImpl(HotPath.Options)]
        internal AssumeRolePath(AssumeRoleHop[] hops)
        {
            _hops = hops;
            Source = hops[0].Source; SourceKind = hops[0].SourceKind; Role = hops[hops.Length - 1].Role;
        }

        private readonly AssumeRoleHop[] _hops;
        private ReadableList<AssumeRoleHop>? _hopList;

        /// <summary>The first principal (ARN, service, provider, or "*").</summary>
        public string Source { get; }
        public string SourceKind { get; }
        /// <summary>The last role (ARN).</summary>
        public string Role { get; }
        public int Depth => _hops.Length;
        /// <summary>The hops in order (the list over them is made when first asked: a search returns tens of thousands of paths).</summary>
        public ReadableList<AssumeRoleHop> Hops =>
            _hopList ?? System.Threading.Interlocked.CompareExchange(ref _hopList, new ReadableList<AssumeRoleHop>(_hops), null) ?? _hopList!;
        /// <summary>True when some hop holds only for some request contexts (its conditions say which).</summary>
        public bool Conditional
        {
            get
            {
                foreach (var hop in _hops) if (hop.Conditional) return true;   // an array: no enumerator object
                return false;
            }
        }

        public override string ToString() => string.Join(" -> ", new[] { Source }.Concat(Hops.Select(h => h.Role)));
    }
}
