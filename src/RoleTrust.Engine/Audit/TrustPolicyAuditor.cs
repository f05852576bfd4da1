using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Audit
{
    /// <summary>The findings of one role, or the problem that kept its trust policy from being audited.</summary>
    public sealed class RoleAudit
    {
        internal RoleAudit(string account, IamRole role, IReadOnlyList<TrustFinding> findings, TrustPolicyProblem? problem)
        {
            Account = account; Role = role; Findings = findings; Problem = problem;
        }

        public string Account { get; }
        public IamRole Role { get; }
        public IReadOnlyList<TrustFinding> Findings { get; }
        public TrustPolicyProblem? Problem { get; }
    }

    /// <summary>
    /// Applies the trust rules (<see cref="TrustRules"/>) to roles' trust policies: one finding per role, rule and
    /// statement. Every rule except InvalidTrustElement looks at Allow statements only. The zone decides which other
    /// accounts are "of the organization". Deterministic; parsed policies are cached by text.
    /// </summary>
    public sealed class TrustPolicyAuditor
    {
        private const string AssumeRole = "sts:AssumeRole";
        private const string AssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity";
        private const string AssumeRoleWithSaml = "sts:AssumeRoleWithSAML";

        private readonly TrustZone _zone;
        private readonly TrustPolicyCache _cache;

        public TrustPolicyAuditor(TrustZone zone, TrustPolicyCache? cache = null)
        {
            _zone = zone ?? throw new ArgumentNullException(nameof(zone));
            _cache = cache ?? new TrustPolicyCache();
        }

        public TrustZone Zone => _zone;
        public TrustPolicyCache Cache => _cache;

        /// <summary>Audits one role of <paramref name="accountId"/>.</summary>
        public RoleAudit Audit(string accountId, IamRole role)
        {
            if (role.TrustPolicy == null)
                return new RoleAudit(accountId, role, Array.Empty<TrustFinding>(), new TrustPolicyProblem(TrustPolicyProblem.MissingTrustPolicy, accountId, role.Arn,
                    $"Role {role.Arn} has no trust policy in the data, so its trust cannot be audited."));
            var parsed = _cache.Get(role.TrustPolicy.Text);
            if (parsed.Document == null)
                return new RoleAudit(accountId, role, Array.Empty<TrustFinding>(), new TrustPolicyProblem(TrustPolicyProblem.InvalidTrustPolicy, accountId, role.Arn,
                    $"The trust policy of role {role.Arn} cannot be audited: {parsed.Error!.Message} ({parsed.Error.ErrorId})", parsed.Error.ErrorId));
            return new RoleAudit(accountId, role, Audit(accountId, role.Arn, parsed.Document), null);
        }

        /// <summary>Audits a parsed trust policy of the role <paramref name="roleArn"/> in <paramref name="accountId"/>.</summary>
        public IReadOnlyList<TrustFinding> Audit(string accountId, string roleArn, PolicyDocument trust)
        {
            List<TrustFinding>? findings = null;
            foreach (var s in trust.Statements)
            {
                var context = new StatementContext(this, accountId, roleArn, s, trust.VariablesEnabled);
                context.Run();
                if (context.Findings != null) (findings ??= new List<TrustFinding>()).AddRange(context.Findings);
            }
            return findings ?? (IReadOnlyList<TrustFinding>)Array.Empty<TrustFinding>();
        }

        /// <summary>The rules applied to one statement; findings come out in rule order.</summary>
        private sealed class StatementContext
        {
            private readonly TrustPolicyAuditor _auditor;
            private readonly string _account;
            private readonly string _role;
            private readonly Statement _s;
            private readonly bool _variables;
            private string? _labelText;
            private string _label => _labelText ??= _s.Sid == null || _s.Sid.Length == 0 ? $"Statement {_s.Index}" : $"Statement {_s.Index} ({_s.Sid})";
            private SortedList<int, TrustFinding>? _byRule;

            public StatementContext(TrustPolicyAuditor auditor, string account, string role, Statement s, bool variables)
            {
                _auditor = auditor; _account = account; _role = role; _s = s; _variables = variables;
            }

            public IEnumerable<TrustFinding>? Findings => _byRule?.Values;

            private TrustZone Zone => _auditor._zone;

            public void Run()
            {
                CheckInvalidElements();
                if (_s.Effect != Effect.Allow) return;
                CheckForAllValues();
                if (_s.Principal == null || _s.IsNotPrincipal) return;

                // Most statements name one principal and meet no rule: collect lazily.
                bool wildcard = false;
                List<PrincipalEntry>? deleted = null, thirdParty = null, wholeAccounts = null, services = null;
                List<FederatedProvider>? oidc = null, saml = null;
                bool assumeRole = _s.MatchesAction(AssumeRole);
                bool webIdentity = _s.MatchesAction(AssumeRoleWithWebIdentity);
                bool withSaml = _s.MatchesAction(AssumeRoleWithSaml);

                foreach (var e in _s.Principal.Entries)
                {
                    if (e.MatchKind == PrincipalMatch.Wildcard)
                    {
                        wildcard |= assumeRole || webIdentity || withSaml;
                        continue;
                    }
                    switch (e.Type)
                    {
                        case "AWS":
                            if (e.IsUniqueId) { (deleted ??= new List<PrincipalEntry>()).Add(e); break; }
                            string? account = e.AccountId;
                            if (!assumeRole || account == null || account == _account) break;
                            if (!Zone.Contains(account)) (thirdParty ??= new List<PrincipalEntry>()).Add(e);
                            else if (e.MatchKind == PrincipalMatch.Account) (wholeAccounts ??= new List<PrincipalEntry>()).Add(e);
                            break;
                        case "Service":
                            if (assumeRole) (services ??= new List<PrincipalEntry>()).Add(e);
                            break;
                        case "Federated":
                            var provider = FederatedProvider.From(e.Value);
                            if (provider?.Kind == FederationKind.Oidc && webIdentity) (oidc ??= new List<FederatedProvider>()).Add(provider);
                            else if (provider?.Kind == FederationKind.Saml && withSaml) (saml ??= new List<FederatedProvider>()).Add(provider);
                            break;
                    }
                }

                if (wildcard) CheckWildcard();
                if (thirdParty != null) CheckThirdParty(thirdParty);
                if (deleted != null) ReportDeleted(deleted);
                if (oidc != null) CheckOidc(oidc);
                if (saml != null) CheckSaml(saml);
                if (services != null) CheckServices(services);
                if (wholeAccounts != null) ReportWholeAccounts(wholeAccounts);
            }

            // ------------------------------------------------------------------ rules

            private void CheckInvalidElements()
            {
                if (!_s.IsNotPrincipal && _s.Resource == null) return;
                var elements = new List<string>();
                if (_s.IsNotPrincipal) elements.Add("NotPrincipal");
                if (_s.Resource != null) elements.Add(_s.IsNotResource ? "NotResource" : "Resource");
                if (elements.Count == 0) return;
                var fixes = new List<string>();
                if (_s.IsNotPrincipal)
                    fixes.Add(_s.Effect == Effect.Deny
                        ? "replace NotPrincipal with \"Principal\": \"*\" and a condition \"ArnNotEquals\": {\"aws:PrincipalArn\": [...]} listing the principals it excluded"
                        : "replace NotPrincipal with a Principal element naming the principals that may assume the role");
                if (_s.Resource != null) fixes.Add($"remove the {elements[elements.Count - 1]} element (a trust policy always applies to its own role)");
                string principal = _s.IsNotPrincipal ? "NotPrincipal: " + Display(_s.Principal!.Entries) : Display(_s.Principal?.Entries);
                Add(TrustRules.InvalidTrustElementRule, principal,
                    $"{_label} uses {Join(elements)}, which IAM rejects in a role trust policy, so this document cannot be saved as it is.",
                    Capitalize(string.Join("; ", fixes)) + ".");
            }

            private void CheckForAllValues()
            {
                bool any = false;
                foreach (var c in _s.Conditions) any |= c.Operator.Set == SetQualifier.ForAllValues;
                if (!any) return;
                var misused = _s.Conditions.Where(c => c.Operator.Set == SetQualifier.ForAllValues && ConditionKeys.IsSingleValued(c.Key)).ToList();
                if (misused.Count == 0) return;
                string tests = Join(misused.Select(c => $"{c.Key} with {c.Operator.Text}").ToList());
                string fix = string.Join("; ", misused.Select(c => $"use {Narrowing.PlainOperator(c.Operator)} instead of {c.Operator.Text} on {c.Key}"));
                Add(TrustRules.ForAllValuesOnSingleValuedKeyRule, Display(_s.Principal?.Entries),
                    $"{_label} tests {tests}, which holds when the request has no value for the key, so a caller that omits it passes.",
                    Capitalize(fix) + ".");
            }

            private void CheckWildcard()
            {
                Narrowing? weak = null;
                foreach (var c in _s.Conditions)
                {
                    if (!ConditionKeys.CallerKeys.TryGetValue(c.Key, out var form)) continue;
                    var n = Narrowing.Assess(c, form, _variables);
                    if (n.Narrows) return;
                    weak ??= n;
                }
                string orgId = Zone.OrganizationId ?? "<your organization id>";
                string summary = $"{_label} lets any AWS principal assume the role: its Principal is \"*\" and no condition limits the caller's organization, account, ARN, external ID or source"
                    + (weak == null ? "." : $" ({weak.Reason}).");
                string fix = weak != null
                    ? Capitalize(weak.Fix!) + $", or add \"Condition\": {{\"StringEquals\": {{\"aws:PrincipalOrgID\": \"{orgId}\"}}}}."
                    : $"Add \"Condition\": {{\"StringEquals\": {{\"aws:PrincipalOrgID\": \"{orgId}\"}}}} (or name the principals that need the role instead of \"*\").";
                Add(TrustRules.WildcardPrincipalRule, "*", summary, fix);
            }

            private void CheckThirdParty(List<PrincipalEntry> entries)
            {
                Narrowing? weak = null;
                foreach (var c in _s.Conditions)
                {
                    if (!string.Equals(c.Key, ConditionKeys.ExternalId, StringComparison.OrdinalIgnoreCase)) continue;
                    var n = Narrowing.Assess(c, OwnerForm.Secret, _variables);
                    if (n.Narrows) return;
                    weak ??= n;
                }
                var accounts = entries.Select(e => e.AccountId!).Distinct().ToList();
                string who = entries.Count == 1
                    ? $"{entries[0].Value} (account {accounts[0]}, outside {Zone.Name})"
                    : $"principals of {(accounts.Count == 1 ? "account" : "accounts")} {Join(accounts)}, outside {Zone.Name},";
                string summary = $"{_label} lets {who} assume the role without requiring an external ID" + (weak == null ? "." : $" ({weak.Reason}).");
                string fix = weak != null
                    ? Capitalize(weak.Fix!) + "."
                    : $"Agree a unique external ID with the owner of {(accounts.Count == 1 ? "account " : "accounts ")}{Join(accounts)} and add \"Condition\": {{\"StringEquals\": {{\"sts:ExternalId\": \"<external id>\"}}}} to the statement; the third party passes it with every AssumeRole call.";
                Add(TrustRules.ThirdPartyWithoutExternalIdRule, Display(entries), summary, fix);
            }

            private void ReportDeleted(List<PrincipalEntry> entries)
            {
                bool one = entries.Count == 1;
                string kinds = entries.All(e => e.Value.StartsWith("AROA", StringComparison.Ordinal)) ? (one ? "role" : "roles")
                    : entries.All(e => e.Value.StartsWith("AIDA", StringComparison.Ordinal)) ? (one ? "user" : "users") : "principals";
                string ids = Join(entries.Select(e => e.Value).ToList());
                string summary = one
                    ? $"{_label} names {ids}, the unique id IAM shows once the {kinds} it named is deleted, so it admits nobody."
                    : $"{_label} names {ids}, the unique ids IAM shows once the {kinds} they named are deleted, so they admit nobody.";
                string fix = $"Replace {ids} with the ARN of the {(one ? kinds : "principals")} that should assume this role, or remove {(one ? "it" : "them")} (a re-created {(one ? kinds : "principal")} gets a new id and is not trusted again); a condition on aws:PrincipalArn survives re-creation.";
                Add(TrustRules.DeletedPrincipalRule, string.Join("; ", entries.Select(e => e.Value)), summary, fix);
            }

            private void CheckOidc(List<FederatedProvider> providers)
            {
                var missingSubject = new List<FederatedProvider>();
                var wildcardSubject = new List<(FederatedProvider provider, string reason)>();
                var missingAudience = new List<FederatedProvider>();
                foreach (var p in providers)
                {
                    var subject = Conditions(p.SubjectKey);
                    if (subject.Count == 0) missingSubject.Add(p);
                    else if (!subject.Any(BoundsSubject)) wildcardSubject.Add((p, DescribeSubject(subject)));
                    if (!Conditions(p.AudienceKey).Any(RequiresValue)) missingAudience.Add(p);
                }
                if (missingSubject.Count > 0)
                {
                    var p = missingSubject[0];
                    string anyone = p.IsGitHubActions ? " (any workflow of any repository on GitHub)" : "";
                    Add(TrustRules.OidcMissingSubjectRule, Display(missingSubject),
                        $"{_label} lets every identity of {Join(missingSubject.Select(x => x.KeyPrefix).ToList())}{anyone} assume the role with a web identity token: no condition restricts {Join(missingSubject.Select(x => x.SubjectKey).ToList())}.",
                        p.IsGitHubActions
                            ? $"Add \"StringEquals\": {{\"{p.SubjectKey}\": \"repo:<org>/<repo>:ref:refs/heads/<branch>\"}} (or \"StringLike\" with \"repo:<org>/<repo>:*\") to the statement's Condition."
                            : $"Add \"StringEquals\": {{\"{p.SubjectKey}\": \"<subject>\"}} to the statement's Condition, naming the identities that may assume the role.");
                }
                if (wildcardSubject.Count > 0)
                {
                    var (p, reason) = wildcardSubject[0];
                    Add(TrustRules.OidcWildcardSubjectRule, Display(wildcardSubject.Select(w => w.provider).ToList()),
                        $"{_label} limits {p.SubjectKey} only {reason}, which any repository or organization can meet.",
                        p.IsGitHubActions
                            ? $"Spell out the owner before any wildcard: \"StringLike\": {{\"{p.SubjectKey}\": \"repo:<org>/<repo>:*\"}}, or at least \"repo:<org>/*\"; prefer StringEquals with the branch or environment."
                            : $"Spell out the claim and its owner before any wildcard in {p.SubjectKey} (for example \"<claim>:<owner>/...\"), or use StringEquals with the exact subject.");
                }
                if (missingAudience.Count > 0)
                {
                    var p = missingAudience[0];
                    string value = p.IsGitHubActions ? "sts.amazonaws.com" : p.KeyPrefix == "cognito-identity.amazonaws.com" ? "<identity pool id>" : "<client id>";
                    Add(TrustRules.OidcMissingAudienceRule, Display(missingAudience),
                        $"{_label} accepts tokens of {Join(missingAudience.Select(x => x.KeyPrefix).ToList())} issued for any audience: no condition requires {Join(missingAudience.Select(x => x.AudienceKey).ToList())}.",
                        $"Add \"StringEquals\": {{\"{p.AudienceKey}\": \"{value}\"}} to the statement's Condition.");
                }
            }

            private void CheckSaml(List<FederatedProvider> providers)
            {
                if (Conditions("SAML:aud").Any(RequiresValue)) return;
                Add(TrustRules.SamlMissingAudienceRule, Display(providers),
                    $"{_label} accepts SAML assertions from {Join(providers.Select(p => p.Value).ToList())} addressed to any endpoint: no condition requires SAML:aud.",
                    "Add \"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"} (the sign-in endpoint your identity provider posts to) to the statement's Condition.");
            }

            private void CheckServices(List<PrincipalEntry> services)
            {
                foreach (var c in _s.Conditions)
                {
                    if (!ConditionKeys.SourceKeys.Contains(c.Key)) continue;
                    if (Narrowing.Assess(c, ConditionKeys.CallerKeys[c.Key], _variables).Narrows) return;
                }
                string names = Join(services.Select(e => e.Value).ToList());
                Add(TrustRules.ServiceWithoutSourceConditionRule, Display(services),
                    $"{_label} lets {names} assume the role without a condition on aws:SourceAccount, aws:SourceArn or aws:SourceOrgID, so the service may do so on behalf of a resource in any account.",
                    $"Where the service sends these keys when it assumes this role, add \"StringEquals\": {{\"aws:SourceAccount\": \"{_account}\"}} (or \"ArnLike\": {{\"aws:SourceArn\": \"<ARN of the resource that uses the role>\"}}) to the statement's Condition.");
            }

            private void ReportWholeAccounts(List<PrincipalEntry> entries)
            {
                if (_s.Conditions.Any(NamesPrincipalsWithinAccount)) return;
                var accounts = entries.Select(e => e.AccountId!).Distinct().ToList();
                string where = Zone.IsOrganization ? $"in {Zone.Name}" : $"one of {Zone.Name}";
                string summary = accounts.Count == 1
                    ? $"{_label} lets every principal of account {accounts[0]} ({where}) assume the role, as far as their identity policies allow sts:AssumeRole on it."
                    : $"{_label} lets every principal of accounts {Join(accounts)} ({(Zone.IsOrganization ? where : "all of " + Zone.Name)}) assume the role, as far as their identity policies allow sts:AssumeRole on it.";
                string example = accounts[0];
                Add(TrustRules.AccountRootTrustRule, Display(entries), summary,
                    $"Name the roles or users that need this role (for example arn:aws:iam::{example}:role/<name>) instead of the whole account, or keep the account and add \"ArnLike\": {{\"aws:PrincipalArn\": \"arn:aws:iam::{example}:role/<name>\"}} to the statement's Condition.");
            }

            // ------------------------------------------------------------------ helpers

            /// <summary>
            /// A condition that admits only some principals of an account, not all of it: a narrowing condition on
            /// aws:PrincipalArn whose every value names a role or user (a literal character after "role/" or "user/"
            /// before any wildcard), or on aws:userid.
            /// </summary>
            private bool NamesPrincipalsWithinAccount(Condition c)
            {
                bool arn = string.Equals(c.Key, "aws:PrincipalArn", StringComparison.OrdinalIgnoreCase);
                if (!arn && !string.Equals(c.Key, "aws:userid", StringComparison.OrdinalIgnoreCase)) return false;
                if (!Narrowing.Assess(c, arn ? OwnerForm.Arn : OwnerForm.UniqueId, _variables).Narrows) return false;
                if (!arn) return true;
                bool wildcards = IsWildcardFamily(c.Operator);
                foreach (var v in c.Values)
                {
                    int colon = v.LastIndexOf(':');
                    string resource = colon < 0 ? v : v.Substring(colon + 1);
                    int slash = resource.IndexOf('/');
                    string name = slash < 0 ? "" : resource.Substring(slash + 1);
                    int wild = wildcards ? Narrowing.FirstWildcard(name) : -1;
                    if (name.Length == 0 || wild == 0) return false;
                }
                return true;
            }

            private List<Condition> Conditions(string key) =>
                _s.Conditions.Where(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)).ToList();

            /// <summary>A condition that demands a value: positive, not Null, and not a pattern that matches anything.</summary>
            private static bool RequiresValue(Condition c)
            {
                if (c.Operator.Family == OperatorFamily.Null || c.Operator.Negated) return false;
                bool wildcards = IsWildcardFamily(c.Operator);
                return c.Values.All(v => !Narrowing.MatchesAnything(v, wildcards));
            }

            /// <summary>
            /// A subject condition bounds the callers when it is positive and every value is literal or names a claim and its
            /// owner before the first wildcard. The subject is always present in a token, so IfExists and ForAllValues: do not
            /// loosen it here (ForAllValues: has its own rule).
            /// </summary>
            private bool BoundsSubject(Condition c)
            {
                if (c.Operator.Family == OperatorFamily.Null || c.Operator.Negated) return false;
                bool wildcards = IsWildcardFamily(c.Operator);
                foreach (var v in c.Values)
                {
                    if (_variables && v.IndexOf("${", StringComparison.Ordinal) >= 0) return false;
                    int wild = wildcards ? Narrowing.FirstWildcard(v) : -1;
                    if (wild < 0) continue;
                    if (!OwnerSpelledOut(v.Substring(0, wild))) return false;
                }
                return true;
            }

            /// <summary>"repo:octo-org/", "project_path:group/", "organization:acme:": a claim, then an owner, then a separator.</summary>
            private static bool OwnerSpelledOut(string literalPrefix)
            {
                int colon = literalPrefix.IndexOf(':');
                if (colon <= 0) return false;
                for (int i = colon + 1; i < literalPrefix.Length; i++)
                {
                    char ch = literalPrefix[i];
                    if (ch == '/' || ch == ':') return i > colon + 1;
                }
                return false;
            }

            private static string DescribeSubject(List<Condition> subject)
            {
                var c = subject[0];
                if (c.Operator.Family == OperatorFamily.Null) return $"with Null (whether it is present)";
                if (c.Operator.Negated) return $"by excluding values ({c.Operator.Text} {Quote(c.Values)})";
                return $"to {Quote(c.Values)} ({c.Operator.Text})";
            }

            private static bool IsWildcardFamily(ConditionOperator op) => op.Family == OperatorFamily.StringLike || op.Family == OperatorFamily.Arn;

            private void Add(TrustRule rule, string principal, string summary, string fix)
            {
                _byRule ??= new SortedList<int, TrustFinding>();
                if (_byRule.ContainsKey(rule.Index)) return;
                _byRule.Add(rule.Index, new TrustFinding(rule.Id, rule.Severity.ToString(), _account, _role, _s.Index, _s.Sid, principal, summary, fix, _s.Text));
            }

            private static string Display(IReadOnlyList<PrincipalEntry>? entries) =>
                entries == null ? "" : string.Join("; ", entries.Select(e => e.Value));

            private static string Display(IReadOnlyList<FederatedProvider> providers) => string.Join("; ", providers.Select(p => p.Value));

            private static string Quote(IReadOnlyList<string> values) => string.Join(", ", values.Select(v => "\"" + v + "\""));

            private static string Join(IReadOnlyList<string> items) =>
                items.Count <= 1 ? string.Join("", items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];

            private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
        }
    }
}
