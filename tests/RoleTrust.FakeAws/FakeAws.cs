using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using RoleTrust.Engine.Json;

namespace RoleTrust.Testing
{
    /// <summary>One request as the fake received it.</summary>
    public sealed class FakeRequest
    {
        public string Service = "";
        public string Operation = "";
        public string Body = "";
        public Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, string> Parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        public bool SignatureValid;
        public string? SigningRegion;
        public int Status;
        public override string ToString() => $"{Service}:{Operation} -> {Status}";
    }

    /// <summary>
    /// A local AWS for tests: IAM and STS over awsQuery/XML, Organizations over JSON 1.1, on 127.0.0.1 with a random port.
    /// It verifies every SigV4 signature itself against known keys, serves a snapshot folder (accounts/&lt;id&gt;.json as
    /// GetAccountAuthorizationDetails JSON with its AccountAliases, providers/&lt;id&gt;.json as the OIDC and SAML provider
    /// reads, organization.json in the snapshot format, more organizations with
    /// <see cref="AddOrganization"/>), paginates with MaxItems / MaxResults, and injects throttling, 5xx, delays and
    /// AccessDenied per operation. Like AWS, it lets each key read only what its account may: IAM of its own account (another
    /// account's policy ARN is AccessDenied), its own organization (AWSOrganizationsNotInUseException outside one), and
    /// beyond DescribeOrganization only from the management account or a delegated administrator. AssumeRole hands out a
    /// new session each time, which then reads the role's account.
    /// </summary>
    public sealed class FakeAws : IDisposable
    {
        public const string IamNs = "https://iam.amazonaws.com/doc/2010-05-08/";
        public const string StsNs = "https://sts.amazonaws.com/doc/2011-06-15/";

        private sealed class Key { public string Secret = ""; public string? Token; public string Arn = ""; public string Account = ""; }
        private sealed class Fault
        {
            public int Throttle; public int ServerError; public int ServerErrorStatus = 500; public TimeSpan Delay; public bool AccessDenied;
            public int CustomTimes; public int CustomStatus; public string? CustomCode; public string? CustomMessage;
        }

        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentDictionary<string, Key> _keys = new ConcurrentDictionary<string, Key>();
        private readonly ConcurrentDictionary<string, Fault> _faults = new ConcurrentDictionary<string, Fault>();
        private readonly List<FakeRequest> _log = new List<FakeRequest>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private int _requestCounter;
        private int _sessionCounter;

        public FakeAws(string snapshotFolder)
        {
            SnapshotFolder = snapshotFolder;
            for (int attempt = 0; ; attempt++)
            {
                Port = FreePort();
                try
                {
                    _listener.Prefixes.Clear();
                    _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5) { }
            }
            _loop = Task.Run(AcceptLoop);
        }

        public string SnapshotFolder { get; }
        public int Port { get; }
        public string Url => $"http://127.0.0.1:{Port}/";
        /// <summary>Largest page the fake returns, whatever MaxItems/MaxResults asks (default 100).</summary>
        public int PageSize { get; set; } = 100;
        /// <summary>The fake's clock is this far ahead of the machine's; requests more than 5 minutes off are RequestTimeTooSkewed.</summary>
        public TimeSpan ClockOffset { get; set; }
        public List<string> AccountAliases { get; } = new List<string>();
        /// <summary>Roles AssumeRole finds in every account of the folder (as Organizations creates OrganizationAccountAccessRole in member accounts).</summary>
        public HashSet<string> RolesInEveryAccount { get; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>The one web identity token sts:AssumeRoleWithWebIdentity accepts (null: it accepts none).</summary>
        public string? WebIdentityToken { get; set; }
        /// <summary>Member accounts that may read their organization as the management account does (delegated administrators).</summary>
        public HashSet<string> DelegatedAdministrators { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Serves another organization (a file in the organization.json format) beside the folder's own.</summary>
        public void AddOrganization(string organizationFile) { lock (_organizationFiles) _organizationFiles.Add(organizationFile); }
        private readonly List<string> _organizationFiles = new List<string>();

        public IReadOnlyList<FakeRequest> Requests { get { lock (_log) return _log.ToList(); } }
        public void ClearLog() { lock (_log) _log.Clear(); }

        /// <summary>Registers a key pair for a principal (its account's snapshot is what IAM serves to it).</summary>
        public void AddKey(string accessKey, string secretKey, string? sessionToken, string arn)
        {
            string account = arn.Split(':')[4];
            _keys[accessKey] = new Key { Secret = secretKey, Token = sessionToken, Arn = arn, Account = account };
        }

        public void InjectThrottling(string operation, int times) => FaultFor(operation).Throttle = times;
        public void InjectServerError(string operation, int times, int status = 500) { var f = FaultFor(operation); f.ServerError = times; f.ServerErrorStatus = status; }
        public void InjectDelay(string operation, TimeSpan delay) => FaultFor(operation).Delay = delay;
        public void InjectAccessDenied(string operation, bool on = true) => FaultFor(operation).AccessDenied = on;
        /// <summary>Answers the next <paramref name="times"/> calls of the operation with this error (e.g. STS RegionDisabledException).</summary>
        public void InjectError(string operation, int status, string code, string message, int times = int.MaxValue)
        {
            var f = FaultFor(operation); f.CustomStatus = status; f.CustomCode = code; f.CustomMessage = message; f.CustomTimes = times;
        }
        /// <summary>Removes every injected fault.</summary>
        public void ClearFaults() => _faults.Clear();
        /// <summary>Added to every answer (network round trip), e.g. 50 ms for latency benchmarks.</summary>
        public TimeSpan Latency { get; set; }
        private Fault FaultFor(string op) => _faults.GetOrAdd(op, _ => new Fault());

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Handle(ctx));
            }
        }

