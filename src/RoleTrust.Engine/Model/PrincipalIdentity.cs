using System;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Model
{
    /// <summary>The caller of a request, parsed from its ARN (or service / provider name).</summary>
    public sealed class PrincipalIdentity
    {
        private PrincipalIdentity(string? arn, PrincipalKind kind)
        {
            _arn = arn; Kind = kind;
        }

        /// <summary>The ARN; a session made by <see cref="SessionOf"/> writes it when first asked (see there).</summary>
        public string Arn => _arn ??= $"arn:{Partition}:sts::{AccountId}:assumed-role/{Name}/{SessionName}";
        private string? _arn;
        public PrincipalKind Kind { get; }
        public string? Partition { get; private set; }
        public string? AccountId { get; private set; }
        /// <summary>User, role or federated-user name; role name for a session.</summary>
        public string? Name { get; private set; }
        /// <summary>IAM path ("/" or "/a/b/") when known. A session ARN carries no path.</summary>
        public string? Path { get; private set; }
        public string? SessionName { get; private set; }
        /// <summary>AIDA... for users, AROA... for roles and their sessions, when known.</summary>
        public string? UniqueId { get; private set; }
        public bool IsRoleSession => Kind == PrincipalKind.AssumedRole;
        /// <summary>Service-linked roles are exempt from SCPs and RCPs.</summary>
        public bool IsServiceLinkedRole => Path != null && Path.StartsWith("/aws-service-role/", StringComparison.Ordinal);
        /// <summary>Principals that carry identity-based policies (and so boundaries and session policies).</summary>
        public bool HasIdentityPolicies => Kind == PrincipalKind.User || Kind == PrincipalKind.Role || Kind == PrincipalKind.AssumedRole || Kind == PrincipalKind.FederatedUser;

        /// <summary>The role ARN of a session, with its path when known (the value of aws:PrincipalArn).</summary>
        public string? RoleArn =>
            Kind == PrincipalKind.Role ? Arn :
            Kind == PrincipalKind.AssumedRole ? _roleArn ?? $"arn:{Partition}:iam::{AccountId}:role{Path ?? "/"}{Name}" : null;

        /// <summary>The role's ARN, for a session made from a role whose ARN is exactly its parts (<see cref="SessionOf"/>).</summary>
        private string? _roleArn;

        /// <summary>Value of aws:PrincipalArn: role ARN for sessions, the ARN itself otherwise.</summary>
        public string PrincipalArnKey => Kind == PrincipalKind.AssumedRole ? RoleArn! : Arn;

        [MethodImpl(HotPath.Options)]
        public static bool TryParse(string? text, out PrincipalIdentity principal, out string error)
        {
            principal = null!; error = "";
            if (string.IsNullOrWhiteSpace(text)) { error = "The principal is empty."; return false; }
            text = text!.Trim();
            if (text == "*" || text.Equals("anonymous", StringComparison.OrdinalIgnoreCase))
            {
                principal = new PrincipalIdentity("*", PrincipalKind.Anonymous);
                return true;
            }
            if (Model.Arn.IsAccountId(text))
            {
                principal = new PrincipalIdentity($"arn:aws:iam::{text}:root", PrincipalKind.Root) { Partition = "aws", AccountId = text };
                return true;
            }
            if (!text.StartsWith("arn:", StringComparison.Ordinal))
            {
                if (text.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase))
                {
                    principal = new PrincipalIdentity(text, PrincipalKind.Service);
                    return true;
                }
                if (text == "accounts.google.com" || text == "graph.facebook.com" || text == "www.amazon.com")
                {
                    principal = new PrincipalIdentity(text, PrincipalKind.Federated);
                    return true;
                }
                if (text.Length == 64 && IsHex(text))
                {
                    principal = new PrincipalIdentity(text, PrincipalKind.CanonicalUser);
                    return true;
                }
                error = $"'{text}' is not a principal ARN, account ID, service principal or identity provider.";
                return false;
            }
            if (!Model.Arn.TryParse(text, out var arn) || !Model.Arn.IsAccountId(arn.Account))
            {
                error = $"'{text}' is not a valid principal ARN (expected arn:partition:iam::123456789012:user/name and similar).";
                return false;
            }
            var p = ParseArn(text, arn);
            if (p == null)
            {
                error = $"'{text}' is not a principal ARN: expected an IAM user, role, root, identity provider, assumed-role or federated-user ARN.";
                return false;
            }
            principal = p;
            return true;
        }

        /// <summary>The caller of AssumeRoleWithWebIdentity or AssumeRoleWithSAML: an IAM provider ARN, or a built-in provider's name.</summary>
        public static PrincipalIdentity IdentityProvider(string providerArnOrName)
        {
            if (Model.Arn.TryParse(providerArnOrName, out var arn))
                return new PrincipalIdentity(providerArnOrName, PrincipalKind.Federated) { Partition = arn.Partition, AccountId = arn.Account };
            return new PrincipalIdentity(providerArnOrName, PrincipalKind.Federated);
        }

        public static PrincipalIdentity Parse(string text) =>
            TryParse(text, out var p, out var error) ? p : throw new FormatException(error);

        [MethodImpl(HotPath.Options)]
        private static PrincipalIdentity? ParseArn(string text, Arn arn)
        {
            string res = arn.Resource;
            if (arn.Service == "iam")
            {
                if (res == "root") return new PrincipalIdentity(text, PrincipalKind.Root) { Partition = arn.Partition, AccountId = arn.Account };
                if (res.StartsWith("user/", StringComparison.Ordinal) || res.StartsWith("role/", StringComparison.Ordinal))
                {
                    var (path, name) = SplitPath(res.Substring(5));
                    if (name.Length == 0 || path == null) return null;
                    var kind = res[0] == 'u' ? PrincipalKind.User : PrincipalKind.Role;
                    return new PrincipalIdentity(text, kind) { Partition = arn.Partition, AccountId = arn.Account, Name = name, Path = path };
                }
                if (res.StartsWith("oidc-provider/", StringComparison.Ordinal) || res.StartsWith("saml-provider/", StringComparison.Ordinal))
                    return new PrincipalIdentity(text, PrincipalKind.Federated) { Partition = arn.Partition, AccountId = arn.Account };
                return null;
            }
            if (arn.Service == "sts")
            {
                if (res.StartsWith("assumed-role/", StringComparison.Ordinal))
                {
                    var parts = res.Substring(13).Split('/');
                    if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) return null;
                    return new PrincipalIdentity(text, PrincipalKind.AssumedRole) { Partition = arn.Partition, AccountId = arn.Account, Name = parts[0], SessionName = parts[1] };
                }
                if (res.StartsWith("federated-user/", StringComparison.Ordinal))
                {
                    string name = res.Substring(15);
                    if (name.Length == 0 || name.Contains("/")) return null;
                    return new PrincipalIdentity(text, PrincipalKind.FederatedUser) { Partition = arn.Partition, AccountId = arn.Account, Name = name };
                }
            }
            return null;
        }

        /// <summary>Splits "path/segments/Name" into ("/path/segments/", "Name").</summary>
        [MethodImpl(HotPath.Options)]
        internal static (string? path, string name) SplitPath(string pathAndName)
        {
            int slash = pathAndName.LastIndexOf('/');
            if (slash < 0) return ("/", pathAndName);
            string path = "/" + pathAndName.Substring(0, slash + 1);
            if (path.Contains("//")) return (null, "");
            return (path, pathAndName.Substring(slash + 1));
        }

        /// <summary>Returns a copy that knows the role's path (from the role's own ARN) and the unique ID.</summary>
        public PrincipalIdentity With(string? rolePath = null, string? uniqueId = null)
        {
            return new PrincipalIdentity(Arn, Kind)
            {
                Partition = Partition, AccountId = AccountId, Name = Name, SessionName = SessionName,
                Path = rolePath ?? Path, UniqueId = uniqueId ?? UniqueId,
            };
        }

        /// <summary>
        /// The same identity, its parts replaced by equal strings the caller already holds: an index of many principals keeps
        /// one string per account and the names its data holds, rather than substrings of every ARN.
        /// </summary>
        internal PrincipalIdentity Sharing(string? partition, string? accountId, string? name, string? path, string? sessionName) =>
            new PrincipalIdentity(Arn, Kind)
            {
                Partition = Same(Partition, partition), AccountId = Same(AccountId, accountId), Name = Same(Name, name), Path = Same(Path, path),
                SessionName = Same(SessionName, sessionName), UniqueId = UniqueId,
            };

        private static string? Same(string? own, string? shared) => own != null && own == shared ? shared : own;

        /// <summary>
        /// The identity <see cref="Parse"/> gives for a user or role ARN, made from the parts the caller holds when the ARN
        /// is exactly arn:aws:iam::account:user|role{path}{name} (null otherwise: the caller parses it). An index of many
        /// principals keeps their strings rather than substrings of each ARN, and does not parse 100,000 ARNs it was given
        /// in parts.
        /// </summary>
        /// <param name="sessionName">For a role: the session of the role by this name (<see cref="SessionOf"/>) rather than the
        /// role, made at once (an index makes one for each of 100,000 roles, and the role's identity was garbage).</param>
        [MethodImpl(HotPath.Options)]
        internal static PrincipalIdentity? FromParts(string arn, bool user, string accountId, string path, string name, string? uniqueId, string? sessionName = null)
        {
            string kind = user ? "user" : "role";
            if (arn == null || path == null || name == null || !Model.Arn.IsAccountId(accountId) || name.Length == 0 || name.IndexOf('/') >= 0 || path.Length == 0 || path[0] != '/'
                || path[path.Length - 1] != '/' || path.Contains("//")) return null;
            if (arn.Length != 13 + accountId.Length + 1 + kind.Length + path.Length + name.Length) return null;
            int at = 0;
            bool Next(string part)
            {
                if (string.CompareOrdinal(arn, at, part, 0, part.Length) != 0) return false;
                at += part.Length;
                return true;
            }
            if (!Next("arn:aws:iam::") || !Next(accountId) || !Next(":") || !Next(kind) || !Next(path) || !Next(name)) return null;
            if (!user && sessionName != null) return Session("aws", accountId, name, sessionName, path, uniqueId, arn);
            return new PrincipalIdentity(arn, user ? PrincipalKind.User : PrincipalKind.Role)
            {
                Partition = "aws", AccountId = accountId, Name = name, Path = path, UniqueId = uniqueId,
            };
        }

        /// <summary>
        /// A session of a role made by <see cref="FromParts"/>, as <see cref="Parse"/> gives it for
        /// arn:partition:sts::account:assumed-role/name/session and <see cref="With"/> completes it with the role's path and
        /// unique ID (the role's name holds no "/"). Its <see cref="RoleArn"/> is the role's own ARN string, which those parts
        /// spell exactly, rather than one written anew each time a request names the caller. Its own ARN is written only when
        /// asked for: an index makes a session of each of 100,000 roles, and deciding their paths reads the session's parts.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static PrincipalIdentity SessionOf(PrincipalIdentity role, string sessionName) =>
            Session(role.Partition, role.AccountId, role.Name, sessionName, role.Path, role.UniqueId, role.Arn);

        [MethodImpl(HotPath.Options)]
        private static PrincipalIdentity Session(string? partition, string? accountId, string? name, string sessionName, string? path, string? uniqueId, string roleArn) =>
            new PrincipalIdentity(null, PrincipalKind.AssumedRole)
            {
                Partition = partition, AccountId = accountId, Name = name, SessionName = sessionName, Path = path, UniqueId = uniqueId, _roleArn = roleArn,
            };

        private static bool IsHex(string s)
        {
            foreach (char c in s) if (!Uri.IsHexDigit(c)) return false;
            return true;
        }

        /// <summary>The value of aws:PrincipalType.</summary>
        public string? PrincipalTypeKey => Kind switch
        {
            PrincipalKind.User => "User",
            PrincipalKind.AssumedRole => "AssumedRole",
            PrincipalKind.Role => "AssumedRole",
            PrincipalKind.FederatedUser => "FederatedUser",
            PrincipalKind.Root => "Account",
            PrincipalKind.Anonymous => "Anonymous",
            _ => null,
        };

        public override string ToString() => Arn;
    }
}
