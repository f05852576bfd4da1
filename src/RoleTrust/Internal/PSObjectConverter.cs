using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using RoleTrust.Engine.Json;

namespace RoleTrust.Internal
{
    /// <summary>
    /// Turns what PowerShell hands a cmdlet (strings, hashtables, PSCustomObjects from ConvertFrom-Json, arrays)
    /// into the engine's JSON tree. Dates that ConvertFrom-Json turned into DateTime are written back as
    /// ISO-8601 text for the same instant, so a date in a policy or context means what its text meant.
    /// </summary>
    internal static class PSObjectConverter
    {
        private const int MaxDepth = 32;

        public static JsonNode ToJson(object? value) => ToJson(value, 0);

        private static JsonNode ToJson(object? value, int depth)
        {
            if (depth > MaxDepth) throw new ArgumentException("The object is nested too deeply to be a policy or context.");
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject) return FromProperties(pso, depth);
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null: return JsonNode.Null();
                case string s: return JsonNode.String(s);
                case char c: return JsonNode.String(c.ToString());
                case bool b: return JsonNode.Bool(b);
                case SwitchParameter sw: return JsonNode.Bool(sw.IsPresent);
                case DateTime dt: return JsonNode.String(FormatDate(dt));
                case DateTimeOffset dto: return JsonNode.String(FormatDate(dto));
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _: case decimal _:
                    return JsonNode.Number(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                case double d: return JsonNode.Number(d.ToString("R", CultureInfo.InvariantCulture));
                case float f: return JsonNode.Number(f.ToString("R", CultureInfo.InvariantCulture));
                case System.Numerics.BigInteger bi: return JsonNode.Number(bi.ToString(CultureInfo.InvariantCulture));
                case IDictionary dict:
                {
                    var members = new List<KeyValuePair<string, JsonNode>>(dict.Count);
                    foreach (DictionaryEntry e in dict)
                        members.Add(new KeyValuePair<string, JsonNode>(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "", ToJson(e.Value, depth + 1)));
                    return JsonNode.Object(members);
                }
                case IEnumerable list:
                {
                    var items = new List<JsonNode>();
                    foreach (var item in list) items.Add(ToJson(item, depth + 1));
                    return JsonNode.Array(items);
                }
                default:
                    return JsonNode.String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            }
        }

        private static JsonNode FromProperties(PSObject pso, int depth)
        {
            var members = new List<KeyValuePair<string, JsonNode>>();
            foreach (var p in pso.Properties)
                members.Add(new KeyValuePair<string, JsonNode>(p.Name, ToJson(p.Value, depth + 1)));
            return JsonNode.Object(members);
        }

        /// <summary>UTC for DateTimeKind.Utc and Local (same instant), no zone for Unspecified (the text had none).</summary>
        internal static string FormatDate(DateTime dt)
        {
            if (dt.Kind == DateTimeKind.Local) dt = dt.ToUniversalTime();
            string text = dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
            return dt.Kind == DateTimeKind.Unspecified ? text : text + "Z";
        }

        internal static string FormatDate(DateTimeOffset dto)
        {
            string text = dto.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
            return dto.Offset == TimeSpan.Zero ? text + "Z" : text + dto.ToString("zzz", CultureInfo.InvariantCulture);
        }
    }
}
