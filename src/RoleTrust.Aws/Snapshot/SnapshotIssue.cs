namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Something wrong with a snapshot folder, found while loading it: a file that cannot be used at all (its account,
    /// or the organization, then counts as missing), or a problem the checks that need it report as Unknown (a field
    /// of the wrong type or shape, a repeated key, a file in UTF-16, a file that is not part of the format).
    /// </summary>
    public sealed class SnapshotIssue
    {
        public SnapshotIssue(string file, string fullPath, string? jsonPath, string message, bool fileUnusable)
        {
            File = file; FullPath = fullPath; JsonPath = jsonPath; Message = message; FileUnusable = fileUnusable;
        }

        /// <summary>The file relative to the snapshot folder, with '/' separators: accounts/111111111111.json, organization.json.</summary>
        public string File { get; }
        public string FullPath { get; }
        /// <summary>Where in the file (UserDetailList[1].PermissionsBoundary); null for the file as a whole.</summary>
        public string? JsonPath { get; }
        /// <summary>The whole sentence, starting with the file: "accounts/111111111111.json: UserDetailList[1].Tags: expected an array, found an object".</summary>
        public string Message { get; }
        /// <summary>True when nothing in the file could be used.</summary>
        public bool FileUnusable { get; }

        public override string ToString() => Message;
    }
}
