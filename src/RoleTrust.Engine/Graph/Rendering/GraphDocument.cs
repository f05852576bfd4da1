using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Model;

namespace RoleTrust.Graph.Rendering
{
    /// <summary>An account as a drawing shows it: a cluster of its principals and roles.</summary>
    public sealed class DrawnAccount
    {
        internal DrawnAccount(string id, string? name, bool inData) { Id = id; Name = name; InData = inData; }
        public string Id { get; }
        /// <summary>The name from organization.json, when known (data: may hold any text).</summary>
        public string? Name { get; }
        public bool InData { get; }
        public string Label => Name == null || Name == Id ? Id : $"{Name} ({Id})";
    }

    /// <summary>A principal or role as a drawing shows it.</summary>
    public sealed class DrawnNode
    {
        internal DrawnNode(int index, string id, string kind, DrawnAccount? account, string label)
        {
            Index = index; Id = id; Kind = kind; Account = account; Label = label;
        }
        public int Index { get; }
        public string Id { get; }
        /// <summary>User, Role, ExternalAccount, ExternalPrincipal, Service, Federated or Anyone.</summary>
        public string Kind { get; }
        public DrawnAccount? Account { get; }
        /// <summary>Short name: user/Bob, role/ci/Deploy, the service or provider, "*".</summary>
        public string Label { get; }
        public string? Description { get; internal set; }
        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = new Dictionary<string, string>();
    }

    /// <summary>An assume edge as a drawing shows it.</summary>
    public sealed class DrawnEdge
    {
        internal DrawnEdge(DrawnNode from, DrawnNode to, AssumeRoleHop hop) { From = from; To = to; Hop = hop; }
        public DrawnNode From { get; }
        public DrawnNode To { get; }
        public AssumeRoleHop Hop { get; }
        public bool Conditional => Hop.Conditional;
        /// <summary>A hop from a role's session: part of a chain.</summary>
        public bool Chain => From.Kind == "Role";
    }

    /// <summary>
    /// What Export-RoleTrustGraph draws: nodes grouped by account, edges (conditional ones marked), and the paths piped in
    /// (each a list of edges). Every text here can come from the snapshot (names, descriptions, tags, policy text) and
    /// is escaped by each writer for its format.
    /// </summary>
    public sealed class GraphDocument
    {
        private GraphDocument(List<DrawnAccount> accounts, List<DrawnNode> nodes, List<DrawnEdge> edges, List<List<DrawnEdge>> paths)
        {
            Accounts = accounts; Nodes = nodes; Edges = edges; Paths = paths;
        }

        public IReadOnlyList<DrawnAccount> Accounts { get; }
        public IReadOnlyList<DrawnNode> Nodes { get; }
        public IReadOnlyList<DrawnEdge> Edges { get; }
        public IReadOnlyList<List<DrawnEdge>> Paths { get; }

        /// <summary>The edges of a whole graph.</summary>
        public static GraphDocument FromEdges(IEnumerable<TrustEdge> edges, IReadOnlyCollection<AccountData> data, IReadOnlyDictionary<string, string>? accountNames) =>
            Build(edges.Select(e => new AssumeRoleHop(e)), new List<IReadOnlyList<AssumeRoleHop>>(), data, accountNames);

        /// <summary>The hops of the paths given, each path kept for highlighting.</summary>
        public static GraphDocument FromPaths(IEnumerable<AssumeRolePath> paths, IReadOnlyCollection<AccountData> data, IReadOnlyDictionary<string, string>? accountNames)
        {
            var list = paths.Select(p => (IReadOnlyList<AssumeRoleHop>)p.Hops).ToList();
            return Build(list.SelectMany(p => p), list, data, accountNames);
        }

        private static GraphDocument Build(IEnumerable<AssumeRoleHop> hops, List<IReadOnlyList<AssumeRoleHop>> paths, IReadOnlyCollection<AccountData> data,
            IReadOnlyDictionary<string, string>? accountNames)
        {
            var inData = new Dictionary<string, AccountData>(StringComparer.Ordinal);
            foreach (var a in data) inData[a.AccountId] = a;
            var accounts = new Dictionary<string, DrawnAccount>(StringComparer.Ordinal);
            var nodes = new Dictionary<string, DrawnNode>(StringComparer.Ordinal);
            var edges = new Dictionary<(string, string), DrawnEdge>();

            DrawnAccount? Account(string? id)
            {
                if (id == null) return null;
                if (!accounts.TryGetValue(id, out var a))
                {
                    string? name = accountNames != null && accountNames.TryGetValue(id, out var n) ? n : null;
                    accounts[id] = a = new DrawnAccount(id, name, inData.ContainsKey(id));
                }
                return a;
            }

            DrawnNode Node(string id, string kind)
            {
                if (nodes.TryGetValue(id, out var node)) return node;
                string? account = Arn.TryParse(id, out var arn) && Arn.IsAccountId(arn.Account) ? arn.Account : null;
                string label = arn != null && arn.Resource.Length > 0 && account != null ? arn.Resource : id;
                node = new DrawnNode(nodes.Count, id, kind, Account(account), label);
                if (kind == "Role" && account != null && inData.TryGetValue(account, out var acct))
                {
                    var role = acct.Roles.Values.FirstOrDefault(r => r.Arn == id);
                    if (role != null) { node.Description = role.Description; node.Tags = role.Tags.ToDictionary(t => t.Key, t => t.Value); }
                }
                nodes[id] = node;
                return node;
            }

            foreach (var h in hops)
            {
                var key = (h.Source, h.Role);
                if (edges.ContainsKey(key)) continue;
                edges[key] = new DrawnEdge(Node(h.Source, h.SourceKind), Node(h.Role, "Role"), h);
            }
            var drawnPaths = paths.Select(p => p.Select(h => edges[(h.Source, h.Role)]).ToList()).ToList();
            return new GraphDocument(accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList(), nodes.Values.OrderBy(n => n.Index).ToList(),
                edges.Values.ToList(), drawnPaths);
        }
    }
}
