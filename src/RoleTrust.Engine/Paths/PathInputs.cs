using System.Collections.Generic;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths
{
    /// <summary>
    /// The policies of one layer as gathered from a data source, with what could not be gathered. A layer
    /// with gaps can still prove a denial, but never an allow.
    /// </summary>
    internal sealed class LayerInputs
    {
        public List<PolicyDocument> Policies { get; } = new List<PolicyDocument>();
        public List<string> Missing { get; } = new List<string>();
        public bool Complete => Missing.Count == 0;

        public void Add(PolicyCache cache, PolicySource? source, string name, PolicyType type, string? arn = null)
        {
            if (source == null) { Missing.Add($"{name} has no document in the data"); return; }
            try { Policies.Add(cache.Get(source.Text, name, type, arn)); }
            catch (PolicyFormatException ex) { Missing.Add($"{name} cannot be evaluated: {ex.Message}"); }
        }

        public void AddManaged(PolicyCache cache, IAccountDataSource data, string arn, string name, string viewingAccount, PolicyType type)
        {
            var p = data.GetManagedPolicy(arn, viewingAccount);
            if (p.Value == null) { Missing.Add(p.Reason!); return; }
            Add(cache, p.Value.DefaultVersion, p.Value.Name, type, arn);
        }
    }

    /// <summary>SCP or RCP levels from the root down to an account, as policy levels for the evaluator.</summary>
    internal sealed class OrgInputs
    {
        public List<PolicyLevel> Levels { get; } = new List<PolicyLevel>();
        public List<string> Missing { get; } = new List<string>();

        public static OrgInputs For(OrganizationData org, string accountId, bool scp, PolicyCache cache)
        {
            var inputs = new OrgInputs();
            var path = org.PathTo(accountId);
            if (path == null) { inputs.Missing.Add($"organization.json does not link account {accountId} to a root"); return inputs; }
            foreach (var node in path)
            {
                var docs = new List<PolicyDocument>();
                foreach (var p in org.PoliciesAt(node))
                {
                    if (scp ? !p.IsScp : !p.IsRcp) continue;
                    try { docs.Add(cache.Get(p.Content, p.Name, scp ? PolicyType.ServiceControl : PolicyType.ResourceControl, p.Arn ?? p.Id)); }
                    catch (PolicyFormatException ex) { inputs.Missing.Add($"{p.Name} ({p.Id}) cannot be evaluated: {ex.Message}"); }
                }
                if (scp || docs.Count > 0) inputs.Levels.Add(new PolicyLevel(org.Describe(node), docs));
            }
            return inputs;
        }
    }
}
