using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Internal
{
    /// <summary>
    /// The -Verbose story of an evaluation: which data was read and which statements decided. Built only when verbose
    /// records would be shown (<see cref="IsOn"/>), so a run without -Verbose pays nothing: no trace is recorded and no
    /// text is made. Names credentials by profile or parameter name only, never by a key or token.
    /// </summary>
    internal static class VerboseStory
    {
        /// <summary>Whether WriteVerbose would show anything: -Verbose on the command, or $VerbosePreference.</summary>
        internal static bool IsOn(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound))
                return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
            var preference = cmdlet.SessionState.PSVariable.GetValue("VerbosePreference");
            return LanguagePrimitives.TryConvertTo(preference, out ActionPreference p)
                && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }

        /// <summary>One line for the decision, then one per layer that took part: the statements that decided it.</summary>
        internal static IEnumerable<string> Decision(string label, EvaluationResult result)
        {
            yield return result.DecidingLayer == null
                ? $"{label}: {result.Decision}."
                : $"{label}: {result.Decision}, decided by the {result.DecidingLayer} layer.";
            if (result.Trace == null) yield break;
            foreach (var layer in result.Trace.Layers)
            {
                var line = new StringBuilder($"  {layer.Layer}: {layer.Outcome}");
                if (layer.Note != null) line.Append(" (").Append(layer.Note).Append(')');
                foreach (var s in layer.Denying) line.Append("; denied by ").Append(Statement(s));
                foreach (var s in layer.Allowing) line.Append("; allowed by ").Append(Statement(s));
                if (layer.Allowing.Count == 0 && layer.Denying.Count == 0 && layer.DeniesByDefault)
                {
                    line.Append(layer.Statements.Count == 0 ? "; no policy" : $"; none of its {layer.Statements.Count} statement(s) allows the request");
                    foreach (var s in layer.AllowingButForConditions)
                        line.Append("; ").Append(Statement(s)).Append(" would allow but its condition failed: ")
                            .Append(string.Join(", ", s.FailedConditions.Select(Condition)));
                }
                if (layer.LevelsWithoutAllow.Count > 0) line.Append("; no Allow at ").Append(string.Join(", ", layer.LevelsWithoutAllow));
                yield return line.ToString();
            }
        }

        /// <summary>A statement as the story names it: policy (and ARN), index and Sid, effect, SCP/RCP level.</summary>
        internal static string Statement(StatementTrace s)
        {
            var text = new StringBuilder();
            text.Append('\'').Append(s.PolicyName).Append('\'');
            if (!string.IsNullOrEmpty(s.PolicyArn)) text.Append(" (").Append(s.PolicyArn).Append(')');
            text.Append(" statement ").Append(s.Statement.Index);
            if (s.Statement.Sid != null) text.Append(" (Sid ").Append(s.Statement.Sid).Append(')');
            text.Append(", ").Append(s.Statement.Effect);
            if (s.LevelId != null) text.Append(" at ").Append(s.LevelId);
            return text.ToString();
        }

        private static string Condition(ConditionTrace c) => c.KeyPresent ? c.Condition.ToString() : c.Condition + " (the request has no " + c.Condition.Key + ")";
    }
}
