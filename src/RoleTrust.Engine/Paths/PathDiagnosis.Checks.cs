using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths
{
    public sealed partial class PathDiagnosis
    {
        private void CheckSourcePrincipal()
        {
            if (_sourceUnknown != null) { Add(Make("SourcePrincipal", CheckStatus.Unknown, $"Cannot tell whether the source exists: {_sourceUnknown}.", fix: "Add the source account's get-account-authorization-details output to the snapshot.")); return; }
            if (_sourceProblem != null)
            {
                bool root = _source.Kind == PrincipalKind.Root;
                Add(Make("SourcePrincipal", CheckStatus.Fail, _sourceProblem,
                    fix: root ? "Use an IAM user, an IAM role or an IAM Identity Center session instead of the root user." : "Use an existing IAM user or role (with its exact ARN, path included) as the source.",
                    errorText: root ? ErrorTexts.RootCannotAssume : null));
                return;
            }
            string what = _user != null ? $"IAM user {_user.Value!.Arn}" : $"a session of role {_sourceRole!.Value!.Arn}";
            Add(Make("SourcePrincipal", CheckStatus.Pass, $"The source is {what}, which can call sts:AssumeRole."));
        }

        private void CheckTargetRole()
        {
            var role = _role!;
            if (role.Status == LookupStatus.Unavailable) { Add(Make("TargetRole", CheckStatus.Unknown, $"Cannot tell whether the role exists: {role.Reason}.", fix: $"Add accounts/{_roleArn.Account}.json to the snapshot.")); return; }
            const string shortForm = "AccessDenied: User: {0} is not authorized to perform: sts:AssumeRole on resource: {1}";
            string error = string.Format(shortForm, _request.SourceArn, _request.RoleArn);
            if (role.Value == null)
            {
                var similar = _data.FindRoleIgnoringCase(_roleArn.Account, _roleName).Value;
                string hint = similar != null ? $" A role named '{similar.Name}' exists ({similar.Arn}): role names are case-sensitive at assume time." : "";
                Add(Make("TargetRole", CheckStatus.Fail, $"Account {_roleArn.Account} has no role named '{_roleName}'.{hint}",
                    fix: similar != null ? $"Use the exact ARN {similar.Arn}." : "Check the account ID and role name; a missing role gives the same AccessDenied as a denied request.", errorText: error));
                return;
            }
            if (role.Value.Arn != _request.RoleArn)
            {
                Add(Make("TargetRole", CheckStatus.Fail, $"The role exists as {role.Value.Arn}, not {_request.RoleArn}: the path must be part of the ARN.",
                    fix: $"Use the exact ARN {role.Value.Arn}.", errorText: error));
                return;
            }
            Add(Make("TargetRole", CheckStatus.Pass, $"Role {role.Value.Arn} exists."));
        }

        private void CheckRequestParameters()
        {
            var problems = ParameterRules.Validate(_request);
            if (problems.Count > 0)
            {
                Add(Make("RequestParameters", CheckStatus.Fail, problems[0].problem + (problems.Count > 1 ? $" ({problems.Count - 1} more problem(s): {string.Join(" ", problems.Skip(1).Select(p => p.problem))})" : ""),
                    fix: "Correct the parameter values before calling AssumeRole.", errorText: problems[0].errorText));
                return;
            }
            Add(Make("RequestParameters", CheckStatus.Pass, _request.RoleSessionName == null
                ? "The parameters given are valid; AssumeRole also needs a RoleSessionName (2-64 characters of [\\w+=,.@-])."
                : "RoleSessionName, ExternalId, SourceIdentity, tags and session policy are within their formats and sizes."));
        }

        private void CheckSessionDuration()
        {
            int? d = _request.DurationSeconds;
            bool chaining = _source.IsRoleSession;
            int? max = _role?.Value?.MaxSessionDuration;
            if (d == null) { Add(Make("SessionDuration", CheckStatus.Pass, "No DurationSeconds given: the default of 3600 seconds applies.")); return; }
            if (d < 900 || d > 43200)
            {
                Add(Make("SessionDuration", CheckStatus.Fail, $"DurationSeconds {d} is outside 900..43200.", fix: "Use 900 to 3600 seconds (or up to the role's MaxSessionDuration).",
                    errorText: $"1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(d < 900 ? "greater than or equal to 900" : "less than or equal to 43200")}"));
                return;
            }
            if (chaining && d > 3600)
            {
                Add(Make("SessionDuration", CheckStatus.Fail, $"DurationSeconds {d} exceeds the 1-hour limit for role chaining (the source is a role session).",
                    fix: "Request at most 3600 seconds; MaxSessionDuration cannot raise the chaining limit.", errorText: ErrorTexts.DurationExceedsChaining));
                return;
            }
            if (_role?.Value == null) { Add(Make("SessionDuration", d <= 3600 ? CheckStatus.Pass : CheckStatus.Unknown, d <= 3600 ? $"DurationSeconds {d} is within every role's limit." : "The role's MaxSessionDuration is not known because the role was not found.")); return; }
            if (max == null)
            {
                Add(d <= 3600 ? Make("SessionDuration", CheckStatus.Pass, $"DurationSeconds {d} is within every role's limit (3600 seconds is the minimum MaxSessionDuration).")
                    : Make("SessionDuration", CheckStatus.Unknown, $"DurationSeconds {d} needs MaxSessionDuration >= {d}, but the snapshot does not record the role's MaxSessionDuration.",
                        fix: "Add MaxSessionDuration to the role entry (Save-RoleTrustSnapshot does) or request 3600 seconds or less."));
                return;
            }
            if (d > max)
            {
                Add(Make("SessionDuration", CheckStatus.Fail, $"DurationSeconds {d} exceeds the role's MaxSessionDuration of {max} seconds.",
                    fix: $"Request at most {max} seconds, or raise the role's MaxSessionDuration (Update-IAMRole -RoleName {_roleName} -MaxSessionDuration {d}).", errorText: ErrorTexts.DurationExceedsMax));
                return;
            }
            Add(Make("SessionDuration", CheckStatus.Pass, $"DurationSeconds {d} is within the role's MaxSessionDuration of {max} seconds."));
        }

        private void CheckRoleChaining()
        {
            if (!_source.IsRoleSession) { Add(Make("RoleChaining", CheckStatus.NotApplicable, "The source is not a role session, so this is not role chaining.")); return; }
            if (_source.Name == _roleName && _source.AccountId == _roleArn.Account)
            {
                Add(Make("RoleChaining", CheckStatus.Pass, "The role assumes itself: this works only when its own trust policy names it (see TrustPolicy); the session is limited to 1 hour and carries no MFA context."));
                return;
            }
            Add(Make("RoleChaining", CheckStatus.Pass, "Role chaining: the new session is limited to 1 hour, carries no MFA context from the calling session, and inherits its transitive session tags and source identity."));
        }

        // ---------------------------------------------------------------- policy layers

        private void CheckIdentityPolicy()
        {
            if (!SourceUsable) { Add(NotEvaluated("IdentityPolicy")); return; }
            var denied = Denials(PolicyLayer.IdentityPolicy);
            if (denied.Count > 0) { Add(DenyCheck("IdentityPolicy", denied, "identity-based policy")); return; }
            var missing = new List<string>(_identity.Missing);
            var unstated = UnstatedKeys(_identity.Policies);
            var implicitActions = ActionsWith(PolicyLayer.IdentityPolicy, LayerOutcome.ImplicitlyDenied);
            // sts:TagSession / sts:SetSourceIdentity: when the trust names the caller directly in the same account
            // (no identity allow needed for sts:AssumeRole) but lacks the permission-only action, the gap is in the
            // trust (see TrustPolicy); once the trust admits the action, no identity allow is needed for it either.
            if (_results.TryGetValue("sts:AssumeRole", out var assume) && assume.OutcomeOf(PolicyLayer.IdentityPolicy) == LayerOutcome.NotRequired)
                implicitActions.RemoveAll(a => a != "sts:AssumeRole" && _results[a].OutcomeOf(PolicyLayer.ResourcePolicy) == LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                if (!_identity.Complete || unstated.Count > 0)
                {
                    Add(Make("IdentityPolicy", CheckStatus.Unknown, "No identity-based policy found allows the request, but " + (missing.Count > 0 ? string.Join("; ", missing) : KeyHint(unstated)) + ".",
                        fix: missing.Count > 0 ? "Add the missing policies to the snapshot." : "Supply the missing request values."));
                    return;
                }
                var first = _results[implicitActions[0]];
                var pathMismatch = SameNameOtherPath(_identity.Policies);
                Add(Make("IdentityPolicy", CheckStatus.Fail,
                    $"No identity-based policy of {SourceName} allows {string.Join(" and ", implicitActions)} on {_evaluatedRoleArn}" + (first.TrustMatch == PrincipalMatch.Account ? " (the trust policy names only the account, which delegates the decision to the caller's account)." : ".")
                    + (pathMismatch.Count > 0 ? $" An Allow names {string.Join(", ", pathMismatch)}: same role name, wrong path (role/Name does not match role/path/Name)." : ""),
                    evidence: PolicyList("Identity-based policies evaluated", _identity.Policies),
                    fix: $"Allow {string.Join(", ", implicitActions)} on {_evaluatedRoleArn} in an identity-based policy of {SourceName}.",
                    errorText: ImplicitText(PolicyLayer.IdentityPolicy, implicitActions[0]), change: Fixes.IdentityAllow(_source, _user?.Value, _sourceRole?.Value, _roleName, _evaluatedRoleArn, implicitActions)));
                return;
            }
            var notRequired = ActionsWith(PolicyLayer.IdentityPolicy, LayerOutcome.NotRequired);
            if (notRequired.Count > 0)
            {
                var match = _results[notRequired[0]].TrustMatch;
                if (match == PrincipalMatch.Wildcard)
                {
                    Add(Make("IdentityPolicy", CheckStatus.Warn,
                        "No identity-based policy allows the request; the same-account trust policy admits everyone (\"*\"). By the general resource-policy rule that grants directly and needs no identity allow, but AWS documents nothing specific for role trust policies.",
                        evidence: Allowing(PolicyLayer.ResourcePolicy),
                        fix: $"To be safe, allow sts:AssumeRole on {_evaluatedRoleArn} in an identity-based policy, or name the caller in the trust policy."));
                    return;
                }
                Add(Make("IdentityPolicy", CheckStatus.Pass, $"Not required: the trust policy names {SourceName} directly in the same account, so no identity-based allow is needed.",
                    evidence: Allowing(PolicyLayer.ResourcePolicy)));
                return;
            }
            if (missing.Count > 0 || UnstatedKeys(_identity.Policies, Effect.Deny).Count > 0)
            {
                Add(Make("IdentityPolicy", CheckStatus.Unknown, "An identity-based policy allows the request, but a Deny may still apply: " + (missing.Count > 0 ? string.Join("; ", missing) : KeyHint(UnstatedKeys(_identity.Policies, Effect.Deny))) + ".",
                    evidence: Allowing(PolicyLayer.IdentityPolicy)));
                return;
            }
            Add(Make("IdentityPolicy", CheckStatus.Pass, $"An identity-based policy of {SourceName} allows {string.Join(" and ", _actions)} on the role.", evidence: Allowing(PolicyLayer.IdentityPolicy)));
        }

        private void CheckPermissionsBoundary()
        {
            if (!SourceUsable) { Add(NotEvaluated("PermissionsBoundary")); return; }
            if (_boundary == null) { Add(Make("PermissionsBoundary", CheckStatus.NotApplicable, $"{SourceName} has no permissions boundary.")); return; }
            if (!_boundary.Complete) { Add(Make("PermissionsBoundary", CheckStatus.Unknown, $"The permissions boundary {_boundaryArn} cannot be evaluated: {string.Join("; ", _boundary.Missing)}.", fix: "Add the boundary policy (with its default version) to the snapshot.")); return; }
            var denied = Denials(PolicyLayer.PermissionsBoundary);
            if (denied.Count > 0) { Add(DenyCheck("PermissionsBoundary", denied, "permissions boundary")); return; }
            var implicitActions = ActionsWith(PolicyLayer.PermissionsBoundary, LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                var unstated = UnstatedKeys(_boundary.Policies);
                if (unstated.Count > 0) { Add(Make("PermissionsBoundary", CheckStatus.Unknown, "The boundary does not allow the request as stated: " + KeyHint(unstated) + ".")); return; }
                Add(Make("PermissionsBoundary", CheckStatus.Fail, $"The permissions boundary {_boundaryArn} does not allow {string.Join(" and ", implicitActions)} on {_evaluatedRoleArn}.",
                    evidence: PolicyList("Boundary", _boundary.Policies), fix: $"Allow {string.Join(", ", implicitActions)} on {_evaluatedRoleArn} in the boundary policy (as a new default version).",
                    errorText: ImplicitText(PolicyLayer.PermissionsBoundary, implicitActions[0]), change: Fixes.BoundaryAllow(_boundaryArn!, _boundary.Policies[0], _evaluatedRoleArn, implicitActions)));
                return;
            }
            if (ActionsWith(PolicyLayer.PermissionsBoundary, LayerOutcome.NotRequired).Count > 0)
            {
                Add(Make("PermissionsBoundary", CheckStatus.Warn,
                    $"The boundary {_boundaryArn} does not allow sts:AssumeRole, but the same-account trust policy names {SourceName} directly, which the evaluation logic exempts from the boundary. AWS's \"Update a role trust policy\" page says the boundary must allow it anyway: the documents disagree.",
                    evidence: PolicyList("Boundary", _boundary.Policies), fix: $"To be safe, allow sts:AssumeRole on {_evaluatedRoleArn} in the boundary."));
                return;
            }
            Add(Make("PermissionsBoundary", CheckStatus.Pass, $"The permissions boundary {_boundaryArn} allows the request.", evidence: Allowing(PolicyLayer.PermissionsBoundary)));
        }

        private void CheckSessionPolicy()
        {
            if (!SourceUsable) { Add(NotEvaluated("SessionPolicy")); return; }
            if (_session == null)
            {
                Add(Make("SessionPolicy", CheckStatus.NotApplicable, _source.IsRoleSession
                    ? "No -CallerSessionPolicy given. IAM cannot return the policy a session was created with; if the calling session had one, pass it to check it."
                    : "The source is not a session, so it has no session policy."));
                return;
            }
            if (!_session.Complete) { Add(Make("SessionPolicy", CheckStatus.Unknown, $"The caller's session policy cannot be evaluated: {string.Join("; ", _session.Missing)}.")); return; }
            var denied = Denials(PolicyLayer.SessionPolicy);
            if (denied.Count > 0) { Add(DenyCheck("SessionPolicy", denied, "session policy")); return; }
            var implicitActions = ActionsWith(PolicyLayer.SessionPolicy, LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                Add(Make("SessionPolicy", CheckStatus.Fail, $"The calling session's session policy does not allow {string.Join(" and ", implicitActions)} on {_evaluatedRoleArn}.",
                    evidence: PolicyList("Session policy", _session.Policies), fix: "Create the calling session again without the restricting session policy, or with one that allows sts:AssumeRole on this role.",
                    errorText: ImplicitText(PolicyLayer.SessionPolicy, implicitActions[0])));
                return;
            }
            Add(Make("SessionPolicy", CheckStatus.Pass, ActionsWith(PolicyLayer.SessionPolicy, LayerOutcome.NotRequired).Count > 0
                ? "The trust policy names this exact session, so the session policy does not limit it." : "The calling session's session policy allows the request.", evidence: Allowing(PolicyLayer.SessionPolicy)));
        }

        private void CheckServiceControlPolicy() => OrgCheck("ServiceControlPolicy", PolicyLayer.ServiceControlPolicy, _scps, _scpNotApplicable, "service control policy", _source.AccountId ?? "");

        private void CheckResourceControlPolicy() => OrgCheck("ResourceControlPolicy", PolicyLayer.ResourceControlPolicy, _rcps, _rcpNotApplicable, "resource control policy", _roleArn.Account);

        /// <summary>"service control policy" -> "service control policies".</summary>
        private static string Plural(string kind) => kind.EndsWith("y", StringComparison.Ordinal) ? kind.Substring(0, kind.Length - 1) + "ies" : kind + "s";

        private void OrgCheck(string check, PolicyLayer layer, OrgInputs? inputs, string? notApplicable, string kind, string account)
        {
            if (_org!.Value == null) { Add(Make(check, CheckStatus.Unknown, $"Cannot check {Plural(kind)}: {_org.Reason}.", fix: "Add organization.json to the snapshot (Save-RoleTrustSnapshot -IncludeOrganization, or by hand from the Organizations API).")); return; }
            if (notApplicable != null) { Add(Make(check, CheckStatus.NotApplicable, notApplicable)); return; }
            if (!SourceUsable) { Add(NotEvaluated(check)); return; }
            if (inputs!.Missing.Count > 0) { Add(Make(check, CheckStatus.Unknown, $"Cannot evaluate the {Plural(kind)} for account {account}: {string.Join("; ", inputs.Missing)}.")); return; }
            var denied = Denials(layer);
            if (denied.Count > 0) { Add(DenyCheck(check, denied, kind)); return; }
            var all = inputs.Levels.SelectMany(l => l.Policies).ToList();
            var implicitActions = ActionsWith(layer, LayerOutcome.ImplicitlyDenied);
            var unstated = UnstatedKeys(all);
            if (implicitActions.Count > 0)
            {
                if (unstated.Count > 0) { Add(Make(check, CheckStatus.Unknown, $"The {kind}s do not allow the request as stated: {KeyHint(unstated)}.")); return; }
                var result = _results[implicitActions[0]];
                string note = result[layer]?.Note ?? "";
                Add(Make(check, CheckStatus.Fail, $"{note} Every level from the root to account {account} must allow {string.Join(" and ", implicitActions)}.".Trim(),
                    evidence: string.Join(Environment.NewLine, inputs.Levels.Select(l => $"{l.Id}: {string.Join(", ", l.Policies.Select(p => p.Name))}")),
                    fix: $"Attach an SCP allowing {string.Join(", ", implicitActions)} (for example {{\"Effect\":\"Allow\",\"Action\":\"{implicitActions[0]}\",\"Resource\":\"*\"}}) at the level named, or keep FullAWSAccess attached there.",
                    errorText: ImplicitText(layer, implicitActions[0])));
                return;
            }
            var denyUnstated = UnstatedKeys(all, Effect.Deny);
            if (denyUnstated.Count > 0) { Add(Make(check, CheckStatus.Unknown, $"A {kind} Deny may apply: {KeyHint(denyUnstated)}.")); return; }
            Add(Make(check, CheckStatus.Pass, layer == PolicyLayer.ServiceControlPolicy
                ? $"Every SCP level from the root to account {account} allows the request and none denies it."
                : $"No RCP on the path to account {account} denies the request (RCPFullAWSAccess allows the rest).", evidence: Allowing(layer)));
        }

        private void CheckTrustPolicy()
        {
            if (_role?.Value == null) { Add(Make("TrustPolicy", _role?.Status == LookupStatus.Unavailable ? CheckStatus.Unknown : CheckStatus.NotApplicable, _role?.Status == LookupStatus.Unavailable ? $"Cannot read the trust policy: {_role.Reason}." : "The role was not found (see TargetRole).")); return; }
            if (_trust == null) { Add(Make("TrustPolicy", CheckStatus.Unknown, $"Cannot evaluate the trust policy: {_trustProblem}.")); return; }
            if (!SourceUsable) { Add(NotEvaluated("TrustPolicy")); return; }
            var denied = Denials(PolicyLayer.ResourcePolicy);
            if (denied.Count > 0) { Add(DenyCheck("TrustPolicy", denied, "role trust policy")); return; }
            var orphans = _trust.Statements.Where(s => s.Principal != null).SelectMany(s => s.Principal!.Entries).Where(e => e.IsUniqueId).Select(e => e.Value).Distinct().ToList();
            string orphanNote = orphans.Count > 0 ? $" The trust names {string.Join(", ", orphans)}: IAM shows a unique ID like this when the principal it named was deleted; re-creating a principal with the same name does not restore trust." : "";
            var prohibited = _trust.Statements.Where(s => s.IsNotPrincipal || s.Resource != null).Select(s => s.Index).ToList();
            if (prohibited.Count > 0)
                orphanNote += $" Statement(s) {string.Join(", ", prohibited)} use NotPrincipal or Resource, which IAM rejects in a role trust policy (\"Has prohibited field\"): this document cannot be saved as it is.";
            var missingActions = _actions.Where(a => Candidates(a).Count == 0).ToList();
            if (missingActions.Count > 0)
            {
                bool principalNamed = Candidates("sts:AssumeRole").Count > 0 || _trust.Statements.Any(s => s.Effect == Effect.Allow && s.MatchPrincipal(_source) != PrincipalMatch.None);
                string summary = principalNamed
                    ? $"The trust policy admits {SourceName} but no statement allows {string.Join(" and ", missingActions)}."
                    : $"No statement of the trust policy admits {SourceName} (its ARN, its account, or \"*\") for {string.Join(" and ", missingActions)}.";
                if (_source.IsRoleSession && _source.Name == _roleName && _source.AccountId == _roleArn.Account)
                    summary += " A role no longer trusts itself implicitly: its own trust policy must name it.";
                Add(Make("TrustPolicy", CheckStatus.Fail, summary + orphanNote, evidence: "Trust policy: " + _trust.Text,
                    fix: principalNamed ? $"Add {string.Join(", ", missingActions)} to the Action of the statement that admits the caller." : $"Add a statement allowing {SourceName} to the role's trust policy.",
                    errorText: ErrorTexts.AccessDenied(_source.Arn, missingActions[0], _evaluatedRoleArn, PolicyLayer.ResourcePolicy, false, true),
                    change: Fixes.TrustAllow(_trust, _source, _roleName, missingActions, principalNamed ? Candidates("sts:AssumeRole") : null)));
                return;
            }
            var first = Candidates("sts:AssumeRole")[0];
            Add(Make("TrustPolicy", CheckStatus.Pass, $"Trust statement {first.Index}{(first.Sid == null ? "" : " (" + first.Sid + ")")} admits {SourceName} for {string.Join(" and ", _actions)}." + orphanNote,
                evidence: $"{_trust.Name}[{first.Index}]: {first.Text}"));
        }

        private void CheckTrustConditions()
        {
            // Missing data is Unknown, never NotApplicable: the conditions could not be read or evaluated.
            if (_role?.Status == LookupStatus.Unavailable || (_role?.Value != null && _trust == null) || _sourceUnknown != null)
            {
                Add(Make("TrustConditions", CheckStatus.Unknown, "Cannot evaluate the trust conditions: " + (_sourceUnknown ?? (_role!.Status == LookupStatus.Unavailable ? _role.Reason : _trustProblem)) + "."));
                return;
            }
            if (_trust == null || !SourceUsable || _actions.Any(a => Candidates(a).Count == 0) || Denials(PolicyLayer.ResourcePolicy).Count > 0)
            {
                Add(Make("TrustConditions", CheckStatus.NotApplicable, "No trust statement admits the caller, so there are no conditions to evaluate (see TrustPolicy)."));
                return;
            }
            var failing = new List<string>();
            var unstated = new List<string>();
            foreach (var action in _actions)
            {
                var candidates = Candidates(action);
                if (candidates.Any(s => s.ConditionsHold(_context))) continue;
                foreach (var s in candidates)
                {
                    var c = s.FirstFailingCondition(_context)!;
                    foreach (var cond in s.Conditions) if (EnvironmentKeys.Contains(cond.Key) && !_context.Contains(cond.Key) && !unstated.Contains(cond.Key)) unstated.Add(cond.Key);
                    failing.Add($"statement {s.Index}{(s.Sid == null ? "" : " (" + s.Sid + ")")}: {ConditionExplainer.Explain(c, _context)}");
                }
            }
            if (failing.Count > 0)
            {
                if (unstated.Count > 0) { Add(Make("TrustConditions", CheckStatus.Unknown, $"The trust conditions do not hold for the request as stated: {KeyHint(unstated)}.", evidence: string.Join(Environment.NewLine, failing))); return; }
                Add(Make("TrustConditions", CheckStatus.Fail, "The trust statements that admit the caller have conditions this request does not meet: " + string.Join("; ", failing),
                    evidence: string.Join(Environment.NewLine, Candidates("sts:AssumeRole").Select(s => $"{_trust.Name}[{s.Index}]: {s.Text}")),
                    fix: ConditionExplainer.FixFor(Candidates("sts:AssumeRole"), _context),
                    errorText: ErrorTexts.AccessDenied(_source.Arn, "sts:AssumeRole", _evaluatedRoleArn, PolicyLayer.ResourcePolicy, false, true)));
                return;
            }
            bool anyConditions = _actions.SelectMany(Candidates).Any(s => s.Conditions.Count > 0);
            Add(Make("TrustConditions", anyConditions ? CheckStatus.Pass : CheckStatus.NotApplicable, anyConditions
                ? "The conditions of the admitting trust statement hold for this request." : "The admitting trust statement has no conditions."));
        }

        private void CheckConsoleSwitchRole()
        {
            if (!_request.Console) { Add(Make("ConsoleSwitchRole", CheckStatus.NotApplicable, "Not a console Switch Role (use -Console to check the console's rules).")); return; }
            var problems = new List<string>();
            if (_source.Kind == PrincipalKind.Root) problems.Add("the root user cannot switch roles in the console");
            if (_request.ExternalId != null || (_trust != null && TrustTests("sts:ExternalId"))) problems.Add("the role requires an ExternalId, which the console cannot pass");
            if (_request.SourceIdentity != null || (_trust != null && TrustTests("sts:SourceIdentity"))) problems.Add("the role requires a source identity, which the console cannot set");
            string pathAndName = (_rolePath + _roleName).TrimStart('/');
            if (pathAndName.Length > 64) problems.Add($"path plus role name is {pathAndName.Length} characters; the console accepts at most 64");
            string url = $"https://signin.aws.amazon.com/switchrole?account={_roleArn.Account}&roleName={Uri.EscapeDataString(pathAndName)}";
            if (problems.Count > 0)
            {
                Add(Make("ConsoleSwitchRole", CheckStatus.Fail, "Console Switch Role cannot work: " + string.Join("; ", problems) + ".",
                    fix: "Use the CLI or API (aws sts assume-role / Use-STSRole) for this role.", errorText: ErrorTexts.ConsoleInvalidInformation));
                return;
            }
            bool otherFailures = _checks.Any(c => c.Status == CheckStatus.Fail || c.Status == CheckStatus.Unknown);
            Add(Make("ConsoleSwitchRole", otherFailures ? CheckStatus.Fail : CheckStatus.Pass,
                (otherFailures ? "The console shows 'Invalid information in one or more fields' for any failure above. " : "The console can switch to this role. ") +
                $"Enter account {_roleArn.Account} and role '{pathAndName}' (path included, case-sensitive), or open {url}. The console authorizes with the original signed-in identity.",
                errorText: otherFailures ? ErrorTexts.ConsoleInvalidInformation : null, fix: otherFailures ? "Fix the failing checks above." : null));
        }

        // ---------------------------------------------------------------- helpers

        private string SourceName => _user?.Value != null ? $"user {_user.Value.Name}" : _sourceRole?.Value != null ? $"role {_sourceRole.Value.Name}" : _source.Arn;

        /// <summary>The implicit-deny message AWS returns when this layer is the one that does not allow.</summary>
        private string ImplicitText(PolicyLayer layer, string action) =>
            ErrorTexts.AccessDenied(_source.Arn, action, _evaluatedRoleArn, layer, explicitDeny: false, roleTrust: true);

        private PathCheck NotEvaluated(string check) => Make(check, _sourceUnknown != null ? CheckStatus.Unknown : CheckStatus.NotApplicable,
            _sourceUnknown != null ? $"Cannot evaluate without the source's data: {_sourceUnknown}." : "Not evaluated: the source principal cannot assume roles (see SourcePrincipal).");

        private List<string> ActionsWith(PolicyLayer layer, LayerOutcome outcome) => _actions.Where(a => _results.TryGetValue(a, out var r) && r.OutcomeOf(layer) == outcome).ToList();

        private List<StatementRef> Denials(PolicyLayer layer) =>
            _results.Values.SelectMany(r => r[layer]?.Denying ?? (IReadOnlyList<StatementRef>)Array.Empty<StatementRef>()).GroupBy(s => (s.PolicyName, s.Index)).Select(g => g.First()).ToList();

        private string Allowing(PolicyLayer layer) =>
            string.Join(Environment.NewLine, _results.Values.SelectMany(r => r[layer]?.Allowing ?? (IReadOnlyList<StatementRef>)Array.Empty<StatementRef>())
                .GroupBy(s => (s.PolicyName, s.Index)).Select(g => g.First()).Select(s => $"{s}: {s.Text}"));

        private PathCheck DenyCheck(string check, List<StatementRef> denied, string kind)
        {
            var d = denied[0];
            var result = _results.Values.First(r => r.Decision == Decision.ExplicitlyDenied);
            string errorText = ErrorTexts.AccessDenied(_source.Arn, _actions[0], _evaluatedRoleArn, d.Layer, true, true, d.PolicyArn);
            return Make(check, CheckStatus.Fail, $"Statement {d.Index}{(d.Sid == null ? "" : " (" + d.Sid + ")")} of {kind} '{d.PolicyName}'{(d.LevelId == null ? "" : " attached at " + d.LevelId)} explicitly denies the request.",
                evidence: string.Join(Environment.NewLine, denied.Select(s => $"{s}: {s.Text}")),
                fix: Fixes.DenyExceptionText(d, _source, kind), errorText: result.DecidingLayer == d.Layer ? result.ErrorText : errorText,
                change: Fixes.DenyException(d, _source));
        }

        private static string PolicyList(string title, IEnumerable<PolicyDocument> policies)
        {
            var list = policies.ToList();
            return list.Count == 0 ? $"{title}: none." : $"{title}: " + string.Join("; ", list.Select(p => $"{p.Name}: {p.Text}"));
        }

        /// <summary>Trust Allow statements whose action and principal admit the caller, conditions aside.</summary>
        private List<Statement> Candidates(string action) =>
            _trust == null ? new List<Statement>() : _trust.Statements.Where(s => s.Effect == Effect.Allow && s.MatchesAction(action) && s.MatchesResource(_evaluatedRoleArn, _context) && s.MatchPrincipal(_source) != PrincipalMatch.None).ToList();

        /// <summary>Allow statements' resource patterns naming this role's name under another path (catalogue E3).</summary>
        private List<string> SameNameOtherPath(IEnumerable<PolicyDocument> policies) =>
            policies.SelectMany(p => p.Statements).Where(s => s.Effect == Effect.Allow && !s.IsNotResource && s.Resource != null && _actions.Any(s.MatchesAction))
                .SelectMany(s => s.Resource!.Patterns)
                .Where(r => !r.Contains("*") && !r.Contains("?") && r != _evaluatedRoleArn && Arn.TryParse(r, out var a) && a.Service == "iam" && a.Account == _roleArn.Account
                    && a.Resource.StartsWith("role/", StringComparison.Ordinal) && a.Resource.Substring(a.Resource.LastIndexOf('/') + 1) == _roleName)
                .Distinct().ToList();

        private bool TrustTests(string key) =>
            _trust!.Statements.Any(s => s.Effect == Effect.Allow && s.Conditions.Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase) && !c.Operator.Negated && c.Operator.Family != OperatorFamily.Null));
    }
}
