using System;
using System.Collections.Generic;

namespace RoleTrust.Graph
{
    /// <summary>
    /// Condition keys whose values the caller chooses with the request (or the place it calls from), as opposed to
    /// keys that describe who the caller is. A path blocked only by conditions on such keys is open for some
    /// requests: a conditional edge. MFA is the caller's choice only when it signs in, never in a role chain.
    /// </summary>
    internal static class RequestKeys
    {
        private static readonly HashSet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys", "aws:TagKeys",
            "aws:SourceIp", "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp", "aws:RequestedRegion", "aws:CurrentTime", "aws:EpochTime",
            "aws:UserAgent", "aws:Referer", "aws:SecureTransport", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
            "aws:TokenIssueTime", "aws:SourceIdentity", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4", "ec2:SourceInstanceARN",
            "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths",
        };

        private static readonly HashSet<string> SignInKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
        };

        public static bool IsChosenByRequest(string key, bool sourceIsRoleSession) =>
            Keys.Contains(key) || key.StartsWith("aws:RequestTag/", StringComparison.OrdinalIgnoreCase) || (!sourceIsRoleSession && SignInKeys.Contains(key));
    }
}
