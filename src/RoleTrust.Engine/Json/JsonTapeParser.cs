using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// Fills a <see cref="JsonTape"/>. The grammar, the checks and every error message (with its line and column) are
    /// <see cref="JsonParser"/>'s with a pool: a snapshot file gives the same data and the same errors whichever of the two
    /// reads it. Only where values go differs.
    /// </summary>
    internal sealed class JsonTapeParser
    {
        private const int MaxDepth = 64;
        private const MethodImplOptions Hot = HotPath.Options;

        private readonly JsonTape _tape;
        private readonly char[] _s;
        private readonly int _len;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private readonly RawMemberNames? _rawMembers;
        private readonly RawTextPool? _rawPool;
        // Null: strings are the known names' instances or new (a case line, a policy: few strings repeat within one text).
        private readonly StringTable? _strings;
        private readonly bool _ownStrings;

        private string?[] _names;
        private int[] _values;
        private int _top;

        private JsonTapeParser(JsonTape tape, char[] text, int start, int end, ICollection<string>? rawMembers, RawTextPool? rawPool, StringTable? strings)
        {
            _tape = tape; _s = text; _pos = start; _lineStart = start; _len = end; _rawPool = rawPool;
            if (rawMembers != null) _rawMembers = new RawMemberNames(rawMembers);
            // A file with a pool (a snapshot's) repeats member names and values on every entity: they are shared within the parse.
            _ownStrings = strings == null && rawPool != null;
            _strings = strings ?? (rawPool != null ? StringTable.Rent() : null);
            _names = tape.StackNames;
            _values = tape.StackValues;
        }

        /// <summary>
        /// Parses the characters from <paramref name="start"/> up to <paramref name="end"/> into the (cleared) tape; returns the
        /// top-level value. Lines and columns in errors count from <paramref name="start"/>. Short strings come from
        /// <paramref name="strings"/>, or without it, with a pool, from a table of this parse's own.
        /// </summary>
        public static int Parse(JsonTape tape, char[] buffer, int start, int end, ICollection<string>? rawMembers, RawTextPool? rawPool, StringTable? strings)
        {
            var p = new JsonTapeParser(tape, buffer, start, end, rawMembers, rawPool, strings);
            try
            {
                p.SkipWhitespace();
                if (p._pos < end && buffer[p._pos] == '\uFEFF') { p._pos++; p.SkipWhitespace(); }
                int root = p.ParseValue(0);
                p.SkipWhitespace();
                if (p._pos != end) throw p.Error("Unexpected text after the end of the JSON value");
                return root;
            }
            finally
            {
                // Closed objects clear their names: what is left is an unfinished parse's (a syntax error).
                Array.Clear(p._names, 0, p._top);
                tape.StackNames = p._names;
                tape.StackValues = p._values;
                if (p._ownStrings) p._strings!.Return();
            }
        }

        private JsonSyntaxException Error(string message) => new JsonSyntaxException(message, _line, _pos - _lineStart + 1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipWhitespace()
        {
            int i = _pos;
            if (i < _len && _s[i] <= ' ') SkipWhitespaceRun();
        }

        [MethodImpl(Hot)]
        private void SkipWhitespaceRun()
        {
            _irregular++;
            _pos = JsonText.SkipWhitespace(_s, _pos, _len, ref _line, ref _lineStart);
        }

        // How many runs of white space and escaped strings were read so far: a container during which it did not change
        // is written in the source exactly as its compact text (see JsonTape.TryCompactSpan).
        private int _irregular;

        /// <summary>An object's or array's compact span, from its first character to <see cref="_pos"/>, or -1 when not compact.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int CompactFrom(int start, int irregularAtStart) => irregularAtStart == _irregular ? start : -1;

        [MethodImpl(Hot)]
        private int ParseValue(int depth)
        {
            if (depth > MaxDepth) throw Error("JSON is nested too deeply");
            if (_pos >= _len) throw Error("Unexpected end of JSON text");
            char c = _s[_pos];
            switch (c)
            {
                case '{': return ParseObject(depth);
                case '[': return ParseArray(depth);
                case '"': { int line = _line; return _tape.AddValue(JsonKind.String, ParseString(), line); }
                case 't': ExpectWord("true"); return _tape.AddValue(JsonKind.True, "true", _line);
                case 'f': ExpectWord("false"); return _tape.AddValue(JsonKind.False, "false", _line);
                case 'n': ExpectWord("null"); return _tape.AddValue(JsonKind.Null, "null", _line);
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
        private void Push(string? name, int value)
        {
            if (_top == _values.Length)
            {
                Array.Resize(ref _names, _values.Length * 2);
                Array.Resize(ref _values, _values.Length * 2);
            }
            _names[_top] = name;
            _values[_top++] = value;
        }

        [MethodImpl(Hot)]
        private int ParseObject(int depth)
        {
            int line = _line, start = _pos, irregular = _irregular;
            _pos++;
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == '}') { _pos++; return _tape.AddContainer(JsonKind.Object, line, null, _values, 0, 0, CompactFrom(start, irregular), _pos); }
            int first = _top;
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _len || _s[_pos] != '"') throw Error("Expected a quoted member name");
                string name = ParseString();
                SkipWhitespace();
                if (_pos >= _len || _s[_pos] != ':') throw Error($"Expected ':' after member name \"{name}\"");
                _pos++;
                SkipWhitespace();
                int value = _pos < _len && (_s[_pos] == '{' || _s[_pos] == '[') && _rawMembers != null && _rawMembers.Contains(name) ? ScanRaw() : ParseValue(depth + 1);
                Push(name, value);
                SkipWhitespace();
                if (_pos >= _len) throw Error("Unexpected end of JSON text inside an object");
                char c = _s[_pos++];
                if (c == '}')
                {
                    int node = _tape.AddContainer(JsonKind.Object, line, _names, _values, first, _top - first, CompactFrom(start, irregular), _pos);
                    for (int i = first; i < _top; i++) _names[i] = null;
                    _top = first;
                    return node;
                }
                if (c != ',') { _pos--; throw Error("Expected ',' or '}' in object"); }
            }
        }

        /// <summary>One object or array kept as its text (see <see cref="RawTextPool"/>); as JsonParser's.</summary>
        [MethodImpl(Hot)]
        private int ScanRaw()
        {
            int start = _pos, line = _line;
            _irregular++; // a value kept as text is a string on the tape, not the object the source holds
            if (_rawPool!.TryRead(_s, _pos, _len, out int end, out int lineBreaks, out int lastLineStart) is string compact)
            {
                _pos = end;
                if (lineBreaks > 0) { _line += lineBreaks; _lineStart = lastLineStart; }
                return _tape.AddValue(JsonKind.String, compact, line);
            }
            if (!JsonText.SkipBalanced(_s, ref _pos, _len, ref _line, ref _lineStart)) throw Error("Unterminated object or array");
            return _tape.AddValue(JsonKind.String, _rawPool.Get(_s, start, _pos - start), line);
        }

        [MethodImpl(Hot)]
        private int ParseArray(int depth)
        {
            int line = _line, start = _pos, irregular = _irregular;
            _pos++;
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == ']') { _pos++; return _tape.AddContainer(JsonKind.Array, line, null, _values, 0, 0, CompactFrom(start, irregular), _pos); }
            int first = _top;
            while (true)
            {
                SkipWhitespace();
                int item = ParseValue(depth + 1);
                Push(null, item);
                SkipWhitespace();
                if (_pos >= _len) throw Error("Unexpected end of JSON text inside an array");
                char c = _s[_pos++];
                if (c == ']')
                {
                    int node = _tape.AddContainer(JsonKind.Array, line, null, _values, first, _top - first, CompactFrom(start, irregular), _pos);
                    _top = first;
                    return node;
                }
                if (c != ',') { _pos--; throw Error("Expected ',' or ']' in array"); }
            }
        }

        [MethodImpl(Hot)]
        private string ParseString()
        {
            int start = _pos + 1;
            if (JsonText.ReadPlain(_s, start, _len, _strings, out _pos, out _) is string plain) return plain;
            _irregular++;
            return JsonText.ReadEscaped(_s, ref _pos, _len, start, out string? error) ?? throw Error(error!);
        }

        [MethodImpl(Hot)]
        private int ParseNumber()
        {
            int start = _pos;
            if (JsonText.SkipNumber(_s, ref _pos, _len) is string error) throw Error(error);
            int length = _pos - start;
            string literal = _strings != null ? _strings.Get(_s, start, length, StringTable.Hash(_s, start, length)) : new string(_s, start, length);
            return _tape.AddValue(JsonKind.Number, literal, _line);
        }
    }
}
