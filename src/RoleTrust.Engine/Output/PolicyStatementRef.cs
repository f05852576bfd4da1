using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust
{
    /// <summary>
    /// A statement that allowed or denied, as Test-IamPolicy writes it: names as strings (so ConvertTo-Json writes
    /// names, not numbers), and a text form ("IdentityPolicy: Bob[0] (AssumeAlice)") for Export-Csv cells.
    /// </summary>
    public sealed class PolicyStatementRef
    {
        private readonly Statement _statement;

        internal PolicyStatementRef(StatementRef source)
        {
            _statement = source.Statement;
            Layer = OutputNames.Of(source.Layer);
            PolicyName = source.PolicyName;
            PolicyArn = source.PolicyArn;
            LevelId = source.LevelId;
        }

        /// <summary>ServiceControlPolicy, ResourceControlPolicy, VpcEndpointPolicy, ResourcePolicy, IdentityPolicy, PermissionsBoundary or SessionPolicy.</summary>
        public string Layer { get; }
        public string PolicyName { get; }
        public string? PolicyArn { get; }
        /// <summary>0-based position of the statement in its policy.</summary>
        public int Index => _statement.Index;
        public string? Sid => _statement.Sid;
        /// <summary>Allow or Deny.</summary>
        public string Effect => _statement.Effect == Engine.Policies.Effect.Allow ? "Allow" : "Deny";
        /// <summary>SCP/RCP level (root, OU or account id) the policy is attached to.</summary>
        public string? LevelId { get; }
        /// <summary>The statement as compact JSON.</summary>
        public string Text => _statement.Text;

        public override string ToString() =>
            $"{Layer}: {PolicyName}[{Index}]{(Sid == null ? "" : " (" + Sid + ")")}{(LevelId == null ? "" : " at " + LevelId)}";
    }
}
