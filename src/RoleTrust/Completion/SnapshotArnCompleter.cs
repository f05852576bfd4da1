using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RoleTrust.Aws.Snapshot;

namespace RoleTrust.Completion
{
    /// <summary>
    /// -RoleArn and -SourceArn from the -Snapshot given on the same line: a loaded snapshot ($s) or a folder path, which
    /// is loaded once and kept while the folder does not change.
    /// </summary>
    public abstract class SnapshotArnCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<string, (DateTime Written, SnapshotSource Source)> Loaded =
            new ConcurrentDictionary<string, (DateTime, SnapshotSource)>(StringComparer.Ordinal);

        protected abstract IEnumerable<string> ArnsOf(SnapshotSource source);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var source = SourceOf(fakeBoundParameters?["Snapshot"]);
            return source == null ? Array.Empty<CompletionResult>() : CompletionText.Matching(ArnsOf(source), wordToComplete);
        }

        private static SnapshotSource? SourceOf(object? value)
        {
            value = value is PSObject pso ? pso.BaseObject : value;
            if (value is Snapshot s) return s.Source;
            if (!(value is string path) || path.Trim().Length == 0) return null;
            try
            {
                string full = Path.GetFullPath(path);
                if (!Directory.Exists(Path.Combine(full, "accounts"))) return null;
                var written = Directory.GetLastWriteTimeUtc(Path.Combine(full, "accounts"));
                if (Loaded.TryGetValue(full, out var known) && known.Written == written) return known.Source;
                var source = SnapshotSource.Load(full);
                Loaded[full] = (written, source);
                return source;
            }
            catch (Exception) { return null; }   // completion never throws: an unreadable folder offers nothing
        }
    }

    /// <summary>-RoleArn: the roles of the snapshot.</summary>
    public sealed class RoleArnCompleter : SnapshotArnCompleter
    {
        protected override IEnumerable<string> ArnsOf(SnapshotSource source) => source.Accounts.SelectMany(a => a.Roles.Values.Select(r => r.Arn));
    }

    /// <summary>-SourceArn: the users and roles of the snapshot.</summary>
    public sealed class PrincipalArnCompleter : SnapshotArnCompleter
    {
        protected override IEnumerable<string> ArnsOf(SnapshotSource source) =>
            source.Accounts.SelectMany(a => a.Users.Values.Select(u => u.Arn).Concat(a.Roles.Values.Select(r => r.Arn)));
    }
}
