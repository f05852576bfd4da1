using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RoleTrust.Completion
{
    /// <summary>-Region: the regions the AWS SDK knows, with their names as tooltips.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var regions = Amazon.RegionEndpoint.EnumerableAllRegions.ToDictionary(r => r.SystemName, r => r.DisplayName);
            return CompletionText.Matching(regions.Keys, wordToComplete, r => $"{r} ({regions[r]})");
        }
    }
}
