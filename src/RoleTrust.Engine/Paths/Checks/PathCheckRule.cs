using System.Collections.Generic;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>One check of the catalogue: a pure function of the request's facts (and of the checks before it).</summary>
    internal abstract class PathCheckRule
    {
        public abstract CheckName Name { get; }

        public abstract PathCheck Run(PathFacts facts, IReadOnlyList<PathCheck> earlier);

        protected PathCheck Make(PathFacts f, CheckStatus status, string summary, string? evidence = null, string? fix = null,
            string? errorText = null, GapChange? change = null) =>
            new PathCheck(Name, status, f.SourceText, f.Request.RoleArn, summary, evidence, fix, errorText, change);

        /// <summary>
        /// For checks of the caller's side (identity, boundary, session policy): a web identity or SAML caller is not an
        /// IAM principal and has none of them. Null for an IAM caller.
        /// </summary>
        protected PathCheck? FederatedCaller(PathFacts f) => f.Request.IsFederated
            ? Make(f, CheckStatus.NotApplicable, $"The caller is a user of identity provider {f.Source.Principal.Arn} ({f.Request.Action}), not an IAM principal: it has no identity-based policies, boundary or session policy.")
            : null;

        /// <summary>For the layers that need the source's data: Unknown without it, NotApplicable when the source cannot assume at all.</summary>
        protected PathCheck NotEvaluated(PathFacts f) => f.Source.State == SourceState.Unknown
            ? Make(f, CheckStatus.Unknown, $"Cannot evaluate without the source's data: {f.Phrasing.Describe(f.Source.Gap!)}.", fix: f.Phrasing.Remedy(f.Source.Gap!))
            : Make(f, CheckStatus.NotApplicable, "Not evaluated: the source principal cannot assume roles (see SourcePrincipal).");
    }
}
