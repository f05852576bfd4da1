using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Json;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// What one Test-IamPolicy case came to: its decision, or the one problem that stopped it (not JSON, not a case, an
    /// expectation that names no decision, a policy or request that cannot be read). Made wherever the case ran and read
    /// in case order by whoever writes the results, so nothing here depends on the thread it was made on.
    /// </summary>
    public sealed class CaseOutcome
    {
        private CaseOutcome(int lineNumber) { LineNumber = lineNumber; }

        /// <summary>1-based line of a case file; 0 for a case that did not come from a file.</summary>
        public int LineNumber { get; }
        /// <summary>The line was read as a case (false: it is not JSON, or JSON that is not a case).</summary>
        public bool IsCase { get; private set; }
        /// <summary>
        /// The case's expect value. The outcome keeps this rather than the case: outcomes wait, in line order, to be
        /// written, and a case holds its line's parsed JSON, which every collection meanwhile would copy.
        /// </summary>
        public string? Expect { get; private set; }
        /// <summary>The case's id, or its file and line when it has none (null for a case given without either).</summary>
        public string? Id { get; private set; }
        public JsonSyntaxException? SyntaxError { get; private set; }
        /// <summary>The line is JSON but not a case, or the request it describes cannot be built.</summary>
        public CaseFormatException? CaseError { get; private set; }
        public PolicyFormatException? PolicyError { get; private set; }
        /// <summary>The case's expect value names no decision.</summary>
        public bool UnknownExpectation { get; private set; }
        public PolicyDecision? Decision { get; private set; }
        public IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();
        /// <summary>Kept only when the evaluation was traced, for the story a caller writes from it.</summary>
        public EvaluationRequest? Request { get; private set; }
        public EvaluationResult? Result { get; private set; }

        private ExceptionDispatchInfo? _failure;

        /// <summary>Throws, with its original stack, an exception no case should cause (a defect), where it happened in case order.</summary>
        public void ThrowIfFailed() => _failure?.Throw();

        /// <summary>A line that is not JSON.</summary>
        public static CaseOutcome NotJson(int lineNumber, JsonSyntaxException error) => new CaseOutcome(lineNumber) { SyntaxError = error };

        /// <summary>One line of a case file: bound, built and evaluated. <paramref name="sourceName"/> names the file in default ids.</summary>
        [MethodImpl(HotPath.Options)]
        public static CaseOutcome FromLine(JsonTape line, int lineNumber, string sourceName, PolicyCaseBuilder builder, DateTimeOffset now, bool trace)
        {
            try
            {
                PolicyCase c;
                try { c = PolicyCase.FromTape(line, line.Root); }
                catch (CaseFormatException ex) { return new CaseOutcome(lineNumber) { CaseError = ex }; }
                return Evaluate(c, c.Id ?? $"{sourceName}:{lineNumber}", lineNumber, builder, now, trace);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return new CaseOutcome(lineNumber) { _failure = ExceptionDispatchInfo.Capture(ex) };
            }
        }

        /// <summary>One case: its request built and evaluated into a decision named <paramref name="id"/>.</summary>
        [MethodImpl(HotPath.Options)]
        public static CaseOutcome Evaluate(PolicyCase c, string? id, int lineNumber, PolicyCaseBuilder builder, DateTimeOffset now, bool trace)
        {
            var outcome = new CaseOutcome(lineNumber) { IsCase = true, Expect = c.Expect, Id = id };
            if (c.Expect != null && !PolicyDecision.IsKnownExpectation(c.Expect))
            {
                outcome.UnknownExpectation = true;
                return outcome;
            }
            EvaluationRequest request;
            try { request = builder.Build(c, now); }
            catch (PolicyFormatException ex) { outcome.PolicyError = ex; return outcome; }
            catch (CaseFormatException ex) { outcome.CaseError = ex; return outcome; }
            if (trace) request.Trace = true;
            var result = PolicyEvaluator.Evaluate(request);
            var warnings = DecisionWarnings.Collect(request, result);
            outcome.Warnings = warnings;
            outcome.Decision = new PolicyDecision(id, request, result, warnings, c.Expect);
            if (trace) { outcome.Request = request; outcome.Result = result; }
            return outcome;
        }
    }
}
