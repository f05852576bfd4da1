using System;
using System.Collections.Generic;

namespace RoleTrust.Aws.Live
{
    public sealed class IamTag
    {
        public IamTag(string key, string value) { Key = key; Value = value; }
        public string Key { get; }
        public string Value { get; }
        public override string ToString() => Key + "=" + Value;
    }

    public sealed class IamRole
    {
        public string Path { get; set; } = "/";
        public string RoleName { get; set; } = "";
        public string RoleId { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>As the service returned it (ISO-8601).</summary>
        public string? CreateDate { get; set; }
        /// <summary>The trust policy, URL-decoded to plain JSON text. GetRole returns it; ListRoles does too.</summary>
        public string? AssumeRolePolicyDocument { get; set; }
        public string? Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public string? PermissionsBoundaryArn { get; set; }
        public string? RoleLastUsedDate { get; set; }
        public IReadOnlyList<IamTag> Tags { get; set; } = Array.Empty<IamTag>();
        public override string ToString() => Arn;
    }

    public sealed class IamUser
    {
        public string Path { get; set; } = "/";
        public string UserName { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Arn { get; set; } = "";
        public string? CreateDate { get; set; }
        public string? PermissionsBoundaryArn { get; set; }
        public IReadOnlyList<IamTag> Tags { get; set; } = Array.Empty<IamTag>();
        public override string ToString() => Arn;
    }

    public sealed class IamGroup
    {
        public string Path { get; set; } = "/";
        public string GroupName { get; set; } = "";
        public string GroupId { get; set; } = "";
        public string Arn { get; set; } = "";
        public string? CreateDate { get; set; }
        public override string ToString() => Arn;
    }

    /// <summary>GetGroup: the group and its members (all pages).</summary>
    public sealed class IamGroupDetails
    {
        public IamGroup Group { get; set; } = new IamGroup();
        public IReadOnlyList<IamUser> Users { get; set; } = Array.Empty<IamUser>();
    }

    public sealed class IamAttachedPolicy
    {
        public IamAttachedPolicy(string policyName, string policyArn) { PolicyName = policyName; PolicyArn = policyArn; }
        public string PolicyName { get; }
        public string PolicyArn { get; }
        public override string ToString() => PolicyArn;
    }

    /// <summary>An inline policy of a user, group or role; the document URL-decoded.</summary>
    public sealed class IamInlinePolicy
    {
        public IamInlinePolicy(string ownerName, string policyName, string policyDocument)
        { OwnerName = ownerName; PolicyName = policyName; PolicyDocument = policyDocument; }
        public string OwnerName { get; }
        public string PolicyName { get; }
        public string PolicyDocument { get; }
        public override string ToString() => OwnerName + "/" + PolicyName;
    }

    public sealed class IamManagedPolicy
    {
        public string PolicyName { get; set; } = "";
        public string PolicyId { get; set; } = "";
        public string Arn { get; set; } = "";
        public string Path { get; set; } = "/";
        public string? DefaultVersionId { get; set; }
        public int AttachmentCount { get; set; }
        public int PermissionsBoundaryUsageCount { get; set; }
        public bool IsAttachable { get; set; }
        public string? Description { get; set; }
        public string? CreateDate { get; set; }
        public string? UpdateDate { get; set; }
        public override string ToString() => Arn;
    }

    public sealed class IamPolicyVersion
    {
        public string VersionId { get; set; } = "";
        public bool IsDefaultVersion { get; set; }
        /// <summary>URL-decoded policy JSON.</summary>
        public string? Document { get; set; }
        public string? CreateDate { get; set; }
        public override string ToString() => VersionId;
    }
}

namespace RoleTrust.Aws.Live
{
    /// <summary>GetOpenIDConnectProvider, with the ARN ListOpenIDConnectProviders gave.</summary>
    public sealed class IamOidcProvider
    {
        public string Arn { get; set; } = "";
        /// <summary>As IAM prints it: host and path, without https://.</summary>
        public string Url { get; set; } = "";
        public IReadOnlyList<string> ClientIdList { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> ThumbprintList { get; set; } = Array.Empty<string>();
        public string? CreateDate { get; set; }
        public override string ToString() => Arn;
    }

    /// <summary>One entry of ListSAMLProviders.</summary>
    public sealed class IamSamlProvider
    {
        public string Arn { get; set; } = "";
        /// <summary>As the service returned it (ISO-8601); null when absent.</summary>
        public string? ValidUntil { get; set; }
        public string? CreateDate { get; set; }
        public override string ToString() => Arn;
    }
}
