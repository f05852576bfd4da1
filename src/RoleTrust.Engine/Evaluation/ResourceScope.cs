using System.Runtime.CompilerServices;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>How the resource's account was told, which decides the same-account and cross-account rules.</summary>
    public enum ResourceAccountSource
    {
        /// <summary>Given with the request, or read from the resource ARN.</summary>
        Known,
        /// <summary>"*": an action without resource-level permissions, decided in the caller's own account.</summary>
        CallersAccount,
        /// <summary>
        /// An ARN whose account field is "aws" (AWS managed policies ...): resources AWS owns, readable with identity-based
        /// permissions alone; no resource-based policy is involved.
        /// </summary>
        AwsOwned,
        /// <summary>The ARN carries no account (S3 buckets and objects ...) and none was given.</summary>
        Unknown,
    }

    /// <summary>The resource's account relative to the caller's.</summary>
    internal readonly struct ResourceScope
    {
        private ResourceScope(string? account, ResourceAccountSource source, bool sameAccount)
        {
            Account = account; Source = source; SameAccount = sameAccount;
        }

        public string? Account { get; }
        public ResourceAccountSource Source { get; }
        /// <summary>Whether the request is evaluated with the rules for one account.</summary>
        public bool SameAccount { get; }
        /// <summary>Known to be the caller's account (what output objects report as SameAccount).</summary>
        public bool KnownSameAccount => Source == ResourceAccountSource.Known && SameAccount;

        [MethodImpl(HotPath.Options)]
        public static ResourceScope Of(EvaluationRequest request, Arn? arn)
        {
            string? callerAccount = request.Principal.AccountId;
            if (request.ResourceAccount != null)
                return new ResourceScope(request.ResourceAccount, ResourceAccountSource.Known, request.ResourceAccount == callerAccount);
            if (arn == null)
                return new ResourceScope(null, ResourceAccountSource.CallersAccount, true);
            if (arn.Account.Length == 0) return new ResourceScope(null, ResourceAccountSource.Unknown, true);
            if (!Arn.IsAccountId(arn.Account)) return new ResourceScope(arn.Account, ResourceAccountSource.AwsOwned, true);
            return new ResourceScope(arn.Account, ResourceAccountSource.Known, arn.Account == callerAccount);
        }

        /// <summary>The same request with the resource taken to be in another account than the caller's.</summary>
        public ResourceScope InAnotherAccount() => new ResourceScope(null, Source, false);
    }
}
