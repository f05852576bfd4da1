using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// What a decision should be read with: problems in the policies that do not stop evaluation but change what AWS
    /// does (duplicate JSON keys, elements IAM rejects in a trust policy), and the evaluator's own doubts.
    /// </summary>
    public static class DecisionWarnings
    {
        private static readonly string[] None = new string[0];

        [MethodImpl(HotPath.Options)]
        public static IReadOnlyList<string> Collect(EvaluationRequest r, EvaluationResult result)
        {
            List<string>? list = null;
            void AddText(string text) => (list ??= new List<string>()).Add(text);
            void Add(IEnumerable<PolicyDocument>? docs)
            {
                if (docs == null) return;
                foreach (var d in docs) foreach (var w in d.Warnings) AddText($"{d.Name}: {w}");
            }
            Add(r.IdentityPolicies); Add(r.PermissionsBoundaries); Add(r.SessionPolicies); Add(r.VpcEndpointPolicies);
            if (r.ResourcePolicy != null)
            {
                Add(new[] { r.ResourcePolicy });
                if (ServiceRules.Classify(r.Action, r.Resource) == ResourcePolicyRole.RoleTrust)
                    foreach (var s in r.ResourcePolicy.Statements)
                        if (s.IsNotPrincipal || s.Resource != null)
                            AddText($"{r.ResourcePolicy.Name}: statement {s.Index} uses {(s.IsNotPrincipal ? "NotPrincipal" : "Resource")}, which IAM rejects in a role trust policy; evaluated as written.");
            }
            if (r.ServiceControlPolicies != null) foreach (var l in r.ServiceControlPolicies) Add(l.Policies);
            if (r.ResourceControlPolicies != null) foreach (var l in r.ResourceControlPolicies) Add(l.Policies);
            foreach (var w in result.Warnings) AddText(w);
            return (IReadOnlyList<string>?)list ?? None;
        }
    }
}
