using System.Collections.Generic;
using System.Linq;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>RoleSessionName, ExternalId, SourceIdentity, MFA, tags and session policy are within their formats and sizes.</summary>
    internal sealed class RequestParametersCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.RequestParameters;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            var problems = ParameterRules.Validate(f.Request);
            if (problems.Count > 0)
                return Make(f, CheckStatus.Fail,
                    problems[0].problem + (problems.Count > 1 ? $" ({problems.Count - 1} more problem(s): {string.Join(" ", problems.Skip(1).Select(p => p.problem))})" : ""),
                    fix: "Correct the parameter values before calling AssumeRole.", errorText: problems[0].errorText);
            return Make(f, CheckStatus.Pass, f.Request.RoleSessionName == null
                ? "The parameters given are valid; AssumeRole also needs a RoleSessionName (2-64 characters of [\\w+=,.@-])."
                : "RoleSessionName, ExternalId, SourceIdentity, tags and session policy are within their formats and sizes.");
        }
    }
}
