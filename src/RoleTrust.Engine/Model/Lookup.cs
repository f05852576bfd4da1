namespace RoleTrust.Engine.Model
{
    public enum LookupStatus
    {
        Found,
        /// <summary>The data is complete and the thing does not exist.</summary>
        NotFound,
        /// <summary>The data needed is missing or could not be read: checks that need it are Unknown.</summary>
        Unavailable,
    }

    /// <summary>A lookup result that keeps "does not exist" apart from "could not tell".</summary>
    public sealed class Lookup<T> where T : class
    {
        private Lookup(LookupStatus status, T? value, string? notFound, DataGap? gap)
        {
            Status = status; Value = value; NotFoundReason = notFound; Gap = gap;
        }

        public LookupStatus Status { get; }
        public T? Value { get; }
        /// <summary>For NotFound: the fact, e.g. "account 222222222222 has no role named 'Alice'".</summary>
        public string? NotFoundReason { get; }
        /// <summary>For Unavailable: what is missing and why.</summary>
        public DataGap? Gap { get; }

        public static Lookup<T> Found(T value) => new Lookup<T>(LookupStatus.Found, value, null, null);
        public static Lookup<T> NotFound(string reason) => new Lookup<T>(LookupStatus.NotFound, null, reason, null);
        public static Lookup<T> Unavailable(DataGap gap) => new Lookup<T>(LookupStatus.Unavailable, null, null, gap);

        public override string ToString() => Status == LookupStatus.Found ? $"Found {Value}" : Status == LookupStatus.NotFound ? "NotFound: " + NotFoundReason : "Unavailable: " + Gap;
    }
}
