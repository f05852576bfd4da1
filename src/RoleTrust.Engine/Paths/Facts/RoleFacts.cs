using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths.Facts
{
    /// <summary>The role asked for, as the request names it and as the data holds it.</summary>
    public sealed class RoleFacts
    {
        internal RoleFacts(string requestedArn, Arn arn, string name, string path, Lookup<IamRole> lookup, Lookup<IamRole>? similar,
            PolicyDocument? trust, DataGap? trustGap)
        {
            RequestedArn = requestedArn; Arn = arn; Name = name; Path = path; Lookup = lookup; Similar = similar; Trust = trust; TrustGap = trustGap;
        }

        /// <summary>The ARN as the request gave it.</summary>
        public string RequestedArn { get; }
        public Arn Arn { get; }
        public string AccountId => Arn.Account;
        public string Name { get; }
        /// <summary>"/" or "/a/b/" as the request names it.</summary>
        public string Path { get; }
        public Lookup<IamRole> Lookup { get; }
        public IamRole? Role => Lookup.Value;
        /// <summary>A role whose name differs only in case (looked up only when the exact name does not exist).</summary>
        public Lookup<IamRole>? Similar { get; }
        /// <summary>
        /// The ARN the policies are evaluated against: the existing role's when the request named it with a wrong path
        /// (role names are unique whatever the path), so one run shows every gap while TargetRole reports the wrong ARN.
        /// </summary>
        public string EvaluatedArn => Role?.Arn ?? RequestedArn;
        /// <summary>The parsed trust policy; null when the role is missing or its trust policy cannot be used (see TrustGap).</summary>
        public PolicyDocument? Trust { get; }
        /// <summary>Why the trust policy of an existing role cannot be used.</summary>
        public DataGap? TrustGap { get; }
    }
}
