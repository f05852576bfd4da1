using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using RoleTrust.Engine.Cases;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// Test-IamPolicy -Path evaluates a file's cases on worker threads: what it writes, and in which order, must be what
    /// one thread evaluating the lines in turn writes, for every kind of line (decisions, warnings, lines that are not
    /// JSON or not cases, unknown expectations, unreadable policies, blank and very long lines), however many workers.
    /// </summary>
    public class CaseFileRunTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        /// <summary>A suite of <paramref name="count"/> cases of every kind, with blank lines and mixed line breaks.</summary>
        private static string Suite(int count)
        {
            var rng = new Random(7);
            var sb = new StringBuilder();
            string scps = "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]}]";
            for (int i = 0; i < count; i++)
            {
                string line;
                switch (rng.Next(12))
                {
                    case 0: line = "{\"id\":\"broken-" + i + "\" \"principal\"}"; break;                                  // not JSON
                    case 1: line = "[" + i + "]"; break;                                                                   // JSON, not a case
                    case 2: line = WithId(CaseJson(UserBob, trust: Trust(UserBob)), "odd-" + i, "\"expect\":\"Maybe\""); break;
                    case 3: line = WithId(CaseJson(UserBob, trust: Trust(UserBob, condition: "{\"StringLooksLike\":{\"aws:PrincipalTag/team\":\"x\"}}")), "op-" + i); break;
                    case 4: line = CaseJson(UserBob, trust: Trust(UserBob), identity: Allow(), scps: scps); break;         // no id: named by file and line
                    case 5: line = WithId(CaseJson(UserBob, trust: Trust(UserBob, effect: "Deny"), identity: Allow()), "deny-" + i, "\"expect\":\"ExplicitDeny\""); break;
                    case 6: line = WithId(CaseJson(UserBob, trust: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}", identity: Allow()), "warn-" + (i % 3)); break;
                    case 7: line = WithId(CaseJson(UserBob, trust: Trust(UserBob), identity: Allow(resource: "arn:aws:iam::*:role/" + new string('x', 40000))), "long-" + i); break;
                    case 8: line = "   \t"; break;                                                                         // blank: skipped, still counted
                    default: line = WithId(CaseJson(UserBob, trust: Trust(i % 2 == 0 ? UserBob : "arn:aws:iam::111122223333:user/Alice"), identity: Allow(), scps: scps), "case-" + i, "\"expect\":\"Allowed\""); break;
                }
                sb.Append(line).Append(i % 5 == 0 ? "\r\n" : "\n");
            }
            return sb.ToString();
        }

        private static string WithId(string caseJson, string id, string? more = null) =>
            "{\"id\":\"" + id + "\"," + (more == null ? "" : more + ",") + caseJson.Substring(1);

        /// <summary>Everything a caller writes from an outcome, as text.</summary>
        private static string Describe(CaseOutcome o)
        {
            o.ThrowIfFailed();
            if (o.SyntaxError != null) return $"{o.LineNumber} json: {o.SyntaxError.Message}";
            if (!o.IsCase) return $"{o.LineNumber} case: {o.CaseError!.Message}";
            if (o.UnknownExpectation) return $"{o.LineNumber} {o.Id} expect: {o.Expect}";
            if (o.PolicyError != null) return $"{o.LineNumber} {o.Id} policy: {o.PolicyError.ErrorId} {o.PolicyError.Message}";
            if (o.CaseError != null) return $"{o.LineNumber} {o.Id} request: {o.CaseError.Message}";
            var d = o.Decision!;
            return $"{o.LineNumber} {d.Id} {d.Decision} {d.DecidingLayer} {d.AsExpected} [{d.Layers}] [{d.AllowedBy}] [{d.DeniedBy}] [{string.Join(" | ", o.Warnings)}] trace={o.Result != null}";
        }

        private static List<string> Run(string text, int workers, bool trace = false) =>
            CaseFileRun.Outcomes(new StringReader(text), "suite.jsonl", Now, trace, workers, CancellationToken.None).Select(Describe).ToList();

        [Fact]
        public void Workers_WriteWhatOneThreadWrites_LineByLine()
        {
            string text = Suite(1500);
            var one = Run(text, 0);
            Assert.Contains(one, l => l.Contains(" json: "));
            Assert.Contains(one, l => l.Contains(" case: "));
            Assert.Contains(one, l => l.Contains(" expect: Maybe"));
            Assert.Contains(one, l => l.Contains(" policy: "));
            Assert.Contains(one, l => l.Contains(" suite.jsonl:"));
            Assert.Contains(one, l => l.Contains("which IAM rejects in a role trust policy"));
            Assert.Contains(one, l => l.Contains(" long-"));
            Assert.Contains(one, l => l.Contains("ExplicitlyDenied") && l.Contains(" True "));
            Assert.Contains(one, l => l.Contains(" ImplicitlyDenied ") && l.Contains(" False "));
            Assert.True(one.Count < 1500, "blank lines are skipped");
            foreach (int workers in new[] { 1, 2, 3, 8 })
                Assert.Equal(one, Run(text, workers));
        }

        [Fact]
        public void LineNumbers_AreThoseOfTheFile()
        {
            string text = "\n" + CaseJson(UserBob, trust: Trust(UserBob)) + "\r\n\r\n  \n{\"x\" 1}\n" + CaseJson(UserBob, trust: Trust(UserBob));
            foreach (int workers in new[] { 0, 1, 2 })
            {
                var lines = CaseFileRun.Outcomes(new StringReader(text), "f.jsonl", Now, false, workers, CancellationToken.None).Select(o => o.LineNumber);
                Assert.Equal(new[] { 2, 5, 6 }, lines);
            }
        }

        [Fact]
        public void Traced_KeepsTheRequestAndResult_ForTheStory()
        {
            string text = Suite(300);
            Assert.Equal(Run(text, 0, trace: true), Run(text, 2, trace: true));
            Assert.Contains(Run(text, 2, trace: true), l => l.EndsWith("trace=True"));
            Assert.DoesNotContain(Run(text, 2), l => l.EndsWith("trace=True"));
        }

        [Fact]
        public void AnOutcome_KeepsNoneOfItsLinesJson()
        {
            // Outcomes wait in line order for the pipeline thread to write them; one that held its line's parsed JSON
            // made every collection during a run copy those trees into the older generations.
            foreach (string expect in new[] { "Allowed", "Maybe" })
            {
                var (outcome, policies) = EvaluatedLine(expect);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.Equal(expect, outcome.Expect);
                Assert.Equal(expect == "Maybe", outcome.UnknownExpectation);
                Assert.False(policies.IsAlive);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static (CaseOutcome, WeakReference) EvaluatedLine(string expect)
        {
            string text = WithId(CaseJson(UserBob, trust: Trust(UserBob), identity: Allow()), "kept", "\"expect\":\"" + expect + "\"");
            var line = new Json.JsonTape();
            line.Parse(text.ToCharArray(), 0, text.Length);
            return (CaseOutcome.FromLine(line, 1, "suite.jsonl", new PolicyCaseBuilder(), Now, trace: false), new WeakReference(line));
        }

        [Fact]
        public void LeavingEarly_StopsTheWorkers_AndCancellingStopsTheRun()
        {
            string text = Suite(3000);
            var first = CaseFileRun.Outcomes(new StringReader(text), "suite.jsonl", Now, false, 2, CancellationToken.None).Take(5).Select(Describe).ToList();
            Assert.Equal(Run(text, 0).Take(5), first);

            foreach (int workers in new[] { 0, 1, 2 })
            {
                using var cancel = new CancellationTokenSource();
                int seen = 0;
                Assert.ThrowsAny<OperationCanceledException>(() =>
                {
                    foreach (var _ in CaseFileRun.Outcomes(new StringReader(text), "suite.jsonl", Now, false, workers, cancel.Token))
                        if (++seen == 10) cancel.Cancel();
                });
                Assert.InRange(seen, 10, 10 + 2 * 2 * 256);
            }
        }
    }
}
