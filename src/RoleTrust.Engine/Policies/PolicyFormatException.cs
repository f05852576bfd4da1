using System;

namespace RoleTrust.Engine.Policies
{
    /// <summary>
    /// A policy (or request) the engine refuses to evaluate, with a stable error id that cmdlets put in the
    /// ErrorRecord. Refusing beats guessing: a policy AWS would reject, or one using something the engine
    /// does not model, must never produce a decision.
    /// </summary>
    public sealed class PolicyFormatException : Exception
    {
        public PolicyFormatException(string errorId, string message, string? policyName = null, int? statementIndex = null, string? offendingValue = null, Exception? inner = null)
            : base(Compose(message, policyName, statementIndex), inner)
        {
            ErrorId = errorId; PolicyName = policyName; StatementIndex = statementIndex; OffendingValue = offendingValue;
        }

        /// <summary>Stable identifier, e.g. InvalidPolicyJson, UnknownConditionOperator, InvalidArn.</summary>
        public string ErrorId { get; }
        public string? PolicyName { get; }
        public int? StatementIndex { get; }
        public string? OffendingValue { get; }

        private static string Compose(string message, string? policyName, int? statementIndex)
        {
            string where = policyName == null ? "" : statementIndex == null ? $"Policy '{policyName}': " : $"Policy '{policyName}', statement {statementIndex}: ";
            return where + message;
        }
    }

    public static class PolicyErrorIds
    {
        public const string InvalidPolicyJson = "InvalidPolicyJson";
        public const string PolicyTooLarge = "PolicyTooLarge";
        public const string EmptyStatement = "EmptyStatement";
        public const string InvalidPolicyElement = "InvalidPolicyElement";
        public const string UnknownConditionOperator = "UnknownConditionOperator";
        public const string InvalidConditionValue = "InvalidConditionValue";
        public const string InvalidArn = "InvalidArn";
        public const string InvalidPrincipal = "InvalidPrincipal";
        public const string InvalidAction = "InvalidAction";
        public const string InvalidRequest = "InvalidRequest";
    }
}
