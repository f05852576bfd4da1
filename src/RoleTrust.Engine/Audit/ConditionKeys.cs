using System;
using System.Collections.Generic;

namespace RoleTrust.Engine.Audit
{
    /// <summary>How a value of a caller-identifying key names an owner that a stranger cannot become.</summary>
    public enum OwnerForm
    {
        /// <summary>A 12-digit account id: pins only when written out, without wildcards.</summary>
        AccountId,
        /// <summary>o-...: pins only when written out.</summary>
        OrganizationId,
        /// <summary>o-.../r-.../ou-.../: pins when the organization id before the first '/' is written out.</summary>
        OrganizationPath,
        /// <summary>An ARN: pins when its account field is a literal account id, or the whole ARN is literal.</summary>
        Arn,
        /// <summary>AROA...:session / AIDA...: pins when the unique id before ':' is written out.</summary>
        UniqueId,
        /// <summary>A shared secret: pins when it holds any literal text.</summary>
        Secret,
    }

    /// <summary>What RoleTrust knows about condition keys that matter to trust audits.</summary>
    public static class ConditionKeys
    {
        public const string ExternalId = "sts:ExternalId";
        public const string PrincipalOrgId = "aws:PrincipalOrgID";
        public const string SourceAccount = "aws:SourceAccount";
        public const string SourceArn = "aws:SourceArn";

        /// <summary>Keys whose values identify who is calling: a positive condition on one narrows a "*" trust.</summary>
        public static readonly IReadOnlyDictionary<string, OwnerForm> CallerKeys = new Dictionary<string, OwnerForm>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:PrincipalOrgID"] = OwnerForm.OrganizationId,
            ["aws:PrincipalOrgPaths"] = OwnerForm.OrganizationPath,
            ["aws:PrincipalAccount"] = OwnerForm.AccountId,
            ["aws:PrincipalArn"] = OwnerForm.Arn,
            ["aws:userid"] = OwnerForm.UniqueId,
            ["aws:SourceAccount"] = OwnerForm.AccountId,
            ["aws:SourceArn"] = OwnerForm.Arn,
            ["aws:SourceOrgID"] = OwnerForm.OrganizationId,
            ["aws:SourceOrgPaths"] = OwnerForm.OrganizationPath,
            ["aws:SourceOwner"] = OwnerForm.AccountId,
            ["sts:ExternalId"] = OwnerForm.Secret,
        };

        /// <summary>Keys that say on behalf of which resource a service acts (the confused-deputy guard for service principals).</summary>
        public static readonly IReadOnlyCollection<string> SourceKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths",
        };

        private static readonly HashSet<string> SingleValued = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity",
            "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalType", "aws:userid", "aws:username",
            "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
            "aws:SourceOwner", "aws:SourceIdentity", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn", "aws:VpcSourceIp",
            "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime",
            "aws:RequestedRegion", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ViaAWSService", "aws:TokenIssueTime",
            "aws:FederatedProvider", "aws:Referer", "aws:UserAgent", "aws:CalledViaFirst", "aws:CalledViaLast",
            "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4",
            "SAML:aud", "SAML:sub", "SAML:sub_type", "SAML:iss", "SAML:namequalifier", "SAML:doc",
            "graph.facebook.com:id", "graph.facebook.com:app_id", "www.amazon.com:user_id", "www.amazon.com:app_id",
        };

        private static readonly string[] SingleValuedPrefixes = { "aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/" };

        /// <summary>
        /// True for keys known to hold one value per request. Unknown keys are not claimed single-valued: a rule about
        /// single-valued keys must not fire on a guess.
        /// </summary>
        public static bool IsSingleValued(string key)
        {
            if (SingleValued.Contains(key)) return true;
            foreach (var p in SingleValuedPrefixes)
                if (key.Length > p.Length && key.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return true;
            // An OIDC provider's subject and audience (<host/path>:sub, :aud); the host contains a dot.
            int colon = key.LastIndexOf(':');
            if (colon > 0 && key.IndexOf('.') >= 0 && key.IndexOf('.') < colon)
            {
                string claim = key.Substring(colon + 1);
                return string.Equals(claim, "sub", StringComparison.OrdinalIgnoreCase) || string.Equals(claim, "aud", StringComparison.OrdinalIgnoreCase);
            }
            return false;
        }
    }
}
