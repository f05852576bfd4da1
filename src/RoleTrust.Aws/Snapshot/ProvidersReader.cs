using System;
using System.Collections.Generic;
using System.Globalization;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Model;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Reads providers/&lt;id&gt;.json (README: Snapshot format): the account's OIDC providers as ListOpenIDConnectProviders
    /// and GetOpenIDConnectProvider give them, and its SAML providers as ListSAMLProviders gives them. A field that is
    /// present but unusable is never read as absent: an entry that cannot be identified, or a list that is missing or
    /// malformed, makes a provider missing from that list unknown rather than absent; an identified provider whose
    /// client IDs or validity cannot be read keeps that problem on itself. ARNs of another account than the file's name
    /// make the whole file unusable (<see cref="FormatException"/>), as for account files.
    /// </summary>
    public static class ProvidersReader
    {
        private static readonly MemberSet RootMembers = new MemberSet("OpenIDConnectProviders", "SAMLProviders");
        private static readonly MemberSet OidcMembers = new MemberSet("Arn", "Url", "ClientIDList", "ThumbprintList");
        private static readonly MemberSet SamlMembers = new MemberSet("Arn", "ValidUntil");

        /// <summary>Reads one providers file; <paramref name="issues"/> lists every problem found, in file order.</summary>
        public static IdentityProviderSet Read(JsonNode root, string accountId, out IReadOnlyList<DataGap> issues)
        {
            if (root.Kind != JsonKind.Object)
                throw new FormatException("The providers file must hold a JSON object with OpenIDConnectProviders and SAMLProviders.");
            var reader = new Reader(accountId);
            var set = reader.ReadAll(root);
            issues = reader.Issues;
            return set;
        }

        private sealed class Reader
        {
            private readonly string _account;
            private readonly List<DataGap> _issues = new List<DataGap>();

            public Reader(string account) { _account = account; }

            public IReadOnlyList<DataGap> Issues => _issues;

            private DataGap Issue(JsonPath path, string detail, DataGapCause cause = DataGapCause.Malformed)
            {
                var gap = new DataGap(DataGapKind.IdentityProviders, cause, _account, path.ToString(), detail: detail);
                _issues.Add(gap);
                return gap;
            }

            /// <summary>Every problem is reported; the list keeps the first as the reason a missing provider is unknown.</summary>
            private void ListIssue(ref DataGap? listProblem, JsonPath path, string detail)
            {
                var gap = Issue(path, detail);
                listProblem ??= gap;
            }

            public IdentityProviderSet ReadAll(JsonNode root)
            {
                var lists = RootMembers.NewValues();
                ulong duplicates = RootMembers.Read(root, lists);
                var oidc = new List<OidcProviderData>();
                var saml = new List<SamlProviderData>();
                DataGap? oidcProblem = List(lists[0], MemberSet.Has(duplicates, 0), "OpenIDConnectProviders", out var oidcItems);
                DataGap? samlProblem = List(lists[1], MemberSet.Has(duplicates, 1), "SAMLProviders", out var samlItems);
                if (oidcItems != null) ReadOidc(oidcItems, oidc, ref oidcProblem);
                if (samlItems != null) ReadSaml(samlItems, saml, ref samlProblem);
                return new IdentityProviderSet(_account, oidc, saml, oidcProblem, samlProblem);
            }

            /// <summary>The entries of a list, or the problem that makes a provider missing from it unknown.</summary>
            private DataGap? List(JsonNode? node, bool repeated, string name, out List<JsonNode>? items)
            {
                items = null;
                var at = JsonPath.Root(name);
                if (repeated) return Issue(at, "the key appears more than once, so which list holds the providers is ambiguous");
                if (node == null) return Issue(at, "missing: the file does not list these providers", DataGapCause.NotCollected);
                if (node.Kind != JsonKind.Array) return Issue(at, JsonShape.Expected("an array", node));
                items = node.Items!;
                return null;
            }

            private void ReadOidc(List<JsonNode> items, List<OidcProviderData> providers, ref DataGap? listProblem)
            {
                var values = OidcMembers.NewValues();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < items.Count; i++)
                {
                    var at = JsonPath.Entry("OpenIDConnectProviders", i);
                    if (!Identify(items[i], at, OidcMembers, values, "oidc-provider/", out string? arn, out ulong duplicates, ref listProblem)) continue;
                    string fromArn = arn!.Substring(arn.IndexOf("oidc-provider/", StringComparison.Ordinal) + "oidc-provider/".Length);
                    // IAM prints the URL without https:// and it is the ARN's resource; a URL given with the scheme means the same provider.
                    string url = fromArn;
                    var urlNode = values[1];
                    if (MemberSet.Has(duplicates, 1) || (urlNode != null && urlNode.Kind != JsonKind.String))
                    {
                        ListIssue(ref listProblem, at.Member("Url"), MemberSet.Has(duplicates, 1) ? "the key appears more than once, so the provider's URL is ambiguous" : JsonShape.Expected("a string", urlNode!));
                        continue;
                    }
                    if (urlNode != null)
                    {
                        url = urlNode.Text!.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? urlNode.Text.Substring(8) : urlNode.Text;
                        if (!string.Equals(url, fromArn, StringComparison.Ordinal))
                        {
                            ListIssue(ref listProblem, at.Member("Url"), $"'{urlNode.Text}' is not the URL the ARN names ({fromArn}), so which issuer the provider serves is ambiguous");
                            continue;
                        }
                    }
                    DataGap? problem = null;
                    var clientIds = Strings(values[2], MemberSet.Has(duplicates, 2), at.Member("ClientIDList"), ref problem, required: true);
                    DataGap? thumbprintProblem = null;
                    var thumbprints = Strings(values[3], MemberSet.Has(duplicates, 3), at.Member("ThumbprintList"), ref thumbprintProblem, required: false);
                    if (seen.TryGetValue(arn, out int earlier))
                    {
                        ListIssue(ref listProblem, at.Member("Arn"), $"{arn} is listed before (OpenIDConnectProviders[{earlier.ToString(CultureInfo.InvariantCulture)}]), so the provider is ambiguous");
                        providers.RemoveAll(p => p.Arn == arn);
                        continue;
                    }
                    seen[arn] = i;
                    providers.Add(new OidcProviderData(arn, url, clientIds ?? (IReadOnlyList<string>)Array.Empty<string>(), thumbprints ?? (IReadOnlyList<string>)Array.Empty<string>(), problem));
                }
            }

            private void ReadSaml(List<JsonNode> items, List<SamlProviderData> providers, ref DataGap? listProblem)
            {
                var values = SamlMembers.NewValues();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < items.Count; i++)
                {
                    var at = JsonPath.Entry("SAMLProviders", i);
                    if (!Identify(items[i], at, SamlMembers, values, "saml-provider/", out string? arn, out ulong duplicates, ref listProblem)) continue;
                    DataGap? problem = null;
                    DateTimeOffset? validUntil = null;
                    var valid = values[1];
                    if (MemberSet.Has(duplicates, 1)) problem = Issue(at.Member("ValidUntil"), "the key appears more than once, so the provider's validity is ambiguous");
                    else if (valid != null && valid.Kind != JsonKind.Null)
                    {
                        if (valid.Kind == JsonKind.String && DateTimeOffset.TryParse(valid.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) validUntil = date;
                        else problem = Issue(at.Member("ValidUntil"), valid.Kind == JsonKind.String ? $"'{valid.Text}' is not a date and time" : JsonShape.Expected("a date and time (a string)", valid));
                    }
                    if (seen.TryGetValue(arn!, out int earlier))
                    {
                        ListIssue(ref listProblem, at.Member("Arn"), $"{arn} is listed before (SAMLProviders[{earlier.ToString(CultureInfo.InvariantCulture)}]), so the provider is ambiguous");
                        providers.RemoveAll(p => p.Arn == arn);
                        continue;
                    }
                    seen[arn!] = i;
                    providers.Add(new SamlProviderData(arn!, validUntil, problem));
                }
            }

            /// <summary>
            /// An entry with a usable provider ARN of the file's account. An entry that cannot be identified makes its list
            /// incomplete; an ARN of another account makes the file unusable.
            /// </summary>
            private bool Identify(JsonNode item, JsonPath at, MemberSet members, JsonNode?[] values, string resourcePrefix,
                out string? arn, out ulong duplicates, ref DataGap? listProblem)
            {
                arn = null;
                duplicates = 0;
                if (item.Kind != JsonKind.Object) { ListIssue(ref listProblem, at, JsonShape.Expected("an object", item)); return false; }
                duplicates = members.Read(item, values);
                var node = values[0];
                if (MemberSet.Has(duplicates, 0)) { ListIssue(ref listProblem, at.Member("Arn"), "the key appears more than once, so the entry cannot be identified"); return false; }
                if (node == null || node.Kind != JsonKind.String)
                {
                    ListIssue(ref listProblem, at.Member("Arn"), node == null ? "missing, so the entry cannot be identified" : JsonShape.Expected("a string", node));
                    return false;
                }
                if (!Arn.TryParse(node.Text, out var parsed) || parsed.Service != "iam" || !parsed.Resource.StartsWith(resourcePrefix, StringComparison.Ordinal)
                    || parsed.Resource.Length == resourcePrefix.Length)
                {
                    ListIssue(ref listProblem, at.Member("Arn"), $"'{node.Text}' is not an IAM {resourcePrefix.TrimEnd('/')} ARN");
                    return false;
                }
                if (parsed.Account != _account)
                    throw new FormatException($"{at.Member("Arn")}: '{node.Text}' names account {parsed.Account}, not {_account} (the file's name)");
                arn = node.Text;
                return true;
            }

            /// <summary>A list of strings; null (with the problem recorded) when it cannot be read.</summary>
            private IReadOnlyList<string>? Strings(JsonNode? node, bool repeated, JsonPath at, ref DataGap? problem, bool required)
            {
                if (repeated) { problem = Issue(at, "the key appears more than once, so the list is ambiguous"); return null; }
                if (node == null)
                {
                    if (required) problem = Issue(at, "missing, so which audiences the provider accepts is not known", DataGapCause.NotCollected);
                    return null;
                }
                if (node.Kind != JsonKind.Array) { problem = Issue(at, JsonShape.Expected("an array of strings", node)); return null; }
                var list = new List<string>(node.Items!.Count);
                for (int i = 0; i < node.Items.Count; i++)
                {
                    var item = node.Items[i];
                    if (item.Kind != JsonKind.String) { problem = Issue(at.Item(i), JsonShape.Expected("a string", item)); return null; }
                    list.Add(item.Text!);
                }
                return list;
            }
        }
    }
}
