using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Policies;
using Xunit;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Whatever a caller puts in a request value, the diagnosis answers with checks (a RequestParameters failure for what
    /// AWS would reject) and never throws: only an ARN that is not one is an error (InvalidArn), reported by the cmdlets
    /// as a non-terminating error of that row.
    /// </summary>
    public class RequestValueTests
    {
        private static readonly string[] Odd = { "", " ", "a/b", "a:b", "*", "\u0000", "\n", "ü", new string('x', 5000), "arn:aws:iam::111111111111:root", "${aws:username}", "%", "\"" };

        private static readonly SnapshotSource Data = SnapshotSource.Load(SnapshotFolder.FixturePath("bob-alice"));

        private static readonly string[] Sources = { "arn:aws:iam::111111111111:user/Carol", "arn:aws:iam::111111111111:role/ci/ci-runner", "arn:aws:sts::111111111111:assumed-role/ci-runner/build-1" };
        private const string Deploy = "arn:aws:iam::222222222222:role/ci/Deploy";

        private static readonly (string name, Action<PathRequest, string> set)[] Fields =
        {
            ("RoleSessionName", (r, v) => r.RoleSessionName = v),
            ("ExternalId", (r, v) => r.ExternalId = v),
            ("SourceIdentity", (r, v) => r.SourceIdentity = v),
            ("SerialNumber", (r, v) => r.SerialNumber = v),
            ("TokenCode", (r, v) => r.TokenCode = v),
            ("SourceIp", (r, v) => r.SourceIp = v),
            ("SourceVpce", (r, v) => r.SourceVpce = v),
            ("SessionPolicy", (r, v) => r.SessionPolicy = v),
            ("CallerSessionPolicy", (r, v) => r.CallerSessionPolicy = v),
            ("SessionTag key", (r, v) => r.SessionTags[v] = "x"),
            ("SessionTag value", (r, v) => r.SessionTags["team"] = v),
            ("CallerSessionTag", (r, v) => r.CallerSessionTags[v] = v),
            ("TransitiveTagKey", (r, v) => { r.SessionTags["team"] = "x"; r.TransitiveTagKeys.Add(v); }),
            ("Context key", (r, v) => r.Context.Set(v, "x")),
            ("Context value", (r, v) => r.Context.Set("aws:SourceIp", v)),
        };

        public static IEnumerable<object[]> FieldNames() => Fields.Select(f => new object[] { f.name });

        [Theory]
        [MemberData(nameof(FieldNames))]
        public void Odd_request_values_give_checks_never_an_exception(string field)
        {
            var set = Fields.Single(f => f.name == field).set;
            foreach (var source in Sources)
                foreach (var value in Odd)
                    foreach (bool console in new[] { false, true })
                    {
                        var request = new PathRequest { SourceArn = source, RoleArn = Deploy, Console = console, DurationSeconds = value.Length == 0 ? int.MinValue : (int?)null };
                        set(request, value);
                        IReadOnlyList<PathCheck> checks;
                        try { checks = PathDiagnosis.Run(request, Data); }
                        catch (Exception ex) { throw new Xunit.Sdk.XunitException($"{field} = '{Shown(value)}' from {source}{(console ? " (console)" : "")}: {ex}"); }
                        Assert.Equal(CheckCatalogue.Names.Count, checks.Count);
                    }
        }

        [Theory]
        [InlineData(int.MinValue)]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(int.MaxValue)]
        public void Any_duration_is_a_SessionDuration_answer(int seconds)
        {
            var checks = PathDiagnosis.Run(new PathRequest { SourceArn = Sources[0], RoleArn = Deploy, DurationSeconds = seconds }, Data);
            Assert.Equal(CheckStatus.Fail, checks.Single(c => c.GetName() == CheckName.SessionDuration).GetStatus());
        }

        [Theory]
        [InlineData("", "arn:aws:iam::222222222222:role/ci/Deploy")]
        [InlineData("arn:aws:iam::111111111111:user/Carol", "")]
        [InlineData("arn:aws:iam::111111111111:user/Carol", "arn:aws:iam::222222222222:role/")]
        [InlineData("arn:aws:iam::111111111111:user/Carol", "arn:aws:iam::222222222222:role//x")]
        [InlineData("arn:aws:iam::111111111111:user/Carol", "arn:aws:iam::2222:role/x")]
        [InlineData("arn:aws:iam::111111111111:user/Carol", "arn:aws-xx:iam::222222222222:role/x")]
        [InlineData("arn:aws:sts::111111111111:assumed-role/x", "arn:aws:iam::222222222222:role/x")]
        [InlineData("arn::iam::111111111111:user/Carol", "arn:aws:iam::222222222222:role/x")]
        [InlineData("arn:aws-xx:iam::111111111111:user/Carol", "arn:aws:iam::222222222222:role/x")]
        public void An_ARN_that_is_not_one_is_InvalidArn(string source, string role)
        {
            var ex = Assert.Throws<PolicyFormatException>(() => PathDiagnosis.Run(new PathRequest { SourceArn = source, RoleArn = role }, Data));
            Assert.Equal(PolicyErrorIds.InvalidArn, ex.ErrorId);
        }

        private static string Shown(string value) => value.Length > 20 ? value.Substring(0, 20) + "..." : value.Replace("\0", "\\0").Replace("\n", "\\n");
    }
}
