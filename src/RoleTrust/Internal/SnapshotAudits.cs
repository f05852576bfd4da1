using System.Runtime.CompilerServices;
using RoleTrust.Engine.Audit;

namespace RoleTrust.Internal
{
    /// <summary>
    /// One trust auditor (zone and parsed trust policies) per loaded snapshot, kept as long as the snapshot object lives:
    /// asking a loaded snapshot again, or with other filters, parses nothing twice.
    /// </summary>
    internal static class SnapshotAudits
    {
        private static readonly ConditionalWeakTable<Snapshot, TrustPolicyAuditor> Auditors = new ConditionalWeakTable<Snapshot, TrustPolicyAuditor>();

        public static TrustPolicyAuditor For(Snapshot snapshot) =>
            Auditors.GetValue(snapshot, s => new TrustPolicyAuditor(TrustAudit.ZoneFor(s.Source.Organization, s.Source.Accounts)));
    }
}
