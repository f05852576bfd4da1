using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Evaluation
{
    /// <summary>One condition key's value in a request: single-valued, or a set (aws:TagKeys, sts:TransitiveTagKeys ...).</summary>
    public sealed class ContextValue
    {
        public ContextValue(string[] values, bool isMultiValued) { Values = values; IsMultiValued = isMultiValued; }
        public string[] Values { get; }
        public bool IsMultiValued { get; }
        public override string ToString() => IsMultiValued ? "[" + string.Join(", ", Values) + "]" : (Values.Length > 0 ? Values[0] : "");

        /// <summary>One value. Values are not changed once made, so the constants below are shared by every request that sets them.</summary>
        internal static ContextValue Single(string value) => new ContextValue(new[] { value }, false);

        internal static readonly ContextValue True = Single("true");
        internal static readonly ContextValue False = Single("false");
    }

    /// <summary>The condition keys of one request. Key names are case-insensitive, as IAM's are (tag keys included).</summary>
    public sealed class RequestContext
    {
        private readonly Dictionary<string, ContextValue> _values;

        public RequestContext() { _values = new Dictionary<string, ContextValue>(StringComparer.OrdinalIgnoreCase); }
        public RequestContext(int capacity) { _values = new Dictionary<string, ContextValue>(capacity, StringComparer.OrdinalIgnoreCase); }
        public RequestContext(RequestContext other) { _values = new Dictionary<string, ContextValue>(other._values, StringComparer.OrdinalIgnoreCase); HasLists = other.HasLists; }

        public int Count => _values.Count;
        /// <summary>Some key was given as a list (possibly since replaced): lets rare list-only checks skip every other request.</summary>
        public bool HasLists { get; private set; }
        public IEnumerable<KeyValuePair<string, ContextValue>> Entries => _values;

        [MethodImpl(HotPath.Options)]
        public RequestContext Set(string key, string value) { _values[key] = ContextValue.Single(value); return this; }
        public RequestContext SetMany(string key, IEnumerable<string> values) { _values[key] = new ContextValue(new List<string>(values).ToArray(), true); HasLists = true; return this; }
        public RequestContext Set(string key, ContextValue value) { _values[key] = value; HasLists |= value.IsMultiValued; return this; }
        /// <summary>Sets a key only when the caller did not supply it.</summary>
        [MethodImpl(HotPath.Options)]
        public RequestContext SetDefault(string key, string? value) { if (value != null && !_values.ContainsKey(key)) Set(key, value); return this; }
        /// <inheritdoc cref="SetDefault(string, string?)"/>
        [MethodImpl(HotPath.Options)]
        public RequestContext SetDefault(string key, ContextValue? value) { if (value != null && !_values.ContainsKey(key)) Set(key, value); return this; }
        public bool Remove(string key) => _values.Remove(key);
        /// <summary>Empties the context for reuse (a context filled anew for each of many questions on one thread).</summary>
        internal void Clear() { _values.Clear(); HasLists = false; }
        public bool Contains(string key) => _values.ContainsKey(key);
        [MethodImpl(HotPath.Options)]
        public bool TryGet(string key, out ContextValue value) => _values.TryGetValue(key, out value!);

        /// <summary>A single value for policy variables; multivalued keys cannot be variables.</summary>
        [MethodImpl(HotPath.Options)]
        public string? GetSingle(string key) =>
            _values.TryGetValue(key, out var v) && !v.IsMultiValued && v.Values.Length == 1 ? v.Values[0] : null;
    }
}
