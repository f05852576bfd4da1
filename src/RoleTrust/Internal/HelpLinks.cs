namespace RoleTrust.Internal
{
    /// <summary>
    /// Where each cmdlet's documentation lives online: its help source, en-US/help/&lt;Verb-Noun&gt;.md, as the project's
    /// repository publishes it. Every [Cmdlet] declares HelpUri = Base + "&lt;Verb-Noun&gt;.md", and the build writes the
    /// same address as the first related link of the generated help, so Get-Help -Online opens it whether or not the help
    /// file is installed. One constant: when the repository moves, change it here (docs/help.md).
    /// </summary>
    internal static class HelpLinks
    {
        internal const string Base = "https://github.com/RoleTrust/RoleTrust/blob/main/en-US/help/";
    }
}
