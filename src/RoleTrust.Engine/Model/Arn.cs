using System;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Model
{
    /// <summary>An Amazon Resource Name split into its six parts; the resource part keeps any further colons.</summary>
    public sealed class Arn
    {
        private Arn(string text, string partition, string service, string region, string account, string resource)
        {
            Text = text; Partition = partition; Service = service; Region = region; Account = account; Resource = resource;
        }

        public string Text { get; }
        public string Partition { get; }
        public string Service { get; }
        public string Region { get; }
        public string Account { get; }
        public string Resource { get; }

        [MethodImpl(HotPath.Options)]
        public static bool TryParse(string? text, out Arn arn)
        {
            arn = null!;
            if (text == null || !text.StartsWith("arn:", StringComparison.Ordinal)) return false;
            // arn:partition:service:region:account:resource, the resource keeping any further colons.
            int p1 = 3, p2 = text.IndexOf(':', p1 + 1);
            if (p2 < 0) return false;
            int p3 = text.IndexOf(':', p2 + 1);
            if (p3 < 0) return false;
            int p4 = text.IndexOf(':', p3 + 1);
            if (p4 < 0) return false;
            int p5 = text.IndexOf(':', p4 + 1);
            if (p5 < 0 || p2 == p1 + 1 || p3 == p2 + 1) return false;
            arn = new Arn(text, Common(text, p1 + 1, p2, KnownPartitions), Common(text, p2 + 1, p3, KnownServices), Part(text, p3 + 1, p4), Part(text, p4 + 1, p5), text.Substring(p5 + 1));
            return true;
        }

        // Partitions and the services principals and roles live in: nearly every ARN parsed names one of these, so
        // the parts are shared instances rather than a new string each time.
        private static readonly string[] KnownPartitions = { "aws", "aws-cn", "aws-us-gov" };
        private static readonly string[] KnownServices = { "iam", "sts", "s3", "kms", "sqs", "sns", "lambda", "organizations" };

        [MethodImpl(HotPath.Options)]
        private static string Common(string text, int start, int end, string[] known)
        {
            int length = end - start;
            foreach (var k in known)
                if (k.Length == length && string.CompareOrdinal(text, start, k, 0, length) == 0) return k;
            return Part(text, start, end);
        }

        private static string Part(string text, int start, int end) => end == start ? "" : text.Substring(start, end - start);

        public static Arn Parse(string text) =>
            TryParse(text, out var arn) ? arn : throw new FormatException($"'{text}' is not an ARN (expected arn:partition:service:region:account:resource).");

        public static bool IsAccountId(string? s)
        {
            if (s == null || s.Length != 12) return false;
            foreach (char c in s) if (c < '0' || c > '9') return false;
            return true;
        }

        public override string ToString() => Text;
    }
}
