using System.Collections.Generic;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Model;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths
{
    /// <summary>
    /// Diagnoses one AssumeRole path: gathers the facts of the request once from a data source, then runs every check
    /// of the catalogue over them, in order. Missing data makes a check Unknown with the reason; nothing is guessed.
    /// </summary>
    public static class PathDiagnosis
    {
        /// <summary>
        /// Runs every check. <paramref name="sts"/> is what live mode observed of the credentials in use (the
        /// CallerIdentity and StsEndpoint checks); without it those are NotApplicable.
        /// Throws <see cref="Engine.Policies.PolicyFormatException"/> (InvalidArn) when SourceArn or RoleArn is not a valid ARN.
        /// </summary>
        public static IReadOnlyList<PathCheck> Run(PathRequest request, IAccountDataSource data, PolicyCache? cache = null, StsObservation? sts = null) =>
            Run(Gather(request, data, cache, sts));

        /// <summary>The facts of one request, for callers that want them as well as the checks.</summary>
        public static PathFacts Gather(PathRequest request, IAccountDataSource data, PolicyCache? cache = null, StsObservation? sts = null) =>
            PathFactsBuilder.Gather(request, data, cache ?? new PolicyCache(), sts);

        public static IReadOnlyList<PathCheck> Run(PathFacts facts)
        {
            var checks = new List<PathCheck>(CheckCatalogue.Rules.Count);
            foreach (var rule in CheckCatalogue.Rules) checks.Add(rule.Run(facts, checks));
            return checks;
        }
    }
}
