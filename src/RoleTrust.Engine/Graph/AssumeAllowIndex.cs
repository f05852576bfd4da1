using System;
using System.Collections.Generic;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// For one principal of the data: the identity-based Allow statements that could let it call sts:AssumeRole, so that
    /// a trust naming a whole account (or "*") is expanded only to the principals that could use it, instead of testing
    /// every principal against every role. Conditions are ignored here: the path checks decide every candidate.
    /// </summary>
    internal sealed class AssumeAllowIndex
    {
        private static readonly RequestContext NoContext = new RequestContext();
        private readonly List<Statement> _allows = new List<Statement>();

        /// <summary>True when some identity data could not be read: the principal stays a candidate for every role.</summary>
        public bool Incomplete { get; private set; }

        public static AssumeAllowIndex For(IamPrincipalData principal, string accountId, IAccountDataSource data, PolicyCache cache)
        {
            var index = new AssumeAllowIndex();
            if (principal.ProblemWith(EntityField.InlinePolicies) != null || principal.ProblemWith(EntityField.AttachedPolicies) != null
                || principal.ProblemWith(EntityField.Groups) != null) index.Incomplete = true;
            foreach (var p in principal.InlinePolicies) index.Add(cache, p.Document, p.Name);
            foreach (var p in principal.AttachedPolicies) index.AddManaged(cache, data, p.Arn, accountId);
            if (principal is IamUser user)
                foreach (var groupName in user.Groups)
                {
                    var g = data.GetGroup(accountId, groupName).Value;
                    if (g == null || g.Problems.Count > 0) { index.Incomplete = true; if (g == null) continue; }
                    foreach (var p in g.InlinePolicies) index.Add(cache, p.Document, p.Name);
                    foreach (var p in g.AttachedPolicies) index.AddManaged(cache, data, p.Arn, accountId);
                }
            return index;
        }

        private void AddManaged(PolicyCache cache, IAccountDataSource data, string arn, string accountId)
        {
            var p = data.GetManagedPolicy(arn, accountId).Value;
            if (p == null || p.Problem != null || p.DefaultVersion == null) { Incomplete = true; return; }
            Add(cache, p.DefaultVersion, p.Name);
        }

        private void Add(PolicyCache cache, PolicySource document, string name)
        {
            PolicyDocument policy;
            try { policy = cache.Get(document.Text, name, PolicyType.Identity); }
            catch (PolicyFormatException) { Incomplete = true; return; }
            foreach (var s in policy.Statements)
                if (s.Effect == Effect.Allow && s.MatchesAction("sts:AssumeRole")) _allows.Add(s);
        }

        /// <summary>Whether some Allow statement could cover sts:AssumeRole on this role (resource patterns with variables count as could).</summary>
        public bool CouldAllow(string roleArn)
        {
            if (Incomplete) return true;
            foreach (var s in _allows)
            {
                if (s.Resource == null || s.MatchesResource(roleArn, NoContext)) return true;
                foreach (var pattern in s.Resource.Patterns) if (pattern.IndexOf("${", StringComparison.Ordinal) >= 0) return true;
            }
            return false;
        }

        /// <summary>True when the principal has no identity-based allow for sts:AssumeRole at all.</summary>
        public bool Empty => !Incomplete && _allows.Count == 0;
    }
}
