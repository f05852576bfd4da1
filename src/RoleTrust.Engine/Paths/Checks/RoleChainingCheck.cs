using System.Collections.Generic;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The source is a role session: chaining limits, transitive tags, lost MFA context.</summary>
    internal sealed class RoleChainingCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.RoleChaining;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var source = f.Source.Principal;
            if (!f.Source.IsRoleSession) return Make(f, CheckStatus.NotApplicable, "The source is not a role session, so this is not role chaining.");
            if (source.Name == f.Role.Name && source.AccountId == f.Role.AccountId)
                return Make(f, CheckStatus.Pass, "The role assumes itself: this works only when its own trust policy names it (see TrustPolicy); the session is limited to 1 hour and carries no MFA context.");
            return Make(f, CheckStatus.Pass, "Role chaining: the new session is limited to 1 hour, carries no MFA context from the calling session, and inherits its transitive session tags and source identity.");
        }
    }
}
