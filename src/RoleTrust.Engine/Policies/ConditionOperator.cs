using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Policies
{
    public enum OperatorFamily { String, StringIgnoreCase, StringLike, Numeric, Date, Bool, Binary, IpAddress, Arn, Null }
    public enum Comparison { Equals, LessThan, LessThanEquals, GreaterThan, GreaterThanEquals, Like }
    public enum SetQualifier { None, ForAllValues, ForAnyValue }

    /// <summary>A parsed condition operator such as "ForAnyValue:StringNotLikeIfExists".</summary>
    public sealed class ConditionOperator
    {
        private static readonly Dictionary<string, (OperatorFamily family, Comparison cmp, bool negated)> Bases =
            new Dictionary<string, (OperatorFamily, Comparison, bool)>(StringComparer.OrdinalIgnoreCase)
            {
                ["StringEquals"] = (OperatorFamily.String, Comparison.Equals, false),
                ["StringNotEquals"] = (OperatorFamily.String, Comparison.Equals, true),
                ["StringEqualsIgnoreCase"] = (OperatorFamily.StringIgnoreCase, Comparison.Equals, false),
                ["StringNotEqualsIgnoreCase"] = (OperatorFamily.StringIgnoreCase, Comparison.Equals, true),
                ["StringLike"] = (OperatorFamily.StringLike, Comparison.Like, false),
                ["StringNotLike"] = (OperatorFamily.StringLike, Comparison.Like, true),
                ["NumericEquals"] = (OperatorFamily.Numeric, Comparison.Equals, false),
                ["NumericNotEquals"] = (OperatorFamily.Numeric, Comparison.Equals, true),
                ["NumericLessThan"] = (OperatorFamily.Numeric, Comparison.LessThan, false),
                ["NumericLessThanEquals"] = (OperatorFamily.Numeric, Comparison.LessThanEquals, false),
                ["NumericGreaterThan"] = (OperatorFamily.Numeric, Comparison.GreaterThan, false),
                ["NumericGreaterThanEquals"] = (OperatorFamily.Numeric, Comparison.GreaterThanEquals, false),
                ["DateEquals"] = (OperatorFamily.Date, Comparison.Equals, false),
                ["DateNotEquals"] = (OperatorFamily.Date, Comparison.Equals, true),
                ["DateLessThan"] = (OperatorFamily.Date, Comparison.LessThan, false),
                ["DateLessThanEquals"] = (OperatorFamily.Date, Comparison.LessThanEquals, false),
                ["DateGreaterThan"] = (OperatorFamily.Date, Comparison.GreaterThan, false),
                ["DateGreaterThanEquals"] = (OperatorFamily.Date, Comparison.GreaterThanEquals, false),
                ["Bool"] = (OperatorFamily.Bool, Comparison.Equals, false),
                ["BinaryEquals"] = (OperatorFamily.Binary, Comparison.Equals, false),
                ["IpAddress"] = (OperatorFamily.IpAddress, Comparison.Equals, false),
                ["NotIpAddress"] = (OperatorFamily.IpAddress, Comparison.Equals, true),
                ["ArnEquals"] = (OperatorFamily.Arn, Comparison.Like, false),
                ["ArnLike"] = (OperatorFamily.Arn, Comparison.Like, false),
                ["ArnNotEquals"] = (OperatorFamily.Arn, Comparison.Like, true),
                ["ArnNotLike"] = (OperatorFamily.Arn, Comparison.Like, true),
                ["Null"] = (OperatorFamily.Null, Comparison.Equals, false),
            };

        private ConditionOperator(string text, string baseName, OperatorFamily family, Comparison cmp, bool negated, bool ifExists, SetQualifier set)
        {
            Text = text; BaseName = baseName; Family = family; Comparison = cmp; Negated = negated; IfExists = ifExists; Set = set;
        }

        public string Text { get; }
        public string BaseName { get; }
        public OperatorFamily Family { get; }
        public Comparison Comparison { get; }
        /// <summary>StringNotEquals, NotIpAddress, ArnNotLike ...: true when the key is missing, values ANDed.</summary>
        public bool Negated { get; }
        public bool IfExists { get; }
        public SetQualifier Set { get; }
        /// <summary>Operators whose values may hold policy variables.</summary>
        public bool AllowsVariables => Family == OperatorFamily.String || Family == OperatorFamily.StringIgnoreCase || Family == OperatorFamily.StringLike || Family == OperatorFamily.Arn;

        // Operators are immutable and few distinct texts occur: parse each text once. Bounded, since the texts come from input.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConditionOperator> Parsed =
            new System.Collections.Concurrent.ConcurrentDictionary<string, ConditionOperator>(StringComparer.Ordinal);

        [MethodImpl(HotPath.Options)]
        public static bool TryParse(string text, out ConditionOperator op)
        {
            if (Parsed.TryGetValue(text, out op!)) return true;
            if (!TryParseText(text, out op)) return false;
            if (Parsed.Count < 4096) Parsed.TryAdd(text, op);
            return true;
        }

        private static bool TryParseText(string text, out ConditionOperator op)
        {
            op = null!;
            string rest = text;
            var set = SetQualifier.None;
            if (rest.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase)) { set = SetQualifier.ForAllValues; rest = rest.Substring(13); }
            else if (rest.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase)) { set = SetQualifier.ForAnyValue; rest = rest.Substring(12); }
            bool ifExists = false;
            if (!Bases.ContainsKey(rest) && rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase))
            {
                ifExists = true;
                rest = rest.Substring(0, rest.Length - 8);
            }
            if (!Bases.TryGetValue(rest, out var info)) return false;
            // Null takes no IfExists and no set qualifier: AWS rejects both.
            if (info.family == OperatorFamily.Null && (ifExists || set != SetQualifier.None)) return false;
            op = new ConditionOperator(text, rest, info.family, info.cmp, info.negated, ifExists, set);
            return true;
        }

        public override string ToString() => Text;
    }
}
