using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace RoleTrust
{
    /// <summary>
    /// A read-only list whose text form is its items' text, joined. Output objects use it for list-valued properties:
    /// Export-Csv and ConvertTo-Csv write a property's ToString(), which for List&lt;T&gt; is only the type name, while
    /// ConvertTo-Json still writes the items as an array.
    /// </summary>
    public sealed class ReadableList<T> : ReadOnlyCollection<T>
    {
        public static readonly ReadableList<T> Empty = new ReadableList<T>(new T[0]);

        public ReadableList(IList<T> items) : base(items) { }

        public override string ToString() => string.Join("; ", this);
    }

    public static class ReadableList
    {
        public static ReadableList<T> From<T>(IEnumerable<T>? items) =>
            items == null ? ReadableList<T>.Empty : items is ReadableList<T> r ? r : new ReadableList<T>(new List<T>(items));
    }
}
