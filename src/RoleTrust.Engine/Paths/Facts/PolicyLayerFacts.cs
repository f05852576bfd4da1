using System.Collections.Generic;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// The policies of one layer as gathered from a data source, with what could not be gathered. A layer with
    /// gaps can still prove a denial, but never an allow.
    /// </summary>
    public sealed class PolicyLayerFacts
    {
        private readonly List<PolicyDocument> _policies = new List<PolicyDocument>();
        private readonly List<DataGap> _gaps = new List<DataGap>();

        public IReadOnlyList<PolicyDocument> Policies => _policies;
        public IReadOnlyList<DataGap> Gaps => _gaps;
        public bool Complete => _gaps.Count == 0;

        internal void AddGap(DataGap gap) => _gaps.Add(gap);

        /// <summary>Adds a policy document; one that cannot be parsed (or uses what the engine does not model) is a gap.</summary>
        internal void Add(PolicyCache cache, PolicySource? source, string name, PolicyType type, string? accountId, string? arn = null)
        {
            if (source == null)
            {
                _gaps.Add(new DataGap(DataGapKind.PolicyDocument, DataGapCause.NotCollected, accountId, arn ?? name, detail: "the policy document is missing"));
                return;
            }
            try { _policies.Add(cache.Get(source.Text, name, type, arn)); }
            catch (PolicyFormatException ex) { _gaps.Add(new DataGap(DataGapKind.PolicyDocument, DataGapCause.Malformed, accountId, arn ?? name, detail: ex.Message)); }
        }

        internal void AddManaged(PolicyCache cache, IAccountDataSource data, string arn, string name, string viewingAccount, PolicyType type)
        {
            var p = data.GetManagedPolicy(arn, viewingAccount);
            if (p.Value == null)
            {
                _gaps.Add(p.Gap ?? new DataGap(DataGapKind.ManagedPolicy, DataGapCause.NotCollected, viewingAccount, arn, detail: p.NotFoundReason));
                return;
            }
            if (p.Value.Problem != null) { _gaps.Add(p.Value.Problem); return; }
            Add(cache, p.Value.DefaultVersion, p.Value.Name, type, viewingAccount, arn);
        }
    }
}
