using System.Collections.Generic;
using System.Linq;
using RoleTrust.Paths.Facts;

namespace RoleTrust.Paths.Checks
{
    /// <summary>
    /// The calling session's own session policy (the policy that session was created with, which IAM cannot return)
    /// allows the actions. The session policy passed with this AssumeRole call only limits the new session.
    /// </summary>
    internal sealed class SessionPolicyCheck : PolicyLayerRule
    {
        public override CheckName Name => CheckName.SessionPolicy;

        public override PathCheck Run(PathFacts f, IReadOnlyList<PathCheck> earlier)
        {
            if (FederatedCaller(f) is PathCheck federated) return federated;
            if (!f.Source.Usable) return NotEvaluated(f);
            var session = f.Source.Session;
            if (session == null)
                return Make(f, CheckStatus.NotApplicable, f.Source.IsRoleSession
                    ? "The request states no session policy for the calling session. IAM cannot return the policy a session was created with; if the calling session had one, state it to check it."
                    : "The source is not a session, so it has no session policy.");
            if (!session.Complete) return GapsCheck(f, session.Gaps, "The caller's session policy cannot be evaluated");
            var e = f.Evaluation;
            var view = e.Layer(PolicyLayer.SessionPolicy);
            if (view.CertainDenials.Count > 0) return DenyCheck(f, view.CertainDenials, "session policy");
            var implicitActions = e.ActionsWith(PolicyLayer.SessionPolicy, LayerOutcome.ImplicitlyDenied);
            if (implicitActions.Count > 0)
            {
                var possible = view.PossibleAllows.Where(v => implicitActions.Contains(v.Action)).ToList();
                if (possible.Count > 0) return PossibleAllowCheck(f, possible, "The session policy does not allow the request as stated");
                return Make(f, CheckStatus.Fail, $"The calling session's session policy does not allow {string.Join(" and ", implicitActions)} on {f.Role.EvaluatedArn}.",
                    evidence: PolicyList("Session policy", session.Policies),
                    fix: "Create the calling session again without the restricting session policy, or with one that allows sts:AssumeRole on this role.",
                    errorText: ImplicitText(f, PolicyLayer.SessionPolicy, implicitActions[0]));
            }
            if (view.PossibleDenials.Count > 0) return PossibleDenyCheck(f, view, "session policy");
            return Make(f, CheckStatus.Pass, e.ActionsWith(PolicyLayer.SessionPolicy, LayerOutcome.NotRequired).Count > 0
                ? "The trust policy names this exact session, so the session policy does not limit it." : "The calling session's session policy allows the request.",
                evidence: Allowing(view.CertainAllows));
        }
    }
}
