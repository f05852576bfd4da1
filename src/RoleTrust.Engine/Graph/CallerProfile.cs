using System.Collections.Generic;
using System.Text;
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
        public ulong ResourceBits(string roleArn)
        {
            ulong bits = 0;
            for (int i = 0; i < Statements.Length; i++)
                if (Statements[i].MatchesResource(roleArn, NoContext)) bits |= 1UL << i;
            return bits;
        }

        /// <summary>
        /// The documents and traits of one principal, gathered before profiles are keyed (the key needs the tag keys every
        /// policy of the data reads).
        /// </summary>
        internal sealed class Draft
        {
            public readonly StringBuilder Documents = new StringBuilder();
            public readonly List<Statement> Statements = new List<Statement>();
            public readonly List<Statement> IdentityAllows = new List<Statement>();
            public readonly List<Statement> Boundary = new List<Statement>();
            public bool HasBoundary;
            /// <summary>The principal's own identity statements that can decide sts:AssumeRole, with their documents (for evidence).</summary>
            public readonly List<(PolicyDocument Doc, Statement Statement)> Own = new List<(PolicyDocument, Statement)>();
            public readonly StatementTraits Traits = new StatementTraits();
            public bool Incomplete;
            public bool Individual;
            /// <summary>The profile's key before the tags some statement reads are added.</summary>
            public string? Key;

            public static Draft For(IamPrincipalData principal, string accountId, AccountProfile account, IAccountDataSource data, PolicyIntern intern)
            {
                var d = new Draft();
                if (principal.Problems.Count > 0) d.Incomplete = true;
                foreach (var p in principal.InlinePolicies) d.Add(intern, p.Document.Text, p.Name, null, identity: true);
                foreach (var p in principal.AttachedPolicies) d.AddManaged(intern, data, p.Arn, accountId, identity: true);
                if (principal is IamUser user)
                    foreach (var groupName in user.Groups)
                    {
                        var g = data.GetGroup(accountId, groupName).Value;
                        if (g == null || g.Problems.Count > 0) { d.Incomplete = true; if (g == null) continue; }
                        foreach (var p in g.InlinePolicies) d.Add(intern, p.Document.Text, $"{groupName}/{p.Name}", null, identity: true);
                        foreach (var p in g.AttachedPolicies) d.AddManaged(intern, data, p.Arn, accountId, identity: true);
                    }
                if (principal.PermissionsBoundaryArn != null)
                {
                    d.Documents.Append("|B:");
                    d.HasBoundary = true;
                    d.AddManaged(intern, data, principal.PermissionsBoundaryArn, accountId, identity: false);
                }
                foreach (var s in account.ScpStatements) d.Statements.Add(s);
                d.Traits.Add(account.ScpTraits);
                d.Individual = d.Incomplete || d.Traits.Unshareable || d.Statements.Count > 64;
                return d;
            }

            private void AddManaged(PolicyIntern intern, IAccountDataSource data, string arn, string accountId, bool identity)
            {
                var p = data.GetManagedPolicy(arn, accountId).Value;
                if (p == null || p.Problem != null || p.DefaultVersion == null) { Incomplete = true; return; }
                // The path checks name a boundary by its ARN and an attached policy by its name.
                Add(intern, p.DefaultVersion.Text, identity ? p.Name : arn, p.Arn, identity);
            }

            private void Add(PolicyIntern intern, string text, string name, string? arn, bool identity)
            {
                PolicyDocument doc;
                try { doc = intern.Get(text, name, identity ? PolicyType.Identity : PolicyType.PermissionsBoundary, arn); }
                catch (PolicyFormatException) { Incomplete = true; return; }
                // Only statements that can decide sts:AssumeRole reach a decision (the rest are listed in the checks' evidence
                // only), and they do by their meaning: the profile names them by text, not by the policy that holds them.
                foreach (var s in doc.Statements)
                {
                    if (!StatementTraits.Decides(s)) continue;
                    Documents.Append(intern.MeaningOf(doc, s, identity ? 'I' : 'B')).Append(',');
                    Statements.Add(s);
                    Traits.Add(doc, s);
                    if (!identity) { Boundary.Add(s); continue; }
                    Own.Add((doc, s));
                    if (s.Effect == Effect.Allow) IdentityAllows.Add(s);
                }
            }
        }
    }
}
