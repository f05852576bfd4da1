using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>The source exists and can call AssumeRole at all (not root, not a federated-user session).</summary>
    internal sealed class SourcePrincipalCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.SourcePrincipal;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            if (f.Request.IsFederated)
                return Make(f, CheckStatus.NotApplicable, $"The caller is a user of identity provider {f.Source.Principal.Arn}, not an IAM principal: the provider (see IdentityProvider) and the trust policy decide.");
            var s = f.Source;
            switch (s.State)
            {
                case SourceState.Unknown:
                    return Make(f, CheckStatus.Unknown, $"Cannot tell whether the source exists: {f.Phrasing.Describe(s.Gap!)}.", fix: f.Phrasing.Remedy(s.Gap!));
                case SourceState.CannotAssume:
                    bool root = s.Principal.Kind == PrincipalKind.Root;
                    return Make(f, CheckStatus.Fail, s.CannotAssumeReason!,
                        fix: root ? "Use an IAM user, an IAM role or an IAM Identity Center session instead of the root user."
                            : "Use an existing IAM user or role (with its exact ARN, path included) as the source.",
                        errorText: root ? ErrorTexts.RootCannotAssume : null);
                default:
                    string what = s.User != null ? $"IAM user {s.User.Arn}" : $"a session of role {s.Role!.Arn}";
                    return Make(f, CheckStatus.Pass, $"The source is {what}, which can call sts:AssumeRole.");
            }
        }
    }
}
