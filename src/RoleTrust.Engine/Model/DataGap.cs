namespace RoleTrust.Engine.Model
{
    /// <summary>What kind of data a check could not get.</summary>
    public enum DataGapKind
    {
        /// <summary>Nothing at all is known about an account's IAM data.</summary>
        Account,
        User,
        Role,
        Group,
        /// <summary>A managed policy or its default version's document.</summary>
        ManagedPolicy,
        /// <summary>AWS Organizations as a whole: structure, SCPs and RCPs.</summary>
        Organization,
        /// <summary>Whether an account is in an organization, and where.</summary>
        OrganizationMembership,
        /// <summary>
        /// Part of the data that is present but unusable (the wrong type or shape); Subject is where it is (a JSON path),
        /// Detail what is wrong with it.
        /// </summary>
        Field,
        /// <summary>A policy document that cannot be evaluated: not valid, or using something the engine does not model.</summary>
        PolicyDocument,
        /// <summary>The OIDC and SAML identity providers of an account.</summary>
        IdentityProviders,
        /// <summary>Which account an alias names (Subject: the alias); console Switch Role links may name accounts by alias.</summary>
        AccountAlias,
        /// <summary>
        /// The data holds the account, but in another partition than the ARN asked about names (Subject: that ARN;
        /// Detail: both partitions, in words). Account IDs are only unique within a partition.
        /// </summary>
        Partition,
    }

    /// <summary>Why the data is missing. The source that reports a gap phrases the remedy for its cause.</summary>
    public enum DataGapCause
    {
        /// <summary>The data set does not hold it (a snapshot without that file or entry).</summary>
        NotCollected,
        /// <summary>No credentials were given that can read there.</summary>
        NoCredentials,
        /// <summary>The read was denied.</summary>
        AccessDenied,
        /// <summary>AWS rejected the credentials themselves (expired, unknown, bad signature or clock).</summary>
        CredentialsRejected,
        /// <summary>The service failed or throttled after every retry, or did not answer.</summary>
        ServiceError,
        /// <summary>The data is there but has the wrong type or shape, or cannot be parsed.</summary>
        Malformed,
    }

    /// <summary>
    /// Missing data, as data: which thing (kind, account, subject), why (cause), and the facts a source needs to
    /// phrase its own remedy. The engine never phrases remedies itself: a snapshot says which file to add, live
    /// mode says which credentials or permission would read it (<see cref="IDataGapPhrasing"/>).
    /// </summary>
    public sealed class DataGap
    {
        public DataGap(DataGapKind kind, DataGapCause cause, string? accountId = null, string? subject = null, string? operation = null, string? detail = null)
        {
            Kind = kind; Cause = cause; AccountId = accountId; Subject = subject; Operation = operation; Detail = detail;
        }

        public DataGapKind Kind { get; }
        public DataGapCause Cause { get; }
        /// <summary>The account the data belongs to, when it belongs to one.</summary>
        public string? AccountId { get; }
        /// <summary>What is missing: an entity's name or ARN, a policy ARN, a field's path.</summary>
        public string? Subject { get; }
        /// <summary>The read that failed (service:Operation), for live data.</summary>
        public string? Operation { get; }
        /// <summary>What happened, in the source's words: an AWS error code and message, a parse error, the file and JSON path.</summary>
        public string? Detail { get; }

        public override string ToString() =>
            $"{Kind} {Subject ?? AccountId} ({Cause}{(Operation == null ? "" : ", " + Operation)}{(Detail == null ? "" : ": " + Detail)})";
    }

    /// <summary>
    /// How a data source words its gaps: what is missing and what would supply it. Snapshot and live data have
    /// different remedies for the same gap; the engine inserts both phrases into its sentences unchanged.
    /// </summary>
    public interface IDataGapPhrasing
    {
        /// <summary>A clause saying what is missing, e.g. "account 222222222222 is not in the snapshot".</summary>
        string Describe(DataGap gap);

        /// <summary>A sentence saying what would supply it, e.g. "Add accounts/222222222222.json to the snapshot."</summary>
        string Remedy(DataGap gap);

        /// <summary>A sentence saying how to state request values a policy tests but the request does not give (aws:SourceIp ...).</summary>
        string RemedyForRequestKeys(System.Collections.Generic.IReadOnlyList<string> keys);
    }
}
