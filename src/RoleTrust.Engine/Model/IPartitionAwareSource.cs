namespace RoleTrust.Engine.Model
{
    /// <summary>A data source that knows which partition each account's data belongs to (a snapshot does, from its ARNs).</summary>
    public interface IPartitionAwareSource
    {
        /// <summary>The partition of the account's data; null when the source holds no data for it or cannot tell.</summary>
        string? PartitionOf(string accountId);
    }
}
