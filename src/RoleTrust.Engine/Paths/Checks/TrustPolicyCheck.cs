using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>
    /// The role's trust policy has an Allow whose Principal matches the source and whose Action covers every action of
    /// the request, and no Deny matches. Its conditions are the next check's.
    /// </summary>
    internal sealed class TrustPolicyCheck : PolicyLayerRule
    {
        public override CheckName Name => CheckName.TrustPolicy;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var r = f.Role;
            if (r.Lookup.Status == LookupStatus.Unavailable)
                return Make(f, CheckStatus.Unknown, $"Cannot read the trust policy: {f.Phrasing.Describe(r.Lookup.Gap!)}.", fix: f.Phrasing.Remedy(r.Lookup.Gap!));
            if (r.Role == null) return Make(f, CheckStatus.NotApplicable, "The role was not found (see TargetRole).");
            if (r.Trust == null) return Make(f, CheckStatus.Unknown, $"Cannot evaluate the trust policy: {f.Phrasing.Describe(r.TrustGap!)}.", fix: f.Phrasing.Remedy(r.TrustGap!));
            if (!f.Source.Evaluated) return NotEvaluated(f);
            var e = f.Evaluation;
            var view = e.Layer(PolicyLayer.ResourcePolicy);
            if (view.CertainDenials.Count > 0) return DenyCheck(f, view.CertainDenials, "role trust policy");

            var trust = r.Trust;
            string who = f.Source.DisplayName;
            string notes = Notes(trust);
            var missingActions = e.Actions.Where(a => view.AllowCandidates(a).Count == 0).ToList();
            if (missingActions.Count > 0)
            {
                var admitting = view.AllowCandidates(e.Actions[0]);
                bool principalNamed = admitting.Count > 0 || view.Statements.Any(s => s.Statement.Effect == Effect.Allow && s.PrincipalMatch != PrincipalMatch.None);
                string summary = principalNamed
                    ? $"The trust policy admits {who} but no statement allows {string.Join(" and ", missingActions)}."
                    : $"No statement of the trust policy admits {who} (its ARN, its account, or \"*\") for {string.Join(" and ", missingActions)}.";
                var source = f.Source.Principal;
                if (source.IsRoleSession && source.Name == r.Name && source.AccountId == r.AccountId)
                    summary += " A role no longer trusts itself implicitly: its own trust policy must name it.";
                return Make(f, CheckStatus.Fail, summary + notes, evidence: "Trust policy: " + trust.Text,
                    fix: principalNamed ? $"Add {string.Join(", ", missingActions)} to the Action of the statement that admits the caller." : $"Add a statement allowing {who} to the role's trust policy.",
                    errorText: ErrorTexts.AccessDenied(source.Arn, missingActions[0], r.EvaluatedArn, PolicyLayer.ResourcePolicy, false, true),
                    change: Fixes.TrustAllow(trust, source, r.Name, missingActions, principalNamed ? admitting.Select(s => s.Statement).ToList() : null, FederatedConditions(f)));
            }
            if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, "role trust policy");
            var first = view.AllowCandidates(e.Actions[0])[0].Statement;
            return Make(f, CheckStatus.Pass, $"Trust statement {first.Index}{(first.Sid == null ? "" : " (" + first.Sid + ")")} admits {who} for {string.Join(" and ", e.Actions)}." + notes,
                evidence: $"{trust.Name}[{first.Index}]: {first.Text}");
        }

        /// <summary>The conditions a new trust statement for a web identity or SAML caller should carry: this token's audience and subject, the assertion's recipient.</summary>
        private static IReadOnlyList<KeyValuePair<string, string>>? FederatedConditions(PathFacts f)
        {
            var list = new List<KeyValuePair<string, string>>();
            if (f.Request.WebIdentity is Federation.WebIdentityClaims token)
            {
                var keys = token.ConditionKeys().Context;
                foreach (var suffix in new[] { ":aud", ":sub" })
                    if (keys.GetSingle(token.KeyPrefix + suffix) is string value) list.Add(new KeyValuePair<string, string>(token.KeyPrefix + suffix, value));
            }
            else if (f.Request.Saml is Federation.SamlAssertion saml && saml.Recipient.Length > 0)
                list.Add(new KeyValuePair<string, string>("SAML:aud", saml.Recipient));
            return list.Count == 0 ? null : list;
        }

        /// <summary>What is wrong with the document whatever the caller: deleted principals, elements IAM rejects in a trust policy.</summary>
        private static string Notes(PolicyDocument trust)
        {
            var orphans = trust.Statements.Where(s => s.Principal != null).SelectMany(s => s.Principal!.Entries).Where(e => e.IsUniqueId).Select(e => e.Value).Distinct().ToList();
            string notes = orphans.Count > 0 ? $" The trust names {string.Join(", ", orphans)}: IAM shows a unique ID like this when the principal it named was deleted; re-creating a principal with the same name does not restore trust." : "";
            var prohibited = trust.Statements.Where(s => s.IsNotPrincipal || s.Resource != null).Select(s => s.Index).ToList();
            if (prohibited.Count > 0)
                notes += $" Statement(s) {string.Join(", ", prohibited)} use NotPrincipal or Resource, which IAM rejects in a role trust policy (\"Has prohibited field\"): this document cannot be saved as it is.";
            return notes;
        }
    }
}
