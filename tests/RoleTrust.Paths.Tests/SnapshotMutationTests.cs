using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RoleTrust.Aws.Snapshot;
using Xunit;
using Xunit.Abstractions;
using Stj = System.Text.Json.Nodes;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Mutation test over every fixture snapshot: each file is damaged in the ways real snapshots get damaged (a value
    /// of another type, a required key removed, a null, another text encoding, a cut-off file, an object flattened
    /// the way ConvertTo-Json flattens what lies deeper than -Depth, a wrong file name). For every path between the
    /// fixture's principals and roles, each check either keeps its status or becomes Unknown, and any change comes with
    /// a load issue naming the damaged file. Never an open path from a closed one, never a Pass or Fail that changes
    /// silently, never an exception. Seeded, so every run damages the same places.
    /// </summary>
    public class SnapshotMutationTests
    {
        private static readonly string[] Fixtures = { "bob-alice", "cross-account", "no-org", "rcp-perimeter", "same-account", "scp-allowlist", "scp-denylist" };

        /// <summary>Keys whose absence is itself a malformation (get-account-authorization-details and the organization format always give them).</summary>
        private static readonly HashSet<string> RequiredKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "UserName", "RoleName", "GroupName", "Arn", "UserId", "RoleId",
            "AssumeRolePolicyDocument", "PolicyDocument", "PolicyArn", "PermissionsBoundaryArn", "Key", "Value", "PolicyVersionList", "Document",
            "Organization", "Roots", "OrganizationalUnits", "Accounts", "Id", "ManagementAccountId", "ParentId", "Type", "Content", "Targets",
        };

        /// <summary>Members holding policy documents: damaged as a whole, not inside (the policy parser has its own tests).</summary>
        private static readonly HashSet<string> DocumentKeys = new HashSet<string>(StringComparer.Ordinal) { "AssumeRolePolicyDocument", "PolicyDocument", "Document", "Content" };

        private readonly ITestOutputHelper _output;
        public SnapshotMutationTests(ITestOutputHelper output) { _output = output; }

        public static IEnumerable<object[]> FixtureNames() => Fixtures.Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(FixtureNames))]
        public void Damaged_snapshot_files_never_change_a_verdict_silently(string fixture)
        {
            using var folder = SnapshotFolder.CopyOf(fixture);
            var rng = new Random(StableSeed(fixture));
            var requests = Requests(folder, rng);
            var baseline = Evaluate(folder.Load(), requests);
            var failures = new List<string>();
            int mutants = 0;
            foreach (var file in folder.Files().Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
            {
                byte[] original = folder.Bytes(file);
                foreach (var mutation in Mutations(file, original, rng))
                {
                    mutants++;
                    mutation.Apply(folder);
                    try { Compare(folder, requests, baseline, mutation, failures); }
                    finally { mutation.Undo(folder, original); }
                }
            }
            _output.WriteLine($"{fixture}: {mutants} damaged snapshots, {requests.Count} requests each");
            Assert.True(failures.Count == 0, $"{failures.Count} of {mutants} damaged snapshots of {fixture} changed a verdict silently:\n" + string.Join("\n", failures.Take(15)));
        }

        // ------------------------------------------------------------ the requests

        /// <summary>Source principals of the fixture to its roles (at most <see cref="MaxPairs"/>, drawn), with and without MFA and a long session.</summary>
        private static List<PathRequest> Requests(SnapshotFolder folder, Random rng)
        {
            var principals = new List<string>();
            var roles = new List<string>();
            foreach (var file in folder.Files().Where(f => f.StartsWith("accounts/", StringComparison.Ordinal)))
            {
                var account = folder.Json(file);
                foreach (var u in account["UserDetailList"]!.AsArray()) principals.Add((string)u!["Arn"]!);
                foreach (var r in account["RoleDetailList"]!.AsArray()) { principals.Add((string)r!["Arn"]!); roles.Add((string)r["Arn"]!); }
            }
            var pairs = principals.SelectMany(p => roles.Select(r => (p, r))).ToList();
            var requests = new List<PathRequest>();
            var now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
            foreach (var (p, r) in Pick(pairs, MaxPairs, rng))
            {
                requests.Add(new PathRequest { SourceArn = p, RoleArn = r, Now = now });
                requests.Add(new PathRequest { SourceArn = p, RoleArn = r, Now = now, MfaPresent = true, DurationSeconds = 7200, ExternalId = "example-external-id" });
            }
            return requests;
        }

        /// <summary>Enough pairs to cover every principal and role of the small fixtures, few enough to keep the test at a few seconds.</summary>
        private const int MaxPairs = 40;

        private static List<string[]> Evaluate(SnapshotSource data, List<PathRequest> requests)
        {
            // One policy cache per loaded snapshot, as the cmdlets keep one per snapshot.
            var cache = new Engine.Cases.PolicyCache();
            return requests.Select(r => PathDiagnosis.Run(r, data, cache).Select(c => c.Status).ToArray()).ToList();
        }

        private static void Compare(SnapshotFolder folder, List<PathRequest> requests, List<string[]> baseline, Mutation mutation, List<string> failures)
        {
            SnapshotSource data;
            List<string[]> results;
            try
            {
                data = folder.Load();
                results = Evaluate(data, requests);
            }
            catch (Exception ex)
            {
                failures.Add($"{mutation}: {ex.GetType().Name}: {ex.Message}");
                return;
            }
            bool named = data.Issues.Any(i => mutation.Files.Contains(i.File));
            for (int i = 0; i < requests.Count; i++)
                for (int c = 0; c < baseline[i].Length; c++)
                {
                    string before = baseline[i][c], after = results[i][c];
                    if (before == after) continue;
                    string check = CheckCatalogue.Names[c].ToString();
                    if (after != "Unknown")
                        failures.Add($"{mutation}: {requests[i].SourceArn} -> {requests[i].RoleArn}: {check} {before} -> {after}");
                    else if (!named)
                        failures.Add($"{mutation}: {requests[i].SourceArn} -> {requests[i].RoleArn}: {check} {before} -> Unknown, with no load issue naming {string.Join(" or ", mutation.Files)} ({string.Join("; ", data.Issues)})");
                    else continue;
                    return;
                }
        }

        // ------------------------------------------------------------ the damage

        private abstract class Mutation
        {
            protected Mutation(string file, string what) { File = file; What = what; Files = new[] { file }; }
            public string File { get; }
            public string What { get; }
            /// <summary>The files a load issue may name for this damage.</summary>
            public string[] Files { get; protected set; }
            public abstract void Apply(SnapshotFolder folder);
            public virtual void Undo(SnapshotFolder folder, byte[] original) => folder.Write(File, original);
            public override string ToString() => $"{File}: {What}";
        }

        private sealed class BytesMutation : Mutation
        {
            private readonly byte[] _bytes;
            public BytesMutation(string file, string what, byte[] bytes) : base(file, what) { _bytes = bytes; }
            public override void Apply(SnapshotFolder folder) => folder.Write(File, _bytes);
        }

        private sealed class RenameMutation : Mutation
        {
            private readonly (string from, string to)[] _moves;
            public RenameMutation(string file, string what, params (string from, string to)[] moves) : base(file, what)
            {
                _moves = moves;
                Files = moves.Select(m => m.to).ToArray();
            }
            public override void Apply(SnapshotFolder folder)
            {
                foreach (var (from, _) in _moves) folder.Rename(from, from + ".moving");
                foreach (var (from, to) in _moves) folder.Rename(from + ".moving", to);
            }
            public override void Undo(SnapshotFolder folder, byte[] original)
            {
                foreach (var (_, to) in _moves) folder.Rename(to, to + ".moving");
                foreach (var (from, to) in _moves) folder.Rename(to + ".moving", from);
            }
        }

        private static IEnumerable<Mutation> Mutations(string file, byte[] original, Random rng)
        {
            string text = Encoding.UTF8.GetString(original);
            var root = Stj.JsonNode.Parse(text)!;
            var nodes = new List<(Stj.JsonNode? parent, string? key, int index, Stj.JsonNode? node, string path)>();
            Collect(root, null, null, -1, "", nodes);
            var values = nodes.Where(n => n.parent != null).ToList();

            // A value of another type.
            foreach (var n in Pick(values, 4, rng))
            {
                var replacement = OtherKind(n.node, n.key != null && DocumentKeys.Contains(n.key), rng);
                yield return Edited(file, root, n, $"{n.path} changed to {replacement?.ToJsonString() ?? "null"}", replacement);
            }
            // A required key removed.
            foreach (var n in Pick(values.Where(v => v.key != null && RequiredKeys.Contains(v.key)).ToList(), 3, rng))
                yield return Edited(file, root, n, $"{n.path} removed", null, remove: true);
            // A null.
            foreach (var n in Pick(values.Where(v => v.node != null).ToList(), 4, rng))
                yield return Edited(file, root, n, $"{n.path} set to null", null);
            // An object or array flattened the way ConvertTo-Json writes what lies deeper than -Depth.
            foreach (var n in Pick(values.Where(v => v.node is Stj.JsonObject || v.node is Stj.JsonArray).ToList(), 3, rng))
                yield return Edited(file, root, n, $"{n.path} flattened", Stj.JsonValue.Create(Flatten(n.node)));

            // Other text encodings, and a byte that is not UTF-8.
            yield return new BytesMutation(file, "UTF-16LE with BOM", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());
            yield return new BytesMutation(file, "UTF-16BE with BOM", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray());
            yield return new BytesMutation(file, "UTF-16LE without BOM", Encoding.Unicode.GetBytes(text));
            yield return new BytesMutation(file, "UTF-32LE with BOM", Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(text)).ToArray());
            int at = rng.Next(original.Length);
            yield return new BytesMutation(file, $"byte 0xC3 0x28 (not UTF-8) at {at}", original.Take(at).Concat(new byte[] { 0xC3, 0x28 }).Concat(original.Skip(at)).ToArray());
            // Cut off.
            for (int i = 0; i < 2; i++)
            {
                int length = rng.Next(1, original.Length);
                yield return new BytesMutation(file, $"cut off after {length} of {original.Length} bytes", original.Take(length).ToArray());
            }
            // Wrong file names.
            if (file == "organization.json")
            {
                yield return new RenameMutation(file, "renamed organisation.json", (file, "organisation.json"));
                yield return new RenameMutation(file, "moved to accounts/organization.json", (file, "accounts/organization.json"));
            }
            else
            {
                yield return new RenameMutation(file, "renamed to another account's ID", (file, "accounts/444444444444.json"));
                yield return new RenameMutation(file, "renamed to a name that is not an account ID", (file, "accounts/production.json"));
            }
        }

        private static Mutation Edited(string file, Stj.JsonNode root, (Stj.JsonNode? parent, string? key, int index, Stj.JsonNode? node, string path) n,
            string what, Stj.JsonNode? replacement, bool remove = false)
        {
            // Edit a copy of the tree at the same place: the nodes collected belong to the original.
            var copy = root.DeepClone();
            var parent = Find(copy, n.path, out string? key, out int index);
            if (remove) parent.AsObject().Remove(key!);
            else if (key != null) parent[key] = replacement;
            else parent[index] = replacement;
            return new BytesMutation(file, what, Encoding.UTF8.GetBytes(copy.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })));
        }

        /// <summary>Every value outside policy documents (a document is one value), with a path that <see cref="Find"/> can follow.</summary>
        private static void Collect(Stj.JsonNode? node, Stj.JsonNode? parent, string? key, int index, string path,
            List<(Stj.JsonNode? parent, string? key, int index, Stj.JsonNode? node, string path)> into)
        {
            into.Add((parent, key, index, node, path));
            if (key != null && DocumentKeys.Contains(key)) return;
            if (node is Stj.JsonObject o)
                foreach (var m in o) Collect(m.Value, node, m.Key, -1, path.Length == 0 ? m.Key : path + "." + m.Key, into);
            else if (node is Stj.JsonArray a)
                for (int i = 0; i < a.Count; i++) Collect(a[i], node, null, i, $"{path}[{i}]", into);
        }

        private static Stj.JsonNode Find(Stj.JsonNode root, string path, out string? key, out int index)
        {
            var parts = new List<object>();
            foreach (var segment in path.Split('.'))
            {
                int bracket = segment.IndexOf('[');
                string name = bracket < 0 ? segment : segment.Substring(0, bracket);
                if (name.Length > 0) parts.Add(name);
                while (bracket >= 0)
                {
                    int close = segment.IndexOf(']', bracket);
                    parts.Add(int.Parse(segment.Substring(bracket + 1, close - bracket - 1)));
                    bracket = segment.IndexOf('[', close);
                }
            }
            var node = root;
            for (int i = 0; i < parts.Count - 1; i++) node = parts[i] is string s ? node[s]! : node[(int)parts[i]]!;
            var last = parts[parts.Count - 1];
            key = last as string;
            index = last is int n ? n : -1;
            return node;
        }

        /// <summary>A value of another JSON kind; never a string or object for a policy document (both are valid there).</summary>
        private static Stj.JsonNode? OtherKind(Stj.JsonNode? node, bool document, Random rng)
        {
            var kinds = new List<Func<Stj.JsonNode?>>
            {
                () => Stj.JsonValue.Create(42), () => Stj.JsonValue.Create(true), () => new Stj.JsonArray(), () => null,
            };
            if (!document) { kinds.Add(() => Stj.JsonValue.Create("text")); kinds.Add(() => new Stj.JsonObject()); }
            string current = KindOf(node);
            var others = kinds.Where(k => KindOf(k()) != current).ToList();
            return others[rng.Next(others.Count)]();
        }

        private static string KindOf(Stj.JsonNode? node) => node == null ? "null" : node.GetValueKind().ToString().Replace("True", "Bool").Replace("False", "Bool");

        /// <summary>The text ConvertTo-Json writes for a value nested deeper than -Depth: objects as @{name=value; ...}, arrays joined by spaces.</summary>
        private static string Flatten(Stj.JsonNode? node) => node switch
        {
            Stj.JsonObject o => "@{" + string.Join("; ", o.Select(m => $"{m.Key}={Scalar(m.Value)}")) + "}",
            Stj.JsonArray a => string.Join(" ", a.Select(Scalar)),
            _ => Scalar(node),
        };

        private static string Scalar(Stj.JsonNode? node) => node switch
        {
            null => "",
            Stj.JsonObject o => "@{" + string.Join("; ", o.Select(m => $"{m.Key}={(m.Value is Stj.JsonValue v ? v.ToString() : m.Value is Stj.JsonArray ? "System.Object[]" : "")}")) + "}",
            Stj.JsonArray _ => "System.Object[]",
            _ => node.ToString(),
        };

        private static List<T> Pick<T>(List<T> from, int count, Random rng)
        {
            var picked = new List<T>();
            var pool = new List<T>(from);
            for (int i = 0; i < count && pool.Count > 0; i++)
            {
                int at = rng.Next(pool.Count);
                picked.Add(pool[at]);
                pool.RemoveAt(at);
            }
            return picked;
        }

        private static int StableSeed(string text)
        {
            int seed = 20260115;
            foreach (char c in text) seed = unchecked(seed * 31 + c);
            return seed;
        }
    }
}