        // ------------------------------------------------------------------ dispatch

        private async Task Handle(HttpListenerContext ctx)
        {
            var rec = new FakeRequest();
            try
            {
                byte[] body;
                using (var ms = new MemoryStream()) { await ctx.Request.InputStream.CopyToAsync(ms).ConfigureAwait(false); body = ms.ToArray(); }
                rec.Body = Encoding.UTF8.GetString(body);
                foreach (string? name in ctx.Request.Headers.AllKeys)
                    if (name != null) rec.Headers[name] = ctx.Request.Headers[name] ?? "";
                string? target = rec.Headers.TryGetValue("X-Amz-Target", out var t) ? t : null;
                if (target != null) { rec.Operation = target.Substring(target.IndexOf('.') + 1); rec.Parameters = new Dictionary<string, string>(); }
                else { rec.Parameters = ParseForm(rec.Body); rec.Operation = rec.Parameters.TryGetValue("Action", out var a) ? a : ""; }

                if (target == null && rec.Operation == "AssumeRoleWithWebIdentity" && !rec.Headers.ContainsKey("Authorization"))
                {
                    // The one STS call AWS takes unsigned: the token is the proof of identity.
                    rec.Service = "sts";
                    lock (_log) _log.Add(rec);
                    Reply unsigned;
                    try { unsigned = WebIdentitySession(rec); }
                    catch (FakeError e) { unsigned = Error(false, "sts", e.Status, e.Code, e.Message); }
                    rec.Status = unsigned.Status;
                    await Send(ctx, unsigned).ConfigureAwait(false);
                    return;
                }
                var sig = SigV4Verifier.Verify(ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath, ctx.Request.Url.Query.TrimStart('?'), rec.Headers, body,
                    ak => _keys.TryGetValue(ak, out var k) ? (k.Secret, k.Token) : ((string, string?)?)null);
                rec.Service = sig.Service ?? (target != null ? "organizations" : "unknown");
                rec.SignatureValid = sig.Valid;
                rec.SigningRegion = sig.Region;
                bool json = target != null;
                lock (_log) _log.Add(rec);

                Reply reply;
                if (!sig.Valid)
                    reply = Error(json, rec.Service, 403, sig.ErrorCode!, sig.Message!);
                else if (Math.Abs((DateTime.UtcNow + ClockOffset - sig.SignedAt).TotalMinutes) > 5)
                    reply = Error(json, rec.Service, 403, json ? "InvalidSignatureException" : "RequestTimeTooSkewed",
                        json ? "Signature expired: " + sig.SignedAt.ToString("yyyyMMdd'T'HHmmss'Z'") + " is now earlier than the allowed time."
                             : "The difference between the request time and the current time is too large.");
                else
                {
                    var key = _keys[sig.AccessKey!];
                    var fault = _faults.TryGetValue(rec.Operation, out var f) ? f : null;
                    if (Latency > TimeSpan.Zero) await Task.Delay(Latency).ConfigureAwait(false);
                    if (fault != null && fault.Delay > TimeSpan.Zero) await Task.Delay(fault.Delay).ConfigureAwait(false);
                    if (fault != null && Interlocked.Decrement(ref fault.Throttle) >= 0)
                        reply = json ? Error(true, rec.Service, 400, "TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress. Try again later.")
                                     : Error(false, rec.Service, 400, "Throttling", "Rate exceeded");
                    else if (fault != null && Interlocked.Decrement(ref fault.ServerError) >= 0)
                        reply = Error(json, rec.Service, fault.ServerErrorStatus, json ? "ServiceException" : "ServiceFailure", "The request processing has failed because of an unknown error.");
                    else if (fault != null && fault.CustomCode != null && Interlocked.Decrement(ref fault.CustomTimes) >= 0)
                        reply = Error(json, rec.Service, fault.CustomStatus, fault.CustomCode, fault.CustomMessage ?? "");
                    else if (fault != null && fault.AccessDenied)
                        reply = Error(json, rec.Service, json ? 400 : 403, json ? "AccessDeniedException" : "AccessDenied",
                            $"User: {key.Arn} is not authorized to perform: {Prefix(rec.Service)}:{rec.Operation} because no identity-based policy allows the {Prefix(rec.Service)}:{rec.Operation} action");
                    else
                    {
                        try
                        {
                            reply = rec.Service switch
                            {
                                "iam" => Iam(rec, key),
                                "sts" => Sts(rec, key),
                                "organizations" => Organizations(rec, key),
                                _ => Error(json, rec.Service, 400, "UnknownService", "No such service."),
                            };
                        }
                        catch (FakeError e) { reply = Error(json, rec.Service, e.Status, e.Code, e.Message); }
                    }
                }
                rec.Status = reply.Status;
                await Send(ctx, reply).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                try { rec.Status = 500; await Send(ctx, new Reply(500, "text/plain", "fake failure: " + e)).ConfigureAwait(false); } catch { }
            }
        }

