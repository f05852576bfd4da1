using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>
    /// Console-only rules (when the request is a console Switch Role): root cannot switch, the role name needs its
    /// path and path plus name fit in 64 characters, no ExternalId or source identity can be passed, and every other
    /// failure shows as the console's one message.
    /// </summary>
    internal sealed class ConsoleSwitchRoleCheck : PathCheckRule
    {
        public override CheckName Name => CheckName.ConsoleSwitchRole;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            if (!f.Request.Console) return Make(f, CheckStatus.NotApplicable, "Not a console Switch Role request, so the console's own rules do not apply.");
            var problems = new List<string>();
            var trust = f.Role.Trust;
            if (f.Source.Principal.Kind == PrincipalKind.Root) problems.Add("the root user cannot switch roles in the console");
            if (f.Request.ExternalId != null || (trust != null && TrustRequires(trust, "sts:ExternalId"))) problems.Add("the role requires an ExternalId, which the console cannot pass");
            if (f.Request.SourceIdentity != null || (trust != null && TrustRequires(trust, "sts:SourceIdentity"))) problems.Add("the role requires a source identity, which the console cannot set");
            // The console finds the role by path and name: the existing role's path is the one to enter.
            string pathAndName = ((f.Role.Role?.Path ?? f.Role.Path) + f.Role.Name).TrimStart('/');
            string entered = (f.Role.Path + f.Role.Name).TrimStart('/');
            if (f.Role.Role != null && !string.Equals(f.Role.Role.Path, f.Role.Path, StringComparison.Ordinal))
                problems.Add($"the role name needs its path: the console needs '{pathAndName}', not '{entered}'");
            if (pathAndName.Length > 64) problems.Add($"path plus role name is {pathAndName.Length} characters; the console accepts at most 64");
            string? url = LinkFor(f.Role.Arn.Partition, f.Role.AccountId, pathAndName);
            if (problems.Count > 0)
                return Make(f, CheckStatus.Fail, "Console Switch Role cannot work: " + string.Join("; ", problems) + ".",
                    fix: "Use the CLI or API (aws sts assume-role / Use-STSRole) for this role.", errorText: ErrorTexts.ConsoleInvalidInformation);
            // The console authorizes every switch with the identity signed in, even from inside a role it switched to:
            // a role session here must be that identity (an SSO or SAML session), not a role switched into.
            string original = f.Source.Principal.Kind == PrincipalKind.AssumedRole
                ? $" {f.Source.Principal.Arn} is evaluated as the identity signed in to the console (an IAM Identity Center or SAML session); if it is a role you switched into, evaluate the identity you signed in with instead."
                : "";
            bool otherFailures = earlier.Any(c => c.Blocking);
            return Make(f, otherFailures ? CheckStatus.Fail : CheckStatus.Pass,
                (otherFailures ? "The console shows 'Invalid information in one or more fields' for any failure above. " : "The console can switch to this role. ") +
                $"Enter account {f.Role.AccountId} and role '{pathAndName}' (path included, case-sensitive){(url == null ? "" : ", or open " + url)}. The console authorizes with the original signed-in identity." + original,
                errorText: otherFailures ? ErrorTexts.ConsoleInvalidInformation : null, fix: otherFailures ? "Fix the failing checks above." : null);
        }

        /// <summary>The partition's own Switch Role link; none for partitions whose console RoleTrust does not know.</summary>
        private static string? LinkFor(string partition, string account, string pathAndName)
        {
            try { return ConsoleSignIn.SwitchRoleUrl.Build(partition, account, pathAndName); }
            catch (ArgumentException) { return null; }
        }

        private static bool TrustRequires(PolicyDocument trust, string key) =>
            trust.Statements.Any(s => s.Effect == Effect.Allow && s.Conditions.Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)
                && !c.Operator.Negated && c.Operator.Family != OperatorFamily.Null));
    }
}
