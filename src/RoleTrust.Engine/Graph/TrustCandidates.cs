using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Whom a trust policy could admit: principals it names directly for sts:AssumeRole, whole accounts, everyone, and the
    /// services and identity providers it admits; and its statements that can decide sts:AssumeRole. All of it follows
    /// from the policy's text, so every role holding the text shares one (100,000 roles hold some 24,000 texts, and the
    /// index keeps this as long as it lives).
    /// </summary>
    internal sealed class TrustCandidates
    {
        /// <summary>For a role whose trust policy is missing or does not parse.</summary>
        public static readonly TrustCandidates None = new TrustCandidates(new Statement[0]);

        public TrustCandidates(Statement[] deciding) { Deciding = deciding; }

        /// <summary>Trust statements that can decide sts:AssumeRole, in the policy's order.</summary>
        public Statement[] Deciding { get; }

        // Most trusts name one or two kinds of caller: the lists are made when something is added (reads of an empty one
        // get a shared empty list that is never added to).
        /// <summary>Principal ARNs the trust names directly for sts:AssumeRole, with their kind and account.</summary>
        public List<(string Arn, TrustNodeKind Kind, string Account)> Named => _named ?? NoNamed;
        /// <summary>Accounts of the data the trust names as a whole.</summary>
        public List<string> TrustedAccounts => _trustedAccounts ?? NoAccounts;
        /// <summary>Accounts outside the data the trust names as a whole.</summary>
        public List<string> ExternalAccounts => _externalAccounts ?? NoAccounts;
        /// <summary>The trust admits "*" (or uses NotPrincipal).</summary>
        public bool Wildcard { get; set; }
        /// <summary>Services and identity providers the trust admits.</summary>
        public DirectSource[] Direct => _direct ?? NoDirect;

        /// <summary>A service or identity provider the trust admits, with the action and the statement that admit it.</summary>
        internal readonly struct DirectSource
        {
            public DirectSource(TrustNode source, string action, Statement statement) { Source = source; Action = action; Statement = statement; }
            public readonly TrustNode Source;
            public readonly string Action;
            public readonly Statement Statement;
        }

        private List<(string, TrustNodeKind, string)>? _named;
        private List<string>? _trustedAccounts, _externalAccounts;
        private DirectSource[]? _direct;
        private static readonly List<(string, TrustNodeKind, string)> NoNamed = new List<(string, TrustNodeKind, string)>(0);
        private static readonly List<string> NoAccounts = new List<string>(0);
        private static readonly DirectSource[] NoDirect = new DirectSource[0];

        [MethodImpl(HotPath.Options)]
        internal void AddNamed((string Arn, TrustNodeKind Kind, string Account) named) => (_named ??= new List<(string, TrustNodeKind, string)>(1)).Add(named);

        [MethodImpl(HotPath.Options)]
        internal void AddTrustedAccount(string account, bool inData)
        {
            var list = inData ? _trustedAccounts ??= new List<string>(1) : _externalAccounts ??= new List<string>(1);
            if (!list.Contains(account)) list.Add(account);
        }

        [MethodImpl(HotPath.Options)]
        internal void AddDirect(DirectSource source)
        {
            var list = _direct ?? NoDirect;
            System.Array.Resize(ref list, list.Length + 1);
            list[list.Length - 1] = source;
            _direct = list;
        }
    }
}
