using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph
{
    /// <summary>
    /// The assume edges of a data set, as an index built once (<see cref="TrustGraphBuilder"/>) and queried many times:
    /// the edges into a role, the edges out of a principal. Edges are decided when a query first needs them, by the path
    /// checks (shared between pairs the checks cannot tell apart), and remembered: a second query over the same part of
    /// the graph runs no check again. Never every principal against every role: a trust that names principals is looked
    /// up directly, one that names a whole account or "*" expands only to the principals whose identity policies could
    /// allow sts:AssumeRole on the role.
    /// </summary>
    public sealed class TrustGraph
    {
        private static readonly Func<string, bool> Everything = _ => true;

        private readonly Dictionary<string, GraphPrincipal> _principals;
        private readonly Dictionary<string, List<GraphPrincipal>> _principalsByAccount;
        private readonly List<GraphPrincipal> _allPrincipals;
        private readonly Dictionary<string, GraphRole> _roles;
        private readonly List<GraphRole> _allRoles;
        private readonly Dictionary<string, List<GraphRole>> _rolesNaming;
        private readonly Dictionary<string, List<GraphRole>> _rolesTrustingAccount;
        private readonly List<GraphRole> _wildcardRoles;
        // Roles admitting a service or identity provider, by its name, with the position of the source in the role's list.
        private readonly Dictionary<string, List<(GraphRole Role, int Position)>> _directOut;
        private readonly ConcurrentDictionary<string, TrustNode> _nodes;
        private readonly EdgeDecider _decider;
        private readonly ExternalPrincipalSource _external;
        private readonly IReadOnlyList<string> _indexProblems;
        private readonly GraphProblemLog _log = new GraphProblemLog();
        private readonly ExpansionMarks.Pool _marks;
        private IReadOnlyList<TrustEdge>? _edges;
        /// <summary>What the last path search worked in, kept for the next (see PathSearch; null while a search holds it).</summary>
        internal object? SearchScratch;
        // Who could call a role: principals whose identity allows could cover any role, and the others by the ARN
        // patterns their allows name (a role is matched against each distinct pattern once, not against every principal).
        private readonly List<GraphPrincipal> _allowAnyRole = new List<GraphPrincipal>();
        private readonly Dictionary<string, List<GraphPrincipal>> _byAllowPattern = new Dictionary<string, List<GraphPrincipal>>(StringComparer.Ordinal);
        private readonly string[] _allowPatterns;
        // The same, account by account: a trust of a whole account reaches those of its principals whose allows could cover the role.
        private readonly Dictionary<string, List<GraphPrincipal>> _allowAnyRoleByAccount = new Dictionary<string, List<GraphPrincipal>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, List<GraphPrincipal>>> _byAccountAllowPattern =
            new Dictionary<string, Dictionary<string, List<GraphPrincipal>>>(StringComparer.Ordinal);

        /// <param name="principals">Sorted in place (by ARN).</param>
        /// <param name="roles">Sorted in place (by ARN).</param>
        internal TrustGraph(GraphPrincipal[] principals, GraphRole[] roles, ConcurrentDictionary<string, TrustNode> nodes, EdgeDecider decider,
            ExternalPrincipalSource external, IReadOnlyList<string> indexProblems, TimeSpan buildTime)
        {
            _nodes = nodes; _decider = decider; _external = external; _indexProblems = indexProblems; BuildTime = buildTime;
            // The lookups of principals and those of roles are independent: each is made on its own thread.
            // Sized at once: growing a table of 100,000 entries rehashes it a dozen times, through large-object arrays.
            _principals = new Dictionary<string, GraphPrincipal>(principals.Length, StringComparer.Ordinal);
            _principalsByAccount = new Dictionary<string, List<GraphPrincipal>>(StringComparer.Ordinal);
            _roles = new Dictionary<string, GraphRole>(roles.Length, StringComparer.Ordinal);
            _rolesNaming = new Dictionary<string, List<GraphRole>>(StringComparer.Ordinal);
            _rolesTrustingAccount = new Dictionary<string, List<GraphRole>>(StringComparer.Ordinal);
            _wildcardRoles = new List<GraphRole>();
            _directOut = new Dictionary<string, List<(GraphRole, int)>>(StringComparer.Ordinal);
            List<GraphPrincipal> allPrincipals = null!;
            List<GraphRole> allRoles = null!;
            string[] allowPatterns = null!;
            Parallel.Invoke([MethodImpl(HotPath.Options)] () =>
            {
                allPrincipals = OrderedByArn(principals, p => p.Arn);
                for (int i = 0; i < allPrincipals.Count; i++) allPrincipals[i].Rank = i;
                var patternsOf = new Dictionary<CallerProfile, IReadOnlyList<string>?>();
                foreach (var p in allPrincipals)
                {
                    _principals[p.Arn] = p;
                    Add(_principalsByAccount, p.AccountId, p);
                    // Distinct once per profile: a set per principal was some 10 MB of the index's garbage.
                    if (!patternsOf.TryGetValue(p.Profile, out var patterns)) patternsOf[p.Profile] = patterns = p.Profile.AllowPatterns()?.Distinct().ToArray();
                    if (patterns == null) { _allowAnyRole.Add(p); Add(_allowAnyRoleByAccount, p.AccountId, p); }
                    else
                        foreach (var pattern in patterns)
                        {
                            Add(_byAllowPattern, pattern, p);
                            if (!_byAccountAllowPattern.TryGetValue(p.AccountId, out var inAccount))
                                _byAccountAllowPattern[p.AccountId] = inAccount = new Dictionary<string, List<GraphPrincipal>>(StringComparer.Ordinal);
                            Add(inAccount, pattern, p);
                        }
                }
                allowPatterns = _byAllowPattern.Keys.ToArray();
            },
            [MethodImpl(HotPath.Options)] () =>
            {
                allRoles = OrderedByArn(roles, r => r.Arn);
                for (int i = 0; i < allRoles.Count; i++) allRoles[i].Rank = i;
                foreach (var r in allRoles)
                {
                    _roles[r.Arn] = r;
                    foreach (var n in r.Named) Add(_rolesNaming, n.Arn, r);
                    foreach (var a in r.TrustedAccounts) Add(_rolesTrustingAccount, a, r);
                    foreach (var a in r.ExternalAccounts) Add(_rolesTrustingAccount, a, r);
                    if (r.Wildcard) _wildcardRoles.Add(r);
                    for (int i = 0; i < r.Direct.Length; i++) Add(_directOut, r.Direct[i].Source.Id, (r, i));
                }
            });
            _allPrincipals = allPrincipals; _allRoles = allRoles; _allowPatterns = allowPatterns;
            int profiles = 0;
            foreach (var p in allPrincipals) profiles = Math.Max(profiles, p.Profile.Id + 1);
            _marks = new ExpansionMarks.Pool(Math.Max(allPrincipals.Count, allRoles.Count), profiles);
        }

        /// <summary>
        /// The items in ordinal order of their ARNs (which are distinct), sorted in place by their keys rather than by LINQ's
        /// keyed sort, then copied once into the list kept (each copy of 100,000 references is a large-object array).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static List<T> OrderedByArn<T>(T[] items, Func<T, string> arnOf)
        {
            var keys = new string[items.Length];
            for (int i = 0; i < keys.Length; i++) keys[i] = arnOf(items[i]);
            Array.Sort(keys, items, StringComparer.Ordinal);
            return new List<T>(items);
        }

        public TimeSpan BuildTime { get; }
        /// <summary>How the build's time was spent, for the benchmark.</summary>
        public string BuildPhases { get; internal set; } = "";
        public int RoleCount => _allRoles.Count;
        public int PrincipalCount => _allPrincipals.Count;
        /// <summary>Distinct caller profiles (principals that share decisions), and how many principals have one of their own.</summary>
        public int ProfileCount => _allPrincipals.Select(p => p.Profile.Id).Distinct().Count();
        public int UnsharedPrincipals => _allPrincipals.Count(p => p.Profile.Individual);
        /// <summary>Distinct role classes, and how many roles have none (their decisions are never shared).</summary>
        public int RoleClassCount => _allRoles.Where(r => r.ClassId >= 0).Select(r => r.ClassId).Distinct().Count();
        public int UnsharedRoles => _allRoles.Count(r => r.ClassId < 0);

        /// <summary>Source-role pairs asked about so far (a query that meets a pair again counts it again).</summary>
        public int CandidatesTested => _decider.Decided;
        /// <summary>Runs of the path checks so far: pairs whose inputs no earlier pair shared.</summary>
        public int DiagnosesRun => _decider.Diagnosed;
        /// <summary>Pairs decided from their statements alone, the path checks' common cases (docs/graph.md).</summary>
        public int FastDecisions => _decider.FastDecided;

        /// <summary>
        /// What could not be evaluated: trust policies that are missing or do not parse, and (aggregated per check) the
        /// source-role pairs the path checks could not decide among those queried so far.
        /// </summary>
        public IReadOnlyList<string> Problems => _indexProblems.Concat(_log.Lines).ToList();
        /// <summary>Trust policies that are missing or do not parse (found while indexing).</summary>
        public IReadOnlyList<string> IndexProblems => _indexProblems;

        /// <summary>Every edge of the data, role by role (decides every candidate pair once; later calls return the same list).</summary>
        public IReadOnlyList<TrustEdge> Edges => _edges ??= AllEdges(CancellationToken.None);

        /// <summary>
        /// Every edge, role by role in ARN order, sources in ID order; more than <paramref name="maxEdges"/> throws
        /// <see cref="TrustGraphTooLargeException"/> as soon as they are found (before they fill memory).
        /// </summary>
        public IReadOnlyList<TrustEdge> AllEdges(CancellationToken cancellationToken, GraphProblemLog? log = null, Action<int, int>? progress = null, int maxEdges = int.MaxValue)
        {
            var perRole = new IReadOnlyList<TrustEdge>[_allRoles.Count];
            int done = 0;
            long found = 0;
            using var tooMany = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                Parallel.For(0, _allRoles.Count, new ParallelOptions { CancellationToken = tooMany.Token }, i =>
                {
                    perRole[i] = Into(_allRoles[i], Everything, tooMany.Token, log);
                    if (Interlocked.Add(ref found, perRole[i].Count) > maxEdges) tooMany.Cancel();
                    int n = Interlocked.Increment(ref done);
                    if (progress != null && (n % 200 == 0 || n == _allRoles.Count)) progress(n, _allRoles.Count);
                });
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Interlocked.Read(ref found) > maxEdges)
            {
                throw new TrustGraphTooLargeException(maxEdges);
            }
            return perRole.SelectMany(l => l).ToList();
        }

        /// <summary>True when the role is in the data.</summary>
        public bool HasRole(string roleArn) => _roles.ContainsKey(roleArn);

        /// <summary>
        /// Forgets the remembered verdicts once there are more than <paramref name="most"/>: for walks over every role,
        /// which would otherwise keep one per distinct pair key of the organization (gigabytes at a hundred thousand roles).
        /// </summary>
        internal void LimitRememberedVerdicts(long most)
        {
            if (_decider.Remembered > most) _decider.Forget();
        }

        /// <summary>The ARNs of the roles of the data.</summary>
        public IEnumerable<string> RoleArns => _roles.Keys;

        /// <summary>The edges into a role (none when the data does not hold it), with what could not be decided told to <paramref name="log"/>.</summary>
        public IReadOnlyList<TrustEdge> Into(string roleArn, CancellationToken cancellationToken, GraphProblemLog? log) =>
            Into(roleArn, Everything, cancellationToken, log);

        /// <summary>The rank of the principal of the data with this ARN (see <see cref="TrustNode.Rank"/>); -1 when none.</summary>
        internal int PrincipalRank(string arn) => _principals.TryGetValue(arn, out var p) ? p.Rank : -1;
        /// <summary>The rank of the role of the data with this ARN; -1 when none.</summary>
        internal int RoleRank(string arn) => _roles.TryGetValue(arn, out var r) ? r.Rank : -1;

        /// <summary>The user or role of the data with this ARN (a role session stands for its role, whose path comes from the data); null when none.</summary>
        public string? ResolvePrincipal(string arn)
        {
            if (_principals.ContainsKey(arn)) return arn;
            if (!PrincipalIdentity.TryParse(arn, out var p, out _)) return null;
            if (p.Kind == PrincipalKind.AssumedRole || p.Kind == PrincipalKind.Role)
            {
                if (!_principalsByAccount.TryGetValue(p.AccountId!, out var inAccount)) return null;
                return inAccount.FirstOrDefault(x => x.Kind == TrustNodeKind.Role && x.Data.Name == p.Name)?.Arn;
            }
            return null;
        }

        /// <summary>True when a service or identity provider of this name is admitted by some trust policy of the data.</summary>
        public bool HasDirectSource(string id) => _directOut.ContainsKey(id);

        /// <summary>True when the account has a file in the data.</summary>
        public bool HoldsAccount(string accountId) => _external.HoldsAccount(accountId);

        /// <summary>The edges into a role (every source the path checks open it to, or would for some requests).</summary>
        [MethodImpl(HotPath.Options)]
        public IReadOnlyList<TrustEdge> Into(string roleArn) =>
            _roles.TryGetValue(roleArn, out var r) ? Into(r, Everything, CancellationToken.None, null) : new TrustEdge[0];

        /// <summary>The edges out of a principal: a user or role of the data, or a node outside it (another account, "*", a service, a provider).</summary>
        [MethodImpl(HotPath.Options)]
        public IReadOnlyList<TrustEdge> OutOf(string principalId) => OutOf(principalId, Everything, CancellationToken.None, null);

        [MethodImpl(HotPath.Options)]
        internal IReadOnlyList<TrustEdge> Into(string roleArn, Func<string, bool> wanted, CancellationToken ct, GraphProblemLog? log, CandidatePruning<GraphPrincipal>? pruning = null) =>
            _roles.TryGetValue(roleArn, out var r) ? Into(r, wanted, ct, log, pruning) : new TrustEdge[0];

        [MethodImpl(HotPath.Options)]
        private IReadOnlyList<TrustEdge> Into(GraphRole r, Func<string, bool> wanted, CancellationToken ct, GraphProblemLog? log, CandidatePruning<GraphPrincipal>? pruning = null)
        {
            var edges = new List<TrustEdge>();
            if (r.Problem != null) return edges;
            var marks = _marks.Take();
            try { IntoMarked(r, edges, marks, wanted, ct, log, pruning); }
            finally { _marks.Give(marks); }
            return edges;
        }

        /// <summary>
        /// The edges into a role, each source once: callers of the data are told apart by rank in <paramref name="marks"/>,
        /// other sources (accounts and principals outside the data, "*") by name.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private void IntoMarked(GraphRole r, List<TrustEdge> edges, ExpansionMarks marks, Func<string, bool> wanted, CancellationToken ct, GraphProblemLog? log,
            CandidatePruning<GraphPrincipal>? pruning)
        {
            var roleNode = NodeOf(r);
            HashSet<string>? seenOutside = null;
            [MethodImpl(HotPath.Options)]
            bool SeeOutside(string id) => (seenOutside ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
            // Whether a caller's identity could allow this role depends only on its profile, which many callers share.
            [MethodImpl(HotPath.Options)]
            bool CouldAllow(CallerProfile profile)
            {
                if (profile.CouldAllowEveryRole) return true;
                if (marks.TryGetAnswer(profile.Id, out bool known)) return known;
                bool answer = profile.CouldAllow(r.Arn);
                marks.SetAnswer(profile.Id, answer);
                return answer;
            }
            for (int i = 0; i < r.Direct.Length; i++)
                if (wanted(r.Direct[i].Source.Id)) edges.Add(r.DirectEdge(i, roleNode));
            foreach (var n in r.Named)
            {
                bool inData = _principals.TryGetValue(n.Arn, out var p);
                if (!(inData ? marks.Meet(p!.Rank) : SeeOutside(n.Arn)) || !wanted(n.Arn)) continue;
                if (inData) Add(edges, Decide(p!, r, log, marks), p!, r, roleNode);
                else Add(edges, DecideOther(n.Arn, n.Kind, n.Account, r, log), n.Arn, n.Kind, n.Account, r, roleNode);
            }
            // Callers of the data are listed first, in order, then decided (in parallel when many: a search's first level
            // is a single role, whose callers would otherwise be decided on one thread), then their edges added in order.
            var callers = marks.Callers;
            foreach (var account in r.TrustedAccounts)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var p in CouldCallFrom(account, r, pruning))
                    if ((pruning?.IsWanted(p) ?? wanted(p.Arn)) && CouldAllow(p.Profile) && marks.Meet(p.Rank)) callers.Add(p);
            }
            AddDecided(edges, callers, r, roleNode, ct, log, marks);
            foreach (var account in r.ExternalAccounts)
            {
                string id = $"arn:aws:iam::{account}:root";
                if (SeeOutside(id) && wanted(id)) Add(edges, DecideOther(id, TrustNodeKind.ExternalAccount, account, r, log), id, TrustNodeKind.ExternalAccount, account, r, roleNode);
            }
            if (r.Wildcard)
            {
                if (SeeOutside("*") && wanted("*")) Add(edges, DecideOther("*", TrustNodeKind.Anyone, null, r, log), "*", TrustNodeKind.Anyone, null, r, roleNode);
                // "*" reaches every principal that could call it; in the role's own account it grants directly, identity policy or not.
                int i = 0;
                foreach (var p in CouldCall(r, pruning))
                {
                    if ((++i & 1023) == 0) ct.ThrowIfCancellationRequested();
                    if ((pruning?.IsWanted(p) ?? wanted(p.Arn)) && (p.AccountId == r.AccountId || CouldAllow(p.Profile)) && marks.Meet(p.Rank)) callers.Add(p);
                }
            }
            AddDecided(edges, callers, r, roleNode, ct, log, marks);
            edges.Sort([MethodImpl(HotPath.Options)] (a, b) => TrustNode.CompareIds(a.Source, b.Source));
        }

        /// <summary>Decides the callers (in parallel when there are many) and adds their open edges in the callers' order; empties the list.</summary>
        [MethodImpl(HotPath.Options)]
        private void AddDecided(List<TrustEdge> edges, List<GraphPrincipal> callers, GraphRole r, TrustNode roleNode, CancellationToken ct, GraphProblemLog? log,
            ExpansionMarks marks)
        {
            if (callers.Count == 0) return;
            var verdicts = marks.Verdicts(callers.Count);
            if (callers.Count < 256) for (int k = 0; k < callers.Count; k++) verdicts[k] = Decide(callers[k], r, log, marks);
            else
            {
                DecideInParallel(verdicts, callers, r, ct, log, marks);
                if (edges.Capacity < edges.Count + callers.Count) edges.Capacity = edges.Count + callers.Count;   // once, not a dozen growths
            }
            for (int k = 0; k < callers.Count; k++) Add(edges, verdicts[k], callers[k], r, roleNode);
            marks.ClearVerdicts(callers.Count);
            callers.Clear();
        }

        // A method of its own: the lambda's captured variables would otherwise be allocated on every call of AddDecided,
        // which runs twice for each role a search expands, and mostly with few callers.
        private void DecideInParallel(EdgeVerdict[] verdicts, List<GraphPrincipal> callers, GraphRole r, CancellationToken ct, GraphProblemLog? log, ExpansionMarks marks) =>
            Parallel.For(0, callers.Count, new ParallelOptions { CancellationToken = ct }, [MethodImpl(HotPath.Options)] (k) => verdicts[k] = Decide(callers[k], r, log, marks));

        /// <summary>
        /// The principals of an account whose identity allows could cover the role (a superset of those for which
        /// <see cref="CallerProfile.CouldAllow"/> holds: those with an allow on any role, and those with an allowed ARN
        /// pattern that matches the role), rather than every principal of the account.
        /// </summary>
        private IEnumerable<GraphPrincipal> CouldCallFrom(string account, GraphRole r, CandidatePruning<GraphPrincipal>? pruning)
        {
            if (_allowAnyRoleByAccount.TryGetValue(account, out var any)) foreach (var p in pruning?.Wanted(any) ?? any) yield return p;
            if (!_byAccountAllowPattern.TryGetValue(account, out var byPattern)) yield break;
            foreach (var pair in byPattern)
                if (Engine.Evaluation.ArnPattern.IsMatch(pair.Key, r.Arn))
                    foreach (var p in pruning?.Wanted(pair.Value) ?? pair.Value) yield return p;
        }

        /// <summary>The principals of the data whose identity allows could cover the role, and every principal of its own account.</summary>
        private IEnumerable<GraphPrincipal> CouldCall(GraphRole r, CandidatePruning<GraphPrincipal>? pruning)
        {
            foreach (var p in pruning?.Wanted(_allowAnyRole) ?? _allowAnyRole) yield return p;
            foreach (var pattern in _allowPatterns)
                if (Engine.Evaluation.ArnPattern.IsMatch(pattern, r.Arn))
                {
                    var list = _byAllowPattern[pattern];
                    foreach (var p in pruning?.Wanted(list) ?? list) yield return p;
                }
            if (_principalsByAccount.TryGetValue(r.AccountId, out var own)) foreach (var p in pruning?.Wanted(own) ?? own) yield return p;
        }

        [MethodImpl(HotPath.Options)]
        internal IReadOnlyList<TrustEdge> OutOf(string principalId, Func<string, bool> wanted, CancellationToken ct, GraphProblemLog? log,
            CandidatePruning<GraphRole>? pruning = null)
        {
            var edges = new List<TrustEdge>();
            var marks = _marks.Take();
            try { OutOfMarked(principalId, edges, marks, wanted, ct, log, pruning); }
            finally { _marks.Give(marks); }
            return edges;
        }

        /// <summary>The edges out of a source, each role once (told apart by rank in <paramref name="marks"/>).</summary>
        [MethodImpl(HotPath.Options)]
        private void OutOfMarked(string principalId, List<TrustEdge> edges, ExpansionMarks marks, Func<string, bool> wanted, CancellationToken ct,
            GraphProblemLog? log, CandidatePruning<GraphRole>? pruning)
        {
            if (_directOut.TryGetValue(principalId, out var direct))
            {
                foreach (var (r, i) in direct) if (wanted(r.Arn)) edges.Add(r.DirectEdge(i, NodeOf(r)));
            }
            else if (_principals.TryGetValue(principalId, out var p))
            {
                var source = NodeOf(p);
                [MethodImpl(HotPath.Options)]
                void Consider(GraphRole r)
                {
                    if (r.Problem == null && (pruning?.IsWanted(r) ?? wanted(r.Arn)) && marks.Meet(r.Rank))
                    {
                        var v = Decide(p, r, log);
                        if (v.Open) edges.Add(Edge(v, source, p, r, NodeOf(r)));
                    }
                }
                if (_rolesNaming.TryGetValue(p.Arn, out var naming)) foreach (var r in naming) Consider(r);
                if (_rolesTrustingAccount.TryGetValue(p.AccountId, out var trusting))
                    foreach (var r in pruning?.Wanted(trusting) ?? trusting) { if ((pruning?.IsWanted(r) ?? wanted(r.Arn)) && p.Profile.CouldAllow(r.Arn)) Consider(r); }
                int i = 0;
                foreach (var r in pruning?.Wanted(_wildcardRoles) ?? _wildcardRoles)
                {
                    if ((i++ & 255) == 0) ct.ThrowIfCancellationRequested();
                    if ((pruning?.IsWanted(r) ?? wanted(r.Arn)) && (r.AccountId == p.AccountId || p.Profile.CouldAllow(r.Arn))) Consider(r);
                }
            }
            else if (principalId == "*")
            {
                var source = Node("*", TrustNodeKind.Anyone, null);
                foreach (var r in _wildcardRoles) if (r.Problem == null && wanted(r.Arn)) AddOut(edges, DecideOther("*", TrustNodeKind.Anyone, null, r, log), source, r);
            }
            else if (PrincipalIdentity.TryParse(principalId, out var outside, out _) && outside.AccountId != null && !_external.HoldsAccount(outside.AccountId))
            {
                // A principal of an account the data does not hold: its own account's policies are taken to allow.
                var kind = outside.Kind == PrincipalKind.Root ? TrustNodeKind.ExternalAccount : TrustNodeKind.ExternalPrincipal;
                if (kind == TrustNodeKind.ExternalPrincipal) _external.Name(outside);
                var source = Node(principalId, kind, outside.AccountId);
                [MethodImpl(HotPath.Options)]
                void Consider(GraphRole r)
                {
                    if (r.Problem == null && marks.Meet(r.Rank) && wanted(r.Arn)) AddOut(edges, DecideOther(principalId, kind, outside.AccountId, r, log), source, r);
                }
                if (_rolesNaming.TryGetValue(principalId, out var naming)) foreach (var r in naming) Consider(r);
                if (_rolesTrustingAccount.TryGetValue(outside.AccountId, out var trusting)) foreach (var r in trusting) Consider(r);
                foreach (var r in _wildcardRoles) Consider(r);
            }
            edges.Sort([MethodImpl(HotPath.Options)] (a, b) => TrustNode.CompareIds(a.Role, b.Role));
        }

        [MethodImpl(HotPath.Options)]
        private EdgeVerdict Decide(GraphPrincipal p, GraphRole r, GraphProblemLog? log, ExpansionMarks? marks = null) => Logged(_decider.Decide(p, r, marks), p.Arn, r, log);

        [MethodImpl(HotPath.Options)]
        private EdgeVerdict DecideOther(string id, TrustNodeKind kind, string? account, GraphRole r, GraphProblemLog? log) =>
            Logged(_decider.DecideOther(id, kind, account, r), id, r, log);

        [MethodImpl(HotPath.Options)]
        private EdgeVerdict Logged(EdgeVerdict v, string source, GraphRole r, GraphProblemLog? log)
        {
            if (v.UndecidedCheck != null)
            {
                _log.Undecided(v.UndecidedCheck, source, r.Arn, v.UndecidedSummary!);
                log?.Undecided(v.UndecidedCheck, source, r.Arn, v.UndecidedSummary!);
            }
            return v;
        }

        [MethodImpl(HotPath.Options)]
        private void Add(List<TrustEdge> edges, EdgeVerdict v, string sourceId, TrustNodeKind kind, string? account, GraphRole r, TrustNode roleNode)
        {
            if (v.Open) edges.Add(new TrustEdge(Node(sourceId, kind, account), roleNode, "sts:AssumeRole", TrustOf(v, r), v.Identity, v.Conditions, v.Avoided));
        }

        /// <summary>The trust statement of an edge into the role, named after the role's own trust policy (verdicts are shared within a role class).</summary>
        private static Engine.Evaluation.StatementRef? TrustOf(EdgeVerdict v, GraphRole r) => v.TrustPosition >= 0 ? r.TrustRef(v.TrustPosition) : v.Trust;

        /// <summary>An edge from a principal of the data, its evidence named after its own policies and the role's own trust.</summary>
        [MethodImpl(HotPath.Options)]
        private void Add(List<TrustEdge> edges, EdgeVerdict v, GraphPrincipal p, GraphRole r, TrustNode roleNode)
        {
            if (v.Open) edges.Add(Edge(v, NodeOf(p), p, r, roleNode));
        }

        [MethodImpl(HotPath.Options)]
        private static TrustEdge Edge(EdgeVerdict v, TrustNode source, GraphPrincipal p, GraphRole r, TrustNode roleNode)
        {
            var trust = v.TrustPosition >= 0 ? r.TrustRef(v.TrustPosition) : v.Trust;
            var identity = v.IdentityPosition >= 0 ? p.IdentityRef(v.IdentityPosition) : v.Identity;
            return new TrustEdge(source, roleNode, "sts:AssumeRole", trust, identity, v.Conditions, v.Avoided);
        }

        [MethodImpl(HotPath.Options)]
        private void AddOut(List<TrustEdge> edges, EdgeVerdict v, TrustNode source, GraphRole r)
        {
            if (v.Open) edges.Add(new TrustEdge(source, NodeOf(r), "sts:AssumeRole", TrustOf(v, r), v.Identity, v.Conditions, v.Avoided));
        }

        internal TrustNode Node(string id, TrustNodeKind kind, string? account) =>
            _nodes.TryGetValue(id, out var known) ? known : _nodes.GetOrAdd(id, _ => new TrustNode(id, kind, account));

        // A principal's or role's node is kept by it (nodes outside the data are in the table, by name).
        private static TrustNode NodeOf(GraphPrincipal p) => p.Node;
        private static TrustNode NodeOf(GraphRole r) => r.Node;

        /// <summary>True when the node is a role of the data (a chain can pass through it).</summary>
        internal bool IsRoleInData(string id) => _roles.ContainsKey(id);

        [MethodImpl(HotPath.Options)]
        private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = new List<T>();
            list.Add(value);
        }
    }
}
