using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Reads what `aws iam get-account-authorization-details --output json` prints (pages merged) into an
    /// indexed <see cref="AccountData"/>. Policy documents may be JSON objects or URL-encoded strings.
    /// <para>
    /// Every field the checks use is checked for type and shape. A field that is present but unusable is never read
    /// as absent: it is recorded where the checks look (a <see cref="FieldProblem"/> on the entity, a list problem of
    /// the account, the problem of a managed policy), so that only the checks that need it are Unknown. An entry that
    /// cannot be identified (no usable name or ARN) makes its list incomplete. ARNs of another account make the
    /// whole file unusable (<see cref="FormatException"/>).
    /// </para>
    /// </summary>
    public static class GaadReader
    {
        /// <summary>Members holding policy documents: kept as text when parsing (see JsonParser.Parse).</summary>
        public static readonly HashSet<string> PolicyMembers = new HashSet<string>(StringComparer.Ordinal) { "AssumeRolePolicyDocument", "PolicyDocument", "Document" };

        public static AccountData Read(JsonTape file, string accountId) => Read(file, accountId, out _);

        /// <summary>
        /// Reads one account file, parsed into <paramref name="file"/> (with <see cref="PolicyMembers"/> kept as text);
        /// <paramref name="issues"/> lists every problem found, in file order.
        /// </summary>
        public static AccountData Read(JsonTape file, string accountId, out IReadOnlyList<DataGap> issues)
        {
            if (file.Root == JsonTape.None || file.Kind(file.Root) != JsonKind.Object)
                throw new FormatException("The account file must hold a JSON object with UserDetailList, GroupDetailList, RoleDetailList and Policies.");
            var reader = new AccountReader(file, accountId);
            reader.ReadRoot(file.Root);
            issues = reader.Issues;
            return reader.Account;
        }

        /// <summary>One file's reading: the data, and the problems found on the way.</summary>
        private sealed class AccountReader
        {
            // AggressiveOptimization (512): these run once per process over every entity of every account file,
            // and must not stay in unoptimized tier-0 code.
            private const MethodImplOptions Hot = (MethodImplOptions)512;

            private static readonly MemberSet RootMembers = new MemberSet("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "AccountAliases");
            private const int AliasesSlot = 4;
            private const int Name = 0, ArnSlot = 1, PathSlot = 2, Id = 3, Inline = 4, Attached = 5, Boundary = 6, Tags = 7;
            private const int GroupList = 8, Trust = 8, MaxSession = 9, Description = 10, LastUsed = 11;
            private static readonly MemberSet UserMembers = new MemberSet("UserName", "Arn", "Path", "UserId", "UserPolicyList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags", "GroupList");
            private static readonly MemberSet RoleMembers = new MemberSet("RoleName", "Arn", "Path", "RoleId", "RolePolicyList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags",
                "AssumeRolePolicyDocument", "MaxSessionDuration", "Description", "RoleLastUsed");
            private static readonly MemberSet GroupMembers = new MemberSet("GroupName", "Arn", "Path", "GroupId", "GroupPolicyList", "AttachedManagedPolicies");
            private static readonly MemberSet InlineMembers = new MemberSet("PolicyName", "PolicyDocument");
            private static readonly MemberSet AttachedMembers = new MemberSet("PolicyName", "PolicyArn");
            private static readonly MemberSet BoundaryMembers = new MemberSet("PermissionsBoundaryType", "PermissionsBoundaryArn");
            private static readonly MemberSet TagMembers = new MemberSet("Key", "Value");
            private const int PolicyNameSlot = 0, PolicyArnSlot = 1, DefaultVersionSlot = 2, VersionsSlot = 3;
            private static readonly MemberSet PolicyMembersSet = new MemberSet("PolicyName", "Arn", "DefaultVersionId", "PolicyVersionList");
            private static readonly MemberSet VersionMembers = new MemberSet("Document", "VersionId", "IsDefaultVersion");

            private readonly List<DataGap> _issues = new List<DataGap>();
            private readonly int[] _pair = new int[2];
            private readonly SharedEntries _shared = new SharedEntries();
            // An entity's lists are read into these, then copied at their size into the entity (which keeps exact-size arrays).
            private readonly List<InlinePolicy> _inline = new List<InlinePolicy>();
            private readonly List<AttachedPolicy> _attached = new List<AttachedPolicy>();
            private readonly List<KeyValuePair<string, string>> _tags = new List<KeyValuePair<string, string>>();
            private readonly List<string> _groups = new List<string>();
            // The file; its values are numbers, JsonTape.None for a member that is absent.
            private readonly JsonTape _t;
            private const int None = JsonTape.None;
            // The ARN that set the file's partition (the first one read): an ARN in another partition is named against it.
            private string? _partitionArn;

            public AccountReader(JsonTape file, string accountId) { _t = file; Account = new AccountData(accountId); }

            private string Shape(string expected, int found) => JsonShape.Expected(expected, _t.Kind(found));

            public AccountData Account { get; }
            public IReadOnlyList<DataGap> Issues => _issues;
            private string AccountId => Account.AccountId;

            private DataGap Gap(JsonPath path, string detail, DataGapCause cause = DataGapCause.Malformed)
            {
                var gap = new DataGap(DataGapKind.Field, cause, AccountId, path.ToString(), detail: detail);
                _issues.Add(gap);
                return gap;
            }

            private void ListProblem(EntityList list, JsonPath path, string detail, DataGapCause cause = DataGapCause.Malformed)
            {
                var gap = Gap(path, detail, cause);
                if (!Account.ListProblems.ContainsKey(list)) Account.ListProblems[list] = gap;
            }

            // ------------------------------------------------------------ the four lists

            [MethodImpl(Hot)]
            public void ReadRoot(int root)
            {
                var lists = RootMembers.NewSlots();
                ulong duplicates = RootMembers.Read(_t, root, lists);
                var kinds = new[] { EntityList.Users, EntityList.Groups, EntityList.Roles, EntityList.Policies };
                for (int i = 0; i < kinds.Length; i++)
                {
                    var name = JsonPath.Root(RootMembers.Names[i]);
                    var node = lists[i];
                    if (MemberSet.Has(duplicates, i)) { ListProblem(kinds[i], name, "the key appears more than once, so which list holds the data is ambiguous"); continue; }
                    if (node == None) { ListProblem(kinds[i], name, "missing: the file does not list these entities", DataGapCause.NotCollected); continue; }
                    if (_t.Kind(node) != JsonKind.Array) { ListProblem(kinds[i], name, Shape("an array", node)); continue; }
                    int items = node;
                    switch (kinds[i])
                    {
                        case EntityList.Users: ReadUsers(items); break;
                        case EntityList.Groups: ReadGroups(items); break;
                        case EntityList.Roles: ReadRoles(items); break;
                        default: ReadPolicies(items); break;
                    }
                }
                ReadAccountAliases(lists[AliasesSlot], MemberSet.Has(duplicates, AliasesSlot));
            }

            /// <summary>
            /// AccountAliases (ListAccountAliases), which get-account-authorization-details does not print: absent means
            /// not collected; present but unusable means the aliases are not known.
            /// </summary>
            private void ReadAccountAliases(int node, bool repeated)
            {
                if (node == None) return;
                var at = JsonPath.Root("AccountAliases");
                string? problem = repeated ? "the key appears more than once, so which aliases the account has is ambiguous"
                    : _t.Kind(node) != JsonKind.Array ? Shape("an array of strings", node) : null;
                var aliases = new List<string>();
                if (problem == null)
                    for (int i = 0; i < _t.Count(node) && problem == null; i++)
                    {
                        int item = _t.Item(node, i);
                        if (_t.Kind(item) != JsonKind.String) { at = at.Item(i); problem = Shape("a string", item); }
                        else if (_t.Text(item)!.Length == 0) { at = at.Item(i); problem = "an empty string is no alias"; }
                        else aliases.Add(_t.Text(item)!);
                    }
                if (problem != null) Account.AccountAliasesProblem = Gap(at, problem);
                else Account.AccountAliases = aliases;
            }

            [MethodImpl(Hot)]
            private void ReadUsers(int items)
            {
                var values = UserMembers.NewSlots();
                HashSet<string>? ambiguous = null;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    var at = JsonPath.Entry("UserDetailList", i);
                    if (!Entry(_t.Item(items, i), EntityList.Users, at, UserMembers, values, out ulong duplicates)) continue;
                    var user = new IamUser();
                    if (!Identify(user, values, duplicates, EntityList.Users, at, UserMembers, "user")) continue;
                    ReadPrincipal(user, values, duplicates, at, UserMembers);
                    ReadGroupList(user, values[GroupList], MemberSet.Has(duplicates, GroupList), at.Member("GroupList"));
                    if (Account.Users.ContainsKey(user.Name)) (ambiguous ??= new HashSet<string>()).Add(user.Name);
                    Account.Users[user.Name] = user;
                }
                if (ambiguous != null) RemoveAmbiguous(Account.Users, ambiguous, EntityList.Users, "UserDetailList", "user");
            }

            [MethodImpl(Hot)]
            private void ReadRoles(int items)
            {
                var values = RoleMembers.NewSlots();
                HashSet<string>? ambiguous = null;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    var at = JsonPath.Entry("RoleDetailList", i);
                    if (!Entry(_t.Item(items, i), EntityList.Roles, at, RoleMembers, values, out ulong duplicates)) continue;
                    var role = new IamRole();
                    if (!Identify(role, values, duplicates, EntityList.Roles, at, RoleMembers, "role")) continue;
                    ReadPrincipal(role, values, duplicates, at, RoleMembers);
                    ReadTrust(role, values[Trust], MemberSet.Has(duplicates, Trust), at.Member("AssumeRolePolicyDocument"));
                    ReadMaxSessionDuration(role, values[MaxSession], MemberSet.Has(duplicates, MaxSession), at.Member("MaxSessionDuration"));
                    int d = values[Description], lu = values[LastUsed], date;
                    if (d != None && _t.Kind(d) == JsonKind.String && !MemberSet.Has(duplicates, Description)) role.Description = _t.Text(d);
                    if (lu != None && _t.Kind(lu) == JsonKind.Object && (date = _t.Get(lu, "LastUsedDate")) != None && _t.Kind(date) == JsonKind.String)
                        role.LastUsedDate = _t.Text(date);
                    if (Account.Roles.ContainsKey(role.Name)) (ambiguous ??= new HashSet<string>()).Add(role.Name);
                    Account.Roles[role.Name] = role;
                }
                if (ambiguous != null) RemoveAmbiguous(Account.Roles, ambiguous, EntityList.Roles, "RoleDetailList", "role");
            }

            [MethodImpl(Hot)]
            private void ReadGroups(int items)
            {
                var values = GroupMembers.NewSlots();
                HashSet<string>? ambiguous = null;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    var at = JsonPath.Entry("GroupDetailList", i);
                    if (!Entry(_t.Item(items, i), EntityList.Groups, at, GroupMembers, values, out ulong duplicates)) continue;
                    var identity = new IamUser();
                    if (!Identify(identity, values, duplicates, EntityList.Groups, at, GroupMembers, "group")) continue;
                    var group = new IamGroup { Name = identity.Name, Arn = identity.Arn };
                    ReadPolicies(group, values, duplicates, at, GroupMembers);
                    if (Account.Groups.ContainsKey(group.Name)) (ambiguous ??= new HashSet<string>()).Add(group.Name);
                    Account.Groups[group.Name] = group;
                }
                if (ambiguous != null) RemoveAmbiguous(Account.Groups, ambiguous, EntityList.Groups, "GroupDetailList", "group");
            }

            /// <summary>An entry of a list must be an object; its used members are read once.</summary>
            [MethodImpl(Hot)]
            private bool Entry(int item, EntityList list, JsonPath at, MemberSet members, int[] values, out ulong duplicates)
            {
                duplicates = 0;
                if (_t.Kind(item) != JsonKind.Object) { ListProblem(list, at, Shape("an object", item)); return false; }
                duplicates = members.Read(_t, item, values);
                return true;
            }

            /// <summary>Entries listed twice under one name cannot be told apart: neither is used, and the list is incomplete.</summary>
            private void RemoveAmbiguous<T>(Dictionary<string, T> entities, HashSet<string> names, EntityList list, string listName, string what)
            {
                foreach (var name in names)
                {
                    entities.Remove(name);
                    ListProblem(list, JsonPath.Root(listName), $"the {what} '{name}' is listed more than once, so which entry holds its data is ambiguous");
                }
            }

            // ------------------------------------------------------------ identity: name, ARN, path

            /// <summary>
            /// Name, Arn and Path must be strings that agree with each other and name this file's account: an entry that
            /// cannot be identified makes its list incomplete; an ARN of another account makes the file unusable.
            /// </summary>
            [MethodImpl(Hot)]
            /// <summary>An entry's inline and attached policies (a user's, role's or group's), or the problem with each list.</summary>
            private void ReadPolicies(IamPolicyHolder into, int[] values, ulong duplicates, JsonPath at, MemberSet members)
            {
                var problem = ReadInline(values[Inline], MemberSet.Has(duplicates, Inline), at.Member(members.Names[Inline]));
                into.SetInlinePolicies(_inline);
                if (problem != null) into.AddProblem(new FieldProblem(EntityField.InlinePolicies, problem));
                problem = ReadAttached(values[Attached], MemberSet.Has(duplicates, Attached), at.Member("AttachedManagedPolicies"));
                into.SetAttachedPolicies(_attached);
                if (problem != null) into.AddProblem(new FieldProblem(EntityField.AttachedPolicies, problem));
            }

            private bool Identify(IamPrincipalData into, int[] values, ulong duplicates, EntityList list, JsonPath at, MemberSet members, string kind)
            {
                for (int slot = Name; slot <= PathSlot; slot++)
                    if (MemberSet.Has(duplicates, slot)) { ListProblem(list, at.Member(members.Names[slot]), "the key appears more than once, so the entry cannot be identified"); return false; }
                var name = values[Name];
                if (name == None || _t.Kind(name) != JsonKind.String || _t.Text(name)!.Length == 0)
                {
                    ListProblem(list, at.Member(members.Names[Name]), name == None ? "missing, so the entry cannot be identified" : Shape("a non-empty string", name));
                    return false;
                }
                var arn = values[ArnSlot];
                if (arn == None || _t.Kind(arn) != JsonKind.String)
                {
                    ListProblem(list, at.Member("Arn"), arn == None ? "missing, so the entry cannot be identified" : Shape("a string", arn));
                    return false;
                }
                var path = values[PathSlot];
                if (path != None && _t.Kind(path) != JsonKind.String) { ListProblem(list, at.Member("Path"), Shape("a string", path)); return false; }
                string? error = CheckArn(_t.Text(arn)!, kind, path == None ? null : _t.Text(path), _t.Text(name)!, out string derivedPath);
                if (error != null) { ListProblem(list, at.Member("Arn"), error); return false; }
                into.Name = _t.Text(name)!;
                into.Arn = _t.Text(arn)!;
                into.Path = derivedPath;
                return true;
            }

            /// <summary>
            /// Checks arn:partition:iam::account:kind/path/name against the name and path given; null when it agrees.
            /// Throws when the ARN names another account than the file's. Compares in place: it runs for every entity.
            /// </summary>
            [MethodImpl(Hot)]
            private string? CheckArn(string arn, string kind, string? path, string name, out string derivedPath)
            {
                derivedPath = path ?? "/";
                // arn : partition : iam : (empty region) : account : resource
                int p1 = arn.StartsWith("arn:", StringComparison.Ordinal) ? 3 : -1;
                int p2 = p1 < 0 ? -1 : arn.IndexOf(':', p1 + 1);
                bool iam = p2 > p1 + 1 && string.CompareOrdinal(arn, p2, ":iam::", 0, 6) == 0;
                int p5 = iam ? arn.IndexOf(':', p2 + 6) : -1;
                if (p5 < 0) return $"'{arn}' is not an IAM ARN";
                int partitionLength = p2 - p1 - 1;
                bool samePartition = Account.Partition != null && Account.Partition.Length == partitionLength
                    && string.CompareOrdinal(arn, p1 + 1, Account.Partition, 0, partitionLength) == 0;
                if (!samePartition)
                {
                    string partition = arn.Substring(p1 + 1, partitionLength);
                    if (!Partitions.IsKnown(partition)) return $"'{arn}' names partition '{partition}', which is not an AWS partition";
                    if (Account.Partition != null)
                        return $"'{arn}' names partition {partition}, while the file's first ARN ('{_partitionArn}') names {Account.Partition}: the ARNs of one account name one partition";
                }
                int accountStart = p2 + 6, accountLength = p5 - accountStart;
                bool ownAccount = accountLength == AccountId.Length && string.CompareOrdinal(arn, accountStart, AccountId, 0, accountLength) == 0;
                if (!ownAccount)
                {
                    string other = arn.Substring(accountStart, accountLength);
                    if (!(kind == "policy" && other == "aws"))
                    {
                        if (!Arn.IsAccountId(other)) return $"'{arn}' does not name a 12-digit account";
                        throw new FormatException($"its ARNs belong to account {other} ({arn}), not to account {AccountId} that the file name says");
                    }
                }
                if (Account.Partition == null) { Account.Partition = arn.Substring(p1 + 1, partitionLength); _partitionArn = arn; }
                // The resource: kind + path + name, the path starting and ending with '/'.
                int r = p5 + 1, resourceLength = arn.Length - r;
                bool kindMatches = resourceLength > kind.Length && string.CompareOrdinal(arn, r, kind, 0, kind.Length) == 0 && arn[r + kind.Length] == '/';
                bool nameMatches = resourceLength >= kind.Length + 1 + name.Length && string.CompareOrdinal(arn, arn.Length - name.Length, name, 0, name.Length) == 0
                    && arn[arn.Length - name.Length - 1] == '/';
                if (path != null)
                {
                    if (path.Length == 0 || path[0] != '/' || path[path.Length - 1] != '/') return $"the Path '{path}' does not start and end with '/'";
                    if (!kindMatches || !nameMatches || resourceLength != kind.Length + path.Length + name.Length
                        || string.CompareOrdinal(arn, r + kind.Length, path, 0, path.Length) != 0)
                        return $"'{arn}' does not agree with the name '{name}' and the path '{path}'";
                    return null;
                }
                if (!kindMatches || !nameMatches) return $"'{arn}' does not agree with the name '{name}'";
                derivedPath = arn.Substring(r + kind.Length, resourceLength - kind.Length - name.Length);
                return null;
            }

            // ------------------------------------------------------------ the fields checks read

            [MethodImpl(Hot)]
            private void ReadPrincipal(IamPrincipalData into, int[] values, ulong duplicates, JsonPath at, MemberSet members)
            {
                var id = values[Id];
                var idAt = at.Member(members.Names[Id]);
                if (MemberSet.Has(duplicates, Id)) into.AddProblem(new FieldProblem(EntityField.Id, Gap(idAt, "the key appears more than once, so the value is ambiguous")));
                else if (id == None) into.AddProblem(new FieldProblem(EntityField.Id, Gap(idAt, "missing", DataGapCause.NotCollected)));
                else if (_t.Kind(id) != JsonKind.String) into.AddProblem(new FieldProblem(EntityField.Id, Gap(idAt, Shape("a string", id))));
                else into.Id = _t.Text(id)!;

                ReadPolicies(into, values, duplicates, at, members);
                var problem = ReadBoundary(into, values[Boundary], MemberSet.Has(duplicates, Boundary), at.Member("PermissionsBoundary"));
                if (problem != null) into.AddProblem(new FieldProblem(EntityField.PermissionsBoundary, problem));
                problem = ReadTags(values[Tags], MemberSet.Has(duplicates, Tags), at.Member("Tags"));
                into.SetTags(_tags);
                if (problem != null) into.AddProblem(new FieldProblem(EntityField.Tags, problem));
            }

            /// <summary>
            /// The shape of an optional list field: absent means none (null, no problem); present, it must be an array whose
            /// entries are objects. Returns the problem, or null with <paramref name="items"/> set to the array (possibly empty).
            /// </summary>
            [MethodImpl(Hot)]
            private DataGap? OptionalList(int node, bool duplicated, JsonPath at, out int items)
            {
                items = None;
                if (duplicated) return Gap(at, "the key appears more than once, so the value is ambiguous");
                if (node == None) return null;
                if (_t.Kind(node) != JsonKind.Array) return Gap(at, Shape("an array", node));
                items = node;
                return null;
            }

            /// <summary>Reads the policies into <see cref="_inline"/>: those before a problem, when there is one.</summary>
            [MethodImpl(Hot)]
            private DataGap? ReadInline(int node, bool duplicated, JsonPath at)
            {
                var into = _inline;
                into.Clear();
                var problem = OptionalList(node, duplicated, at, out var items);
                if (items == None) return problem;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    int p = _t.Item(items, i);
                    if (_t.Kind(p) != JsonKind.Object) return Gap(at.Item(i), Shape("an object", p));
                    ulong duplicates = InlineMembers.Read(_t, p, _pair);
                    if (duplicates != 0) return Gap(at.Item(i).Member(InlineMembers.Names[duplicates == 1 ? 0 : 1]), "the key appears more than once, so the value is ambiguous");
                    var name = _pair[0];
                    var document = _pair[1];
                    if (name == None || _t.Kind(name) != JsonKind.String) return Gap(at.Item(i).Member("PolicyName"), name == None ? "missing" : Shape("a string", name));
                    var unusable = PolicyText.Problem(_t, document);
                    if (unusable != null) return Gap(at.Item(i).Member("PolicyDocument"), unusable);
                    into.Add(_shared.Inline(_t.Text(name)!, _shared.Source(_t.Text(document)!)));
                }
                return null;
            }

            /// <summary>Reads the policies into <see cref="_attached"/>: those before a problem, when there is one.</summary>
            [MethodImpl(Hot)]
            private DataGap? ReadAttached(int node, bool duplicated, JsonPath at)
            {
                var into = _attached;
                into.Clear();
                var problem = OptionalList(node, duplicated, at, out var items);
                if (items == None) return problem;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    int p = _t.Item(items, i);
                    if (_t.Kind(p) != JsonKind.Object) return Gap(at.Item(i), Shape("an object", p));
                    ulong duplicates = AttachedMembers.Read(_t, p, _pair);
                    if (duplicates != 0) return Gap(at.Item(i).Member(AttachedMembers.Names[duplicates == 1 ? 0 : 1]), "the key appears more than once, so the value is ambiguous");
                    var name = _pair[0];
                    var arn = _pair[1];
                    if (arn == None || _t.Kind(arn) != JsonKind.String) return Gap(at.Item(i).Member("PolicyArn"), arn == None ? "missing" : Shape("a string", arn));
                    if (name != None && _t.Kind(name) != JsonKind.String) return Gap(at.Item(i).Member("PolicyName"), Shape("a string", name));
                    into.Add(_shared.Attached(name != None ? _t.Text(name)! : _t.Text(arn)!, _t.Text(arn)!));
                }
                return null;
            }

            [MethodImpl(Hot)]
            private DataGap? ReadBoundary(IamPrincipalData into, int node, bool duplicated, JsonPath at)
            {
                if (duplicated) return Gap(at, "the key appears more than once, so the value is ambiguous");
                if (node == None) return null;
                if (_t.Kind(node) != JsonKind.Object) return Gap(at, Shape("an object", node));
                ulong duplicates = BoundaryMembers.Read(_t, node, _pair);
                if (duplicates != 0) return Gap(at.Member(BoundaryMembers.Names[duplicates == 1 ? 0 : 1]), "the key appears more than once, so the value is ambiguous");
                var arn = _pair[1];
                if (arn == None || _t.Kind(arn) != JsonKind.String) return Gap(at.Member("PermissionsBoundaryArn"), arn == None ? "missing" : Shape("a string", arn));
                into.PermissionsBoundaryArn = _t.Text(arn);
                return null;
            }

            /// <summary>Tags: Key/Value objects; IAM tag keys are unique whatever their case, so a key given twice is ambiguous.</summary>
            [MethodImpl(Hot)]
            private DataGap? ReadTags(int node, bool duplicated, JsonPath at)
            {
                var into = _tags;
                into.Clear();
                var problem = OptionalList(node, duplicated, at, out var items);
                if (items == None) return problem;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    int t = _t.Item(items, i);
                    if (_t.Kind(t) != JsonKind.Object) { into.Clear(); return Gap(at.Item(i), Shape("an object", t)); }
                    ulong duplicates = TagMembers.Read(_t, t, _pair);
                    if (duplicates != 0) { into.Clear(); return Gap(at.Item(i).Member(TagMembers.Names[duplicates == 1 ? 0 : 1]), "the key appears more than once, so the value is ambiguous"); }
                    var key = _pair[0];
                    var value = _pair[1];
                    if (key == None || _t.Kind(key) != JsonKind.String) { into.Clear(); return Gap(at.Item(i).Member("Key"), key == None ? "missing" : Shape("a string", key)); }
                    if (value == None || _t.Kind(value) != JsonKind.String) { into.Clear(); return Gap(at.Item(i).Member("Value"), value == None ? "missing" : Shape("a string", value)); }
                    string keyText = _t.Text(key)!;
                    if (i > 0 && HasKeyIgnoringCase(into, keyText)) { into.Clear(); return Gap(at.Item(i).Member("Key"), $"the tag key '{keyText}' is given more than once"); }
                    into.Add(new KeyValuePair<string, string>(keyText, _t.Text(value)!));
                }
                return null;
            }

            /// <summary>
            /// Whether a tag read before has this key in any case. A scan rather than a case-insensitive set: entities carry
            /// a few tags (IAM allows 50), and a set per tagged entity was much of the load's garbage (and its collections).
            /// </summary>
            [MethodImpl(Hot)]
            private static bool HasKeyIgnoringCase(List<KeyValuePair<string, string>> tags, string key)
            {
                foreach (var known in tags)
                    if (known.Key.Length == key.Length && string.Equals(known.Key, key, StringComparison.OrdinalIgnoreCase)) return true;
                return false;
            }

            [MethodImpl(Hot)]
            private void ReadGroupList(IamUser user, int node, bool duplicated, JsonPath at)
            {
                DataGap? problem = duplicated ? Gap(at, "the key appears more than once, so the value is ambiguous")
                    : node != None && _t.Kind(node) != JsonKind.Array ? Gap(at, Shape("an array", node)) : null;
                var groups = _groups;
                groups.Clear();
                if (problem == null && node != None)
                    for (int i = 0; i < _t.Count(node); i++)
                    {
                        int g = _t.Item(node, i);
                        if (_t.Kind(g) != JsonKind.String) { problem = Gap(at.Item(i), Shape("a group name (a string)", g)); groups.Clear(); break; }
                        groups.Add(_t.Text(g)!);
                    }
                user.SetGroups(groups);
                if (problem != null) user.AddProblem(new FieldProblem(EntityField.Groups, problem));
            }

            /// <summary>Every role has a trust policy, and get-account-authorization-details always prints it.</summary>
            [MethodImpl(Hot)]
            private void ReadTrust(IamRole role, int node, bool duplicated, JsonPath at)
            {
                string? unusable = duplicated ? "the key appears more than once, so the value is ambiguous" : PolicyText.Problem(_t, node);
                if (unusable != null)
                    role.AddProblem(new FieldProblem(EntityField.TrustPolicy, Gap(at, unusable, node == None ? DataGapCause.NotCollected : DataGapCause.Malformed)));
                else role.TrustPolicy = _shared.Source(_t.Text(node)!);
            }

            /// <summary>MaxSessionDuration: whole seconds from 3600 to 43200 (IAM's range).</summary>
            [MethodImpl(Hot)]
            private void ReadMaxSessionDuration(IamRole role, int node, bool duplicated, JsonPath at)
            {
                if (node == None && !duplicated) return;
                DataGap? problem = null;
                if (duplicated) problem = Gap(at, "the key appears more than once, so the value is ambiguous");
                else if (_t.Kind(node) != JsonKind.Number) problem = Gap(at, Shape("a number", node));
                else if (!int.TryParse(_t.Text(node), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 3600 || seconds > 43200)
                    problem = Gap(at, $"{_t.Text(node)} is not a whole number of seconds from 3600 to 43200");
                else role.MaxSessionDuration = seconds;
                if (problem != null) role.AddProblem(new FieldProblem(EntityField.MaxSessionDuration, problem));
            }

            // ------------------------------------------------------------ managed policies

            [MethodImpl(Hot)]
            private void ReadPolicies(int items)
            {
                var values = PolicyMembersSet.NewSlots();
                var version = VersionMembers.NewSlots();
                HashSet<string>? ambiguous = null;
                for (int i = 0; i < _t.Count(items); i++)
                {
                    var at = JsonPath.Entry("Policies", i);
                    if (!Entry(_t.Item(items, i), EntityList.Policies, at, PolicyMembersSet, values, out ulong duplicates)) continue;
                    var arnNode = values[PolicyArnSlot];
                    if (MemberSet.Has(duplicates, PolicyArnSlot)) { ListProblem(EntityList.Policies, at.Member("Arn"), "the key appears more than once, so the entry cannot be identified"); continue; }
                    if (arnNode == None || _t.Kind(arnNode) != JsonKind.String)
                    {
                        ListProblem(EntityList.Policies, at.Member("Arn"), arnNode == None ? "missing, so the entry cannot be identified" : Shape("a string", arnNode));
                        continue;
                    }
                    string arn = _t.Text(arnNode)!;
                    string? arnError = PolicyArn(arn);
                    if (arnError != null) { ListProblem(EntityList.Policies, at.Member("Arn"), arnError); continue; }
                    var nameNode = values[PolicyNameSlot];
                    DataGap? problem = null;
                    if (MemberSet.Has(duplicates, PolicyNameSlot) || MemberSet.Has(duplicates, DefaultVersionSlot) || MemberSet.Has(duplicates, VersionsSlot))
                        problem = Gap(at, "a key appears more than once, so the entry is ambiguous");
                    else if (nameNode != None && _t.Kind(nameNode) != JsonKind.String) problem = Gap(at.Member("PolicyName"), Shape("a string", nameNode));
                    PolicySource? document = null;
                    if (problem == null) problem = DefaultVersion(values[DefaultVersionSlot], values[VersionsSlot], at, version, out document);
                    if (Account.Policies.ContainsKey(arn)) (ambiguous ??= new HashSet<string>()).Add(arn);
                    Account.Policies[arn] = new ManagedPolicy(arn, nameNode != None ? _t.Text(nameNode)! : arn, problem == null ? document : null, problem);
                }
                if (ambiguous != null) RemoveAmbiguous(Account.Policies, ambiguous, EntityList.Policies, "Policies", "policy");
            }

            /// <summary>A managed policy ARN of this account (or an AWS-managed one): null when it is one.</summary>
            [MethodImpl(Hot)]
            private string? PolicyArn(string arn)
            {
                int slash = arn.LastIndexOf('/');
                if (slash < 0 || slash == arn.Length - 1) return $"'{arn}' is not a managed policy ARN";
                return CheckArn(arn, "policy", null, arn.Substring(slash + 1), out _);
            }

            /// <summary>
            /// The default version's document. Which version is the default must be unambiguous: IsDefaultVersion and
            /// DefaultVersionId must agree, and an entry that cannot be read could be the default one.
            /// </summary>
            [MethodImpl(Hot)]
            private DataGap? DefaultVersion(int defaultId, int versions, JsonPath at, int[] values, out PolicySource? document)
            {
                document = null;
                if (defaultId != None && _t.Kind(defaultId) != JsonKind.String) return Gap(at.Member("DefaultVersionId"), Shape("a string", defaultId));
                if (versions == None) return Gap(at.Member("PolicyVersionList"), "missing, so the policy's document is not in the data", DataGapCause.NotCollected);
                if (_t.Kind(versions) != JsonKind.Array) return Gap(at.Member("PolicyVersionList"), Shape("an array", versions));
                int flagged = -1, byId = -1;
                int flaggedDocument = None, byIdDocument = None;
                for (int v = 0; v < _t.Count(versions); v++)
                {
                    int item = _t.Item(versions, v);
                    var vAt = at.Member("PolicyVersionList").Item(v);
                    if (_t.Kind(item) != JsonKind.Object) return Gap(vAt, Shape("an object", item));
                    if (VersionMembers.Read(_t, item, values) != 0) return Gap(vAt, "a key appears more than once, so the version is ambiguous");
                    var isDefault = values[2];
                    var versionId = values[1];
                    if (isDefault != None && _t.Kind(isDefault) != JsonKind.True && _t.Kind(isDefault) != JsonKind.False)
                        return Gap(vAt.Member("IsDefaultVersion"), Shape("true or false", isDefault));
                    if (versionId != None && _t.Kind(versionId) != JsonKind.String) return Gap(vAt.Member("VersionId"), Shape("a string", versionId));
                    if (isDefault != None && _t.Kind(isDefault) == JsonKind.True)
                    {
                        if (flagged >= 0) return Gap(vAt.Member("IsDefaultVersion"), $"versions {flagged} and {v} are both marked as the default");
                        flagged = v; flaggedDocument = values[0];
                    }
                    if (defaultId != None && versionId != None && _t.Text(versionId) == _t.Text(defaultId)) { byId = v; byIdDocument = values[0]; }
                }
                if (flagged >= 0 && byId >= 0 && flagged != byId)
                    return Gap(at.Member("DefaultVersionId"), $"'{_t.Text(defaultId)}' is not the version marked IsDefaultVersion (PolicyVersionList[{flagged}])");
                int chosen = flagged >= 0 ? flagged : byId;
                var doc = flagged >= 0 ? flaggedDocument : byIdDocument;
                if (chosen < 0)
                    return Gap(at.Member("PolicyVersionList"), "no version is marked IsDefaultVersion or named by DefaultVersionId, so the policy's document is not in the data", DataGapCause.NotCollected);
                var unusable = PolicyText.Problem(_t, doc);
                if (unusable != null) return Gap(at.Member("PolicyVersionList").Item(chosen).Member("Document"), unusable);
                document = _shared.Source(_t.Text(doc)!);
                return null;
            }
        }
    }
}
