using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.ConsoleSignIn
{
    /// <summary>
    /// A console Switch Role link: https://signin.aws.amazon.com/switchrole?account=&lt;id|alias&gt;&amp;roleName=&lt;path/name&gt;&amp;displayName=...
    /// (signin.amazonaws-us-gov.com for aws-us-gov, signin.amazonaws.cn for aws-cn). Parsing checks the link's form
    /// only; what the console then allows (path plus name length, ExternalId, the original identity) is the
    /// ConsoleSwitchRole check's business.
    /// </summary>
    public sealed class SwitchRoleUrl
    {
        public const string InvalidSwitchRoleUrl = Federation.FederationErrorIds.InvalidSwitchRoleUrl;

        private static readonly (string Host, string Partition)[] Hosts =
        {
            ("signin.aws.amazon.com", "aws"),
            ("signin.amazonaws-us-gov.com", "aws-us-gov"),
            ("signin.amazonaws.cn", "aws-cn"),
        };

        // us-east-2.signin.aws.amazon.com: AWS's regional sign-in endpoints, listed in "AWS Sign-In endpoints".
        private static readonly Regex RegionalAwsHost = new Regex(@"^([a-z]{2}(?:-[a-z]+)+-\d+)\.signin\.aws\.amazon\.com$", RegexOptions.CultureInvariant);
        private static readonly Regex Alias = new Regex(@"^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex RoleNamePattern = new Regex(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex PathSegment = new Regex(@"^[\u0021-\u007E]+$", RegexOptions.CultureInvariant);

        private SwitchRoleUrl(string url, string host, string partition, string region, string account, string rolePath, string roleName, string displayName, string color, string redirectUri)
        {
            Url = url; Host = host; Partition = partition; Region = region; Account = account; RolePath = rolePath; RoleName = roleName;
            DisplayName = displayName; Color = color; RedirectUri = redirectUri;
        }

        public string Url { get; }
        public string Host { get; }
        /// <summary>aws, aws-us-gov or aws-cn: from the sign-in host.</summary>
        public string Partition { get; }
        /// <summary>The region of a regional sign-in host; empty for the global one.</summary>
        public string Region { get; }
        /// <summary>The account id or alias, as the link has it.</summary>
        public string Account { get; }
        public bool IsAccountId => Arn.IsAccountId(Account);
        /// <summary>"/" or "/division/sub/".</summary>
        public string RolePath { get; }
        public string RoleName { get; }
        /// <summary>Path and name as the console's Role field wants them: "division/sub/roleName".</summary>
        public string RoleNameWithPath => RolePath.Substring(1) + RoleName;
        public string DisplayName { get; }
        public string Color { get; }
        public string RedirectUri { get; }

        /// <summary>The role's ARN for the account id the link names (or that its alias resolves to).</summary>
        public string RoleArn(string? accountId = null)
        {
            accountId ??= IsAccountId ? Account : throw new ArgumentException($"The link names the account by its alias '{Account}'; pass the account id it stands for.", nameof(accountId));
            if (!Arn.IsAccountId(accountId)) throw new ArgumentException($"'{accountId}' is not a 12-digit account id.", nameof(accountId));
            return $"arn:{Partition}:iam::{accountId}:role{RolePath}{RoleName}";
        }

        public override string ToString() => Url;

        /// <summary>Reads a link; throws <see cref="PolicyFormatException"/> (InvalidSwitchRoleUrl) when it is not a Switch Role link.</summary>
        public static SwitchRoleUrl Parse(string? url)
        {
            url = url?.Trim() ?? "";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw Error("The Switch Role link is not a URL (https://signin.aws.amazon.com/switchrole?account=...&roleName=...).");
            if (uri.Scheme != Uri.UriSchemeHttps) throw Error("A Switch Role link uses https.");
            string host = uri.Host.ToLowerInvariant(), partition = "", region = "";
            foreach (var (h, p) in Hosts) if (host == h) partition = p;
            var regional = RegionalAwsHost.Match(host);
            if (partition.Length == 0 && regional.Success) { partition = "aws"; region = regional.Groups[1].Value; }
            if (partition.Length == 0 || !uri.IsDefaultPort)
                throw Error($"'{uri.Authority}' is not an AWS sign-in host: Switch Role links go to signin.aws.amazon.com, signin.amazonaws-us-gov.com or signin.amazonaws.cn.");
            if (!string.Equals(uri.AbsolutePath.TrimEnd('/'), "/switchrole", StringComparison.OrdinalIgnoreCase))
                throw Error($"The link's path is '{uri.AbsolutePath}', not /switchrole.");

            var query = Query(uri.Query);
            string account = query.TryGetValue("account", out var a) ? a.Trim() : "";
            string roleName = query.TryGetValue("roleName", out var r) ? r.Trim() : "";
            if (account.Length == 0) throw Error("The Switch Role link names no account (account=<id or alias>).");
            if (roleName.Length == 0) throw Error("The Switch Role link names no role (roleName=<path/name>).");
            if (!Arn.IsAccountId(account) && !Alias.IsMatch(account))
                throw Error($"account='{account}' is neither a 12-digit account id nor an account alias (3 to 63 lowercase letters, digits and single hyphens).");

            var segments = roleName.TrimStart('/').Split('/');
            string name = segments[segments.Length - 1];
            if (!RoleNamePattern.IsMatch(name))
                throw Error($"roleName='{roleName}' does not end in a role name (1 to 64 letters, digits and + = , . @ _ -).");
            var path = new StringBuilder("/");
            for (int i = 0; i < segments.Length - 1; i++)
            {
                if (!PathSegment.IsMatch(segments[i])) throw Error($"roleName='{roleName}' has a path with an empty part or a character IAM paths cannot hold.");
                path.Append(segments[i]).Append('/');
            }
            return new SwitchRoleUrl(url, host, partition, region, account, path.ToString(), name,
                query.TryGetValue("displayName", out var d) ? d : "", query.TryGetValue("color", out var c) ? c : "",
                query.TryGetValue("redirect_uri", out var u) ? u : "");
        }

        /// <summary>The sign-in host of a partition's console.</summary>
        public static string SignInHost(string partition)
        {
            foreach (var (h, p) in Hosts) if (p == partition) return h;
            throw new ArgumentException($"The console of partition '{partition}' has no Switch Role link RoleTrust knows (aws, aws-us-gov, aws-cn).", nameof(partition));
        }

        /// <summary>The Switch Role link for a role: "division/sub/roleName" or "roleName" in an account (id or alias) of a partition.</summary>
        public static string Build(string partition, string account, string roleNameWithPath, string? displayName = null)
        {
            if (string.IsNullOrWhiteSpace(account)) throw new ArgumentException("An account id or alias is required.", nameof(account));
            if (string.IsNullOrWhiteSpace(roleNameWithPath)) throw new ArgumentException("A role name is required.", nameof(roleNameWithPath));
            var sb = new StringBuilder("https://").Append(SignInHost(partition)).Append("/switchrole?account=").Append(Escape(account.Trim()))
                .Append("&roleName=").Append(Escape(roleNameWithPath.Trim().TrimStart('/')));
            if (!string.IsNullOrEmpty(displayName)) sb.Append("&displayName=").Append(Escape(displayName!));
            return sb.ToString();
        }

        /// <summary>The Switch Role link for a role ARN (its partition, account, path and name).</summary>
        public static string Build(string roleArn, string? displayName = null)
        {
            if (!Arn.TryParse(roleArn, out var arn) || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
                throw new ArgumentException($"'{roleArn}' is not a role ARN (arn:aws:iam::<account>:role/<path/name>).", nameof(roleArn));
            return Build(arn.Partition, arn.Account, arn.Resource.Substring("role/".Length), displayName);
        }

        /// <summary>Percent-encoding that keeps '/' readable in a role path, as the console's own links do.</summary>
        private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%2F", "/");

        private static Dictionary<string, string> Query(string query)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string key = Decode(eq < 0 ? pair : pair.Substring(0, eq));
                string value = eq < 0 ? "" : Decode(pair.Substring(eq + 1));
                if (values.ContainsKey(key)) throw Error($"The link gives '{key}' twice.");
                values[key] = value;
            }
            return values;
        }

        private static string Decode(string text)
        {
            try { return Uri.UnescapeDataString(text.Replace('+', ' ')); }
            catch (UriFormatException) { throw Error("The link's query is not valid URL encoding."); }
        }

        private static PolicyFormatException Error(string message) => new PolicyFormatException(InvalidSwitchRoleUrl, message);
    }
}
