using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Amazon.Runtime.CredentialManagement;

namespace RoleTrust.Completion
{
    /// <summary>-ProfileName (and the other profile parameters): the profiles of the shared credentials and config files, or of -ProfileLocation.</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = new List<string>();
            try
            {
                string? location = fakeBoundParameters?["ProfileLocation"] as string;
                var chain = string.IsNullOrEmpty(location) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(location);
                foreach (var p in chain.ListProfiles()) names.Add(p.Name);
            }
            catch (Exception) { /* no readable profile files: nothing to offer */ }
            return CompletionText.Matching(names, wordToComplete);
        }
    }
}
