using System;
using System.Collections.Generic;

namespace RoleTrust.Paths
{
    /// <summary>The question "can Source assume Role with these request parameters?".</summary>
    public sealed class PathRequest
    {
        public string SourceArn { get; set; } = "";
        public string RoleArn { get; set; } = "";
        public string? ExternalId { get; set; }
        public string? RoleSessionName { get; set; }
        public int? DurationSeconds { get; set; }
        public string? SourceIdentity { get; set; }
        /// <summary>Tags passed with this AssumeRole call: they become the new session's (aws:RequestTag, aws:TagKeys), never the caller's.</summary>
        public IDictionary<string, string> SessionTags { get; set; } = new Dictionary<string, string>();
        /// <summary>
        /// The tags of the calling session itself (a role session's session tags, inherited transitive tags included):
        /// they override the role's own tags in aws:PrincipalTag. IAM cannot return them.
        /// </summary>
        public IDictionary<string, string> CallerSessionTags { get; set; } = new Dictionary<string, string>();
        public IList<string> TransitiveTagKeys { get; set; } = new List<string>();
        /// <summary>The session policy passed with this AssumeRole call (limits only the new session).</summary>
        public string? SessionPolicy { get; set; }
        /// <summary>The policy the calling session was created with (IAM cannot return it).</summary>
        public string? CallerSessionPolicy { get; set; }
        /// <summary>True/false when the caller states MFA; null for long-term keys without MFA (the key is then absent).</summary>
        public bool? MfaPresent { get; set; }
        public string? SerialNumber { get; set; }
        public string? TokenCode { get; set; }
        public string? SourceIp { get; set; }
        public string? SourceVpce { get; set; }
        /// <summary>Extra condition keys; they override derived ones.</summary>
        public Engine.Evaluation.RequestContext Context { get; set; } = new Engine.Evaluation.RequestContext();
        /// <summary>AssumeRoleWithWebIdentity: the token's claims (decoded from the token, never verified, or stated as claims).</summary>
        public Federation.WebIdentityClaims? WebIdentity { get; set; }
        /// <summary>AssumeRoleWithSAML: the assertion (decoded, or stated as attributes).</summary>
        public Federation.SamlAssertion? Saml { get; set; }
        /// <summary>AssumeRoleWithSAML: the SAML provider ARN passed as PrincipalArn; taken from the assertion's Role pair when null.</summary>
        public string? SamlProviderArn { get; set; }
        /// <summary>The STS operation the request is.</summary>
        public string Action => WebIdentity != null ? "sts:AssumeRoleWithWebIdentity" : Saml != null ? "sts:AssumeRoleWithSAML" : "sts:AssumeRole";
        public bool IsFederated => WebIdentity != null || Saml != null;
        /// <summary>Console Switch Role rules.</summary>
        public bool Console { get; set; }
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
    }
}
