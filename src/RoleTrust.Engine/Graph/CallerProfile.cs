using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// A principal of the data as the path checks see it when it calls sts:AssumeRole, with everything that only names
    /// it (ARN, ID) left out: its kind, its account's organization profile, the statements of its identity policies,
    /// boundary and SCPs that can decide sts:AssumeRole, and the tags some policy reads. Principals with equal profiles
    /// get equal decisions for the same role when their principal-naming conditions come out the same (see
    /// <see cref="EdgeDecider"/>), so the path checks run once for all of them. A principal whose data has gaps, or whose
    /// statements use policy variables, gets a profile of its own.
    /// </summary>
    internal sealed class CallerProfile
    {
        private static readonly RequestContext NoContext = new RequestContext();

        internal CallerProfile(int id, bool individual, Statement[] statements, StatementTraits traits, List<Statement> identityAllows, bool incomplete,
            Statement[]? boundary)
        {
            Id = id; Individual = individual; Statements = statements; Traits = traits; _identityAllows = identityAllows; _incomplete = incomplete;
            Boundary = boundary;
            _everyRole = incomplete || identityAllows.Exists(CoversEveryRole);
        }

        /// <summary>True when <see cref="CouldAllow"/> holds for every role ARN: searches ask it for tens of thousands of roles.</summary>
        public bool CouldAllowEveryRole => _everyRole;
        private readonly bool _everyRole;

        private static bool CoversEveryRole(Statement s)
        {
            if (s.Resource == null) return true;
            foreach (var pattern in s.Resource.Patterns)
                if (PolicyVariables.ContainsVariable(pattern) || (!s.IsNotResource && pattern == "*")) return true;
            return false;
        }

        /// <summary>Some policy of the principal could not be read: only the path checks can say what that means.</summary>
        public bool Incomplete => _incomplete;
        /// <summary>The boundary's statements that can decide sts:AssumeRole; null when the principal has no boundary.</summary>
        public Statement[]? Boundary { get; }

        private readonly List<Statement> _identityAllows;
        private readonly bool _incomplete;

        public int Id { get; }
        /// <summary>Decisions for this principal are never shared with another.</summary>
        public bool Individual { get; }
        /// <summary>Identity, boundary and SCP statements that can decide sts:AssumeRole, in a fixed order.</summary>
        public Statement[] Statements { get; }
        public StatementTraits Traits { get; }

        /// <summary>Whether some identity-based Allow could cover sts:AssumeRole on the role (always, when some policy could not be read).</summary>
        [MethodImpl(HotPath.Options)]
        public bool CouldAllow(string roleArn)
        {
            if (_everyRole) return true;
            foreach (var s in _identityAllows)
            {
                if (s.Resource == null) return true;
                foreach (var pattern in s.Resource.Patterns) if (PolicyVariables.ContainsVariable(pattern)) return true;
                if (s.MatchesResource(roleArn, NoContext)) return true;
            }
            return false;
        }

        /// <summary>
        /// The role ARN patterns its identity allows name, or null when some allow could cover any role (no Resource,
        /// "*", NotResource, a policy variable, or a policy that could not be read): the reverse lookup of
        /// <see cref="TrustGraph"/> finds the principals that could call a role from these.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public IReadOnlyList<string>? AllowPatterns()
        {
            if (_incomplete) return null;
            var patterns = new List<string>();
            foreach (var s in _identityAllows)
            {
                if (s.Resource == null || s.IsNotResource) return null;
                foreach (var pattern in s.Resource.Patterns)
                {
                    if (pattern == "*" || PolicyVariables.ContainsVariable(pattern)) return null;
                    patterns.Add(pattern);
                }
            }
            return patterns;
        }

        /// <summary>Which of <see cref="Statements"/> cover the role ARN, as bits (profiles that share decisions have no policy variables).</summary>
        [MethodImpl(HotPath.Options)]
        public ulong ResourceBits(string roleArn)
        {
            ulong bits = 0;
            for (int i = 0; i < Statements.Length; i++)
                if (Statements[i].MatchesResource(roleArn, NoContext)) bits |= 1UL << i;
            return bits;
        }

        /// <summary>
        /// The statements and traits of a principal, gathered before profiles are keyed (the key needs the tag keys every
        /// policy of the data reads). Principals whose statements have the same meanings, in the same order, with the same
        /// kind, account profile and gaps, share one draft: most principals of an organization are stamped out alike, so
        /// only their own statements (<see cref="For"/>'s evidence list) are kept per principal.
        /// </summary>
        internal sealed class Draft
        {
            public readonly List<Statement> Statements = new List<Statement>();
            public readonly List<Statement> IdentityAllows = new List<Statement>();
            public readonly List<Statement> Boundary = new List<Statement>();
            public bool HasBoundary;
            public readonly StatementTraits Traits = new StatementTraits();
            public bool Incomplete;
            public bool Individual;
            /// <summary>A number per shared draft, for the profile's key.</summary>
            public int Id;
            /// <summary>Conditions on principal-naming keys, counted per statement: when more than fit in bits, each principal counts its own.</summary>
            private int _principalConditionUses;
            private Statement[]? _statements, _boundary;
            public Statement[] StatementArray => _statements ??= Statements.ToArray();
            public Statement[]? BoundaryArray => HasBoundary ? _boundary ??= Boundary.ToArray() : null;

            /// <summary>What one principal's policies hold, gathered on a thread's reusable lists.</summary>
            private sealed class Gathering
            {
                public readonly List<(PolicyDocument Doc, Statement Statement, bool Identity)> Found = new List<(PolicyDocument, Statement, bool)>();
                public readonly List<int> Codes = new List<int>();
                public bool Incomplete, HasBoundary;
            }

            [System.ThreadStatic] private static Gathering? _gathering;

            /// <summary>
            /// The thread's array of exactly this many items, for <see cref="For"/>'s evidence list: most principals hold a
            /// list another already holds, so it is looked up as it is and copied only when new (an array per principal was
            /// garbage among the objects the index keeps). Its contents are the caller's until the next call.
            /// </summary>
            private static (PolicyDocument Doc, Statement Statement)[] OwnBuffer(int length)
            {
                var buffers = _ownBuffers;
                if (buffers == null || buffers.Length <= length) _ownBuffers = buffers = Grown(buffers, length + 1);
                return buffers[length] ??= new (PolicyDocument, Statement)[length];
            }

            private static (PolicyDocument, Statement)[]?[] Grown((PolicyDocument, Statement)[]?[]? buffers, int length)
            {
                var grown = new (PolicyDocument, Statement)[]?[System.Math.Max(length, 16)];
                if (buffers != null) System.Array.Copy(buffers, grown, buffers.Length);
                return grown;
            }

            [System.ThreadStatic] private static (PolicyDocument, Statement)[]?[]? _ownBuffers;

            /// <summary>
            /// The principal's shared draft; <paramref name="own"/> its own identity statements with their documents (for
            /// evidence), on an array of the thread's: to be copied before it is kept.
            /// </summary>
            [MethodImpl(HotPath.Options)]
            public static Draft For(IamPrincipalData principal, string accountId, AccountProfile account, int header0, int header1, IAccountDataSource data,
                PolicyIntern intern, ConcurrentDictionary<Key, Draft> shared, ref int nextId, out (PolicyDocument Doc, Statement Statement)[] own, out bool individual)
            {
                var g = _gathering ??= new Gathering();
                g.Found.Clear(); g.Codes.Clear(); g.Incomplete = principal.Problems.Count > 0; g.HasBoundary = false;
                foreach (var p in principal.InlinePolicies) Add(g, intern, p.Document.Text, p.Name, null, identity: true);
                foreach (var p in principal.AttachedPolicies) AddManaged(g, intern, data, p.Arn, accountId, identity: true);
                if (principal is IamUser user)
                    foreach (var groupName in user.Groups)
                    {
                        var grp = data.GetGroup(accountId, groupName).Value;
                        if (grp == null || grp.Problems.Count > 0) { g.Incomplete = true; if (grp == null) continue; }
                        foreach (var p in grp.InlinePolicies) Add(g, intern, p.Document.Text, $"{groupName}/{p.Name}", null, identity: true);
                        foreach (var p in grp.AttachedPolicies) AddManaged(g, intern, data, p.Arn, accountId, identity: true);
                    }
                if (principal.PermissionsBoundaryArn != null)
                {
                    g.Codes.Add(0); // meanings are numbered from 1: 0 marks where the boundary's statements start
                    g.HasBoundary = true;
                    AddManaged(g, intern, data, principal.PermissionsBoundaryArn, accountId, identity: false);
                }
                int ownCount = 0;
                foreach (var f in g.Found) if (f.Identity) ownCount++;
                own = OwnBuffer(ownCount);
                ownCount = 0;
                foreach (var f in g.Found) if (f.Identity) own[ownCount++] = (f.Doc, f.Statement);

                // The key is looked up on a buffer of the thread's; only a new key is copied out to be kept.
                int length = g.Codes.Count + 4;
                var codes = Key.Buffer(length);
                codes[0] = header0; codes[1] = header1; codes[2] = account.KeyId; codes[3] = g.Incomplete ? 1 : 0;
                g.Codes.CopyTo(codes, 4);
                var probe = new Key(codes, length);
                if (!shared.TryGetValue(probe, out var d))
                {
                    var fresh = Build(g, account);
                    d = shared.GetOrAdd(probe.Kept(), fresh);
                    if (ReferenceEquals(d, fresh)) d.Id = System.Threading.Interlocked.Increment(ref nextId);
                }
                individual = d.Individual;
                // Principal-naming conditions are told apart by object: only when the statements hold more than fit in
                // bits can two principals with the same meanings count them differently, and each then counts its own.
                if (!individual && d._principalConditionUses > 64) individual = Build(g, account).Individual;
                return d;
            }

            [MethodImpl(HotPath.Options)]
            private static Draft Build(Gathering g, AccountProfile account)
            {
                var d = new Draft { Incomplete = g.Incomplete, HasBoundary = g.HasBoundary };
                foreach (var (doc, s, identity) in g.Found)
                {
                    d.Statements.Add(s);
                    d.Traits.Add(doc, s);
                    foreach (var c in s.Conditions) if (StatementTraits.NamesPrincipal(c.Key)) d._principalConditionUses++;
                    if (!identity) { d.Boundary.Add(s); continue; }
                    if (s.Effect == Effect.Allow) d.IdentityAllows.Add(s);
                }
                foreach (var s in account.ScpStatements) d.Statements.Add(s);
                d.Traits.Add(account.ScpTraits);
                d._principalConditionUses += account.ScpTraits.PrincipalConditions.Count;
                d.Individual = d.Incomplete || d.Traits.Unshareable || d.Statements.Count > 64;
                return d;
            }

            [MethodImpl(HotPath.Options)]
            private static void AddManaged(Gathering g, PolicyIntern intern, IAccountDataSource data, string arn, string accountId, bool identity)
            {
                var p = data.GetManagedPolicy(arn, accountId).Value;
                if (p == null || p.Problem != null || p.DefaultVersion == null) { g.Incomplete = true; return; }
                // The path checks name a boundary by its ARN and an attached policy by its name.
                Add(g, intern, p.DefaultVersion.Text, identity ? p.Name : arn, p.Arn, identity);
            }

            [MethodImpl(HotPath.Options)]
            private static void Add(Gathering g, PolicyIntern intern, string text, string name, string? arn, bool identity)
            {
                PolicyDocument doc;
                try { doc = intern.Get(text, name, identity ? PolicyType.Identity : PolicyType.PermissionsBoundary, arn); }
                catch (PolicyFormatException) { g.Incomplete = true; return; }
                // Only statements that can decide sts:AssumeRole reach a decision (the rest are listed in the checks' evidence
                // only), and they do by their meaning: the profile names them by text, not by the policy that holds them.
                var statements = doc.Statements;
                for (int i = 0; i < statements.Count; i++) // indexed: an interface's enumerator per principal and policy
                {
                    var s = statements[i];
                    if (!StatementTraits.Decides(s)) continue;
                    g.Codes.Add(intern.MeaningOf(doc, s, identity ? 'I' : 'B'));
                    g.Found.Add((doc, s, identity));
                }
            }

            /// <summary>
            /// A draft's key: the principal's kind, account profile, gaps and statement meanings, hashed once. Made for every
            /// principal and role of the index, and most are already known: a key is first made on the thread's buffer
            /// (<see cref="Buffer"/>) to look it up, and only a new one is copied out (<see cref="Kept"/>). An array per
            /// entity was garbage among the objects the index keeps, which made its collections slower.
            /// </summary>
            internal readonly struct Key : System.IEquatable<Key>
            {
                private readonly int[] _codes;
                private readonly int _length;
                private readonly int _hash;

                /// <param name="length">How many of <paramref name="codes"/> make the key.</param>
                [MethodImpl(HotPath.Options)]
                public Key(int[] codes, int length)
                {
                    _codes = codes; _length = length;
                    unchecked
                    {
                        int h = length;
                        for (int i = 0; i < length; i++) h = h * 31 + codes[i];
                        _hash = h;
                    }
                }

                /// <summary>The thread's buffer for a key of this many codes (its contents are the caller's until the next call).</summary>
                [MethodImpl(HotPath.Options)]
                public static int[] Buffer(int length)
                {
                    var buffer = _buffer;
                    if (buffer == null || buffer.Length < length) _buffer = buffer = new int[System.Math.Max(length, 32)];
                    return buffer;
                }

                [System.ThreadStatic] private static int[]? _buffer;

                /// <summary>The key on an array of its own, to be kept (a key made on <see cref="Buffer"/> must not be).</summary>
                [MethodImpl(HotPath.Options)]
                public Key Kept()
                {
                    var codes = new int[_length];
                    System.Array.Copy(_codes, codes, _length);
                    return new Key(codes, _length);
                }

                [MethodImpl(HotPath.Options)]
                public bool Equals(Key o)
                {
                    if (_hash != o._hash || _length != o._length) return false;
                    for (int i = 0; i < _length; i++) if (_codes[i] != o._codes[i]) return false;
                    return true;
                }

                public override bool Equals(object? obj) => obj is Key k && Equals(k);
                public override int GetHashCode() => _hash;
            }
        }
    }
}
