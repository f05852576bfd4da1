using System;
using System.Management.Automation;
using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Internal
{
    /// <summary>Builds error records with stable ErrorIds from the engine's exceptions.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord FromPolicy(PolicyFormatException ex, object? target, string? prefix = null)
        {
            var category = ex.ErrorId switch
            {
                PolicyErrorIds.InvalidArn => ErrorCategory.InvalidArgument,
                PolicyErrorIds.InvalidRequest => ErrorCategory.InvalidArgument,
                PolicyErrorIds.InvalidAction => ErrorCategory.InvalidArgument,
                PolicyErrorIds.PolicyTooLarge => ErrorCategory.LimitsExceeded,
                PolicyErrorIds.UnknownConditionOperator => ErrorCategory.NotImplemented,
                _ => ErrorCategory.InvalidData,
            };
            return Create(ex.ErrorId, category, prefix == null ? ex.Message : prefix + ex.Message, target ?? ex.OffendingValue, ex);
        }

        public static ErrorRecord FromCase(CaseFormatException ex, object? target, string? prefix = null) =>
            Create("InvalidCase", ErrorCategory.InvalidData, prefix == null ? ex.Message : prefix + ex.Message, target, ex);

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null)
        {
            // The exception's message is what users see; keep the engine exception as inner for diagnostics only.
            var exception = category == ErrorCategory.InvalidArgument ? (Exception)new ArgumentException(message, inner) : new InvalidOperationException(message, inner);
            return new ErrorRecord(exception, errorId, category, target);
        }
    }
}
