using System;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Engine.Policies
{
    /// <summary>One operator-key pair of a Condition block with its values, parsed and checked once.</summary>
    public sealed class Condition
    {
        private readonly decimal[]? _numbers;
        private readonly DateTimeOffset[]? _dates;
        private readonly IpNetwork[]? _networks;
        private readonly bool[]? _bools;
        /// <summary>Which values hold policy variables; null when none does (the common case).</summary>
        private readonly bool[]? _valueHasVariable;
        private readonly bool _variablesEnabled;

        [MethodImpl(HotPath.Options)]
        public Condition(ConditionOperator op, string key, string[] values, bool variablesEnabled)
        {
            Operator = op; Key = key; Values = values;
            _variablesEnabled = variablesEnabled && op.AllowsVariables;
            if (_variablesEnabled)
                for (int i = 0; i < values.Length; i++)
                    if (PolicyVariables.ContainsVariable(values[i])) (_valueHasVariable ??= new bool[values.Length])[i] = true;

            switch (op.Family)
            {
                case OperatorFamily.Numeric:
                    _numbers = new decimal[values.Length];
                    for (int i = 0; i < values.Length; i++)
                        if (!TryParseNumber(values[i], out _numbers[i])) throw Invalid(values[i], "a number");
                    break;
                case OperatorFamily.Date:
                    _dates = new DateTimeOffset[values.Length];
                    for (int i = 0; i < values.Length; i++)
                        if (!TryParseDate(values[i], out _dates[i])) throw Invalid(values[i], "a date (ISO 8601 such as 2026-01-31T00:00:00Z, or epoch seconds)");
                    break;
                case OperatorFamily.IpAddress:
                    _networks = new IpNetwork[values.Length];
                    for (int i = 0; i < values.Length; i++)
                        if (!IpNetwork.TryParse(values[i], out _networks[i])) throw Invalid(values[i], "an IPv4 or IPv6 address or CIDR block");
                    break;
                case OperatorFamily.Bool:
                case OperatorFamily.Null:
                    _bools = new bool[values.Length];
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (string.Equals(values[i], "true", StringComparison.OrdinalIgnoreCase)) _bools[i] = true;
                        else if (!string.Equals(values[i], "false", StringComparison.OrdinalIgnoreCase)) throw Invalid(values[i], "true or false");
                    }
                    break;
            }
        }

        public ConditionOperator Operator { get; }
        public string Key { get; }
        public string[] Values { get; }

        private PolicyFormatException Invalid(string value, string expected) =>
            new PolicyFormatException(PolicyErrorIds.InvalidConditionValue,
                $"Condition {Operator.Text} on '{Key}' has the value '{value}', which is not {expected}.", offendingValue: value);

        /// <summary>Whether the request holds this condition's key with at least one value (what "missing key" rules test).</summary>
        public bool IsKeyPresent(RequestContext context) => context.TryGet(Key, out var present) && present.Values.Length > 0;

        /// <summary>Evaluates this operator-key pair against the request, with AWS's missing-key and set-operator rules.</summary>
        [MethodImpl(HotPath.Options)]
        public bool Evaluate(RequestContext context)
        {
            context.TryGet(Key, out var present);
            bool exists = present != null && present.Values.Length > 0;

            if (Operator.Family == OperatorFamily.Null)
            {
                // "Null": "true" holds when the key is absent; the values are ORed.
                foreach (bool wantAbsent in _bools!) if (wantAbsent != exists) return true;
                return false;
            }

            switch (Operator.Set)
            {
                case SetQualifier.ForAllValues:
                    // Vacuously true for a missing or empty key: the documented over-permissive trap.
                    if (!exists) return true;
                    foreach (var v in present!.Values) if (!TestOne(v, context)) return false;
                    return true;
                case SetQualifier.ForAnyValue:
                    if (!exists) return Operator.IfExists;
                    foreach (var v in present!.Values) if (TestOne(v, context)) return true;
                    return false;
                default:
                    if (!exists) return Operator.IfExists || Operator.Negated;
                    if (present!.Values.Length == 1) return TestOne(present.Values[0], context);
                    // "Multivalued context keys require a condition set operator" (IAM User Guide): a plain operator
                    // on a set of several values does not match, negated or not (observed in practice and in the
                    // reference simulator).
                    return false;
            }
        }

        /// <summary>One request value against the policy values: ORed for positive operators, NOR for negated.</summary>
        [MethodImpl(HotPath.Options)]
        private bool TestOne(string requestValue, RequestContext context)
        {
            bool any = false;
            for (int i = 0; i < Values.Length && !any; i++) any = MatchesValue(i, requestValue, context);
            return Operator.Negated ? !any : any;
        }

        [MethodImpl(HotPath.Options)]
        private bool MatchesValue(int i, string requestValue, RequestContext context)
        {
            switch (Operator.Family)
            {
                case OperatorFamily.String:
                case OperatorFamily.StringIgnoreCase:
                {
                    string? expected = _valueHasVariable != null && _valueHasVariable[i] ? PolicyVariables.Substitute(Values[i], context, asPattern: false) : Values[i];
                    return expected != null && string.Equals(expected, requestValue,
                        Operator.Family == OperatorFamily.String ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
                }
                case OperatorFamily.StringLike:
                {
                    string? pattern = _valueHasVariable != null && _valueHasVariable[i] ? PolicyVariables.Substitute(Values[i], context, asPattern: true) : Values[i];
                    return pattern != null && Glob.IsMatch(pattern, requestValue, ignoreCase: false);
                }
                case OperatorFamily.Arn:
                {
                    string? pattern = _valueHasVariable != null && _valueHasVariable[i] ? PolicyVariables.Substitute(Values[i], context, asPattern: true) : Values[i];
                    return pattern != null && ArnPattern.IsMatch(pattern, requestValue);
                }
                case OperatorFamily.Numeric:
                    return TryParseNumber(requestValue, out var n) && Compare(n.CompareTo(_numbers![i]));
                case OperatorFamily.Date:
                    return TryParseDate(requestValue, out var d) && Compare(d.CompareTo(_dates![i]));
                case OperatorFamily.Bool:
                    return (string.Equals(requestValue, "true", StringComparison.OrdinalIgnoreCase) && _bools![i])
                        || (string.Equals(requestValue, "false", StringComparison.OrdinalIgnoreCase) && !_bools![i]);
                case OperatorFamily.Binary:
                    return string.Equals(Values[i], requestValue, StringComparison.Ordinal);
                case OperatorFamily.IpAddress:
                    return IPAddress.TryParse(requestValue, out var ip) && _networks![i].Contains(ip);
                default:
                    return false;
            }
        }

        private bool Compare(int sign) => Operator.Comparison switch
        {
            Comparison.Equals => sign == 0,
            Comparison.LessThan => sign < 0,
            Comparison.LessThanEquals => sign <= 0,
            Comparison.GreaterThan => sign > 0,
            Comparison.GreaterThanEquals => sign >= 0,
            _ => false,
        };

        internal static bool TryParseNumber(string s, out decimal value) =>
            decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value);

        private static readonly string[] DateFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd",
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyyMMdd'T'HHmmssK", "yyyyMMdd'T'HHmmss'Z'",
        };

        /// <summary>ISO 8601 (time zone optional, UTC assumed) or epoch seconds.</summary>
        internal static bool TryParseDate(string s, out DateTimeOffset value)
        {
            if (s.Length > 0 && (char.IsDigit(s[0]) || s[0] == '-') && s.IndexOf('-', 1) < 0 && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long epoch))
            {
                try { value = DateTimeOffset.FromUnixTimeSeconds(epoch); return true; }
                catch (ArgumentOutOfRangeException) { value = default; return false; }
            }
            return DateTimeOffset.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }

        public override string ToString() => $"{Operator.Text} {Key} [{string.Join(", ", Values)}]";
    }
}
