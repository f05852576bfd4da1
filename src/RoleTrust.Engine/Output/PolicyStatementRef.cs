using RoleTrust.Engine.Evaluation;

namespace RoleTrust
{
    /// <summary>
    /// A statement that allowed or denied, as Test-IamPolicy writes it: names as strings (so ConvertTo-Json writes
    /// names, not numbers), and a text form ("IdentityPolicy: Bob[0] (AssumeAlice)") for Export-Csv cells.
    /// </summary>
    public sealed class PolicyStatementRef
    {
        internal PolicyStatementRef(StatementRef source)
        {
            // Copies, not a reference to the engine's statement: a decision kept in a collection must not keep the
            // compiled policy alive with it. The text is one string, written once per statement, not the statement's
            // JSON tree: a suite's thousands of decisions each holding trees of dozens of small objects made every
            // garbage collection during Test-IamPolicy -Path slow.
            var statement = source.Statement;
            Layer = OutputNames.Of(source.Layer);
            PolicyName = source.PolicyName;
            PolicyArn = source.PolicyArn;
            LevelId = source.LevelId;
            Index = statement.Index;
            Sid = statement.Sid;
            Effect = statement.Effect == Engine.Policies.Effect.Allow ? "Allow" : "Deny";
            Text = statement.Text;
        }

        /// <summary>ServiceControlPolicy, ResourceControlPolicy, VpcEndpointPolicy, ResourcePolicy, IdentityPolicy, PermissionsBoundary or SessionPolicy.</summary>
        public string Layer { get; }
        public string PolicyName { get; }
        public string? PolicyArn { get; }
        /// <summary>0-based position of the statement in its policy.</summary>
        public int Index { get; }
        public string? Sid { get; }
        /// <summary>Allow or Deny.</summary>
        public string Effect { get; }
        /// <summary>SCP/RCP level (root, OU or account id) the policy is attached to.</summary>
        public string? LevelId { get; }
        /// <summary>The statement as compact JSON.</summary>
        public string Text { get; }

        public override string ToString() =>
            $"{Layer}: {PolicyName}[{Index}]{(Sid == null ? "" : " (" + Sid + ")")}{(LevelId == null ? "" : " at " + LevelId)}";
    }
}
