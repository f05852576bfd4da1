using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>DurationSeconds is within 900..MaxSessionDuration, and at most 3600 when chaining.</summary>
    internal sealed class SessionDurationCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.SessionDuration;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            // A SAML assertion may carry the duration it asks for.
            int? d = f.Request.DurationSeconds ?? f.Request.Saml?.SessionDuration;
            var role = f.Role.Role;
            if (d == null) return Make(f, CheckStatus.Pass, "No DurationSeconds given: the default of 3600 seconds applies.");
            if (d < 900 || d > 43200)
                return Make(f, CheckStatus.Fail, $"DurationSeconds {d} is outside 900..43200.", fix: "Use 900 to 3600 seconds (or up to the role's MaxSessionDuration).",
                    errorText: $"1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(d < 900 ? "greater than or equal to 900" : "less than or equal to 43200")}");
            if (f.Source.IsRoleSession && d > 3600)
                return Make(f, CheckStatus.Fail, $"DurationSeconds {d} exceeds the 1-hour limit for role chaining (the source is a role session).",
                    fix: "Request at most 3600 seconds; MaxSessionDuration cannot raise the chaining limit.", errorText: ErrorTexts.DurationExceedsChaining);
            // 3600 seconds is the smallest MaxSessionDuration a role can have.
            if (d <= 3600) return Make(f, CheckStatus.Pass, $"DurationSeconds {d} is within every role's limit (3600 seconds is the minimum MaxSessionDuration).");
            if (role == null)
                return f.Role.Lookup.Status == LookupStatus.Unavailable
                    ? Make(f, CheckStatus.Unknown, $"DurationSeconds {d} needs the role's MaxSessionDuration: {f.Phrasing.Describe(f.Role.Lookup.Gap!)}.", fix: f.Phrasing.Remedy(f.Role.Lookup.Gap!))
                    : Make(f, CheckStatus.Unknown, "The role's MaxSessionDuration is not known because the role was not found.");
            var problem = role.ProblemWith(EntityField.MaxSessionDuration);
            if (problem != null)
                return Make(f, CheckStatus.Unknown, $"DurationSeconds {d} needs the role's MaxSessionDuration: {f.Phrasing.Describe(problem)}.", fix: f.Phrasing.Remedy(problem));
            int? max = role.MaxSessionDuration;
            if (max == null)
                return Make(f, CheckStatus.Unknown, $"DurationSeconds {d} needs MaxSessionDuration >= {d}, but the data does not record the role's MaxSessionDuration.",
                    fix: "Request 3600 seconds or less, or add the role's MaxSessionDuration to the data.");
            if (d > max)
                return Make(f, CheckStatus.Fail, $"DurationSeconds {d} exceeds the role's MaxSessionDuration of {max} seconds.",
                    fix: $"Request at most {max} seconds, or raise the role's MaxSessionDuration (Update-IAMRole -RoleName {f.Role.Name} -MaxSessionDuration {d}).",
                    errorText: ErrorTexts.DurationExceedsMax);
            return Make(f, CheckStatus.Pass, $"DurationSeconds {d} is within the role's MaxSessionDuration of {max} seconds.");
        }
    }
}
