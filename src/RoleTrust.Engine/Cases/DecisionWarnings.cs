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
            void Add(IReadOnlyList<PolicyDocument>? docs)
            {
                if (docs == null) return;
                for (int i = 0; i < docs.Count; i++)
                {
                    var d = docs[i];
                    for (int k = 0; k < d.Warnings.Count; k++) AddText($"{d.Name}: {d.Warnings[k]}");
                }
            }
            Add(r.IdentityPolicies); Add(r.PermissionsBoundaries); Add(r.SessionPolicies); Add(r.VpcEndpointPolicies);
            if (r.ResourcePolicy != null)
            {
                foreach (var w in r.ResourcePolicy.Warnings) AddText($"{r.ResourcePolicy.Name}: {w}");
                if (ServiceRules.Classify(r.Action, r.Resource) == ResourcePolicyRole.RoleTrust)
                    foreach (var s in r.ResourcePolicy.Statements)
                        if (s.IsNotPrincipal || s.Resource != null)
                            AddText($"{r.ResourcePolicy.Name}: statement {s.Index} uses {(s.IsNotPrincipal ? "NotPrincipal" : "Resource")}, which IAM rejects in a role trust policy; evaluated as written.");
            }
            if (r.ServiceControlPolicies != null) for (int i = 0; i < r.ServiceControlPolicies.Count; i++) Add(r.ServiceControlPolicies[i].Policies);
            if (r.ResourceControlPolicies != null) for (int i = 0; i < r.ResourceControlPolicies.Count; i++) Add(r.ResourceControlPolicies[i].Policies);
            for (int i = 0; i < result.Warnings.Count; i++) AddText(result.Warnings[i]);
            return (IReadOnlyList<string>?)list ?? None;
        }
    }
}
