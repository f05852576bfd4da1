using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>Fills the condition keys a request always carries and that follow from who is calling.</summary>
    public static class ContextKeys
    {
        [MethodImpl(HotPath.Options)]
        public static void AddPrincipalKeys(RequestContext context, PrincipalIdentity principal, string? resourceAccount) =>
            AddPrincipalKeys(context, principal, resourceAccount, default(AllKeys));

        /// <summary>
        /// Only the keys <paramref name="wanted"/> names, with the values the call above gives them: for a caller that
        /// knows which keys its statements read and decides many requests (a struct filter, so nothing is allocated).
        /// A caller that holds the accounts' IDs as values (one per account, set for thousands of pairs) passes them as
        /// <paramref name="principalAccountValue"/> and <paramref name="resourceAccountValue"/>; they must hold the same IDs.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static void AddPrincipalKeys<TFilter>(RequestContext context, PrincipalIdentity principal, string? resourceAccount, TFilter wanted,
            ContextValue? principalAccountValue = null, ContextValue? resourceAccountValue = null)
            where TFilter : struct, IKeyFilter
        {
            if (principal.HasIdentityPolicies || principal.Kind == PrincipalKind.Root)
            {
                if (wanted.Wants("aws:PrincipalArn")) context.SetDefault("aws:PrincipalArn", principal.PrincipalArnKey);
                if (wanted.Wants("aws:PrincipalAccount"))
                {
                    if (principalAccountValue != null) context.SetDefault("aws:PrincipalAccount", principalAccountValue);
                    else context.SetDefault("aws:PrincipalAccount", principal.AccountId);
                }
                if (wanted.Wants("aws:PrincipalType")) context.SetDefault("aws:PrincipalType", PrincipalType(principal.PrincipalTypeKey));
                if (wanted.Wants("aws:PrincipalIsAWSService")) context.SetDefault("aws:PrincipalIsAWSService", ContextValue.False);
            }
            if (principal.Kind == PrincipalKind.User && wanted.Wants("aws:username")) context.SetDefault("aws:username", principal.Name);
            if (wanted.Wants("aws:userid")) context.SetDefault("aws:userid", UserId(principal));
            if (principal.Kind == PrincipalKind.Service)
            {
                if (wanted.Wants("aws:PrincipalIsAWSService")) context.SetDefault("aws:PrincipalIsAWSService", ContextValue.True);
                if (wanted.Wants("aws:PrincipalServiceName")) context.SetDefault("aws:PrincipalServiceName", principal.Arn);
            }
            if (wanted.Wants("aws:ResourceAccount"))
            {
                if (resourceAccountValue != null) context.SetDefault("aws:ResourceAccount", resourceAccountValue);
                else context.SetDefault("aws:ResourceAccount", resourceAccount);
            }
        }

        /// <summary>aws:PrincipalType's value (<see cref="PrincipalIdentity.PrincipalTypeKey"/>), one shared value per type.</summary>
        [MethodImpl(HotPath.Options)]
        private static ContextValue? PrincipalType(string? key)
        {
            if (key == null) return null;
            foreach (var known in PrincipalTypes) if (string.Equals(known.Values[0], key, StringComparison.Ordinal)) return known;
            return ContextValue.Single(key);
        }

        private static readonly ContextValue[] PrincipalTypes =
            { ContextValue.Single("User"), ContextValue.Single("AssumedRole"), ContextValue.Single("Account"), ContextValue.Single("FederatedUser"), ContextValue.Single("Anonymous") };

        /// <summary>Which condition keys a caller of <see cref="AddPrincipalKeys{TFilter}"/> wants set.</summary>
        public interface IKeyFilter
        {
            bool Wants(string key);
        }

        private readonly struct AllKeys : IKeyFilter
        {
            public bool Wants(string key) => true;
        }

        /// <summary>aws:userid: the account for root, the unique ID for users, role-id:session for sessions.</summary>
        public static string? UserId(PrincipalIdentity principal) => principal.Kind switch
        {
            PrincipalKind.Root => principal.AccountId,
            PrincipalKind.User => principal.UniqueId,
            PrincipalKind.AssumedRole => principal.UniqueId == null ? null : principal.UniqueId + ":" + principal.SessionName,
            PrincipalKind.FederatedUser => principal.AccountId + ":" + principal.Name,
            _ => null,
        };

        /// <summary>aws:CurrentTime and aws:EpochTime, which every real request carries.</summary>
        [MethodImpl(HotPath.Options)]
        public static void AddTime(RequestContext context, DateTimeOffset now)
        {
            // A suite evaluates every case at the same instant: format it once.
            var texts = _lastTime;
            if (texts == null || texts.Now != now) _lastTime = texts = new TimeTexts(now);
            context.SetDefault("aws:CurrentTime", texts.CurrentTime);
            context.SetDefault("aws:EpochTime", texts.EpochTime);
        }

        private static TimeTexts? _lastTime;

        private sealed class TimeTexts
        {
            public TimeTexts(DateTimeOffset now)
            {
                Now = now;
                CurrentTime = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                EpochTime = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }
            public readonly DateTimeOffset Now;
            public readonly string CurrentTime;
            public readonly string EpochTime;
        }
    }
}
