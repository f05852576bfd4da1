using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Audit;
using RoleTrust.Graph;

namespace RoleTrust
{
    /// <summary>
    /// One relationship that differs between two snapshots (Compare-RoleTrustSnapshot): an assume edge or a trust finding
    /// that is in the later snapshot and not in the earlier one (Added), or the other way (Removed). Change and Kind are
    /// names, so a scheduled script can alert on them in any PowerShell version.
    /// </summary>
    public sealed class TrustChange
    {
        private TrustChange(string change, string kind, string source, string sourceKind, string role, bool conditional, IEnumerable<string> conditions,
            string ruleId, string severity, string account, string summary, string key)
        {
            Change = change; Kind = kind; Source = source; SourceKind = sourceKind; Role = role; Conditional = conditional;
            Conditions = ReadableList.From(conditions); RuleId = ruleId; Severity = severity; Account = account; Summary = summary; Key = key;
        }

        /// <summary>Added or Removed.</summary>
        public string Change { get; }
        /// <summary>Edge or Finding.</summary>
        public string Kind { get; }
        /// <summary>The principal of the edge, or the principal the finding's statement names.</summary>
        public string Source { get; }
        /// <summary>For an edge: User, Role, ExternalAccount, ExternalPrincipal, Service, Federated or Anyone.</summary>
        public string SourceKind { get; }
        public string Role { get; }
        /// <summary>For an edge: it holds only for some requests (its conditions say which).</summary>
        public bool Conditional { get; }
        public ReadableList<string> Conditions { get; }
        /// <summary>For a finding: its rule.</summary>
        public string RuleId { get; }
        /// <summary>For a finding: High, Medium, Low or Info.</summary>
        public string Severity { get; }
        /// <summary>The role's account.</summary>
        public string Account { get; }
        /// <summary>One sentence: what changed.</summary>
        public string Summary { get; }
        /// <summary>What identifies the relationship across snapshots (an edge's source, role and conditions; a finding's identity).</summary>
        public string Key { get; }

        internal static TrustChange ForEdge(string change, AssumeRoleHop hop, string key)
        {
            string account = Engine.Model.Arn.TryParse(hop.Role, out var arn) ? arn.Account : "";
            string how = hop.Conditional ? $" for requests that meet {hop.Conditions}" : "";
            string summary = change == "Added" ? $"{hop.Source} can now assume {hop.Role}{how}." : $"{hop.Source} can no longer assume {hop.Role}{how}.";
            return new TrustChange(change, "Edge", hop.Source, hop.SourceKind, hop.Role, hop.Conditional, hop.Conditions, "", "", account, summary, key);
        }

        internal static TrustChange ForFinding(string change, TrustFinding f) =>
            new TrustChange(change, "Finding", f.Principal, "", f.Role, false, new string[0], f.RuleId, f.Severity, f.Account,
                (change == "Added" ? "New finding: " : "Resolved finding: ") + f.Summary, FindingIdentity.Key(f));

        public override string ToString() => $"{Change} {Kind}: {Summary}";
    }
}
