using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using RoleTrust.Aws.Snapshot;
using Stj = System.Text.Json.Nodes;

namespace RoleTrust.Paths.Tests
{
    /// <summary>A temporary copy of a fixture snapshot, to be edited file by file (as JSON trees or as raw text and bytes) and loaded.</summary>
    internal sealed class SnapshotFolder : IDisposable
    {
        private SnapshotFolder(string dir) { Dir = dir; }

        public string Dir { get; }

        public static string FixturePath(string fixture) => Path.Combine(AppContext.BaseDirectory, "fixtures", fixture);

        public static SnapshotFolder CopyOf(string fixture)
        {
            string dir = Path.Combine(Path.GetTempPath(), "roletrust-" + fixture + "-" + Path.GetRandomFileName());
            Copy(FixturePath(fixture), dir);
            return new SnapshotFolder(dir);
        }

        private static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
            foreach (var d in Directory.GetDirectories(from)) Copy(d, Path.Combine(to, Path.GetFileName(d)));
        }

        /// <summary>Files of the snapshot relative to the folder, '/'-separated, sorted.</summary>
        public IReadOnlyList<string> Files()
        {
            var list = new List<string>();
            foreach (var f in Directory.GetFiles(Dir, "*", SearchOption.AllDirectories))
                list.Add(Path.GetRelativePath(Dir, f).Replace('\\', '/'));
            list.Sort(StringComparer.Ordinal);
            return list;
        }

        public string PathOf(string relative) => Path.Combine(Dir, relative);

        public string Text(string relative) => File.ReadAllText(PathOf(relative));
        public void Write(string relative, string text) => File.WriteAllText(PathOf(relative), text, new UTF8Encoding(false));
        public byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));
        public void Write(string relative, byte[] bytes) => File.WriteAllBytes(PathOf(relative), bytes);

        public Stj.JsonNode Json(string relative) => Stj.JsonNode.Parse(Text(relative))!;
        public void Write(string relative, Stj.JsonNode node) => Write(relative, node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        /// <summary>Edits one file's JSON tree in place.</summary>
        public SnapshotFolder Edit(string relative, Action<Stj.JsonNode> edit)
        {
            var node = Json(relative);
            edit(node);
            Write(relative, node);
            return this;
        }

        public void Rename(string relative, string newRelative) => File.Move(PathOf(relative), PathOf(newRelative));

        public SnapshotSource Load() => SnapshotSource.Load(Dir);

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
