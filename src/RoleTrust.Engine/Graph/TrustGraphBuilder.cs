using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Builds the trust graph of a data set by indexing, not by testing every principal against every role: a trust
    /// statement that names principals is looked up directly; one that names a whole account or "*" expands only to the
    /// principals whose identity-based policies could allow sts:AssumeRole on that role. Every candidate pair is then
    /// decided by the path checks themselves, so an edge exists exactly when Test-AssumeRolePath would open the path
    /// (or would for some requests: a conditional edge). Principals outside the data, services and identity providers
    /// appear as nodes of their own kind.
    /// </summary>
    public sealed class TrustGraphBuilder
    {
        /// <summary>An account ID no real account has: the stand-in for "anyone" in a trust of "*".</summary>
        internal const string AnyoneAccount = "000000000000";

        private readonly IReadOnlyCollection<AccountData> _accounts;
        private readonly IAccountDataSource _data;
        private readonly ExternalPrincipalSource _withExternal;
        private readonly HashSet<string> _accountIds;
        private readonly ThreadLocal<PolicyCache> _caches = new ThreadLocal<PolicyCache>(() => new PolicyCache());
        private readonly ConcurrentDictionary<string, TrustNode> _nodes = new ConcurrentDictionary<string, TrustNode>(StringComparer.Ordinal);
        private readonly ConcurrentBag<string> _problems = new ConcurrentBag<string>();
        private readonly ConcurrentDictionary<string, int> _undecided = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly DateTimeOffset _now;
        private int _tested;

        // Principals of the data that have some identity allow for sts:AssumeRole, by account.
        private Dictionary<string, List<(IamPrincipalData Principal, AssumeAllowIndex Index)>> _byAccount = null!;
        private List<(IamPrincipalData Principal, AssumeAllowIndex Index)> _all = null!;

        private TrustGraphBuilder(IReadOnlyCollection<AccountData> accounts, IAccountDataSource data, DateTimeOffset now)
        {
            _accounts = accounts; _data = data; _now = now;
            _accountIds = new HashSet<string>(accounts.Select(a => a.AccountId), StringComparer.Ordinal);
            _withExternal = new ExternalPrincipalSource(data, _accountIds);
        }

        /// <param name="progress">Called with (roles done, roles in all) as roles are indexed.</param>
        public static TrustGraph Build(IReadOnlyCollection<AccountData> accounts, IAccountDataSource data, DateTimeOffset now,
            Action<int, int>? progress = null, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            var b = new TrustGraphBuilder(accounts, data, now);
            b.IndexPrincipals(cancellationToken);
            var roles = accounts.SelectMany(a => a.Roles.Values.Select(r => (Account: a.AccountId, Role: r))).ToList();
            var edges = new ConcurrentBag<TrustEdge>();
            int done = 0;
            var options = new ParallelOptions { CancellationToken = cancellationToken };
            Parallel.ForEach(roles, options, r =>
            {
                foreach (var e in b.EdgesInto(r.Account, r.Role)) edges.Add(e);
                int n = Interlocked.Increment(ref done);
                if (progress != null && (n % 500 == 0 || n == roles.Count)) progress(n, roles.Count);
            });
            var ordered = edges.OrderBy(e => e.Role.Id, StringComparer.Ordinal).ThenBy(e => e.Source.Id, StringComparer.Ordinal).ToList();
            var problems = b._problems.OrderBy(p => p, StringComparer.Ordinal).ToList();
            foreach (var u in b._undecided.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal))
                problems.Add($"{u.Value} source-role pair(s) could not be decided: {u.Key}");
            return new TrustGraph(ordered, problems, b._tested, watch.Elapsed);
        }

        private void IndexPrincipals(CancellationToken cancellationToken)
        {
            var entries = new ConcurrentBag<(string Account, IamPrincipalData Principal, AssumeAllowIndex Index)>();
            var principals = _accounts.SelectMany(a => a.Users.Values.Cast<IamPrincipalData>().Concat(a.Roles.Values).Select(p => (a.AccountId, p))).ToList();
            Parallel.ForEach(principals, new ParallelOptions { CancellationToken = cancellationToken }, x =>
            {
                var index = AssumeAllowIndex.For(x.p, x.AccountId, _data, _caches.Value!);
                if (!index.Empty) entries.Add((x.AccountId, x.p, index));
            });
            _byAccount = entries.GroupBy(e => e.Account, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Principal.Arn, StringComparer.Ordinal).Select(e => (e.Principal, e.Index)).ToList(), StringComparer.Ordinal);
            _all = _byAccount.Values.SelectMany(l => l).ToList();
        }

        // ---------------------------------------------------------------- one role

        private IEnumerable<TrustEdge> EdgesInto(string account, IamRole role)
        {
            if (role.TrustPolicy == null || role.ProblemWith(EntityField.TrustPolicy) != null)
            {
                _problems.Add($"{role.Arn}: the trust policy is missing or malformed in the data");
                yield break;
            }
            PolicyDocument trust;
            try { trust = _caches.Value!.Get(role.TrustPolicy.Text, $"{role.Name} trust policy", PolicyType.Resource); }
            catch (PolicyFormatException ex)
            {
                _problems.Add($"{role.Arn}: the trust policy cannot be evaluated: {ex.Message}");
                yield break;
            }
            var roleNode = Node(role.Arn, TrustNodeKind.Role, account);
            var sources = new Dictionary<string, (TrustNodeKind Kind, string? Account)>(StringComparer.Ordinal);
            var others = new List<TrustEdge>();
            foreach (var s in trust.Statements)
            {
                if (s.Effect != Effect.Allow) continue;
                if (s.IsNotPrincipal) { AddEveryone(sources, account, role.Arn); continue; }
                foreach (var entry in s.Principal?.Entries ?? (IReadOnlyList<PrincipalEntry>)Array.Empty<PrincipalEntry>())
                    AddCandidates(entry, s, trust, roleNode, account, role.Arn, sources, others);
            }
            foreach (var e in others) yield return e;
            foreach (var source in sources)
            {
                var edge = Decide(source.Key, source.Value.Kind, source.Value.Account, roleNode, role.Arn);
                if (edge != null) yield return edge;
            }
        }

        private void AddCandidates(PrincipalEntry entry, Statement s, PolicyDocument trust, TrustNode roleNode, string account, string roleArn,
            Dictionary<string, (TrustNodeKind, string?)> sources, List<TrustEdge> others)
        {
            switch (entry.MatchKind)
            {
                case PrincipalMatch.Wildcard:
                    if (s.MatchesAction("sts:AssumeRole")) AddEveryone(sources, account, roleArn);
                    return;
                case PrincipalMatch.Account:
                    if (!s.MatchesAction("sts:AssumeRole")) return;
                    string trusted = entry.AccountId!;
                    if (_accountIds.Contains(trusted)) AddAccount(sources, trusted, roleArn);
                    else sources[$"arn:aws:iam::{trusted}:root"] = (TrustNodeKind.ExternalAccount, trusted);
                    return;
                case PrincipalMatch.Service:
                case PrincipalMatch.Federated:
                {
                    string action = entry.MatchKind == PrincipalMatch.Service ? "sts:AssumeRole"
                        : s.MatchesAction("sts:AssumeRoleWithSAML") && entry.Value.Contains(":saml-provider/") ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
                    if (!s.MatchesAction(action)) return;
                    var node = Node(entry.Value, entry.MatchKind == PrincipalMatch.Service ? TrustNodeKind.Service : TrustNodeKind.Federated, entry.Named?.AccountId);
                    // A service or an identity provider is not an IAM principal: the path checks do not apply; the
                    // statement's conditions are what the request must meet.
                    others.Add(new TrustEdge(node, roleNode, action, new StatementRef(PolicyLayer.ResourcePolicy, trust, s, null), null, s.Conditions));
                    return;
                }
                case PrincipalMatch.CanonicalUser:
                    return;
            }
            if (entry.IsUniqueId || entry.Named == null || !s.MatchesAction("sts:AssumeRole")) return; // a deleted principal admits no one
            var named = entry.Named;
            string arn = named.Kind == PrincipalKind.AssumedRole ? named.Arn : named.Arn;
            if (!_accountIds.Contains(named.AccountId!))
            {
                _withExternal.Name(named);
                sources[arn] = (TrustNodeKind.ExternalPrincipal, named.AccountId);
                return;
            }
            sources[arn] = (named.Kind == PrincipalKind.User ? TrustNodeKind.User : TrustNodeKind.Role, named.AccountId);
        }

        private void AddAccount(Dictionary<string, (TrustNodeKind, string?)> sources, string account, string roleArn)
        {
            if (!_byAccount.TryGetValue(account, out var principals)) return;
            foreach (var (p, index) in principals)
                if (index.CouldAllow(roleArn)) sources[p.Arn] = (p is IamUser ? TrustNodeKind.User : TrustNodeKind.Role, account);
        }

        /// <summary>"*": anyone outside the data, every principal that could call it, and in the role's own account everyone (it grants directly).</summary>
        private void AddEveryone(Dictionary<string, (TrustNodeKind, string?)> sources, string roleAccount, string roleArn)
        {
            sources["*"] = (TrustNodeKind.Anyone, null);
            foreach (var (p, index) in _all)
                if (index.CouldAllow(roleArn)) sources[p.Arn] = (p is IamUser ? TrustNodeKind.User : TrustNodeKind.Role, AccountOf(p.Arn));
            var own = _accounts.FirstOrDefault(a => a.AccountId == roleAccount);
            if (own == null) return;
            foreach (var u in own.Users.Values) sources[u.Arn] = (TrustNodeKind.User, roleAccount);
            foreach (var r in own.Roles.Values) sources[r.Arn] = (TrustNodeKind.Role, roleAccount);
        }

        private static string? AccountOf(string arn) => Arn.TryParse(arn, out var a) ? a.Account : null;

        // ---------------------------------------------------------------- one pair

        /// <summary>Runs the path checks for one source and one role and reads the result as an edge, or none.</summary>
        private TrustEdge? Decide(string sourceId, TrustNodeKind kind, string? sourceAccount, TrustNode roleNode, string roleArn)
        {
            Interlocked.Increment(ref _tested);
            string sourceArn = kind == TrustNodeKind.Anyone ? $"arn:aws:iam::{AnyoneAccount}:user/anyone"
                : kind == TrustNodeKind.ExternalAccount ? $"arn:aws:iam::{sourceAccount}:user/any-principal" : sourceId;
            var request = new PathRequest { SourceArn = sourceArn, RoleArn = roleArn, Now = _now };
            Paths.Facts.PathFacts facts;
            try { facts = PathDiagnosis.Gather(request, _withExternal, _caches.Value); }
            catch (PolicyFormatException ex) { _problems.Add($"{sourceId} -> {roleArn}: {ex.Message}"); return null; }
            var checks = PathDiagnosis.Run(facts);
            bool external = kind == TrustNodeKind.Anyone || kind == TrustNodeKind.ExternalAccount || kind == TrustNodeKind.ExternalPrincipal;
            var conditions = EdgeClassifier.Conditions(facts, checks, external, out var undecided);
            if (conditions == null)
            {
                if (undecided != null) _undecided.AddOrUpdate($"{undecided.Check}: {undecided.Summary}", 1, (_, n) => n + 1);
                return null;
            }
            var trustView = facts.Evaluation.Layer(PolicyLayer.ResourcePolicy);
            var trustStatement = trustView.CertainAllows.Concat(trustView.AllowCandidates("sts:AssumeRole")).FirstOrDefault()?.Ref;
            var identityStatement = facts.Source.User == null && facts.Source.Role == null || !kindInData(kind) ? null
                : facts.Evaluation.Layer(PolicyLayer.IdentityPolicy).CertainAllows.FirstOrDefault()?.Ref;
            return new TrustEdge(Node(sourceId, kind, sourceAccount), roleNode, "sts:AssumeRole", trustStatement, identityStatement, conditions);

            static bool kindInData(TrustNodeKind k) => k == TrustNodeKind.User || k == TrustNodeKind.Role;
        }

        private TrustNode Node(string id, TrustNodeKind kind, string? account) => _nodes.GetOrAdd(id, _ => new TrustNode(id, kind, account));
    }
}
