using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Decides source-role pairs with the path checks themselves (<see cref="PathDiagnosis"/>), read by
    /// <see cref="EdgeClassifier"/>, and remembers every verdict. Pairs whose inputs to the path checks are equal share
    /// one verdict: the same caller profile (<see cref="CallerProfile"/>), the same role class (trust document, account
    /// profile, tags read), the same account relation, the same statements covering the role ARN and the same trust
    /// principal matches, and the same outcomes of every condition on aws:PrincipalArn, aws:username or aws:userid. Nothing
    /// else about a pair reaches the checks; pairs whose statements use policy variables are decided alone.
    /// </summary>
    internal sealed class EdgeDecider
    {
        private readonly ExternalPrincipalSource _data;
        private readonly DateTimeOffset _now;
        private readonly ThreadLocal<PolicyCache> _caches = new ThreadLocal<PolicyCache>(() => new PolicyCache());
        // Searches add tens of thousands of keys from both threads: more locks than threads, and a start size that spares
        // most of the table's growth (each growth takes every lock and moves every entry).
        private readonly ConcurrentDictionary<PairKey, EdgeVerdict> _shared =
            new ConcurrentDictionary<PairKey, EdgeVerdict>(Environment.ProcessorCount * 8, 1 << 16);
        // Keys being decided: a thread that meets one meanwhile waits for the first.
        private readonly ConcurrentDictionary<PairKey, Lazy<EdgeVerdict>> _deciding = new ConcurrentDictionary<PairKey, Lazy<EdgeVerdict>>();
        private readonly ConcurrentDictionary<(string Source, string Role), EdgeVerdict> _pairs = new ConcurrentDictionary<(string, string), EdgeVerdict>();
        private int _decided, _diagnosed;

        public EdgeDecider(ExternalPrincipalSource data, DateTimeOffset now) { _data = data; _now = now; }

        /// <summary>Source-role pairs asked about (each query counts its pairs again).</summary>
        public int Decided => _decided;
        /// <summary>Runs of the path checks: pairs with new inputs.</summary>
        public int Diagnosed => _diagnosed;

        /// <param name="marks">The expansion of the role that asks, when it asks for many callers: the statements of a caller profile covering the role are matched once.</param>
        [MethodImpl(HotPath.Options)]
        public EdgeVerdict Decide(GraphPrincipal p, GraphRole r, ExpansionMarks? marks = null)
        {
            Interlocked.Increment(ref _decided);
            if (TryKey(p, r, marks, out var key)) return _shared.TryGetValue(key, out var known) ? known : DecideShared(p, r, key);
            return _pairs.TryGetValue((p.Arn, r.Arn), out var alone) ? alone : DecideAlone(p, r);
        }

        /// <summary>
        /// The first verdict of a key. Most keys are decided from their statements (<see cref="FastPath"/>), which costs less
        /// than waiting for another thread would: a thread that meets such a key meanwhile decides it too, and both get the
        /// verdict stored first. No pending entry is made for them (a "*" search meets some 100,000 new keys, and the entry,
        /// its lazy value and their closures were garbage as soon as the verdict was stored).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private EdgeVerdict DecideShared(GraphPrincipal p, GraphRole r, PairKey key)
        {
            var fast = FastPath.TryDecide(p, r, _now);
            // A key whose path checks another pair is running (its statements alone did not decide it for that pair) gets
            // their verdict, as it would have had it met the key first.
            if (fast == null || _deciding.ContainsKey(key)) return DecideChecked(p, r, key);
            // Counted once per key, as when one thread decided it (verdicts such as Closed are shared objects: the count
            // goes by which thread stored the key, not by which verdict came back).
            if (_shared.TryAdd(key, fast)) { Interlocked.Increment(ref _fast); return fast; }
            return _shared[key];
        }

        /// <summary>
        /// The first verdict of a key the statements alone do not decide. Pairs of one key are often decided at once on both
        /// threads: the first runs the path checks, the other waits for it. The verdict is then kept in a table of verdicts,
        /// and the pending entry dropped: a search remembers tens of thousands of verdicts, and each collection copies what
        /// the table holds.
        /// </summary>
        private EdgeVerdict DecideChecked(GraphPrincipal p, GraphRole r, PairKey key)
        {
            // A thread that finds the key pending after the verdict was stored (and its entry dropped) reads the stored one.
            var entry = _deciding.GetOrAdd(key, _ => new Lazy<EdgeVerdict>(() => _shared.TryGetValue(key, out var done) ? done : Fast(p, r) ?? Diagnose(p.Arn, p.Kind, p.AccountId, r, p)));
            EdgeVerdict v;
            try { v = entry.Value; }
            catch { _deciding.TryRemove(key, out _); throw; } // a failure is not remembered as the verdict
            v = _shared.GetOrAdd(key, v);
            _deciding.TryRemove(key, out _);
            return v;
        }

        [MethodImpl(HotPath.Options)]
        private EdgeVerdict DecideAlone(GraphPrincipal p, GraphRole r) => _pairs.GetOrAdd((p.Arn, r.Arn), _ => Fast(p, r) ?? Diagnose(p.Arn, p.Kind, p.AccountId, r, p));

        /// <summary>Verdicts remembered (shared keys, pairs decided alone, sources outside the data).</summary>
        public long Remembered => (long)_shared.Count + _pairs.Count + _sharedOther.Count;

        /// <summary>
        /// Drops every remembered verdict (later pairs are decided again). For a walk over every role of an organization,
        /// whose distinct keys run to tens of millions: safe while other threads decide, which may then decide a key twice.
        /// </summary>
        public void Forget()
        {
            _shared.Clear();
            _pairs.Clear();
            _sharedOther.Clear();
        }

        /// <summary>Pairs decided from the statements alone (<see cref="FastPath"/>), without running the path checks.</summary>
        public int FastDecided => _fast;
        private int _fast;

        [MethodImpl(HotPath.Options)]
        private EdgeVerdict? Fast(GraphPrincipal p, GraphRole r)
        {
            var v = FastPath.TryDecide(p, r, _now);
            if (v != null) Interlocked.Increment(ref _fast);
            return v;
        }

        /// <summary>A source that is not a user or role of the data: a named principal the data lacks, another account, anyone.</summary>
        [MethodImpl(HotPath.Options)]
        public EdgeVerdict DecideOther(string sourceId, TrustNodeKind kind, string? account, GraphRole r)
        {
            Interlocked.Increment(ref _decided);
            if (_pairs.TryGetValue((sourceId, r.Arn), out var known)) return known;
            if (r.ClassId < 0 || r.Arn == sourceId) return _pairs.GetOrAdd((sourceId, r.Arn), _ => Diagnose(sourceId, kind, account, r, null));
            // The same source asking roles of one class (a "*" trust stamped on a thousand roles) gets one verdict: the
            // path checks read of the role only what the class holds, the RCP statements covering its ARN and, when some
            // statement reads it, its account. Evidence is named per role (the trust statement by its position).
            var key = new OtherKey(sourceId, r.ClassId, r.RcpBits, r.Traits.ReadsResourceAccount ? r.AccountId : null, account == r.AccountId);
            if (!_sharedOther.TryGetValue(key, out var shared))
                shared = _sharedOther.GetOrAdd(key, (Diagnose(sourceId, kind, account, r, null), r));
            if (ReferenceEquals(shared.Role, r)) return shared.Verdict;
            var v = shared.Verdict;
            if (v.Trust != null && v.TrustPosition < 0) return _pairs.GetOrAdd((sourceId, r.Arn), _ => Diagnose(sourceId, kind, account, r, null));
            return v;
        }

        private readonly ConcurrentDictionary<OtherKey, (EdgeVerdict Verdict, GraphRole Role)> _sharedOther = new ConcurrentDictionary<OtherKey, (EdgeVerdict, GraphRole)>();

        /// <summary>What the path checks read of a pair whose source is not a principal of the data, when the role has a class.</summary>
        private readonly struct OtherKey : IEquatable<OtherKey>
        {
            private readonly string _source;
            private readonly int _roleClass;
            private readonly ulong _rcpBits;
            private readonly string? _resourceAccount;
            private readonly bool _sameAccount;

            public OtherKey(string source, int roleClass, ulong rcpBits, string? resourceAccount, bool sameAccount)
            {
                _source = source; _roleClass = roleClass; _rcpBits = rcpBits; _resourceAccount = resourceAccount; _sameAccount = sameAccount;
            }

            public bool Equals(OtherKey o) => _roleClass == o._roleClass && _rcpBits == o._rcpBits && _sameAccount == o._sameAccount
                && _source == o._source && _resourceAccount == o._resourceAccount;

            public override bool Equals(object? obj) => obj is OtherKey k && Equals(k);

            public override int GetHashCode()
            {
                unchecked
                {
                    int h = _source.GetHashCode() * 397 ^ _roleClass;
                    h = h * 31 + _rcpBits.GetHashCode();
                    h = h * 31 + (_sameAccount ? 1 : 0);
                    return h * 31 + (_resourceAccount?.GetHashCode() ?? 0);
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private static bool TryKey(GraphPrincipal p, GraphRole r, ExpansionMarks? marks, out PairKey key)
        {
            key = default;
            var profile = p.Profile;
            if (profile.Individual || r.ClassId < 0 || p.Arn == r.Arn) return false;
            ulong match = 0;
            for (int i = 0; i < r.TrustStatements.Length; i++) match |= (ulong)(int)r.TrustStatements[i].MatchPrincipal(p.Identity) << (4 * i);
            bool principalAccount = profile.Traits.ReadsPrincipalAccount || r.Traits.ReadsPrincipalAccount;
            bool resourceAccount = profile.Traits.ReadsResourceAccount || r.Traits.ReadsResourceAccount;
            key = new PairKey(profile.Id, r.ClassId, p.AccountId == r.AccountId, marks != null ? marks.ResourceBits(profile, r.Arn) : profile.ResourceBits(r.Arn), r.RcpBits, match,
                p.ProfileBits, p.ConditionBits(r.Traits), principalAccount ? p.AccountId : null, resourceAccount ? r.AccountId : null);
            return true;
        }

        /// <summary>
        /// Runs the path checks for one source and one role and reads the result as a verdict. A user signs in with or
        /// without MFA: when a Deny that tests MFA closes the path as stated (the usual "force MFA" policy), the path is
        /// asked again for a user signed in with MFA, and an edge that opens then is conditional on MFA.
        /// </summary>
        private EdgeVerdict Diagnose(string sourceId, TrustNodeKind kind, string? sourceAccount, GraphRole role, GraphPrincipal? principal)
        {
            var verdict = Diagnose(sourceId, kind, sourceAccount, role, principal, mfa: false, out var facts);
            if (verdict.Open || verdict.UndecidedCheck != null || kind != TrustNodeKind.User || facts == null || !DeniesOnMfa(facts)) return verdict;
            var withMfa = Diagnose(sourceId, kind, sourceAccount, role, principal, mfa: true, out _);
            return withMfa.Open ? EdgeVerdict.ConditionalOnMfa(withMfa) : verdict;
        }

        internal static readonly Condition MfaPresent =
            new Condition(ConditionOperator.TryParse("Bool", out var op) ? op : throw new InvalidOperationException("Bool"), "aws:MultiFactorAuthPresent", new[] { "true" }, false);

        private static bool DeniesOnMfa(Paths.Facts.PathFacts facts)
        {
            foreach (PolicyLayer layer in Enum.GetValues(typeof(PolicyLayer)))
            {
                var view = facts.Evaluation.Layer(layer);
                foreach (var s in view.CertainDenials.Concat(view.PossibleDenials))
                    foreach (var c in s.Conditions)
                        if (c.Condition.Key.StartsWith("aws:MultiFactorAuth", StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private EdgeVerdict Diagnose(string sourceId, TrustNodeKind kind, string? sourceAccount, GraphRole role, GraphPrincipal? principal, bool mfa,
            out Paths.Facts.PathFacts? gathered)
        {
            Interlocked.Increment(ref _diagnosed);
            gathered = null;
            string sourceArn = kind == TrustNodeKind.Anyone ? $"arn:aws:iam::{TrustGraphBuilder.AnyoneAccount}:user/anyone"
                : kind == TrustNodeKind.ExternalAccount ? $"arn:aws:iam::{sourceAccount}:user/any-principal" : sourceId;
            var request = new PathRequest { SourceArn = sourceArn, RoleArn = role.Arn, Now = _now, MfaPresent = mfa ? true : (bool?)null };
            Paths.Facts.PathFacts facts;
            try { facts = PathDiagnosis.Gather(request, _data, _caches.Value); }
            catch (PolicyFormatException ex) { return EdgeVerdict.Undecided("SourcePrincipal", ex.Message); }
            gathered = facts;
            var checks = PathDiagnosis.Run(facts);
            bool external = kind == TrustNodeKind.Anyone || kind == TrustNodeKind.ExternalAccount || kind == TrustNodeKind.ExternalPrincipal;
            var conditions = EdgeClassifier.Conditions(facts, checks, external, out var undecided);
            if (conditions == null)
                return undecided == null ? EdgeVerdict.Closed : EdgeVerdict.Undecided(undecided.Check, undecided.Summary);
            var trustView = facts.Evaluation.Layer(PolicyLayer.ResourcePolicy);
            var trustStatement = trustView.CertainAllows.Concat(trustView.AllowCandidates("sts:AssumeRole")).FirstOrDefault()?.Ref;
            bool inData = kind == TrustNodeKind.User || kind == TrustNodeKind.Role;
            var identityStatement = !inData || (facts.Source.User == null && facts.Source.Role == null) ? null
                : facts.Evaluation.Layer(PolicyLayer.IdentityPolicy).CertainAllows.FirstOrDefault()?.Ref;
            var denying = new System.Collections.Generic.HashSet<Condition>();
            foreach (PolicyLayer layer in Enum.GetValues(typeof(PolicyLayer)))
                foreach (var s in facts.Evaluation.Layer(layer).Statements)
                    if (s.Statement.Effect == Effect.Deny) foreach (var c in s.Statement.Conditions) denying.Add(c);
            int trustPosition = trustStatement == null ? -1 : Array.FindIndex(role.TrustStatements, s => s.Index == trustStatement.Index);
            int identityPosition = identityStatement == null || principal == null ? -1
                : Array.FindIndex(principal.Own.Items, o => o.Doc.Name == identityStatement.PolicyName && o.Statement.Index == identityStatement.Index);
            return new EdgeVerdict(true, conditions.Where(c => !denying.Contains(c)).ToList(), conditions.Where(denying.Contains).ToList(), trustStatement, identityStatement,
                null, null, trustPosition, identityPosition);
        }

        /// <summary>Everything the path checks read of a pair whose decision can be shared.</summary>
        private readonly struct PairKey : IEquatable<PairKey>
        {
            private readonly int _profile, _roleClass;
            private readonly bool _sameAccount;
            private readonly ulong _callerBits, _rcpBits, _match, _callerConditions, _roleConditions;
            private readonly string? _principalAccount, _resourceAccount;

            public PairKey(int profile, int roleClass, bool sameAccount, ulong callerBits, ulong rcpBits, ulong match, ulong callerConditions, ulong roleConditions,
                string? principalAccount, string? resourceAccount)
            {
                _profile = profile; _roleClass = roleClass; _sameAccount = sameAccount; _callerBits = callerBits; _rcpBits = rcpBits; _match = match;
                _callerConditions = callerConditions; _roleConditions = roleConditions;
                _principalAccount = principalAccount; _resourceAccount = resourceAccount;
            }

            public bool Equals(PairKey o) => _profile == o._profile && _roleClass == o._roleClass && _sameAccount == o._sameAccount && _callerBits == o._callerBits
                && _rcpBits == o._rcpBits && _match == o._match && _callerConditions == o._callerConditions && _roleConditions == o._roleConditions
                && _principalAccount == o._principalAccount && _resourceAccount == o._resourceAccount;

            public override bool Equals(object? obj) => obj is PairKey k && Equals(k);

            public override int GetHashCode()
            {
                unchecked
                {
                    int h = _profile * 397 ^ _roleClass;
                    h = h * 31 + (_sameAccount ? 1 : 0);
                    h = h * 31 + _callerBits.GetHashCode();
                    h = h * 31 + _rcpBits.GetHashCode();
                    h = h * 31 + _match.GetHashCode();
                    h = h * 31 + _callerConditions.GetHashCode();
                    h = h * 31 + _roleConditions.GetHashCode();
                    h = h * 31 + (_principalAccount?.GetHashCode() ?? 0);
                    return h * 31 + (_resourceAccount?.GetHashCode() ?? 0);
                }
            }
        }
    }
}
