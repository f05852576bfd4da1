using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Paths
{
    /// <summary>Plain-language explanations of failing trust conditions, and what the caller can do about them.</summary>
    internal static class ConditionExplainer
    {
        public static string Explain(Condition c, RequestContext context)
        {
            string actual = context.TryGet(c.Key, out var v) ? $"the request has {c.Key} = {v}" : $"the request has no {c.Key}";
            return $"{c.Operator.Text} {{\"{c.Key}\": {Values(c)}}} does not hold ({actual})";
        }

        private const string GitHubIssuer = "token.actions.githubusercontent.com";

        private static string Actual(Condition c, RequestContext context) => context.TryGet(c.Key, out var v) ? $"\"{v}\"" : "absent";

        /// <summary>GitHub Actions' sub has one shape per trigger; the usual mistake is a job with an environment, whose sub names the environment, not the branch.</summary>
        private static string GitHubSubject(Condition c, RequestContext context) =>
            $"The trust expects the GitHub Actions subject {Values(c)} ({c.Operator.Text}); this token's is {Actual(c, context)}. GitHub sets sub to " +
            "repo:ORG/REPO:ref:refs/heads/BRANCH for a branch, repo:ORG/REPO:ref:refs/tags/TAG for a tag, repo:ORG/REPO:environment:NAME for ANY job that declares an environment (whatever its branch), " +
            "and repo:ORG/REPO:pull_request for pull requests (an organization can also customize the template). Matching is case-sensitive: widen the condition to the shape this job produces, or run the job as the trust expects.";

        private static string Values(Condition c) => c.Values.Length == 1 ? $"\"{c.Values[0]}\"" : "[" + string.Join(", ", c.Values.Select(v => $"\"{v}\"")) + "]";

        public static string FixFor(IEnumerable<Statement> statements, RequestContext context)
        {
            var fixes = new List<string>();
            foreach (var s in statements)
                foreach (var c in s.Conditions)
                {
                    if (c.Evaluate(context)) continue;
                    string key = c.Key.ToLowerInvariant();
                    string fix = key switch
                    {
                        "sts:externalid" => c.Values.Length == 1 && !c.Operator.Negated ? $"Pass the external ID '{c.Values[0]}' with the AssumeRole call (ExternalId; aws sts assume-role --external-id)." : "Pass the external ID the role's owner gave you with the AssumeRole call (ExternalId).",
                        "aws:multifactorauthpresent" => "Authenticate with MFA: pass SerialNumber (the arn:aws:iam::<account>:mfa/<name> device ARN) and TokenCode with the AssumeRole call, or use credentials from GetSessionToken with MFA. A chained role session never carries MFA.",
                        "aws:principalorgid" => "The caller's account is not in the organization the trust requires; move it into the organization or add an exception for its account.",
                        "sts:rolesessionname" => c.Values.Length == 1 ? $"Use the session name the trust requires (RoleSessionName, pattern '{c.Values[0]}')." : "Use a session name the trust accepts (RoleSessionName).",
                        "sts:sourceidentity" => "Set the source identity the trust requires (SourceIdentity).",
                        "aws:sourceip" => "Call from an allowed network, or make the condition tolerate calls through a VPC endpoint (...IfExists).",
                        _ when key.StartsWith(GitHubIssuer + ":sub", StringComparison.Ordinal) => GitHubSubject(c, context),
                        _ when key.EndsWith(":sub", StringComparison.Ordinal) && !key.StartsWith("aws:", StringComparison.Ordinal) =>
                            $"The trust expects the token's subject {Values(c)} ({c.Operator.Text}); this token's is {Actual(c, context)}. Use a token issued for that subject, or widen the condition to this one.",
                        _ when key.EndsWith(":aud", StringComparison.Ordinal) && !key.StartsWith("aws:", StringComparison.Ordinal) =>
                            $"Request the token for the audience the trust expects ({Values(c)}); this token's is {Actual(c, context)}.",
                        _ => key.StartsWith("aws:principaltag/", StringComparison.Ordinal) ? $"Tag the caller (the user or role, or its calling session) {c.Key.Substring(17)} = {string.Join(" or ", c.Values)}."
                            : key.StartsWith("aws:requesttag/", StringComparison.Ordinal) ? $"Pass the session tag {c.Key.Substring(15)} = {string.Join(" or ", c.Values)} with the AssumeRole call (Tags)."
                            : $"Make {c.Key} satisfy {c.Operator.Text} {Values(c)}, or change the condition.",
                    };
                    if (!fixes.Contains(fix)) fixes.Add(fix);
                }
            return string.Join(" ", fixes);
        }
    }
}
