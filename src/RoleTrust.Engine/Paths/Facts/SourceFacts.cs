using RoleTrust.Engine.Model;

namespace RoleTrust.Paths.Facts
{
    public enum SourceState
    {
        /// <summary>The source exists and its policies were gathered (possibly with gaps).</summary>
        Usable,
        /// <summary>The source cannot call AssumeRole at all (root, a federated-user session, missing, wrong ARN).</summary>
        CannotAssume,
        /// <summary>Whether the source exists cannot be told: its own data could not be read.</summary>
        Unknown,
    }

    /// <summary>The principal that calls AssumeRole, and the policies that limit it.</summary>
    public sealed class SourceFacts
    {
        internal SourceFacts(PrincipalIdentity principal, SourceState state, string? cannotAssume, DataGap? gap, IamUser? user, IamRole? role,
            PolicyLayerFacts identity, PolicyLayerFacts? boundary, string? boundaryArn, PolicyLayerFacts? session, DataGap? boundaryGap,
            bool knownByArn = false)
        {
            Principal = principal; State = state; CannotAssumeReason = cannotAssume; Gap = gap; User = user; Role = role;
            Identity = identity; Boundary = boundary; BoundaryArn = boundaryArn; Session = session; BoundaryGap = boundaryGap;
            KnownByArn = knownByArn;
        }

        /// <summary>The caller as AWS sees it: a role source acts through a session of itself; path and unique ID filled in when known.</summary>
        public PrincipalIdentity Principal { get; }
        public SourceState State { get; }
        /// <summary>Why the source cannot assume roles (State CannotAssume).</summary>
        public string? CannotAssumeReason { get; }
        /// <summary>What is missing (State Unknown).</summary>
        public DataGap? Gap { get; }
        public IamUser? User { get; }
        /// <summary>The source role (for a role or a session of it).</summary>
        public IamRole? Role { get; }
        public PolicyLayerFacts Identity { get; }
        /// <summary>Null when the source has no permissions boundary.</summary>
        public PolicyLayerFacts? Boundary { get; }
        public string? BoundaryArn { get; }
        /// <summary>Set when the data holds a boundary field that cannot be read: whether there is a boundary is unknown.</summary>
        public DataGap? BoundaryGap { get; }
        /// <summary>The calling session's own session policy, when the request states one.</summary>
        public PolicyLayerFacts? Session { get; }

        public bool Usable => State == SourceState.Usable;

        /// <summary>
        /// State Unknown, but the ARN names everything the policies outside the source's own match on (an IAM user, or an
        /// IAM role with its path): SCPs, RCPs and the trust policy are evaluated for it, with the keys its data would give
        /// (aws:userid, aws:PrincipalTag/*) unknown. A role session's ARN lacks the role's path, so it is not known by ARN.
        /// </summary>
        public bool KnownByArn { get; }

        /// <summary>The policies outside the source's own (SCPs, RCPs, trust policy) are evaluated for it.</summary>
        public bool Evaluated => Usable || KnownByArn;
        /// <summary>
        /// True for a role session, and for a role named by its role ARN (it acts through a session of itself) even when
        /// its data cannot be read: that it chains follows from the ARN alone.
        /// </summary>
        public bool IsRoleSession => Principal.IsRoleSession || Principal.Kind == PrincipalKind.Role;

        /// <summary>"user Bob", "role ci-runner", or the ARN when the data has no such principal.</summary>
        public string DisplayName => User != null ? $"user {User.Name}" : Role != null ? $"role {Role.Name}" : Principal.Arn;
    }
}
