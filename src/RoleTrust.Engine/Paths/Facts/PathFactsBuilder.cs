using System;
using System.Collections.Generic;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>Gathers the facts of one request from a data source, once, in the order each step needs the last.</summary>
    internal sealed class PathFactsBuilder
    {
        private readonly PathRequest _request;
        private readonly IAccountDataSource _data;
        private readonly PolicyCache _cache;

        private PathFactsBuilder(PathRequest request, IAccountDataSource data, PolicyCache cache)
        {
            _request = request; _data = data; _cache = cache;
        }

        /// <summary>Throws <see cref="PolicyFormatException"/> (InvalidArn) when SourceArn or RoleArn is not a valid ARN.</summary>
        public static PathFacts Gather(PathRequest request, IAccountDataSource data, PolicyCache cache, StsObservation? sts)
        {
            var b = new PathFactsBuilder(request, data, cache);
            var (principal, roleArn, roleName, rolePath, federation) = b.ParseArns();
            var source = federation != null ? FederatedSource(principal) : b.GatherSource(principal);
            var role = b.GatherRole(roleArn, roleName, rolePath);
            var scp = federation != null
                ? Side(principal.AccountId ?? "", Lookup<OrganizationMembership>.NotFound("a federated caller belongs to no account"),
                    $"The caller is a user of identity provider {principal.Arn}, not an IAM principal of an account: no SCP applies.")
                : b.GatherServiceControlPolicies(source);
            var rcp = b.GatherResourceControlPolicies(source, role);
            var evaluation = b.Evaluate(source, role, scp, rcp);
            return new PathFacts(request, source, role, scp, rcp, evaluation, sts, data.Phrasing, federation);
        }

        // ---------------------------------------------------------------- the two ARNs

        private (PrincipalIdentity, Arn, string, string, FederationFacts?) ParseArns()
        {
            if (!Arn.TryParse(_request.RoleArn, out var role) || role.Service != "iam" || !Arn.IsAccountId(role.Account) || !role.Resource.StartsWith("role/", StringComparison.Ordinal))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn,
                    $"RoleArn '{_request.RoleArn}' is not a role ARN (expected arn:aws:iam::123456789012:role/path/Name).", offendingValue: _request.RoleArn);
            if (!Partitions.IsKnown(role.Partition))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"RoleArn '{_request.RoleArn}' names partition '{role.Partition}', which is not an AWS partition ({string.Join(", ", Partitions.Known)}).",
                    offendingValue: _request.RoleArn);
            var (path, name) = PrincipalIdentity.SplitPath(role.Resource.Substring(5));
            if (path == null || name.Length == 0)
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"RoleArn '{_request.RoleArn}' has an empty role name or path segment.", offendingValue: _request.RoleArn);
            if (_request.IsFederated)
            {
                var federation = Federation(role);
                return (PrincipalIdentity.IdentityProvider(federation.Provider), role, name, path, federation);
            }
            if (!PrincipalIdentity.TryParse(_request.SourceArn, out var source, out var error))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, "SourceArn: " + error, offendingValue: _request.SourceArn);
            if (source.Partition != null && !Partitions.IsKnown(source.Partition))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn, $"SourceArn '{_request.SourceArn}' names partition '{source.Partition}', which is not an AWS partition ({string.Join(", ", Partitions.Known)}).",
                    offendingValue: _request.SourceArn);
            return (source, role, name, path, null);
        }

        /// <summary>The provider a web identity or SAML request comes through, and the role account's providers.</summary>
        private FederationFacts Federation(Arn role)
        {
            var providers = (_data as IFederationDataSource)?.GetIdentityProviders(role.Account);
            if (_request.WebIdentity is Federation.WebIdentityClaims claims)
                return new FederationFacts(claims.FederatedPrincipal(role.Account, role.Partition), claims.IsBuiltInProvider, providers);
            string? provider = _request.SamlProviderArn;
            var pairs = _request.Saml!.Roles;
            provider ??= System.Linq.Enumerable.FirstOrDefault(pairs, p => p.RoleArn == _request.RoleArn)?.ProviderArn
                ?? (System.Linq.Enumerable.Count(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(pairs, p => p.ProviderArn))) == 1 ? pairs[0].ProviderArn : null);
            if (provider == null || !Arn.TryParse(provider, out var arn) || !arn.Resource.StartsWith("saml-provider/", StringComparison.Ordinal))
                throw new PolicyFormatException(PolicyErrorIds.InvalidArn,
                    "An AssumeRoleWithSAML request needs the SAML provider's ARN (PrincipalArn, arn:aws:iam::123456789012:saml-provider/Name); the assertion names none for this role.",
                    offendingValue: provider);
            return new FederationFacts(provider, false, providers);
        }

        private static SourceFacts FederatedSource(PrincipalIdentity provider) =>
            new SourceFacts(provider, SourceState.Usable, null, null, null, null, new PolicyLayerFacts(), null, null, null, null);

        // ---------------------------------------------------------------- source side

        private SourceFacts GatherSource(PrincipalIdentity principal)
        {
            var identity = new PolicyLayerFacts();
            SourceFacts CannotAssume(string reason, IamUser? user = null, IamRole? role = null) =>
                new SourceFacts(principal, SourceState.CannotAssume, reason, null, user, role, identity, null, null, null, null);
            SourceFacts Unknown(DataGap gap)
            {
                // A source known only by its ARN: a user as named; a role acting through a session of itself, its path from the ARN.
                var known = principal.Kind == PrincipalKind.Role ? Session(principal).With(rolePath: principal.Path) : principal;
                bool byArn = principal.Kind == PrincipalKind.User || principal.Kind == PrincipalKind.Role;
                return new SourceFacts(known, SourceState.Unknown, null, gap, null, null, identity, null, null, null, null, knownByArn: byArn);
            }

            switch (principal.Kind)
            {
                case PrincipalKind.Root:
                    return CannotAssume("Root user credentials cannot assume roles.");
                case PrincipalKind.FederatedUser:
                    return CannotAssume("A federated-user session (from GetFederationToken) cannot call AssumeRole.");
                case PrincipalKind.User:
                {
                    if (PartitionGap(principal.Arn, principal.Partition!, principal.AccountId!, null) is DataGap otherPartition) return Unknown(otherPartition);
                    var user = _data.GetUser(principal.AccountId!, principal.Name!);
                    if (user.Status == LookupStatus.Unavailable) return Unknown(user.Gap!);
                    if (user.Value == null) return CannotAssume($"The user does not exist: {user.NotFoundReason}.");
                    if (PartitionGap(principal.Arn, principal.Partition!, principal.AccountId!, user.Value.Arn) is DataGap entityPartition) return Unknown(entityPartition);
                    if (user.Value.Arn != principal.Arn) return CannotAssume($"The user's ARN is {user.Value.Arn}, not {principal.Arn} (check the path).", user.Value);
                    return Usable(principal.With(uniqueId: UniqueId(user.Value)), user.Value, null, identity);
                }
                case PrincipalKind.Role:
                case PrincipalKind.AssumedRole:
                {
                    if (PartitionGap(principal.Arn, principal.Partition!, principal.AccountId!, null) is DataGap otherPartition) return Unknown(otherPartition);
                    var role = _data.GetRole(principal.AccountId!, principal.Name!);
                    if (role.Status == LookupStatus.Unavailable) return Unknown(role.Gap!);
                    if (role.Value == null) return CannotAssume($"The source role does not exist: {role.NotFoundReason}.");
                    if (PartitionGap(principal.Arn, principal.Partition!, principal.AccountId!, role.Value.Arn) is DataGap entityPartition) return Unknown(entityPartition);
                    if (principal.Kind == PrincipalKind.Role)
                    {
                        if (role.Value.Arn != principal.Arn) return CannotAssume($"The role's ARN is {role.Value.Arn}, not {principal.Arn} (check the path).", role: role.Value);
                        // A role acts through a session of itself.
                        principal = Session(principal);
                    }
                    return Usable(principal.With(rolePath: role.Value.Path, uniqueId: UniqueId(role.Value)), null, role.Value, identity);
                }
                default:
                    return CannotAssume($"'{principal.Arn}' is not an IAM user, role or role session; only those call sts:AssumeRole.");
            }
        }

        /// <summary>
        /// The session through which a role acts. A session name the request gets wrong is reported by RequestParameters;
        /// the session's ARN needs one that fits in an ARN.
        /// </summary>
        private PrincipalIdentity Session(PrincipalIdentity role)
        {
            string sessionName = ParameterRules.FitsInArn(_request.RoleSessionName) ? _request.RoleSessionName! : "RoleTrust";
            return PrincipalIdentity.Parse($"arn:{role.Partition}:sts::{role.AccountId}:assumed-role/{role.Name}/{sessionName}");
        }

        /// <summary>The principal's unique ID; null when the data holds it malformed or lacks it (aws:userid is then unknown).</summary>
        private static string? UniqueId(IamPrincipalData data) => data.ProblemWith(EntityField.Id) == null ? data.Id : null;

        /// <summary>
        /// A gap when the data describes the ARN's account in another partition (account IDs are unique only within a
        /// partition): from the entity found, or from what the source knows of the account. Null when they agree.
        /// </summary>
        private DataGap? PartitionGap(string arn, string partition, string account, string? entityArn)
        {
            string? dataPartition = entityArn != null
                ? (Arn.TryParse(entityArn, out var found) ? found.Partition : null)
                : (_data as IPartitionAwareSource)?.PartitionOf(account);
            if (dataPartition == null || dataPartition == partition) return null;
            return new DataGap(DataGapKind.Partition, DataGapCause.NotCollected, account, arn,
                detail: $"the data holds account {account} in partition {dataPartition}, while {arn} names partition {partition}");
        }

        private SourceFacts Usable(PrincipalIdentity principal, IamUser? user, IamRole? role, PolicyLayerFacts identity)
        {
            IamPrincipalData data = (IamPrincipalData?)user ?? role!;
            string account = principal.AccountId!;
            var inlineProblem = data.ProblemWith(EntityField.InlinePolicies);
            if (inlineProblem != null) identity.AddGap(inlineProblem);
            else foreach (var p in data.InlinePolicies) identity.Add(_cache, p.Document, p.Name, PolicyType.Identity, account);
            var attachedProblem = data.ProblemWith(EntityField.AttachedPolicies);
            if (attachedProblem != null) identity.AddGap(attachedProblem);
            else foreach (var p in data.AttachedPolicies) identity.AddManaged(_cache, _data, p.Arn, p.Name, account, PolicyType.Identity);
            if (user != null)
            {
                var groupsProblem = user.ProblemWith(EntityField.Groups);
                if (groupsProblem != null) identity.AddGap(groupsProblem);
                else foreach (var groupName in user.Groups) AddGroup(identity, account, groupName);
            }

            PolicyLayerFacts? boundary = null;
            var boundaryGap = data.ProblemWith(EntityField.PermissionsBoundary);
            if (boundaryGap == null && data.PermissionsBoundaryArn != null)
            {
                boundary = new PolicyLayerFacts();
                boundary.AddManaged(_cache, _data, data.PermissionsBoundaryArn, data.PermissionsBoundaryArn, account, PolicyType.PermissionsBoundary);
            }
            PolicyLayerFacts? session = null;
            if (_request.CallerSessionPolicy != null)
            {
                session = new PolicyLayerFacts();
                session.Add(_cache, new PolicySource(_request.CallerSessionPolicy), "CallerSessionPolicy", PolicyType.Session, account);
            }
            return new SourceFacts(principal, SourceState.Usable, null, null, user, role, identity, boundary, data.PermissionsBoundaryArn, session, boundaryGap);
        }

        private void AddGroup(PolicyLayerFacts identity, string account, string groupName)
        {
            var g = _data.GetGroup(account, groupName);
            if (g.Value == null)
            {
                identity.AddGap(g.Gap ?? new DataGap(DataGapKind.Group, DataGapCause.NotCollected, account, groupName, detail: g.NotFoundReason));
                return;
            }
            foreach (var problem in g.Value.Problems) identity.AddGap(problem.Gap);
            foreach (var p in g.Value.InlinePolicies) identity.Add(_cache, p.Document, $"{groupName}/{p.Name}", PolicyType.Identity, account);
            foreach (var p in g.Value.AttachedPolicies) identity.AddManaged(_cache, _data, p.Arn, p.Name, account, PolicyType.Identity);
        }

        // ---------------------------------------------------------------- role side

        private RoleFacts GatherRole(Arn arn, string name, string path)
        {
            var lookup = PartitionGap(_request.RoleArn, arn.Partition, arn.Account, null) is DataGap otherPartition
                ? Lookup<IamRole>.Unavailable(otherPartition) : _data.GetRole(arn.Account, name);
            if (lookup.Value != null && PartitionGap(_request.RoleArn, arn.Partition, arn.Account, lookup.Value.Arn) is DataGap entityPartition)
                lookup = Lookup<IamRole>.Unavailable(entityPartition);
            var similar = lookup.Status == LookupStatus.NotFound ? _data.FindRoleIgnoringCase(arn.Account, name) : null;
            PolicyDocument? trust = null;
            DataGap? trustGap = null;
            var role = lookup.Value;
            if (role != null)
            {
                trustGap = role.ProblemWith(EntityField.TrustPolicy);
                if (trustGap == null && role.TrustPolicy == null)
                    trustGap = new DataGap(DataGapKind.Role, DataGapCause.NotCollected, arn.Account, role.Arn, detail: "the role has no trust policy in the data");
                if (trustGap == null)
                {
                    try { trust = _cache.Get(role.TrustPolicy!.Text, $"{name} trust policy", PolicyType.Resource); }
                    catch (PolicyFormatException ex)
                    {
                        trustGap = new DataGap(DataGapKind.PolicyDocument, DataGapCause.Malformed, arn.Account, $"{role.Arn} trust policy", detail: ex.Message);
                    }
                }
            }
            return new RoleFacts(_request.RoleArn, arn, name, path, lookup, similar, trust, trustGap);
        }

        // ---------------------------------------------------------------- organizations

        private OrganizationSideFacts GatherServiceControlPolicies(SourceFacts source)
        {
            string account = source.Principal.AccountId ?? "";
            var membership = _data.GetMembership(account);
            var m = membership.Value;
            if (m == null) return Side(account, membership, gap: membership.Gap);
            switch (m.Kind)
            {
                case MembershipKind.Standalone:
                    return Side(account, membership, $"Account {account} is in no organization, so no SCP applies to it.");
                case MembershipKind.OutsideKnownOrganization:
                    return Side(account, membership, $"Account {account} is not in organization {m.OrganizationId}, so that organization's SCPs do not restrict it (SCPs never restrict principals outside their organization; the data describes no other organization).");
            }
            if (m.IsManagementAccount) return Side(account, membership, $"Account {account} is the management account of {m.OrganizationId}; SCPs do not apply to it.");
            if (source.Principal.IsServiceLinkedRole) return Side(account, membership, "Service-linked roles are not restricted by SCPs.");
            if (m.ServiceControlPolicies == PolicyTypeState.Disabled) return Side(account, membership, $"SCPs are not enabled in organization {m.OrganizationId}.");
            if (m.ServiceControlPolicies == PolicyTypeState.Unknown)
                return Side(account, membership, gap: m.ServiceControlPolicyGap ?? new DataGap(DataGapKind.Organization, DataGapCause.NotCollected, m.ManagementAccountId, m.OrganizationId));
            return Levels(account, membership, m, scp: true);
        }

        private OrganizationSideFacts GatherResourceControlPolicies(SourceFacts source, RoleFacts role)
        {
            string account = role.AccountId;
            var membership = _data.GetMembership(account);
            var m = membership.Value;
            if (m == null) return Side(account, membership, gap: membership.Gap);
            switch (m.Kind)
            {
                case MembershipKind.Standalone:
                    return Side(account, membership, $"The role's account {account} is in no organization, so no RCP applies to it.");
                case MembershipKind.OutsideKnownOrganization:
                    return Side(account, membership, $"The role's account {account} is not in organization {m.OrganizationId}, so that organization's RCPs do not apply to it (the data describes no other organization).");
            }
            if (m.IsManagementAccount) return Side(account, membership, $"The role is in the management account {account}; RCPs do not apply there.");
            if (source.Principal.IsServiceLinkedRole) return Side(account, membership, "Calls by service-linked roles are not restricted by RCPs.");
            if (m.ResourceControlPolicies == PolicyTypeState.Disabled) return Side(account, membership, $"RCPs are not enabled in organization {m.OrganizationId}.");
            return Levels(account, membership, m, scp: false);
        }

        private static OrganizationSideFacts Side(string account, Lookup<OrganizationMembership> membership, string? notApplicable = null, DataGap? gap = null) =>
            new OrganizationSideFacts(account, membership, notApplicable, gap, null, new DataGap[0]);

        private OrganizationSideFacts Levels(string account, Lookup<OrganizationMembership> membership, OrganizationMembership m, bool scp)
        {
            var levels = new List<PolicyLevel>();
            var gaps = new List<DataGap>();
            foreach (var level in m.Levels)
            {
                var docs = new List<PolicyDocument>();
                foreach (var p in scp ? level.ServiceControlPolicies : level.ResourceControlPolicies)
                {
                    try { docs.Add(_cache.Get(p.Content, p.Name, scp ? PolicyType.ServiceControl : PolicyType.ResourceControl, p.Arn ?? p.Id)); }
                    catch (PolicyFormatException ex)
                    {
                        gaps.Add(new DataGap(DataGapKind.PolicyDocument, DataGapCause.Malformed, m.ManagementAccountId, $"{p.Name} ({p.Id})", detail: ex.Message));
                    }
                }
                // Every SCP level must allow, so an empty one counts; RCP levels only ever deny.
                if (scp || docs.Count > 0) levels.Add(new PolicyLevel(level.Describe(), docs));
            }
            return new OrganizationSideFacts(account, membership, null, null, levels, gaps);
        }

        // ---------------------------------------------------------------- request and evaluation

        private EvaluationFacts Evaluate(SourceFacts source, RoleFacts role, OrganizationSideFacts scp, OrganizationSideFacts rcp)
        {
            var r = _request;
            var c = new RequestContext();
            var uncertainty = new KeyUncertainty(c);
            // A web identity or SAML caller belongs to no account, so it has no organization keys at all.
            if (!r.IsFederated) SetOrganizationKeys(c, uncertainty, scp.Membership, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths");
            SetOrganizationKeys(c, uncertainty, rcp.Membership, "aws:ResourceOrgID", "aws:ResourceOrgPaths");

            IamPrincipalData? principalData = (IamPrincipalData?)source.User ?? source.Role;
            // A source known only by its ARN: its unique ID and tags come from the data that could not be read.
            if (!source.Usable || principalData?.ProblemWith(EntityField.Id) != null) uncertainty.AddKey("aws:userid");
            if (principalData?.ProblemWith(EntityField.Tags) != null || !source.Usable) uncertainty.AddPrefix("aws:PrincipalTag/");
            else
            {
                // aws:PrincipalTag describes the caller: its own tags, overridden (whatever the case) by the calling
                // session's tags. Tags passed with this request only become the new session's.
                var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (principalData != null) foreach (var t in principalData.Tags) tags[t.Key] = t.Value;
                foreach (var t in r.CallerSessionTags) tags[t.Key] = t.Value;
                foreach (var t in tags) c.Set("aws:PrincipalTag/" + t.Key, t.Value);
            }
            foreach (var t in r.SessionTags) c.Set("aws:RequestTag/" + t.Key, t.Value);
            if (r.SessionTags.Count > 0) c.SetMany("aws:TagKeys", r.SessionTags.Keys);
            if (r.TransitiveTagKeys.Count > 0) c.SetMany("sts:TransitiveTagKeys", r.TransitiveTagKeys);
            if (role.Role?.ProblemWith(EntityField.Tags) != null) uncertainty.AddPrefix("aws:ResourceTag/");
            else if (role.Role != null) foreach (var t in role.Role.Tags) c.Set("aws:ResourceTag/" + t.Key, t.Value);
            if (r.ExternalId != null) c.Set("sts:ExternalId", r.ExternalId);
            if (r.RoleSessionName != null) c.Set("sts:RoleSessionName", r.RoleSessionName);
            if (r.SourceIdentity != null) c.Set("sts:SourceIdentity", r.SourceIdentity);
            // MFA: long-term keys carry no MFA key at all; AssumeRole with SerialNumber+TokenCode presents it;
            // a chained session never carries the MFA of the session that created it.
            if (r.SerialNumber != null && r.TokenCode != null) c.Set("aws:MultiFactorAuthPresent", "true");
            else if (r.MfaPresent.HasValue && !source.IsRoleSession) c.Set("aws:MultiFactorAuthPresent", r.MfaPresent.Value ? "true" : "false");
            // A call reaches STS either from the internet (aws:SourceIp) or through a VPC endpoint (aws:SourceVpce, aws:SourceVpc,
            // aws:VpcSourceIp), never both: stating one says the others are absent.
            if (r.SourceIp != null)
            {
                c.Set("aws:SourceIp", r.SourceIp);
                foreach (var k in new[] { "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths" }) uncertainty.KnownAbsent(k);
            }
            if (r.SourceVpce != null)
            {
                c.Set("aws:SourceVpce", r.SourceVpce);
                uncertainty.KnownAbsent("aws:SourceIp");
            }
            c.Set("aws:SecureTransport", "true");
            c.Set("aws:ViaAWSService", "false");
            AddFederationKeys(c, uncertainty, source.Principal);
            foreach (var e in r.Context.Entries) c.Set(e.Key, e.Value);
            ContextKeys.AddPrincipalKeys(c, source.Principal, role.AccountId);
            ContextKeys.AddTime(c, r.Now);

            var actions = new List<string> { r.Action };
            bool samlTags = r.Saml != null && r.Saml.PrincipalTags.Count > 0;
            bool samlSourceIdentity = r.Saml != null && r.Saml.SourceIdentity.Length > 0;
            if (r.SessionTags.Count > 0 || r.TransitiveTagKeys.Count > 0 || samlTags) actions.Add("sts:TagSession");
            if (r.SourceIdentity != null || samlSourceIdentity || (source.IsRoleSession && c.Contains("aws:SourceIdentity"))) actions.Add("sts:SetSourceIdentity");

            var results = new Dictionary<string, EvaluationResult>(StringComparer.Ordinal);
            var views = new Dictionary<PolicyLayer, List<StatementView>>();
            foreach (PolicyLayer layer in Enum.GetValues(typeof(PolicyLayer))) views[layer] = new List<StatementView>();
            if (source.Evaluated)
            {
                foreach (var action in actions)
                {
                    var request = new EvaluationRequest(source.Principal, action, role.EvaluatedArn, c)
                    {
                        ResourceAccount = role.AccountId,
                        IdentityPolicies = source.Identity.Policies,
                        PermissionsBoundaries = source.Boundary?.Policies,
                        SessionPolicies = source.Session?.Policies,
                        ServiceControlPolicies = scp.Levels,
                        ResourceControlPolicies = rcp.Levels,
                        ResourcePolicy = role.Trust,
                        Trace = true,
                    };
                    var result = PolicyEvaluator.Evaluate(request);
                    results[action] = result;
                    StatementViews.Collect(views, result.Trace!, action, uncertainty);
                }
            }
            var layers = new Dictionary<PolicyLayer, LayerView>();
            foreach (var v in views) layers[v.Key] = new LayerView(v.Key, v.Value);
            return new EvaluationFacts(actions, c, uncertainty, results, layers);
        }

        /// <summary>
        /// The keys STS sets from a web identity token's claims or a SAML assertion; those whose source RoleTrust does not
        /// know stay unknown rather than absent. SAML session tags and source identity travel with the request.
        /// </summary>
        private void AddFederationKeys(RequestContext c, KeyUncertainty uncertainty, PrincipalIdentity provider)
        {
            var r = _request;
            if (r.WebIdentity != null)
            {
                var keys = r.WebIdentity.ConditionKeys();
                foreach (var e in keys.Context.Entries) c.Set(e.Key, e.Value);
                foreach (var k in keys.KeysWithoutClaimSource) uncertainty.AddKey(k);
                c.Set("aws:FederatedProvider", provider.Arn);
            }
            else if (r.Saml != null)
            {
                var keys = r.Saml.ConditionKeys(provider.Arn);
                foreach (var e in keys.Context.Entries) c.Set(e.Key, e.Value);
                foreach (var k in keys.UncertainKeys) uncertainty.AddKey(k);
                c.Set("aws:FederatedProvider", provider.Arn);
                if (r.Saml.RoleSessionName.Length > 0 && r.RoleSessionName == null) c.Set("sts:RoleSessionName", r.Saml.RoleSessionName);
                if (r.Saml.SourceIdentity.Length > 0 && r.SourceIdentity == null) c.Set("sts:SourceIdentity", r.Saml.SourceIdentity);
                foreach (var t in r.Saml.PrincipalTags) c.Set("aws:RequestTag/" + t.Key, t.Value);
                if (r.Saml.PrincipalTags.Count > 0) c.SetMany("aws:TagKeys", r.Saml.PrincipalTags.Keys);
                if (r.Saml.TransitiveTagKeys.Count > 0) c.SetMany("sts:TransitiveTagKeys", r.Saml.TransitiveTagKeys);
            }
        }

        /// <summary>
        /// The organization keys of one side: set for a member; absent for a standalone account; for an account outside
        /// the known organization either absent or another organization's (compared both ways); unknown when membership is.
        /// </summary>
        private static void SetOrganizationKeys(RequestContext c, KeyUncertainty uncertainty, Lookup<OrganizationMembership> membership, string idKey, string pathsKey)
        {
            var m = membership.Value;
            if (m == null)
            {
                uncertainty.AddKey(idKey);
                uncertainty.AddKey(pathsKey);
                return;
            }
            if (m.Kind == MembershipKind.Member)
            {
                c.Set(idKey, m.OrganizationId!);
                if (m.OrgPath != null) c.SetMany(pathsKey, new[] { m.OrgPath });
            }
            else if (m.Kind == MembershipKind.OutsideKnownOrganization)
            {
                uncertainty.AddOtherOrganization(idKey, pathsKey);
            }
        }
    }
}