        private static string Prefix(string service) => service == "organizations" ? "organizations" : service;

        private sealed class Reply
        {
            public Reply(int status, string contentType, string body) { Status = status; ContentType = contentType; Body = body; }
            public int Status; public string ContentType; public string Body;
        }

        private sealed class FakeError : Exception
        {
            public FakeError(int status, string code, string message) : base(message) { Status = status; Code = code; }
            public int Status; public string Code;
        }

        private async Task Send(HttpListenerContext ctx, Reply reply)
        {
            var res = ctx.Response;
            res.StatusCode = reply.Status;
            res.ContentType = reply.ContentType;
            res.Headers["x-amzn-RequestId"] = RequestId();
            res.Headers["Date"] = (DateTime.UtcNow + ClockOffset).ToString("r", CultureInfo.InvariantCulture);
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            res.ContentLength64 = bytes.Length;
            await res.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            res.Close();
        }

        private string RequestId() => $"0000{Interlocked.Increment(ref _requestCounter):x4}-fake-4000-8000-{Port:x12}";

        private Reply Error(bool json, string service, int status, string code, string message)
        {
            if (json)
            {
                var body = new StringBuilder("{\"__type\":");
                JsonWriter.WriteString(body, code);
                body.Append(",\"Message\":");
                JsonWriter.WriteString(body, message);
                body.Append('}');
                return new Reply(status, "application/x-amz-json-1.1", body.ToString());
            }
            XNamespace ns = service == "sts" ? StsNs : IamNs;
            var doc = new XElement(ns + "ErrorResponse",
                new XElement(ns + "Error", new XElement(ns + "Type", status >= 500 ? "Receiver" : "Sender"), new XElement(ns + "Code", code), new XElement(ns + "Message", message)),
                new XElement(ns + "RequestId", RequestId()));
            return new Reply(status, "text/xml", doc.ToString(SaveOptions.DisableFormatting));
        }

