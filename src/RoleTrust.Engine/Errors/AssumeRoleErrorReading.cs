namespace RoleTrust.Errors
{
    /// <summary>The outcome of reading an error text: whether it is an AssumeRole-family error at all, and what it says.</summary>
    public sealed class AssumeRoleErrorReading
    {
        public AssumeRoleErrorReading(AssumeRoleError error, bool isAssumeRoleError, string reason)
        {
            Error = error; IsAssumeRoleError = isAssumeRoleError; Reason = reason;
        }

        /// <summary>What the reader found; partial when the text is not an AssumeRole error.</summary>
        public AssumeRoleError Error { get; }
        /// <summary>False when the text is no AssumeRole-family error (another service, another action, no error at all).</summary>
        public bool IsAssumeRoleError { get; }
        /// <summary>Why the text is not one; empty when it is.</summary>
        public string Reason { get; }
    }
}
