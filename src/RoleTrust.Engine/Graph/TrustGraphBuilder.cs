using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Builds the index of a trust graph: for every principal of the data its caller profile (the statements of its
    /// identity policies, boundary and SCPs that can decide sts:AssumeRole), for every role whom its trust policy could
    /// admit (named principals, whole accounts, "*", services and identity providers) and its role class, and the
    /// reverse lookups (roles naming a principal, roles trusting an account, roles trusting "*"). No pair is decided
    /// here: <see cref="TrustGraph"/> decides pairs with the path checks when a query first needs them.
    /// </summary>
    public static class TrustGraphBuilder
    {
        /// <summary>An account ID no real account has: the stand-in for "anyone" in a trust of "*".</summary>
        internal const string AnyoneAccount = "000000000000";

        /// <param name="progress">Called with (entities indexed, entities in all): principals, then roles.</param>
        [MethodImpl(HotPath.Options)]
        public static TrustGraph Build(IReadOnlyCollection<AccountData> accounts, IAccountDataSource data, DateTimeOffset now,
            Action<int, int>? progress = null, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            int nextAccountKey = 0, nextDraft = 0;
            var accountIds = new HashSet<string>(accounts.Select(a => a.AccountId), StringComparer.Ordinal);
            var external = new ExternalPrincipalSource(data, accountIds);
            using var intern = new PolicyIntern();
            var nodes = new ConcurrentDictionary<string, TrustNode>(StringComparer.Ordinal);
            var options = new ParallelOptions { CancellationToken = cancellationToken };

            var accountProfiles = new ConcurrentDictionary<string, AccountProfile>(StringComparer.Ordinal);
            var accountKeys = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            [MethodImpl(HotPath.Options)]
            AccountProfile ProfileOf(string account)
            {
                if (accountProfiles.TryGetValue(account, out var known)) return known;
                var fresh = AccountProfile.For(account, data, intern);
                fresh.KeyId = accountKeys.GetOrAdd(fresh.Key, _ => Interlocked.Increment(ref nextAccountKey));
                return accountProfiles.GetOrAdd(account, fresh);
            }
            var drafts = new ConcurrentDictionary<CallerProfile.Draft.Key, CallerProfile.Draft>();

            // Sized at once (each account's users, then its roles): grown, they were some 8 MB of large-object arrays.
            int principalCount = 0, roleCount = 0;
            foreach (var a in accounts) { principalCount += a.Users.Count + a.Roles.Count; roleCount += a.Roles.Count; }
            var principals = new List<(string Account, IamPrincipalData Principal)>(principalCount);
            var roles = new List<(string Account, IamRole Role)>(roleCount);
            foreach (var a in accounts)
            {
                foreach (var u in a.Users.Values) principals.Add((a.AccountId, u));
                foreach (var r in a.Roles.Values) { principals.Add((a.AccountId, r)); roles.Add((a.AccountId, r)); }
            }
            int total = principals.Count + roles.Count, done = 0;
            void Tick()
            {
                int n = Interlocked.Increment(ref done);
                if (progress != null && (n % 1000 == 0 || n == total)) progress(n, total);
            }

            // 1. Principals: their documents and the statements that can decide sts:AssumeRole.
            var graphPrincipals = new GraphPrincipal[principals.Count];
            var owns = new ConcurrentDictionary<(PolicyDocument, Statement)[], OwnStatements>(OwnStatements.Same.Instance);
            Parallel.For(0, principals.Count, options, [MethodImpl(HotPath.Options)] (i) =>
            {
                var (account, p) = principals[i];
                var gp = new GraphPrincipal(p, account, IdentityOf(p, account)) { Account = ProfileOf(account) };
                gp.Draft = CallerProfile.Draft.For(p, account, gp.Account, (int)gp.Kind, gp.Identity.IsServiceLinkedRole ? 1 : 0, data, intern, drafts,
                    ref nextDraft, out var own, out bool individual);
                // The list is the thread's buffer: looked up as it is, copied only when new.
                gp.Own = owns.TryGetValue(own, out var known) ? known : owns.GetOrAdd((((PolicyDocument, Statement)[])own.Clone()), o => new OwnStatements(o));
                gp.Individual = individual;
                // How the principal-naming conditions of its profile come out for it (the profile's traits are its draft's).
                var traits = gp.Draft.Traits;
                gp.ProfileBits = gp.ConditionBits(traits);
                graphPrincipals[i] = gp;
                Tick();
            });

            var principalsDone = watch.Elapsed;
            // 2. Roles: trust policies, whom they could admit, and what they read.
            var problems = new ConcurrentBag<string>();
            var graphRoles = new GraphRole[roles.Count];
            var candidates = new ConcurrentDictionary<PolicyDocument, TrustCandidates>();
            var shapes = new ConcurrentDictionary<CallerProfile.Draft.Key, TrustShape>();
            Parallel.For(0, roles.Count, options, [MethodImpl(HotPath.Options)] (i) =>
            {
                var (account, role) = roles[i];
                var r = new GraphRole(role, account) { Account = ProfileOf(account) };
                IndexTrust(r, intern, accountIds, external, nodes, problems, candidates, shapes);
                graphRoles[i] = r;
                Tick();
            });
            cancellationToken.ThrowIfCancellationRequested();
            var rolesDone = watch.Elapsed;

            // 3. Keys: the tags some statement reads are part of a profile; the rest of a principal's tags are not.
            var principalTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var resourceTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            [MethodImpl(HotPath.Options)]
            void Collect(StatementTraits t)
            {
                foreach (var k in t.Keys)
                {
                    if (k.StartsWith("aws:PrincipalTag/", StringComparison.OrdinalIgnoreCase)) principalTags.Add(k.Substring(17));
                    else if (k.StartsWith("aws:ResourceTag/", StringComparison.OrdinalIgnoreCase)) resourceTags.Add(k.Substring(16));
                }
            }
            foreach (var d in drafts.Values) Collect(d.Traits);
            foreach (var r in graphRoles) Collect(r.Traits);

            // A profile is a shared draft and the values of the tags some statement reads; or a principal alone. Profiles
            // and role classes are numbered in a fixed order, each on its own thread; the tag texts are written in parallel.
            var tagTexts = new string[graphPrincipals.Length];
            if (principalTags.Count > 0)
                Parallel.For(0, graphPrincipals.Length, options, [MethodImpl(HotPath.Options)] (i) => tagTexts[i] = graphPrincipals[i].Individual ? "" : Tags(graphPrincipals[i].Data, principalTags));
            [MethodImpl(HotPath.Options)]
            void NumberProfiles()
            {
                var profiles = new Dictionary<(int Draft, string Tags), CallerProfile>();
                for (int i = 0; i < graphPrincipals.Length; i++)
                {
                    var p = graphPrincipals[i];
                    var d = p.Draft!;
                    var key = p.Individual ? (-1, p.Arn) : (d.Id, tagTexts[i] ?? "");
                    if (!profiles.TryGetValue(key, out var profile))
                        profiles[key] = profile = new CallerProfile(profiles.Count, p.Individual, d.StatementArray, d.Traits, d.IdentityAllows, d.Incomplete, d.BoundaryArray);
                    p.Profile = profile;
                    p.Draft = null;
                }
            }
            [MethodImpl(HotPath.Options)]
            void NumberClasses()
            {
                var classes = new Dictionary<(CallerProfile.Draft.Key Trust, string Tags), int>();
                foreach (var r in graphRoles)
                {
                    if (r.Trust == null || r.Role.Problems.Count > 0 || r.Traits.Unshareable || r.Traits.ResourceInTrust
                        || r.TrustStatements.Length > 16 || r.Account.RcpStatements.Length > 64) continue;
                    var key = (r.ClassKey, resourceTags.Count == 0 ? "" : Tags(r.Role, resourceTags));
                    if (!classes.TryGetValue(key, out int id)) classes[key] = id = classes.Count;
                    r.ClassId = id;
                }
            }
            Parallel.Invoke(options, NumberProfiles, NumberClasses);

            var decider = new EdgeDecider(external, now);
            var ordered = problems.OrderBy(p => p, StringComparer.Ordinal).ToList();
            var keysDone = watch.Elapsed;
            var graph = new TrustGraph(graphPrincipals, graphRoles, nodes, decider, external, ordered, watch.Elapsed);
            graph.BuildPhases = $"principals {principalsDone.TotalSeconds:N2} s, roles {(rolesDone - principalsDone).TotalSeconds:N2} s, keys {(keysDone - rolesDone).TotalSeconds:N2} s, lookups {(watch.Elapsed - keysDone).TotalSeconds:N2} s";
            return graph;
        }

        /// <summary>
        /// A user as itself; a role as a session of itself, named as the path checks name it. The index keeps one for each
        /// of its principals: their parts are the account's, the data's and shared strings rather than substrings of each ARN.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static PrincipalIdentity IdentityOf(IamPrincipalData p, string accountId)
        {
            bool user = p is IamUser;
            var parts = PrincipalIdentity.FromParts(p.Arn, user, accountId, p.Path, p.Name, p.Id, user ? null : SessionName);
            if (parts != null) return parts;
            var arn = PrincipalIdentity.Parse(p.Arn);
            if (p is IamUser) return arn.With(uniqueId: p.Id).Sharing(Partition(arn.Partition), accountId, p.Name, p.Path, null);
            return PrincipalIdentity.Parse($"arn:{arn.Partition}:sts::{arn.AccountId}:assumed-role/{p.Name}/{SessionName}").With(rolePath: p.Path, uniqueId: p.Id)
                .Sharing(Partition(arn.Partition), accountId, p.Name, p.Path, SessionName);
        }

        /// <summary>The session name of a role acting as a caller.</summary>
        private const string SessionName = "RoleTrust";

        private static string? Partition(string? partition) => partition == "aws" ? "aws" : partition;

        /// <summary>
        /// The tags some statement reads, as text: part of a profile's or role class's key. Written for every principal and
        /// role, so the kept tags and the text are gathered in buffers kept per thread (a list, a sort and a builder per
        /// entity were some 20 MB of the index's garbage); only the text is new.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static string Tags(IamPrincipalData p, HashSet<string> read)
        {
            var tags = p.Tags;
            if (read.Count == 0 || tags.Count == 0) return "";
            var kept = _keptTags ??= new List<KeyValuePair<string, string>>();
            kept.Clear();
            foreach (var t in tags) if (read.Contains(t.Key)) kept.Add(t);
            if (kept.Count == 0) return "";
            // A stable sort (insertion, on a few tags), as OrderBy was: tags whose keys differ only in case keep the data's order.
            for (int i = 1; i < kept.Count; i++)
            {
                var t = kept[i];
                int j = i - 1;
                for (; j >= 0 && StringComparer.OrdinalIgnoreCase.Compare(kept[j].Key, t.Key) > 0; j--) kept[j + 1] = kept[j];
                kept[j + 1] = t;
            }
            var sb = _tagText ??= new StringBuilder();
            sb.Clear();
            foreach (var t in kept)
                sb.Append(t.Key.Length).Append(':').Append(t.Key).Append('=').Append(t.Value.Length).Append(':').Append(t.Value).Append(';');
            return sb.ToString();
        }

        [ThreadStatic] private static List<KeyValuePair<string, string>>? _keptTags;
        [ThreadStatic] private static StringBuilder? _tagText;

        private static readonly RequestContext NoContext = new RequestContext();

        /// <summary>
        /// What the roles of one class key (the meanings of a trust's statements and the account profile) read: their trust
        /// statements and the RCPs above them. Made once per key and shared: 100,000 roles have some 26,000 keys, and the
        /// index keeps this as long as it lives.
        /// </summary>
        private sealed class TrustShape
        {
            public TrustShape(CallerProfile.Draft.Key key, PolicyDocument trust, Statement[] deciding, AccountProfile account)
            {
                ClassKey = key;
                foreach (var s in deciding)
                {
                    Traits.Add(trust, s);
                    if (s.Resource != null) Traits.ResourceInTrust = true;
                }
                Traits.Add(account.RcpTraits);
            }

            public readonly CallerProfile.Draft.Key ClassKey;
            public readonly StatementTraits Traits = new StatementTraits();
        }

        [MethodImpl(HotPath.Options)]
        private static void IndexTrust(GraphRole r, PolicyIntern intern, HashSet<string> accountIds, ExternalPrincipalSource external,
            ConcurrentDictionary<string, TrustNode> nodes, ConcurrentBag<string> problems, ConcurrentDictionary<PolicyDocument, TrustCandidates> candidates,
            ConcurrentDictionary<CallerProfile.Draft.Key, TrustShape> shapes)
        {
            var role = r.Role;
            if (role.TrustPolicy == null || role.ProblemWith(EntityField.TrustPolicy) != null)
            {
                r.Problem = $"{role.Arn}: the trust policy is missing or malformed in the data";
                problems.Add(r.Problem);
                return;
            }
            PolicyDocument trust;
            try { trust = intern.GetSharedTrust(role.TrustPolicy.Text, role.Name); }
            catch (PolicyFormatException ex)
            {
                r.Problem = $"{role.Arn}: the trust policy cannot be evaluated: {ex.Message}";
                problems.Add(r.Problem);
                return;
            }
            r.Trust = trust;
            if (!candidates.TryGetValue(trust, out var admits)) admits = candidates.GetOrAdd(trust, CandidatesOf(trust, accountIds, external, nodes));
            r.Candidates = admits;
            // The trust policy by its meaning: roles stamped out with the same trust share decisions (evidence is named per role).
            // Looked up on the thread's buffer; only a new key is copied out (see CallerProfile.Draft.Key).
            int length = trust.Statements.Count + 1;
            var codes = CallerProfile.Draft.Key.Buffer(length);
            codes[0] = r.Account.KeyId;
            for (int i = 0; i < trust.Statements.Count; i++) codes[i + 1] = intern.MeaningOf(trust, trust.Statements[i], 'T');
            var probe = new CallerProfile.Draft.Key(codes, length);
            if (!shapes.TryGetValue(probe, out var shape))
            {
                var key = probe.Kept();
                shape = shapes.GetOrAdd(key, new TrustShape(key, trust, admits.Deciding, r.Account));
            }
            r.ClassKey = shape.ClassKey;
            r.Traits = shape.Traits;
            ulong bits = 0;
            for (int i = 0; i < r.Account.RcpStatements.Length && i < 64; i++)
                if (r.Account.RcpStatements[i].MatchesResource(role.Arn, NoContext)) bits |= 1UL << i;
            r.RcpBits = bits;
        }

        /// <summary>Whom a trust text could admit, and its statements that can decide sts:AssumeRole.</summary>
        [MethodImpl(HotPath.Options)]
        private static TrustCandidates CandidatesOf(PolicyDocument trust, HashSet<string> accountIds, ExternalPrincipalSource external,
            ConcurrentDictionary<string, TrustNode> nodes)
        {
            var deciding = new List<Statement>();
            foreach (var s in trust.Statements) if (StatementTraits.Decides(s)) deciding.Add(s);
            var c = new TrustCandidates(deciding.ToArray());
            foreach (var s in trust.Statements)
            {
                if (s.Effect != Effect.Allow) continue;
                if (s.IsNotPrincipal) { if (s.MatchesAction("sts:AssumeRole")) c.Wildcard = true; continue; }
                foreach (var entry in s.Principal?.Entries ?? (IReadOnlyList<PrincipalEntry>)Array.Empty<PrincipalEntry>())
                    AddCandidate(c, entry, s, accountIds, external, nodes);
            }
            return c;
        }

        [MethodImpl(HotPath.Options)]
        private static void AddCandidate(TrustCandidates r, PrincipalEntry entry, Statement s, HashSet<string> accountIds,
            ExternalPrincipalSource external, ConcurrentDictionary<string, TrustNode> nodes)
        {
            switch (entry.MatchKind)
            {
                case PrincipalMatch.Wildcard:
                    if (s.MatchesAction("sts:AssumeRole")) r.Wildcard = true;
                    return;
                case PrincipalMatch.Account:
                {
                    if (!s.MatchesAction("sts:AssumeRole")) return;
                    string trusted = entry.AccountId!;
                    r.AddTrustedAccount(trusted, accountIds.Contains(trusted));
                    return;
                }
                case PrincipalMatch.Service:
                case PrincipalMatch.Federated:
                {
                    string action = entry.MatchKind == PrincipalMatch.Service ? "sts:AssumeRole"
                        : s.MatchesAction("sts:AssumeRoleWithSAML") && entry.Value.Contains(":saml-provider/") ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
                    if (!s.MatchesAction(action)) return;
                    var kind = entry.MatchKind == PrincipalMatch.Service ? TrustNodeKind.Service : TrustNodeKind.Federated;
                    var node = nodes.GetOrAdd(entry.Value, id => new TrustNode(id, kind, entry.Named?.AccountId));
                    // A service or an identity provider is not an IAM principal: the path checks do not apply; the
                    // statement's conditions are what the request must meet.
                    r.AddDirect(new TrustCandidates.DirectSource(node, action, s));
                    return;
                }
                case PrincipalMatch.CanonicalUser:
                    return;
            }
            if (entry.IsUniqueId || entry.Named == null || !s.MatchesAction("sts:AssumeRole")) return; // a deleted principal admits no one
            var named = entry.Named;
            string account = named.AccountId!;
            foreach (var n in r.Named) if (n.Arn == named.Arn) return;
            if (!accountIds.Contains(account))
            {
                external.Name(named);
                r.AddNamed((named.Arn, TrustNodeKind.ExternalPrincipal, account));
                return;
            }
            r.AddNamed((named.Arn, named.Kind == PrincipalKind.User ? TrustNodeKind.User : TrustNodeKind.Role, account));
        }
    }
}
