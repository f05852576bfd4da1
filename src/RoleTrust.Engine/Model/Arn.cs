using System;

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

        public static bool TryParse(string? text, out Arn arn)
        {
            arn = null!;
            if (text == null || !text.StartsWith("arn:", StringComparison.Ordinal)) return false;
            var parts = text.Split(new[] { ':' }, 6);
            if (parts.Length < 6 || parts[1].Length == 0 || parts[2].Length == 0) return false;
            arn = new Arn(text, parts[1], parts[2], parts[3], parts[4], parts[5]);
            return true;
        }

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
