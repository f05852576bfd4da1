using System.Globalization;
using System.Runtime.CompilerServices;

namespace RoleTrust.Aws.Snapshot
{
    /// <summary>
    /// Where a value sits in a snapshot file ("UserDetailList[1].PermissionsBoundary"), put into words only when a
    /// problem is reported: reading a large file builds no path text for the values that are fine.
    /// </summary>
    internal readonly struct JsonPath
    {
        private readonly string _head;
        private readonly int _index;
        private readonly string? _tail;

        private JsonPath(string head, int index, string? tail) { _head = head; _index = index; _tail = tail; }

        /// <summary>A top-level member, e.g. "RoleDetailList".</summary>
        public static JsonPath Root(string member) => new JsonPath(member, -1, null);

        /// <summary>An entry of a top-level list, e.g. "RoleDetailList[3]".</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static JsonPath Entry(string list, int index) => new JsonPath(list, index, null);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public JsonPath Member(string name) => new JsonPath(_head, _index, _tail == null ? name : _tail + "." + name);

        public JsonPath Item(int index) => new JsonPath(_head, _index, (_tail ?? "") + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");

        public override string ToString()
        {
            string text = _index < 0 ? _head : _head + "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
            if (_tail == null) return text;
            return _tail.Length > 0 && _tail[0] == '[' ? text + _tail : text + "." + _tail;
        }
    }
}
