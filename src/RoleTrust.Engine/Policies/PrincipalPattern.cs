using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Policies
{
    /// <summary>One entry of a Principal / NotPrincipal element, validated when the policy is parsed.</summary>
    public sealed class PrincipalEntry
    {
        public PrincipalEntry(string type, string value, PrincipalMatch matchKind, PrincipalIdentity? named)
        {
            Type = type; Value = value; MatchKind = matchKind; Named = named;
            IsUniqueId = type == "AWS" && LooksLikeUniqueId(value);
        }

        /// <summary>
        /// "AIDA" (user) or "AROA" (role) followed by at least 13 of A-Z and 0-9: the form IAM shows for a deleted
        /// principal. (A final line feed is tolerated, as the regular expression ^...$ this replaces did.)
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static bool LooksLikeUniqueId(string value)
        {
            int end = value.Length > 0 && value[value.Length - 1] == '\n' ? value.Length - 1 : value.Length;
            if (end < 17 || value[0] != 'A' || !((value[1] == 'I' && value[2] == 'D' && value[3] == 'A') || (value[1] == 'R' && value[2] == 'O' && value[3] == 'A'))) return false;
            for (int i = 4; i < end; i++)
            {
                char c = value[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
            }
            return true;
        }

        /// <summary>"AWS", "Service", "Federated", "CanonicalUser", or "*" for the bare string form.</summary>
        public string Type { get; }
        public string Value { get; }
        /// <summary>What a match through this entry means.</summary>
        public PrincipalMatch MatchKind { get; }
        /// <summary>The parsed principal for ARN entries.</summary>
        public PrincipalIdentity? Named { get; }
        /// <summary>A raw AIDA/AROA ID: IAM shows these when the named principal was deleted.</summary>
        public bool IsUniqueId { get; }
        public string? AccountId => MatchKind == PrincipalMatch.Account ? (Named?.AccountId ?? Value) : Named?.AccountId;

        [MethodImpl(HotPath.Options)]
        public PrincipalMatch Match(PrincipalIdentity caller)
        {
            switch (MatchKind)
            {
                case PrincipalMatch.Wildcard:
                    return PrincipalMatch.Wildcard;
                case PrincipalMatch.Account:
                    return caller.AccountId == AccountId && caller.HasIdentityPolicies || (caller.Kind == PrincipalKind.Root && caller.AccountId == AccountId)
                        ? PrincipalMatch.Account : PrincipalMatch.None;
                case PrincipalMatch.Service:
                    return caller.Kind == PrincipalKind.Service && string.Equals(caller.Arn, Value, StringComparison.OrdinalIgnoreCase) ? PrincipalMatch.Service : PrincipalMatch.None;
                case PrincipalMatch.Federated:
                    return caller.Kind == PrincipalKind.Federated && caller.Arn == Value ? PrincipalMatch.Federated : PrincipalMatch.None;
                case PrincipalMatch.CanonicalUser:
                    return caller.Kind == PrincipalKind.CanonicalUser && string.Equals(caller.Arn, Value, StringComparison.OrdinalIgnoreCase) ? PrincipalMatch.CanonicalUser : PrincipalMatch.None;
            }
            if (IsUniqueId)
            {
                if (caller.UniqueId == null || caller.UniqueId != Value) return PrincipalMatch.None;
                return caller.Kind == PrincipalKind.User ? PrincipalMatch.User : PrincipalMatch.Role;
            }
            var named = Named!;
            switch (named.Kind)
            {
                case PrincipalKind.User:
                case PrincipalKind.FederatedUser:
                    return caller.Kind == named.Kind && caller.Arn == named.Arn ? MatchKind : PrincipalMatch.None;
                case PrincipalKind.AssumedRole:
                    return caller.Kind == PrincipalKind.AssumedRole && caller.Arn == named.Arn ? PrincipalMatch.Session : PrincipalMatch.None;
                case PrincipalKind.Role:
                    if (caller.Kind == PrincipalKind.Role) return caller.Arn == named.Arn ? PrincipalMatch.Role : PrincipalMatch.None;
                    // A session ARN has no path; role names are unique in an account whatever the path, so the
                    // name identifies the role. When the session's role path is known it must agree too.
                    if (caller.Kind == PrincipalKind.AssumedRole && caller.AccountId == named.AccountId && caller.Partition == named.Partition
                        && caller.Name == named.Name && (caller.Path == null || caller.Path == named.Path))
                        return PrincipalMatch.Role;
                    return PrincipalMatch.None;
                default:
                    return PrincipalMatch.None;
            }
        }

        public override string ToString() => Type == "*" ? "*" : $"{Type}: {Value}";

        /// <summary>Validates one value of a Principal element; throws for forms AWS rejects.</summary>
        [MethodImpl(HotPath.Options)]
        public static PrincipalEntry Create(string type, string value)
        {
            switch (type)
            {
                case "*":
                    return new PrincipalEntry("*", "*", PrincipalMatch.Wildcard, null);
                case "Service":
                    if (value.IndexOf('*') >= 0 || !value.Contains(".")) throw Bad(value, "a service principal such as ec2.amazonaws.com");
                    return new PrincipalEntry(type, value, PrincipalMatch.Service, null);
                case "Federated":
                    if (value.IndexOf('*') >= 0) throw Bad(value, "an identity provider ARN or name, without wildcards");
                    return new PrincipalEntry(type, value, PrincipalMatch.Federated, null);
                case "CanonicalUser":
                    return new PrincipalEntry(type, value, PrincipalMatch.CanonicalUser, null);
                case "AWS":
                    return CreateAws(value);
                default:
                    throw new PolicyFormatException(PolicyErrorIds.InvalidPrincipal,
                        $"Principal type '{type}' is not one of AWS, Service, Federated or CanonicalUser.", offendingValue: type);
            }
        }

        [MethodImpl(HotPath.Options)]
        private static PrincipalEntry CreateAws(string value)
        {
            if (value == "*") return new PrincipalEntry("AWS", value, PrincipalMatch.Wildcard, null);
            if (Arn.IsAccountId(value)) return new PrincipalEntry("AWS", value, PrincipalMatch.Account, null);
            if (LooksLikeUniqueId(value))
                return new PrincipalEntry("AWS", value, value.StartsWith("AIDA", StringComparison.Ordinal) ? PrincipalMatch.User : PrincipalMatch.Role, null);
            if (value.IndexOf('*') >= 0 || value.IndexOf('?') >= 0)
                throw Bad(value, "an exact ARN: wildcards are allowed only as the whole value \"*\"; use a condition on aws:PrincipalArn with ArnLike instead");
            if (!PrincipalIdentity.TryParse(value, out var named, out _) || named.Kind == PrincipalKind.Service || named.Kind == PrincipalKind.Federated
                || named.Kind == PrincipalKind.Anonymous || named.Kind == PrincipalKind.CanonicalUser)
                throw Bad(value, "an account ID or an IAM user, role, root, assumed-role or federated-user ARN");
            var kind = named.Kind switch
            {
                PrincipalKind.Root => PrincipalMatch.Account,
                PrincipalKind.User => PrincipalMatch.User,
                PrincipalKind.Role => PrincipalMatch.Role,
                PrincipalKind.AssumedRole => PrincipalMatch.Session,
                _ => PrincipalMatch.FederatedUser,
            };
            return new PrincipalEntry("AWS", value, kind, named);
        }

        private static PolicyFormatException Bad(string value, string expected) =>
            new PolicyFormatException(PolicyErrorIds.InvalidPrincipal, $"Principal '{value}' is not valid: expected {expected}.", offendingValue: value);
    }

    /// <summary>A whole Principal or NotPrincipal element.</summary>
    public sealed class PrincipalPattern
    {
        public PrincipalPattern(IReadOnlyList<PrincipalEntry> entries) { Entries = entries; }
        public IReadOnlyList<PrincipalEntry> Entries { get; }

        /// <summary>
        /// How a NotPrincipal element reaches the caller: through the most specific identity of the request it does not
        /// list (IAM User Guide, NotPrincipal: the account, the role and the session are each checked). The caller
        /// itself unlisted: like "*". Only its role unlisted: like the role ARN. Only its account unlisted: like the
        /// account, which delegates. Every identity listed (session ARN, role ARN and account for a role session; user
        /// ARN and account for a user): None, the statement does not apply.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public PrincipalMatch ReachThroughUnlisted(PrincipalIdentity caller)
        {
            bool wildcard = false, account = false, direct = false, role = false;
            var entries = Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                switch (entries[i].Match(caller))
                {
                    case PrincipalMatch.Wildcard: wildcard = true; break;
                    case PrincipalMatch.Account: account = true; break;
                    case PrincipalMatch.Role: role = true; break;
                    case PrincipalMatch.None: break;
                    default: direct = true; break;
                }
            }
            if (wildcard) return PrincipalMatch.None;
            bool self = caller.Kind switch
            {
                PrincipalKind.Root => account,
                PrincipalKind.Role => role,
                _ => direct,
            };
            if (!self) return PrincipalMatch.Wildcard;
            if (caller.Kind == PrincipalKind.AssumedRole && !role) return PrincipalMatch.Role;
            bool hasAccount = caller.Kind == PrincipalKind.Role || caller.Kind == PrincipalKind.AssumedRole || caller.Kind == PrincipalKind.User || caller.Kind == PrincipalKind.FederatedUser;
            return hasAccount && !account ? PrincipalMatch.Account : PrincipalMatch.None;
        }

        /// <summary>The strongest way any entry matches the caller.</summary>
        [MethodImpl(HotPath.Options)]
        public PrincipalMatch Match(PrincipalIdentity caller)
        {
            var best = PrincipalMatch.None;
            var entries = Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                var m = entries[i].Match(caller);
                if (m.Strength() > best.Strength()) best = m;
            }
            return best;
        }
    }
}
