using RoleTrust.Engine.Model;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// Everything one AssumeRole request's checks depend on, gathered once (<see cref="PathFactsBuilder"/>): the source
    /// and its policies, the role and its trust policy, the organization policies on both sides, the evaluation, and
    /// what live mode observed. The checks only read these facts.
    /// </summary>
    public sealed class PathFacts
    {
        internal PathFacts(PathRequest request, SourceFacts source, RoleFacts role, OrganizationSideFacts scp, OrganizationSideFacts rcp,
            EvaluationFacts evaluation, StsObservation? sts, IDataGapPhrasing phrasing, FederationFacts? federation)
        {
            Request = request; Source = source; Role = role; ServiceControlPolicies = scp; ResourceControlPolicies = rcp;
            Evaluation = evaluation; Sts = sts; Phrasing = phrasing; Federation = federation;
        }

        public PathRequest Request { get; }
        public SourceFacts Source { get; }
        public RoleFacts Role { get; }
        /// <summary>The SCPs above the source's account.</summary>
        public OrganizationSideFacts ServiceControlPolicies { get; }
        /// <summary>The RCPs above the role's account.</summary>
        public OrganizationSideFacts ResourceControlPolicies { get; }
        public EvaluationFacts Evaluation { get; }
        /// <summary>Live only: what STS said about the credentials in use.</summary>
        public StsObservation? Sts { get; }
        /// <summary>Web identity and SAML requests only: the provider and the role account's providers.</summary>
        public FederationFacts? Federation { get; }
        /// <summary>The source as checks report it: the ARN the request names, or the identity provider of a federated request.</summary>
        public string SourceText => Request.IsFederated && string.IsNullOrEmpty(Request.SourceArn) ? Source.Principal.Arn : Request.SourceArn;
        /// <summary>How the data source words its gaps.</summary>
        public IDataGapPhrasing Phrasing { get; }
    }
}
