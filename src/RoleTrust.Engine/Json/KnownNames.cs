using System.Runtime.CompilerServices;
namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// Member names and short values that policies, case files and snapshots repeat thousands of times. The parser
    /// returns these instances instead of allocating a new string for each occurrence, and the tree parser, for such a
    /// value on a text's first line, one shared node (a compact text is all first line: a third of its values are these).
    /// </summary>
    internal static class KnownNames
    {
        private static readonly string[] Names =
        {
            // Policy grammar
            "Version", "Id", "Statement", "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal",
            "Condition", "AWS", "Service", "Federated", "CanonicalUser",
            // Condition operators most often written
            "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIfExists",
            "StringEqualsIfExists", "StringLikeIfExists", "ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals", "Bool", "BoolIfExists",
            "IpAddress", "NotIpAddress", "Null", "DateGreaterThan", "DateLessThan", "NumericLessThan", "NumericLessThanEquals",
            "NumericGreaterThan", "ForAnyValue:StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringEquals", "ForAllValues:StringLike",
            // Global condition keys
            "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:SourceIp",
            "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:RequestedRegion",
            "aws:SecureTransport", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:PrincipalIsAWSService", "aws:CurrentTime",
            "aws:EpochTime", "aws:userid", "aws:username", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:CalledVia", "aws:TagKeys",
            "aws:ViaAWSService", "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "kms:ViaService",
            // Test-IamPolicy case fields
            "id", "principal", "action", "resource", "resourceAccount", "managementAccount", "identityPolicies", "permissionBoundaries",
            "sessionPolicy", "endpointPolicies", "scps", "rcps", "policies", "trustPolicy", "resourcePolicy", "context", "expect",
            // Named policies
            "PolicyName", "PolicyDocument", "PolicyArn", "Name", "Arn",
            // Values
            "Allow", "Deny", "2012-10-17", "2008-10-17", "*", "true", "false", "sts:AssumeRole", "sts:TagSession", "sts:AssumeRoleWithWebIdentity",
            "sts:AssumeRoleWithSAML", "sts:SetSourceIdentity", "FullAWSAccess", "RCPFullAWSAccess", "us-east-1", "eu-west-1",
        };

        // Buckets by length, first and last character: almost every bucket holds at most one name, so a string
        // that is not a known name costs one table read.
        private const int Mask = 511;
        private static readonly int[]?[] Buckets = Build();

        private static int Slot(int length, char first, char last) => (length * 31 + first * 7 + last) & Mask;

        // String nodes on line 1 for each name, by the name's position in Names (nodes are immutable, so a tree may share them).
        private static readonly JsonNode[] FirstLineNodes = System.Array.ConvertAll(Names, n => JsonNode.String(n, 1));

        // Each bucket holds positions in Names.
        private static int[]?[] Build()
        {
            var table = new int[]?[Mask + 1];
            for (int k = 0; k < Names.Length; k++)
            {
                string n = Names[k];
                int slot = Slot(n.Length, n[0], n[n.Length - 1]);
                var bucket = table[slot];
                if (bucket == null) table[slot] = new[] { k };
                else
                {
                    System.Array.Resize(ref bucket, bucket.Length + 1);
                    bucket[bucket.Length - 1] = k;
                    table[slot] = bucket;
                }
            }
            return table;
        }

        /// <summary>The name's position (for <see cref="Name"/> and <see cref="FirstLineNode"/>), or -1 when these characters are not a known name.</summary>
        [MethodImpl(HotPath.Options)]
        public static int Find(char[] buffer, int start, int length)
        {
            if (length == 0 || length > 40) return -1;
            var bucket = Buckets[Slot(length, buffer[start], buffer[start + length - 1])];
            if (bucket == null) return -1;
            foreach (int k in bucket)
            {
                if (JsonText.Same(Names[k], buffer, start, length)) return k;
            }
            return -1;
        }

        public static string Name(int known) => Names[known];

        public static JsonNode FirstLineNode(int known) => FirstLineNodes[known];
    }
}
