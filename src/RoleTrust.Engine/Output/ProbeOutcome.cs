namespace RoleTrust
{
    /// <summary>Test-AssumeRolePath -Probe: what RoleTrust predicted beside what a real AssumeRole call did.</summary>
    public sealed class ProbeOutcome
    {
        public ProbeOutcome(string source, string role, bool predictedOpen, bool succeeded, string result, string? message)
        {
            Source = source; Role = role; PredictedOpen = predictedOpen; Succeeded = succeeded; Result = result; Message = message ?? "";
        }

        public string Source { get; }
        public string Role { get; }
        /// <summary>True when no check was Fail or Unknown.</summary>
        public bool PredictedOpen { get; }
        /// <summary>True when sts:AssumeRole returned credentials (they are discarded at once).</summary>
        public bool Succeeded { get; }
        /// <summary>"Succeeded" or the AWS error code (AccessDenied, ValidationError ...).</summary>
        public string Result { get; }
        public string Message { get; }
        public bool Agrees => PredictedOpen == Succeeded;
        public override string ToString() => $"{Result} (predicted {(PredictedOpen ? "open" : "blocked")})";
    }
}
