using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    /// <summary>Thrown for text that is not JSON; carries the 1-based line and column.</summary>
    public sealed class JsonSyntaxException : Exception
    {
        public JsonSyntaxException(string message, int line, int column)
            : base($"{message} (line {line}, column {column})") { Line = line; Column = column; }
        public int Line { get; }
        public int Column { get; }
    }

    /// <summary>
    /// Strict RFC 8259 parser producing <see cref="JsonNode"/>. Written by hand, rather than on System.Text.Json,
    /// so that duplicate member names survive and the engine has no dependency to load in Windows PowerShell.
    /// </summary>
    public sealed class JsonParser
    {
        private const int MaxDepth = 64;
        // MethodImplOptions.AggressiveOptimization (not named in netstandard2.0): a snapshot is parsed once per
        // process, so the parser must not spend that one run in unoptimized tier-0 code. .NET Framework ignores it.
        internal const MethodImplOptions Hot = HotPath.Options;
        private readonly char[] _s;
        private readonly int _len;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        // The known name (KnownNames) the last string read is, or -1.
        private int _known = -1;

        private readonly RawMemberNames? _rawMembers;
        private readonly RawTextPool? _rawPool;
        // With a pool (a snapshot file): its member names and short values, each created once (see StringTable).
        private readonly StringTable? _strings;

        // Members and items of the objects and arrays being parsed, innermost last: each container's list is
        // allocated once, at its exact size, when it closes. The stacks are kept per thread between parses.
        private KeyValuePair<string, JsonNode>[] _members;
        private int _memberTop;
        private JsonNode[] _items;
        private int _itemTop;

        [ThreadStatic] private static KeyValuePair<string, JsonNode>[]? _spareMembers;
        [ThreadStatic] private static JsonNode[]? _spareItems;

        private JsonParser(char[] text, int start, int end, ICollection<string>? rawMembers, RawTextPool? rawPool, StringTable? strings)
        {
            _s = text; _pos = start; _lineStart = start; _len = end; _rawPool = rawPool;
            if (rawMembers != null) _rawMembers = new RawMemberNames(rawMembers);
            _strings = strings ?? (rawPool != null ? new StringTable() : null);
            _members = _spareMembers ?? new KeyValuePair<string, JsonNode>[32];
            _items = _spareItems ?? new JsonNode[32];
            _spareMembers = null; _spareItems = null;
        }

        /// <summary>Hands the stacks back for the next parse on this thread, cleared so they hold no nodes.</summary>
        private void Release()
        {
            Array.Clear(_members, 0, _members.Length);
            Array.Clear(_items, 0, _items.Length);
            if (_members.Length <= 1024) _spareMembers = _members;
            if (_items.Length <= 1024) _spareItems = _items;
        }

        /// <summary>
        /// Parses JSON text. Object or array values of members named in <paramref name="rawMembers"/> are not
        /// built into trees but kept as their JSON text in a String node: a snapshot's policy documents are
        /// most of its bytes and are parsed later, once, by the policy parser.
        /// </summary>
        public static JsonNode Parse(string text, ICollection<string>? rawMembers = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            return Parse(CharsOf(text), 0, text.Length, rawMembers, null);
        }

        // A text's characters for the parser: a buffer kept per thread for texts up to 32 KB (an index parses tens of
        // thousands of policies one after another, and a copy of each was a sixteenth of what it allocated). No node keeps
        // the buffer: every string is copied out of it.
        private const int KeptChars = 1 << 15;
        [ThreadStatic] private static char[]? _textChars;

        internal static char[] CharsOf(string text)
        {
            if (text.Length > KeptChars) return text.ToCharArray();
            var chars = _textChars ??= new char[KeptChars];
            text.CopyTo(0, chars, 0, text.Length);
            return chars;
        }

        /// <summary>Parses the first <paramref name="length"/> characters of a buffer (lets big files reuse one buffer).</summary>
        public static JsonNode Parse(char[] buffer, int length, ICollection<string>? rawMembers = null) => Parse(buffer, 0, length, rawMembers);

        /// <summary>
        /// As <see cref="Parse(char[], int, ICollection{string})"/>, the raw members' text taken from (and added to) a pool
        /// shared by many parses: each distinct document is stored once, without its indentation (see <see cref="RawTextPool"/>).
        /// Member names and short values are each created once per parse, equal ones sharing an instance (a snapshot file
        /// repeats them on every entity).
        /// </summary>
        public static JsonNode Parse(char[] buffer, int length, ICollection<string> rawMembers, RawTextPool rawPool) =>
            Parse(buffer, 0, length, rawMembers, rawPool ?? throw new ArgumentNullException(nameof(rawPool)));

        /// <summary>
        /// Parses <paramref name="length"/> characters of a buffer from <paramref name="start"/> (one line of a JSON Lines
        /// file read in blocks). Lines and columns in errors count from <paramref name="start"/>.
        /// </summary>
        public static JsonNode Parse(char[] buffer, int start, int length, ICollection<string>? rawMembers = null) => Parse(buffer, start, length, rawMembers, null);

        private static JsonNode Parse(char[] buffer, int start, int length, ICollection<string>? rawMembers, RawTextPool? rawPool, StringTable? strings = null)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (start < 0 || length < 0 || start + length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
            int end = start + length;
            var p = new JsonParser(buffer, start, end, rawMembers, rawPool, strings);
            try
            {
                p.SkipWhitespace();
                if (p._pos < end && buffer[p._pos] == '\uFEFF') { p._pos++; p.SkipWhitespace(); }
                var node = p.ParseValue(0);
                p.SkipWhitespace();
                if (p._pos != end) throw p.Error("Unexpected text after the end of the JSON value");
                return node;
            }
            finally { p.Release(); }
        }

        private JsonSyntaxException Error(string message) => new JsonSyntaxException(message, _line, _pos - _lineStart + 1);

        /// <summary>Between tokens: most often there is no whitespace at all (before ':' and ','), so that is tested inline.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipWhitespace()
        {
            int i = _pos;
            if (i < _len && _s[i] <= ' ') SkipWhitespaceRun();
        }

        [MethodImpl(Hot)]
        private void SkipWhitespaceRun() => _pos = JsonText.SkipWhitespace(_s, _pos, _len, ref _line, ref _lineStart);

        [MethodImpl(Hot)]
        private JsonNode ParseValue(int depth)
        {
            if (depth > MaxDepth) throw Error("JSON is nested too deeply");
            if (_pos >= _len) throw Error("Unexpected end of JSON text");
            char c = _s[_pos];
            switch (c)
            {
                case '{': return ParseObject(depth);
                case '[': return ParseArray(depth);
                case '"':
                {
                    int line = _line;
                    string value = ParseString(_strings);
                    return _known >= 0 && line == 1 ? KnownNames.FirstLineNode(_known) : JsonNode.String(value, line);
                }
                case 't': ExpectWord("true"); return JsonNode.Bool(true, _line);
                case 'f': ExpectWord("false"); return JsonNode.Bool(false, _line);
                case 'n': ExpectWord("null"); return JsonNode.Null(_line);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                    throw Error("Unexpected character " + JsonText.Quote(c));
            }
        }

        [MethodImpl(Hot)]
        private void ExpectWord(string word)
        {
            if (!JsonText.IsWord(_s, _pos, _len, word)) throw Error("Invalid literal");
            _pos += word.Length;
        }

        [MethodImpl(Hot)]
        private JsonNode ParseObject(int depth)
        {
            int line = _line;
            _pos++;
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == '}') { _pos++; return JsonNode.Object(new List<KeyValuePair<string, JsonNode>>(), line); }
            int first = _memberTop;
            while (true)
            {
                    SkipWhitespace();
                    if (_pos >= _len || _s[_pos] != '"') throw Error("Expected a quoted member name");
                    string name = ParseMemberName();
                    SkipWhitespace();
                    if (_pos >= _len || _s[_pos] != ':') throw Error($"Expected ':' after member name \"{name}\"");
                    _pos++;
                    SkipWhitespace();
                    JsonNode value = _rawMembers != null && _pos < _len && (_s[_pos] == '{' || _s[_pos] == '[') && _rawMembers.Contains(name)
                        ? ScanRaw() : ParseValue(depth + 1);
                    if (_memberTop == _members.Length) Array.Resize(ref _members, _members.Length * 2);
                    _members[_memberTop++] = new KeyValuePair<string, JsonNode>(name, value);
                    SkipWhitespace();
                    if (_pos >= _len) throw Error("Unexpected end of JSON text inside an object");
                    char c = _s[_pos++];
                    if (c == '}')
                    {
                        var members = new List<KeyValuePair<string, JsonNode>>(_memberTop - first);
                        for (int i = first; i < _memberTop; i++) members.Add(_members[i]);
                        _memberTop = first;
                        return JsonNode.Object(members, line);
                    }
                    if (c != ',') { _pos--; throw Error("Expected ',' or '}' in object"); }
            }
        }

        /// <summary>A member name: the names policies and cases use over and over come from a table instead of a new string (or, parsing a snapshot file, from the parse's table).</summary>
        [MethodImpl(Hot)]
        private string ParseMemberName() => ParseString(_strings);

        /// <summary>Skips one object or array, checking only bracket balance and strings, and returns its text.</summary>
        [MethodImpl(Hot)]
        private JsonNode ScanRaw()
        {
            int start = _pos, line = _line;
            if (_rawPool != null && _rawPool.TryRead(_s, _pos, _len, out int end, out int lineBreaks, out int lastLineStart) is string compact)
            {
                _pos = end;
                if (lineBreaks > 0) { _line += lineBreaks; _lineStart = lastLineStart; }
                return JsonNode.String(compact, line);
            }
            if (!JsonText.SkipBalanced(_s, ref _pos, _len, ref _line, ref _lineStart)) throw Error("Unterminated object or array");
            return JsonNode.String(_rawPool != null ? _rawPool.Get(_s, start, _pos - start) : new string(_s, start, _pos - start), line);
        }

        [MethodImpl(Hot)]
        private JsonNode ParseArray(int depth)
        {
            int line = _line;
            _pos++;
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == ']') { _pos++; return JsonNode.Array(new List<JsonNode>(), line); }
            int first = _itemTop;
            while (true)
            {
                    SkipWhitespace();
                    var item = ParseValue(depth + 1);
                    if (_itemTop == _items.Length) Array.Resize(ref _items, _items.Length * 2);
                    _items[_itemTop++] = item;
                    SkipWhitespace();
                    if (_pos >= _len) throw Error("Unexpected end of JSON text inside an array");
                    char c = _s[_pos++];
                    if (c == ']')
                    {
                        var items = new List<JsonNode>(_itemTop - first);
                        for (int i = first; i < _itemTop; i++) items.Add(_items[i]);
                        _itemTop = first;
                        return JsonNode.Array(items, line);
                    }
                    if (c != ',') { _pos--; throw Error("Expected ',' or ']' in array"); }
            }
        }

        [MethodImpl(Hot)]
        private string ParseString(StringTable? table)
        {
            int start = _pos + 1;
            string? plain = JsonText.ReadPlain(_s, start, _len, table, out _pos, out _known);
            return plain ?? JsonText.ReadEscaped(_s, ref _pos, _len, start, out string? error) ?? throw Error(error!);
        }

        [MethodImpl(Hot)]
        private JsonNode ParseNumber()
        {
            int start = _pos;
            if (JsonText.SkipNumber(_s, ref _pos, _len) is string error) throw Error(error);
            return JsonNode.Number(_strings != null ? _strings.Get(_s, start, _pos - start, StringTable.Hash(_s, start, _pos - start)) : new string(_s, start, _pos - start), _line);
        }
    }
}