        private static Dictionary<string, string> ParseForm(string body)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string k = Uri.UnescapeDataString((eq < 0 ? pair : pair.Substring(0, eq)).Replace('+', ' '));
                string v = eq < 0 ? "" : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
                d[k] = v;
            }
            return d;
        }

        // ------------------------------------------------------------------ snapshot data

        private JsonNode Account(string accountId)
        {
            string path = Path.Combine(SnapshotFolder, "accounts", accountId + ".json");
            if (!File.Exists(path)) throw new FakeError(403, "AccessDenied", $"No snapshot for account {accountId}.");
            return JsonParser.Parse(File.ReadAllText(path));
        }

        /// <summary>providers/&lt;id&gt;.json of the folder; an account without that file has no identity providers.</summary>
        private JsonNode? Providers(string accountId)
        {
            string path = Path.Combine(SnapshotFolder, "providers", accountId + ".json");
            return File.Exists(path) ? JsonParser.Parse(File.ReadAllText(path)) : null;
        }

        /// <summary>A managed policy of the caller's account; AWS-managed ones exist in every account, so any account file may hold them.</summary>
        private JsonNode? FindPolicy(JsonNode data, string arn, Key key)
        {
            // IAM never reads across accounts: a customer managed policy of another account is an authorization failure.
            var parts = arn.Split(':');
            if (parts.Length > 4 && parts[4] != "aws" && parts[4] != key.Account)
                throw new FakeError(403, "AccessDenied", $"User: {key.Arn} is not authorized to perform: iam:GetPolicy on resource: policy {arn} because no identity-based policy allows the iam:GetPolicy action");
            var own = List(data, "Policies").FirstOrDefault(x => Str(x, "Arn") == arn);
            if (own != null || !arn.Contains(":iam::aws:policy/")) return own;
            string dir = Path.Combine(SnapshotFolder, "accounts");
            if (!Directory.Exists(dir)) return null;
            foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var found = List(JsonParser.Parse(File.ReadAllText(file)), "Policies").FirstOrDefault(x => Str(x, "Arn") == arn);
                if (found != null) return found;
            }
            return null;
        }

        private static List<JsonNode> List(JsonNode? node, string name) => node?.Get(name)?.Items ?? new List<JsonNode>();
        private static string? Str(JsonNode? node, string name) => node?.Get(name) is JsonNode v && v.Kind == JsonKind.String ? v.Text : null;

        /// <summary>JSON (snapshot) to Query XML: objects become elements, arrays member lists, documents URL-encoded JSON.</summary>
        private static IEnumerable<XElement> ToXml(XNamespace ns, JsonNode obj, params string[] only)
        {
            foreach (var m in obj.Members!)
            {
                if (only.Length > 0 && !only.Contains(m.Key)) continue;
                yield return ToXmlElement(ns, m.Key, m.Value);
            }
        }

        private static readonly HashSet<string> DocumentNames = new HashSet<string> { "AssumeRolePolicyDocument", "PolicyDocument", "Document" };

        private static XElement ToXmlElement(XNamespace ns, string name, JsonNode value)
        {
            if (DocumentNames.Contains(name))
            {
                string text = value.Kind == JsonKind.String ? value.Text! : JsonWriter.Write(value);
                if (text.TrimStart().StartsWith("{") || text.TrimStart().StartsWith("[")) text = Uri.EscapeDataString(text);
                return new XElement(ns + name, text);
            }
            switch (value.Kind)
            {
                case JsonKind.Object: return new XElement(ns + name, ToXml(ns, value));
                case JsonKind.Array: return new XElement(ns + name, value.Items!.Select(i => ToXmlElement(ns, "member", i)));
                default: return new XElement(ns + name, value.Text);
            }
        }

        private Reply Query(XNamespace ns, string action, IEnumerable<object> result) =>
            new Reply(200, "text/xml", new XElement(ns + (action + "Response"),
                new XElement(ns + (action + "Result"), result),
                new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", RequestId()))).ToString(SaveOptions.DisableFormatting));

        /// <summary>Slices a list by Marker/MaxItems; returns the page's items plus IsTruncated and Marker elements.</summary>
        private (List<T> Items, List<XElement> Tail) Page<T>(XNamespace ns, FakeRequest r, List<T> all)
        {
            int start = r.Parameters.TryGetValue("Marker", out var mk) ? int.Parse(mk.Substring("mark-".Length), CultureInfo.InvariantCulture) : 0;
            int size = PageSize;
            if (r.Parameters.TryGetValue("MaxItems", out var mi)) size = Math.Min(size, int.Parse(mi, CultureInfo.InvariantCulture));
            var items = all.Skip(start).Take(size).ToList();
            bool truncated = start + items.Count < all.Count;
            var tail = new List<XElement> { new XElement(ns + "IsTruncated", truncated ? "true" : "false") };
            if (truncated) tail.Add(new XElement(ns + "Marker", "mark-" + (start + items.Count).ToString(CultureInfo.InvariantCulture)));
            return (items, tail);
        }

        // ------------------------------------------------------------------ IAM

        private Reply Iam(FakeRequest r, Key key)
        {
            XNamespace ns = IamNs;
            var data = Account(key.Account);
            var p = r.Parameters;
            string Need(string name) => p.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new FakeError(400, "ValidationError", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name.Substring(1)}' failed to satisfy constraint: Member must not be null");
            JsonNode Find(string list, string field, string value, string kind) =>
                List(data, list).FirstOrDefault(x => Str(x, field) == value) ?? throw new FakeError(404, "NoSuchEntity", $"The {kind} with name {value} cannot be found.");
            JsonNode Role() => Find("RoleDetailList", "RoleName", Need("RoleName"), "role");
            JsonNode User() => p.ContainsKey("UserName") ? Find("UserDetailList", "UserName", p["UserName"], "user")
                : List(data, "UserDetailList").FirstOrDefault(u => Str(u, "Arn") == key.Arn) ?? throw new FakeError(404, "NoSuchEntity", "The caller is not an IAM user.");
            JsonNode Group() => Find("GroupDetailList", "GroupName", Need("GroupName"), "group");
            XElement RoleXml(JsonNode role) => new XElement(ns + "Role", ToXml(ns, role, "Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument",
                "Description", "MaxSessionDuration", "PermissionsBoundary", "Tags", "RoleLastUsed"));
            XElement UserXml(JsonNode u) => new XElement(ns + "member", ToXml(ns, u, "Path", "UserName", "UserId", "Arn", "CreateDate", "PermissionsBoundary", "Tags"));
            XElement GroupXml(string elementName, JsonNode g) => new XElement(ns + elementName, ToXml(ns, g, "Path", "GroupName", "GroupId", "Arn", "CreateDate"));
            Reply Names(string action, JsonNode owner, string list)
            {
                var (items, tail) = Page(ns, r, List(owner, list));
                return Query(ns, action, new object[] { new XElement(ns + "PolicyNames", items.Select(i => new XElement(ns + "member", Str(i, "PolicyName")))) }.Concat(tail));
            }
            Reply Attached(string action, JsonNode owner)
            {
                var (items, tail) = Page(ns, r, List(owner, "AttachedManagedPolicies"));
                return Query(ns, action, new object[] { new XElement(ns + "AttachedPolicies", items.Select(i => new XElement(ns + "member", ToXml(ns, i)))) }.Concat(tail));
            }
            Reply Inline(string action, JsonNode owner, string ownerField, string list)
            {
                string name = Need("PolicyName");
                var pol = List(owner, list).FirstOrDefault(x => Str(x, "PolicyName") == name)
                          ?? throw new FakeError(404, "NoSuchEntity", $"The {ownerField.Replace("Name", "").ToLowerInvariant()} policy with name {name} cannot be found.");
                return Query(ns, action, new object[] { new XElement(ns + ownerField, p[ownerField]), new XElement(ns + "PolicyName", name), ToXmlElement(ns, "PolicyDocument", pol.Get("PolicyDocument")!) });
            }

            switch (r.Operation)
            {
                case "GetRole": return Query(ns, "GetRole", new object[] { RoleXml(Role()) });
                case "GetUser": return Query(ns, "GetUser", new object[] { new XElement(ns + "User", UserXml(User()).Elements()) });
                case "ListGroupsForUser":
                {
                    var names = List(User(), "GroupList").Select(g => g.Text).ToList();
                    var groups = List(data, "GroupDetailList").Where(g => names.Contains(Str(g, "GroupName"))).ToList();
                    var (items, tail) = Page(ns, r, groups);
                    return Query(ns, "ListGroupsForUser", new object[] { new XElement(ns + "Groups", items.Select(g => GroupXml("member", g))) }.Concat(tail));
                }
                case "ListUserPolicies": return Names("ListUserPolicies", User(), "UserPolicyList");
                case "GetUserPolicy": return Inline("GetUserPolicy", User(), "UserName", "UserPolicyList");
                case "ListAttachedUserPolicies": return Attached("ListAttachedUserPolicies", User());
                case "ListRolePolicies": return Names("ListRolePolicies", Role(), "RolePolicyList");
                case "GetRolePolicy": return Inline("GetRolePolicy", Role(), "RoleName", "RolePolicyList");
                case "ListAttachedRolePolicies": return Attached("ListAttachedRolePolicies", Role());
                case "ListGroupPolicies": return Names("ListGroupPolicies", Group(), "GroupPolicyList");
                case "GetGroupPolicy": return Inline("GetGroupPolicy", Group(), "GroupName", "GroupPolicyList");
                case "ListAttachedGroupPolicies": return Attached("ListAttachedGroupPolicies", Group());
                case "GetGroup":
                {
                    var g = Group();
                    var users = List(data, "UserDetailList").Where(u => List(u, "GroupList").Any(x => x.Text == Str(g, "GroupName"))).ToList();
                    var (items, tail) = Page(ns, r, users);
                    return Query(ns, "GetGroup", new object[] { GroupXml("Group", g), new XElement(ns + "Users", items.Select(UserXml)) }.Concat(tail));
                }
                case "GetPolicy":
                {
                    var pol = FindPolicy(data, Need("PolicyArn"), key)
                              ?? throw new FakeError(404, "NoSuchEntity", $"Policy {p["PolicyArn"]} does not exist or is not attachable.");
                    return Query(ns, "GetPolicy", new object[] { new XElement(ns + "Policy", ToXml(ns, pol, "PolicyName", "DefaultVersionId", "PolicyId", "Path", "Arn",
                        "AttachmentCount", "PermissionsBoundaryUsageCount", "IsAttachable", "Description", "CreateDate", "UpdateDate")) });
                }
                case "GetPolicyVersion":
                {
                    var pol = FindPolicy(data, Need("PolicyArn"), key)
                              ?? throw new FakeError(404, "NoSuchEntity", $"Policy {p["PolicyArn"]} does not exist or is not attachable.");
                    var v = List(pol, "PolicyVersionList").FirstOrDefault(x => Str(x, "VersionId") == Need("VersionId"))
                            ?? throw new FakeError(404, "NoSuchEntity", $"Policy {p["PolicyArn"]} version {p["VersionId"]} does not exist or is not attachable.");
                    return Query(ns, "GetPolicyVersion", new object[] { new XElement(ns + "PolicyVersion", ToXml(ns, v)) });
                }
                case "ListRoles":
                {
                    var roles = List(data, "RoleDetailList").Where(x => !p.TryGetValue("PathPrefix", out var pp) || (Str(x, "Path") ?? "/").StartsWith(pp, StringComparison.Ordinal)).ToList();
                    var (items, tail) = Page(ns, r, roles);
                    return Query(ns, "ListRoles", new object[] { new XElement(ns + "Roles", items.Select(x => new XElement(ns + "member", RoleXml(x).Elements()))) }.Concat(tail));
                }
                case "ListAccountAliases":
                {
                    // The account file's AccountAliases (the snapshot format's), else the aliases given to the fake.
                    var own = data.Get("AccountAliases")?.Items?.Select(a => a.Text!).ToList();
                    var (items, tail) = Page(ns, r, own ?? AccountAliases.ToList());
                    return Query(ns, "ListAccountAliases", new object[] { new XElement(ns + "AccountAliases", items.Select(a => new XElement(ns + "member", a))) }.Concat(tail));
                }
                case "ListOpenIDConnectProviders":
                    return Query(ns, "ListOpenIDConnectProviders", new object[] { new XElement(ns + "OpenIDConnectProviderList",
                        List(Providers(key.Account), "OpenIDConnectProviders").Select(x => new XElement(ns + "member", new XElement(ns + "Arn", Str(x, "Arn"))))) });
                case "GetOpenIDConnectProvider":
                {
                    string arn = Need("OpenIDConnectProviderArn");
                    if (arn.Split(':').Length > 4 && arn.Split(':')[4] != key.Account)
                        throw new FakeError(403, "AccessDenied", $"User: {key.Arn} is not authorized to perform: iam:GetOpenIDConnectProvider on resource: {arn} because no identity-based policy allows the iam:GetOpenIDConnectProvider action");
                    var provider = List(Providers(key.Account), "OpenIDConnectProviders").FirstOrDefault(x => Str(x, "Arn") == arn)
                                   ?? throw new FakeError(404, "NoSuchEntity", $"OpenIDConnect Provider not found for arn {arn}");
                    string url = Str(provider, "Url") ?? arn.Substring(arn.IndexOf("oidc-provider/", StringComparison.Ordinal) + "oidc-provider/".Length);
                    return Query(ns, "GetOpenIDConnectProvider", new object[]
                    {
                        new XElement(ns + "Url", url),
                        new XElement(ns + "ClientIDList", List(provider, "ClientIDList").Select(c => new XElement(ns + "member", c.Text))),
                        new XElement(ns + "ThumbprintList", List(provider, "ThumbprintList").Select(c => new XElement(ns + "member", c.Text))),
                        new XElement(ns + "CreateDate", "2025-01-01T00:00:00Z"),
                    });
                }
                case "ListSAMLProviders":
                    return Query(ns, "ListSAMLProviders", new object[] { new XElement(ns + "SAMLProviderList",
                        List(Providers(key.Account), "SAMLProviders").Select(x => new XElement(ns + "member", new XElement(ns + "Arn", Str(x, "Arn")),
                            Str(x, "ValidUntil") is string valid ? new XElement(ns + "ValidUntil", valid) : null, new XElement(ns + "CreateDate", "2025-01-01T00:00:00Z")))) });
                case "GetAccountAuthorizationDetails":
                {
                    var all = new List<(string List, JsonNode Item)>();
                    foreach (var list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
                        all.AddRange(List(data, list).Select(i => (list, i)));
                    var (items, tail) = Page(ns, r, all);
                    var result = new List<object>();
                    foreach (var list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
                        result.Add(new XElement(ns + list, items.Where(i => i.List == list).Select(i => ToXmlElement(ns, "member", i.Item))));
                    result.InsertRange(0, tail); // botocore examples put IsTruncated/Marker first
                    return Query(ns, "GetAccountAuthorizationDetails", result);
                }
                default:
                    throw new FakeError(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2010-05-08");
            }
        }

        // ------------------------------------------------------------------ STS

        private Reply Sts(FakeRequest r, Key key)
        {
            XNamespace ns = StsNs;
            switch (r.Operation)
            {
                case "GetCallerIdentity":
                {
                    string userId = key.Arn.Contains(":assumed-role/") ? "AROAFAKEROLEID:" + key.Arn.Substring(key.Arn.LastIndexOf('/') + 1) : "AIDAFAKEUSERID";
                    return Query(ns, "GetCallerIdentity", new object[] { new XElement(ns + "Arn", key.Arn), new XElement(ns + "UserId", userId), new XElement(ns + "Account", key.Account) });
                }
                case "AssumeRole":
                    return Session(r, "AssumeRole", key.Arn);
                default:
                    throw new FakeError(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2011-06-15");
            }
        }

        private Reply WebIdentitySession(FakeRequest r)
        {
            string token = r.Parameters.TryGetValue("WebIdentityToken", out var t) ? t : "";
            if (WebIdentityToken == null || token != WebIdentityToken)
                throw new FakeError(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
            return Session(r, "AssumeRoleWithWebIdentity", "a web identity");
        }

        /// <summary>A new role session for AssumeRole or AssumeRoleWithWebIdentity, known to the fake from now on.</summary>
        private Reply Session(FakeRequest r, string action, string caller)
        {
            XNamespace ns = StsNs;
            string roleArn = r.Parameters.TryGetValue("RoleArn", out var ra) ? ra : throw new FakeError(400, "ValidationError", "RoleArn is required.");
            string session = r.Parameters.TryGetValue("RoleSessionName", out var sn) ? sn : "session";
            var parts = roleArn.Split(':');
            var data = Account(parts[4]);
            string roleName = parts[5].Substring(parts[5].LastIndexOf('/') + 1);
            var role = List(data, "RoleDetailList").FirstOrDefault(x => Str(x, "RoleName") == roleName)
                       ?? (RolesInEveryAccount.Contains(roleName) ? JsonParser.Parse("{\"RoleId\":\"AROAFAKEEVERYACCOUNT\"}") : null)
                       ?? throw new FakeError(403, "AccessDenied", $"User: {caller} is not authorized to perform: sts:{action} on resource: {roleArn}");
            string expiration = DateTime.UtcNow.AddSeconds(int.Parse(r.Parameters.GetValueOrDefault("DurationSeconds", "3600"), CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            // A new session per call, known to the fake from now on (it reads the role's account, as a real session would).
            int n = Interlocked.Increment(ref _sessionCounter);
            string sessionKey = "ASIAFAKEASSUMED" + n.ToString("D5", CultureInfo.InvariantCulture);
            string sessionSecret = "fakeAssumedSecretKeyDoNotLeak" + n.ToString("D11", CultureInfo.InvariantCulture);
            string sessionToken = "FakeAssumedSessionTokenDoNotLeak" + n.ToString("D5", CultureInfo.InvariantCulture);
            string sessionArn = $"arn:aws:sts::{parts[4]}:assumed-role/{roleName}/{session}";
            AddKey(sessionKey, sessionSecret, sessionToken, sessionArn);
            return Query(ns, action, new object[]
            {
                new XElement(ns + "AssumedRoleUser", new XElement(ns + "AssumedRoleId", Str(role, "RoleId") + ":" + session),
                    new XElement(ns + "Arn", sessionArn)),
                new XElement(ns + "Credentials", new XElement(ns + "AccessKeyId", sessionKey),
                    new XElement(ns + "SecretAccessKey", sessionSecret),
                    new XElement(ns + "SessionToken", sessionToken), new XElement(ns + "Expiration", expiration)),
            });
        }

        // ------------------------------------------------------------------ Organizations

        private Reply Organizations(FakeRequest r, Key key)
        {
            // The organization the caller's account belongs to (as management account or member); none: not in use, as in AWS.
            var org = OrganizationOf(key.Account)
                      ?? throw new FakeError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
            var input = r.Body.Trim().Length == 0 ? JsonParser.Parse("{}") : JsonParser.Parse(r.Body);
            string orgId = Str(org.Get("Organization"), "Id")!;
            string mgmt = Str(org.Get("Organization"), "ManagementAccountId")!;
            // Every account of an organization may describe it; everything else needs the management account or a delegated administrator.
            if (r.Operation != "DescribeOrganization" && key.Account != mgmt && !DelegatedAdministrators.Contains(key.Account))
                throw new FakeError(400, "AccessDeniedException", "You don't have permissions to access this resource.");
            string In(string name) => Str(input, name) ?? throw new FakeError(400, "InvalidInputException", $"You provided a value that does not match the required pattern: {name}.");
            string OuArn(string id) => $"arn:aws:organizations::{mgmt}:ou/{orgId}/{id}";
            string AccountArn(string id) => $"arn:aws:organizations::{mgmt}:account/{orgId}/{id}";
            JsonNode O(params (string K, JsonNode V)[] ms) => JsonNode.Object(ms.Select(m => new KeyValuePair<string, JsonNode>(m.K, m.V)).ToList());
            JsonNode S(string? s) => JsonNode.String(s ?? "");
            var roots = List(org, "Roots"); var ous = List(org, "OrganizationalUnits"); var accounts = List(org, "Accounts"); var policies = List(org, "Policies");
            JsonNode AccountJson(JsonNode a) => O(("Id", S(Str(a, "Id"))), ("Arn", S(AccountArn(Str(a, "Id")!))), ("Email", S(Str(a, "Id") + "@example.com")),
                ("Name", S(Str(a, "Name"))), ("Status", S("ACTIVE")), ("JoinedMethod", S("CREATED")), ("JoinedTimestamp", JsonNode.Number("1.7e9")));
            JsonNode Summary(JsonNode p) => O(("Id", S(Str(p, "Id"))), ("Arn", S($"arn:aws:organizations::{mgmt}:policy/{orgId}/{Str(p, "Type")!.ToLowerInvariant()}/{Str(p, "Id")}")),
                ("Name", S(Str(p, "Name"))), ("Description", S("")), ("Type", S(Str(p, "Type"))), ("AwsManaged", JsonNode.Bool(Str(p, "Id")!.StartsWith("p-FullAWSAccess") || Str(p, "Id")!.StartsWith("p-RCPFullAWSAccess"))));
            string TypeOf(string id) => id.StartsWith("r-") ? "ROOT" : id.StartsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ACCOUNT";
            string? ParentOf(string id) => Str(ous.FirstOrDefault(o => Str(o, "Id") == id) ?? accounts.FirstOrDefault(a => Str(a, "Id") == id), "ParentId");
            string? NameOf(string id) => Str(ous.FirstOrDefault(o => Str(o, "Id") == id) ?? accounts.FirstOrDefault(a => Str(a, "Id") == id), "Name") ?? (id.StartsWith("r-") ? "Root" : null);
            // The root's policy types: as the file states them (ListRoots' PolicyTypes), else what the file implies the way the
            // snapshot reader does: SCPs enabled when any SCP exists, RCPs enabled (RCPFullAWSAccess alone denies nothing).
            List<JsonNode> PolicyTypes(JsonNode root) => root.Get("PolicyTypes")?.Items ?? new[] { "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY" }
                .Where(t => t != "SERVICE_CONTROL_POLICY" || policies.Any(p => Str(p, "Type") == t))
                .Select(t => O(("Type", S(t)), ("Status", S("ENABLED")))).ToList();
            bool Enabled(string type) => roots.Count > 0 && PolicyTypes(roots[0]).Any(t => Str(t, "Type") == type && Str(t, "Status") == "ENABLED");
            Reply Paged(string listName, List<JsonNode> all)
            {
                int start = Str(input, "NextToken") is string tok ? int.Parse(tok.Substring("next-".Length), CultureInfo.InvariantCulture) : 0;
                int size = PageSize;
                if (input.Get("MaxResults") is JsonNode mr) size = Math.Min(size, int.Parse(mr.Text!, CultureInfo.InvariantCulture));
                var items = all.Skip(start).Take(size).ToList();
                var ms = new List<(string, JsonNode)> { (listName, JsonNode.Array(items)) };
                if (start + items.Count < all.Count) ms.Add(("NextToken", S("next-" + (start + items.Count).ToString(CultureInfo.InvariantCulture))));
                return JsonReply(O(ms.ToArray()));
            }
            void CheckFilter(string type)
            {
                if (type != "SERVICE_CONTROL_POLICY" && type != "RESOURCE_CONTROL_POLICY" && type != "TAG_POLICY" && type != "BACKUP_POLICY" && type != "AISERVICES_OPT_OUT_POLICY" && type != "CHATBOT_POLICY" && type != "DECLARATIVE_POLICY_EC2")
                    throw new FakeError(400, "InvalidInputException", "You provided an invalid value for Filter.");
            }

            switch (r.Operation)
            {
                case "DescribeAccount":
                {
                    string id = In("AccountId");
                    var a = accounts.FirstOrDefault(x => Str(x, "Id") == id) ?? throw new FakeError(400, "AccountNotFoundException", "We can't find an AWS account with the AccountId that you specified.");
                    return JsonReply(O(("Account", AccountJson(a))));
                }
                case "DescribeOrganizationalUnit":
                {
                    string id = In("OrganizationalUnitId");
                    var o = ous.FirstOrDefault(x => Str(x, "Id") == id) ?? throw new FakeError(400, "OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified.");
                    return JsonReply(O(("OrganizationalUnit", O(("Id", S(id)), ("Arn", S(OuArn(id))), ("Name", S(Str(o, "Name")))))));
                }
                case "DescribeOrganization":
                    return JsonReply(O(("Organization", O(("Id", S(orgId)), ("Arn", S($"arn:aws:organizations::{mgmt}:organization/{orgId}")), ("FeatureSet", S("ALL")),
                        ("MasterAccountArn", S($"arn:aws:organizations::{mgmt}:account/{orgId}/{mgmt}")), ("MasterAccountId", S(mgmt)), ("MasterAccountEmail", S(mgmt + "@example.com")),
                        ("AvailablePolicyTypes", JsonNode.Array(new List<JsonNode> { O(("Type", S("SERVICE_CONTROL_POLICY")), ("Status", S("ENABLED"))) }))))));
                case "ListRoots":
                    return Paged("Roots", roots.Select(x => O(("Id", S(Str(x, "Id"))), ("Arn", S($"arn:aws:organizations::{mgmt}:root/{orgId}/{Str(x, "Id")}")), ("Name", S(Str(x, "Name") ?? "Root")),
                        ("PolicyTypes", JsonNode.Array(PolicyTypes(x))))).ToList());
                case "ListOrganizationalUnitsForParent":
                {
                    string parent = In("ParentId");
                    return Paged("OrganizationalUnits", ous.Where(o => Str(o, "ParentId") == parent).Select(o => O(("Id", S(Str(o, "Id"))), ("Arn", S(OuArn(Str(o, "Id")!))), ("Name", S(Str(o, "Name"))))).ToList());
                }
                case "ListAccounts": return Paged("Accounts", accounts.Select(AccountJson).ToList());
                case "ListAccountsForParent":
                {
                    string parent = In("ParentId");
                    return Paged("Accounts", accounts.Where(a => Str(a, "ParentId") == parent).Select(AccountJson).ToList());
                }
                case "ListParents":
                {
                    string child = In("ChildId");
                    string parent = ParentOf(child) ?? throw new FakeError(400, "ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
                    return Paged("Parents", new List<JsonNode> { O(("Id", S(parent)), ("Type", S(TypeOf(parent)))) });
                }
                case "ListPolicies":
                {
                    string type = In("Filter"); CheckFilter(type);
                    return Paged("Policies", policies.Where(p => Str(p, "Type") == type).Select(Summary).ToList());
                }
                case "ListPoliciesForTarget":
                {
                    string target = In("TargetId"); string type = In("Filter"); CheckFilter(type);
                    // A type that is not enabled has nothing attached anywhere (disabling detaches every policy of the type).
                    if (!Enabled(type)) return Paged("Policies", new List<JsonNode>());
                    return Paged("Policies", policies.Where(p => Str(p, "Type") == type && List(p, "Targets").Any(t => t.Text == target)).Select(Summary).ToList());
                }
                case "DescribePolicy":
                {
                    string id = In("PolicyId");
                    var p = policies.FirstOrDefault(x => Str(x, "Id") == id) ?? throw new FakeError(400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
                    return JsonReply(O(("Policy", O(("PolicySummary", Summary(p)), ("Content", S(Str(p, "Content")))))));
                }
                case "ListTargetsForPolicy":
                {
                    string id = In("PolicyId");
                    var p = policies.FirstOrDefault(x => Str(x, "Id") == id) ?? throw new FakeError(400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
                    return Paged("Targets", List(p, "Targets").Select(t => O(("TargetId", S(t.Text)), ("Arn", S(t.Text!.StartsWith("ou-") ? OuArn(t.Text) : AccountArn(t.Text))),
                        ("Name", S(NameOf(t.Text))), ("Type", S(TypeOf(t.Text))))).ToList());
                }
                default:
                    throw new FakeError(400, "UnknownOperationException", $"Unknown operation {r.Operation}.");
            }
        }

        /// <summary>The organization (organization.json of the folder, or one added) whose management account or member list holds the account.</summary>
        private JsonNode? OrganizationOf(string account)
        {
            var files = new List<string>();
            string own = Path.Combine(SnapshotFolder, "organization.json");
            if (File.Exists(own)) files.Add(own);
            lock (_organizationFiles) files.AddRange(_organizationFiles);
            foreach (var file in files)
            {
                var org = JsonParser.Parse(File.ReadAllText(file));
                if (Str(org.Get("Organization"), "ManagementAccountId") == account || List(org, "Accounts").Any(a => Str(a, "Id") == account)) return org;
            }
            return null;
        }

        private static Reply JsonReply(JsonNode node) => new Reply(200, "application/x-amz-json-1.1", JsonWriter.Write(node));

        public void Dispose()
        {
            _stop.Cancel();
            try { _listener.Stop(); _listener.Close(); } catch { }
            try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch { }
        }
    }
}
