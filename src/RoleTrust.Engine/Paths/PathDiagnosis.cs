using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths
{
    /// <summary>
    /// Runs every check of the catalogue for one AssumeRole path, in order, from data behind
    /// <see cref="IAccountDataSource"/>. Missing data makes a check Unknown with the reason; nothing is guessed.
    /// </summary>
    public sealed partial class PathDiagnosis
    {
        public static readonly string[] CheckNames =
        {
            "CallerIdentity", "SourcePrincipal", "TargetRole", "RequestParameters", "SessionDuration", "RoleChaining",
            "IdentityPolicy", "PermissionsBoundary", "SessionPolicy", "ServiceControlPolicy", "ResourceControlPolicy",
            "TrustPolicy", "TrustConditions", "StsEndpoint", "ConsoleSwitchRole",
        };

        /// <summary>Condition keys every real request carries but only the caller can tell us (network, region, client).</summary>
        private static readonly HashSet<string> EnvironmentKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:RequestedRegion", "aws:UserAgent",
            "aws:Referer", "aws:TokenIssueTime", "aws:MultiFactorAuthAge", "aws:SourceIdentity", "aws:CalledVia",
            "aws:CalledViaFirst", "aws:CalledViaLast", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4",
            "ec2:SourceInstanceARN", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
        };

        private readonly PathRequest _request;
        private readonly IAccountDataSource _data;
        private readonly PolicyCache _cache;
        private readonly List<PathCheck> _checks = new List<PathCheck>();

        private PrincipalIdentity _source = null!;
        private Arn _roleArn = null!;
        private string _roleName = "";
        private string _rolePath = "/";
        // The ARN the policies are evaluated against: the existing role's when the request named it with a wrong path.
        private string _evaluatedRoleArn = "";
        // Source side
        private Lookup<IamUser>? _user;
        private Lookup<IamRole>? _sourceRole;
        private string? _sourceProblem;      // Fail reason (source cannot assume at all)
        private string? _sourceUnknown;      // Unknown reason (data missing)
        private readonly LayerInputs _identity = new LayerInputs();
        private LayerInputs? _boundary;
        private string? _boundaryArn;
        private LayerInputs? _session;
        // Role side
        private Lookup<IamRole>? _role;
        private PolicyDocument? _trust;
        private string? _trustProblem;
        // Organization
        private Lookup<OrganizationData>? _org;
        private OrgInputs? _scps;
        private OrgInputs? _rcps;
        private string? _scpNotApplicable;
        private string? _rcpNotApplicable;
        // Evaluation
        private readonly List<string> _actions = new List<string>();
        private RequestContext _context = null!;
        private readonly Dictionary<string, EvaluationResult> _results = new Dictionary<string, EvaluationResult>();

        private PathDiagnosis(PathRequest request, IAccountDataSource data, PolicyCache cache)
        {
            _request = request; _data = data; _cache = cache;
        }

        /// <summary>
        /// Diagnoses one path. <paramref name="callerIdentity"/> and <paramref name="stsEndpoint"/> are the live-only checks,
        /// computed by the live source; on snapshots they are NotApplicable.
        /// Throws <see cref="PolicyFormatException"/> (InvalidArn) when SourceArn or RoleArn is not a valid ARN.
        /// </summary>
        public static IReadOnlyList<PathCheck> Run(PathRequest request, IAccountDataSource data, PolicyCache? cache = null,
            PathCheck? callerIdentity = null, PathCheck? stsEndpoint = null)
        {
            var d = new PathDiagnosis(request, data, cache ?? new PolicyCache());
            d.ParseInputs();
            d.ResolveSource();
            d.ResolveRole();
            d.ResolveOrganization();
            d.BuildContextAndActions();
            d.Evaluate();

            d.Add(callerIdentity ?? d.Make("CallerIdentity", CheckStatus.NotApplicable,
                "Snapshot data: no credentials are in use, so the source is the -SourceArn given."));
            d.CheckSourcePrincipal();
            d.CheckTargetRole();
            d.CheckRequestParameters();
            d.CheckSessionDuration();
            d.CheckRoleChaining();
            d.CheckIdentityPolicy();
            d.CheckPermissionsBoundary();
            d.CheckSessionPolicy();
            d.CheckServiceControlPolicy();
            d.CheckResourceControlPolicy();
            d.CheckTrustPolicy();
            d.CheckTrustConditions();
            d.Add(stsEndpoint ?? d.Make("StsEndpoint", CheckStatus.NotApplicable,
                "Snapshot data: whether STS is active in the region used can only be checked live."));
            d.CheckConsoleSwitchRole();
            return d._checks;
        }

        private string SourceText => _request.SourceArn;

        private PathCheck Make(string check, CheckStatus status, string summary, string? evidence = null, string? fix = null, string? errorText = null, GapChange? change = null) =>
            new PathCheck(Array.IndexOf(CheckNames, check) + 1, check, status, SourceText, _request.RoleArn, summary, evidence, fix, errorText, change);

        private void Add(PathCheck check) => _checks.Add(check.Order == Array.IndexOf(CheckNames, check.Check) + 1 ? check
            : new PathCheck(Array.IndexOf(CheckNames, check.Check) + 1, check.Check, check.Status, SourceText, _request.RoleArn, check.Summary, check.Evidence, check.Fix, check.ErrorText, check.Change));

        // ---------------------------------------------------------------- inputs

        private void ParseInputs()
        {
            if (!PrincipalIdentity.TryParse(_request.SourceArn, out var source, out var error))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, "SourceArn: " + error, offendingValue: _request.SourceArn);
            _source = source;
            if (!Arn.TryParse(_request.RoleArn, out var role) || role.Service != "iam" || !Arn.IsAccountId(role.Account) || !role.Resource.StartsWith("role/", StringComparison.Ordinal))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn,
                    $"RoleArn '{_request.RoleArn}' is not a role ARN (expected arn:aws:iam::123456789012:role/path/Name).", offendingValue: _request.RoleArn);
            var (path, name) = PrincipalIdentity.SplitPath(role.Resource.Substring(5));
            if (path == null || name.Length == 0)
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"RoleArn '{_request.RoleArn}' has an empty role name or path segment.", offendingValue: _request.RoleArn);
            _roleArn = role; _roleName = name; _rolePath = path; _evaluatedRoleArn = _request.RoleArn;
        }

        private void ResolveSource()
        {
            switch (_source.Kind)
            {
                case PrincipalKind.Root:
                    _sourceProblem = "Root user credentials cannot assume roles."; return;
                case PrincipalKind.FederatedUser:
                    _sourceProblem = "A federated-user session (from GetFederationToken) cannot call AssumeRole."; return;
                case PrincipalKind.User:
                    _user = _data.GetUser(_source.AccountId!, _source.Name!);
                    if (_user.Status == LookupStatus.Unavailable) { _sourceUnknown = _user.Reason; return; }
                    if (_user.Value == null) { _sourceProblem = $"The user does not exist: {_user.Reason}."; return; }
                    if (_user.Value.Arn != _source.Arn) { _sourceProblem = $"The user's ARN is {_user.Value.Arn}, not {_source.Arn} (check the path)."; return; }
                    _source = _source.With(uniqueId: _user.Value.Id);
                    GatherIdentity(_user.Value, isUser: true);
                    return;
                case PrincipalKind.Role:
                case PrincipalKind.AssumedRole:
                    _sourceRole = _data.GetRole(_source.AccountId!, _source.Name!);
                    if (_sourceRole.Status == LookupStatus.Unavailable) { _sourceUnknown = _sourceRole.Reason; return; }
                    if (_sourceRole.Value == null) { _sourceProblem = $"The source role does not exist: {_sourceRole.Reason}."; return; }
                    if (_source.Kind == PrincipalKind.Role)
                    {
                        if (_sourceRole.Value.Arn != _source.Arn) { _sourceProblem = $"The role's ARN is {_sourceRole.Value.Arn}, not {_source.Arn} (check the path)."; return; }
                        // A role acts through a session of itself.
                        _source = PrincipalIdentity.Parse($"arn:{_source.Partition}:sts::{_source.AccountId}:assumed-role/{_source.Name}/{_request.RoleSessionName ?? "RoleTrust"}");
                    }
                    _source = _source.With(rolePath: _sourceRole.Value.Path, uniqueId: _sourceRole.Value.Id);
                    GatherIdentity(_sourceRole.Value, isUser: false);
                    return;
                default:
                    _sourceProblem = $"'{_source.Arn}' is not an IAM user, role or role session; only those call sts:AssumeRole."; return;
            }
        }

        private void GatherIdentity(IamPrincipalData principal, bool isUser)
        {
            string account = _source.AccountId!;
            foreach (var p in principal.InlinePolicies) _identity.Add(_cache, p.Document, p.Name, PolicyType.Identity);
            foreach (var p in principal.AttachedPolicies) _identity.AddManaged(_cache, _data, p.Arn, p.Name, account, PolicyType.Identity);
            if (isUser)
            {
                foreach (var groupName in ((IamUser)principal).Groups)
                {
                    var g = _data.GetGroup(account, groupName);
                    if (g.Value == null) { _identity.Missing.Add(g.Reason!); continue; }
                    foreach (var p in g.Value.InlinePolicies) _identity.Add(_cache, p.Document, $"{groupName}/{p.Name}", PolicyType.Identity);
                    foreach (var p in g.Value.AttachedPolicies) _identity.AddManaged(_cache, _data, p.Arn, p.Name, account, PolicyType.Identity);
                }
            }
            if (principal.PermissionsBoundaryArn != null)
            {
                _boundaryArn = principal.PermissionsBoundaryArn;
                _boundary = new LayerInputs();
                _boundary.AddManaged(_cache, _data, principal.PermissionsBoundaryArn, principal.PermissionsBoundaryArn, account, PolicyType.PermissionsBoundary);
            }
            if (_request.CallerSessionPolicy != null)
            {
                _session = new LayerInputs();
                _session.Add(_cache, new PolicySource(_request.CallerSessionPolicy), "CallerSessionPolicy", PolicyType.Session);
            }
        }

        private bool SourceUsable => _sourceProblem == null && _sourceUnknown == null;

        private void ResolveRole()
        {
            _role = _data.GetRole(_roleArn.Account, _roleName);
            if (_role.Value == null) return;
            // Role names are unique whatever the path: evaluate the rest against the role that exists, so one run
            // shows every gap; TargetRole reports the wrong ARN.
            _evaluatedRoleArn = _role.Value.Arn;
            if (_role.Value.TrustPolicy == null) { _trustProblem = "the role has no trust policy in the data"; return; }
            try { _trust = _cache.Get(_role.Value.TrustPolicy.Text, $"{_roleName} trust policy", PolicyType.Resource); }
            catch (PolicyFormatException ex) { _trustProblem = "the trust policy cannot be evaluated: " + ex.Message; }
        }


        private void ResolveOrganization()
        {
            _org = _data.GetOrganization();
            var org = _org.Value;
            if (org == null) return;
            string sourceAccount = _source.AccountId ?? "";
            if (!org.Contains(sourceAccount)) _scpNotApplicable = $"Account {sourceAccount} is not in organization {org.Id}; SCPs never restrict principals outside the organization.";
            else if (sourceAccount == org.ManagementAccountId) _scpNotApplicable = $"Account {sourceAccount} is the management account; SCPs do not apply to it.";
            else if (_source.IsServiceLinkedRole) _scpNotApplicable = "Service-linked roles are not restricted by SCPs.";
            else _scps = OrgInputs.For(org, sourceAccount, scp: true, _cache);

            string roleAccount = _roleArn.Account;
            if (!org.Contains(roleAccount)) _rcpNotApplicable = $"Account {roleAccount} is not in organization {org.Id}, so its RCPs are not in the data.";
            else if (roleAccount == org.ManagementAccountId) _rcpNotApplicable = $"The role is in the management account {roleAccount}; RCPs do not apply there.";
            else if (_source.IsServiceLinkedRole) _rcpNotApplicable = "Calls by service-linked roles are not restricted by RCPs.";
            else _rcps = OrgInputs.For(org, roleAccount, scp: false, _cache);
        }

        private void BuildContextAndActions()
        {
            var r = _request;
            var c = new RequestContext();
            var org = _org?.Value;
            string account = _source.AccountId ?? "";
            if (org != null && org.Contains(account))
            {
                c.Set("aws:PrincipalOrgID", org.Id);
                var orgPath = org.OrgPathOf(account);
                if (orgPath != null) c.SetMany("aws:PrincipalOrgPaths", new[] { orgPath });
            }
            if (org != null && org.Contains(_roleArn.Account))
            {
                c.Set("aws:ResourceOrgID", org.Id);
                var rp = org.OrgPathOf(_roleArn.Account);
                if (rp != null) c.SetMany("aws:ResourceOrgPaths", new[] { rp });
            }
            var principalData = (IamPrincipalData?)_user?.Value ?? _sourceRole?.Value;
            var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (principalData != null) foreach (var t in principalData.Tags) tags[t.Key] = t.Value;
            foreach (var t in r.SessionTags) tags[t.Key] = t.Value; // a session tag overrides a principal tag whatever its case
            foreach (var t in tags) c.Set("aws:PrincipalTag/" + t.Key, t.Value);
            foreach (var t in r.SessionTags) c.Set("aws:RequestTag/" + t.Key, t.Value);
            if (r.SessionTags.Count > 0) c.SetMany("aws:TagKeys", r.SessionTags.Keys);
            if (r.TransitiveTagKeys.Count > 0) c.SetMany("sts:TransitiveTagKeys", r.TransitiveTagKeys);
            if (_role?.Value != null) foreach (var t in _role.Value.Tags) c.Set("aws:ResourceTag/" + t.Key, t.Value);
            if (r.ExternalId != null) c.Set("sts:ExternalId", r.ExternalId);
            if (r.RoleSessionName != null) c.Set("sts:RoleSessionName", r.RoleSessionName);
            if (r.SourceIdentity != null) c.Set("sts:SourceIdentity", r.SourceIdentity);
            // MFA: long-term keys carry no MFA key at all; AssumeRole with SerialNumber+TokenCode presents it;
            // a chained session never carries the MFA of the session that created it.
            if (r.SerialNumber != null && r.TokenCode != null) c.Set("aws:MultiFactorAuthPresent", "true");
            else if (r.MfaPresent.HasValue && !_source.IsRoleSession) c.Set("aws:MultiFactorAuthPresent", r.MfaPresent.Value ? "true" : "false");
            if (r.SourceIp != null) c.Set("aws:SourceIp", r.SourceIp);
            if (r.SourceVpce != null) c.Set("aws:SourceVpce", r.SourceVpce);
            c.Set("aws:SecureTransport", "true");
            c.Set("aws:ViaAWSService", "false");
            foreach (var e in r.Context.Entries) c.Set(e.Key, e.Value);
            ContextKeys.AddPrincipalKeys(c, _source, _roleArn.Account);
            ContextKeys.AddTime(c, r.Now);
            _context = c;

            _actions.Add("sts:AssumeRole");
            if (r.SessionTags.Count > 0 || r.TransitiveTagKeys.Count > 0) _actions.Add("sts:TagSession");
            if (r.SourceIdentity != null || (_source.IsRoleSession && c.Contains("aws:SourceIdentity"))) _actions.Add("sts:SetSourceIdentity");
        }

        private void Evaluate()
        {
            if (!SourceUsable) return;
            foreach (var action in _actions)
            {
                var req = new EvaluationRequest(_source, action, _evaluatedRoleArn, _context)
                {
                    ResourceAccount = _roleArn.Account,
                    IdentityPolicies = _identity.Policies,
                    PermissionsBoundaries = _boundary?.Policies,
                    SessionPolicies = _session?.Policies,
                    ServiceControlPolicies = _scps?.Levels,
                    ResourceControlPolicies = _rcps?.Levels,
                    ResourcePolicy = _trust,
                };
                _results[action] = PolicyEvaluator.Evaluate(req);
            }
        }

        /// <summary>Environment keys that statements of these policies test but the request does not state.</summary>
        private List<string> UnstatedKeys(IEnumerable<PolicyDocument> policies, Effect? effect = null)
        {
            var keys = new List<string>();
            foreach (var p in policies)
                foreach (var s in p.Statements)
                {
                    if (effect != null && s.Effect != effect) continue;
                    if (s.Conditions.Count == 0 || !_actions.Any(s.MatchesAction)) continue;
                    if (!s.MatchesResource(_evaluatedRoleArn, _context) || s.MatchPrincipal(_source) == PrincipalMatch.None) continue;
                    foreach (var cond in s.Conditions)
                        if (EnvironmentKeys.Contains(cond.Key) && !_context.Contains(cond.Key) && !keys.Contains(cond.Key)) keys.Add(cond.Key);
                }
            return keys;
        }

        private static string KeyHint(List<string> keys) =>
            $"the policy tests {string.Join(", ", keys)}, which this request does not state; pass {string.Join(", ", keys.Select(k => k.Equals("aws:SourceIp", StringComparison.OrdinalIgnoreCase) ? "-SourceIp" : k.Equals("aws:SourceVpce", StringComparison.OrdinalIgnoreCase) ? "-SourceVpce" : $"-Context @{{'{k}'='...'}}"))} to evaluate it";
    }
}
