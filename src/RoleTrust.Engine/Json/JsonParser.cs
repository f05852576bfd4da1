using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

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
        internal const MethodImplOptions Hot = (MethodImplOptions)512;
        private readonly char[] _s;
        private readonly int _len;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private readonly ICollection<string>? _rawMembers;

        private JsonParser(char[] text, int length, ICollection<string>? rawMembers) { _s = text; _len = length; _rawMembers = rawMembers; }

        /// <summary>
        /// Parses JSON text. Object or array values of members named in <paramref name="rawMembers"/> are not
        /// built into trees but kept as their JSON text in a String node: a snapshot's policy documents are
        /// most of its bytes and are parsed later, once, by the policy parser.
        /// </summary>
        public static JsonNode Parse(string text, ICollection<string>? rawMembers = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            return Parse(text.ToCharArray(), text.Length, rawMembers);
        }

        /// <summary>Parses the first <paramref name="length"/> characters of a buffer (lets big files reuse one buffer).</summary>
        public static JsonNode Parse(char[] buffer, int length, ICollection<string>? rawMembers = null)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            var p = new JsonParser(buffer, length, rawMembers);
            p.SkipWhitespace();
            if (p._pos < length && buffer[p._pos] == '\uFEFF') { p._pos++; p.SkipWhitespace(); }
            var node = p.ParseValue(0);
            p.SkipWhitespace();
            if (p._pos != length) throw p.Error("Unexpected text after the end of the JSON value");
            return node;
        }

        private JsonSyntaxException Error(string message) => new JsonSyntaxException(message, _line, _pos - _lineStart + 1);

        [MethodImpl(Hot)]
        private void SkipWhitespace()
        {
            while (_pos < _len)
            {
                char c = _s[_pos];
                if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else break;
            }
        }

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
                case '"': { int line = _line; return JsonNode.String(ParseString(), line); }
                case 't': ExpectWord("true"); return JsonNode.Bool(true, _line);
                case 'f': ExpectWord("false"); return JsonNode.Bool(false, _line);
                case 'n': ExpectWord("null"); return JsonNode.Null(_line);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                    throw Error($"Unexpected character '{c}'");
            }
        }

        private void ExpectWord(string word)
        {
            if (_pos + word.Length > _len) throw Error("Invalid literal");
            for (int i = 0; i < word.Length; i++) if (_s[_pos + i] != word[i]) throw Error("Invalid literal");
            _pos += word.Length;
        }

        [MethodImpl(Hot)]
        private JsonNode ParseObject(int depth)
        {
            int line = _line;
            _pos++;
            var members = new List<KeyValuePair<string, JsonNode>>();
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == '}') { _pos++; return JsonNode.Object(members, line); }
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _len || _s[_pos] != '"') throw Error("Expected a quoted member name");
                string name = ParseString();
                SkipWhitespace();
                if (_pos >= _len || _s[_pos] != ':') throw Error($"Expected ':' after member name \"{name}\"");
                _pos++;
                SkipWhitespace();
                if (_rawMembers != null && _pos < _len && (_s[_pos] == '{' || _s[_pos] == '[') && _rawMembers.Contains(name))
                    members.Add(new KeyValuePair<string, JsonNode>(name, ScanRaw()));
                else
                    members.Add(new KeyValuePair<string, JsonNode>(name, ParseValue(depth + 1)));
                SkipWhitespace();
                if (_pos >= _len) throw Error("Unexpected end of JSON text inside an object");
                char c = _s[_pos++];
                if (c == '}') return JsonNode.Object(members, line);
                if (c != ',') { _pos--; throw Error("Expected ',' or '}' in object"); }
            }
        }

        /// <summary>Skips one object or array, checking only bracket balance and strings, and returns its text.</summary>
        [MethodImpl(Hot)]
        private JsonNode ScanRaw()
        {
            int start = _pos, line = _line, depth = 0;
            while (_pos < _len)
            {
                char c = _s[_pos++];
                switch (c)
                {
                    case '{': case '[': depth++; break;
                    case '}': case ']':
                        if (--depth == 0) return JsonNode.String(new string(_s, start, _pos - start), line);
                        break;
                    case '"':
                        while (_pos < _len && _s[_pos] != '"') { if (_s[_pos] == '\\') _pos++; _pos++; }
                        _pos++;
                        break;
                    case '\n': _line++; _lineStart = _pos; break;
                }
            }
            throw Error("Unterminated object or array");
        }

        [MethodImpl(Hot)]
        private JsonNode ParseArray(int depth)
        {
            int line = _line;
            _pos++;
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (_pos < _len && _s[_pos] == ']') { _pos++; return JsonNode.Array(items, line); }
            while (true)
            {
                SkipWhitespace();
                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                if (_pos >= _len) throw Error("Unexpected end of JSON text inside an array");
                char c = _s[_pos++];
                if (c == ']') return JsonNode.Array(items, line);
                if (c != ',') { _pos--; throw Error("Expected ',' or ']' in array"); }
            }
        }

        [MethodImpl(Hot)]
        private string ParseString()
        {
            _pos++; // opening quote
            int start = _pos;
            // Fast path: no escapes.
            while (_pos < _len)
            {
                char c = _s[_pos];
                if (c == '"') { string plain = new string(_s, start, _pos - start); _pos++; return plain; }
                if (c == '\\') break;
                if (c < 0x20) throw Error("Control character in string");
                _pos++;
            }
            var sb = new StringBuilder(Math.Max(16, (_pos - start) * 2)).Append(_s, start, _pos - start);
            while (_pos < _len)
            {
                char c = _s[_pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) { _pos--; throw Error("Control character in string"); }
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _len) break;
                char e = _s[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _len || !int.TryParse(new string(_s, _pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                            throw Error("Invalid \\u escape");
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: _pos--; throw Error($"Invalid escape '\\{e}'");
                }
            }
            throw Error("Unterminated string");
        }

        [MethodImpl(Hot)]
        private JsonNode ParseNumber()
        {
            int start = _pos;
            if (_s[_pos] == '-') _pos++;
            if (_pos >= _len || !char.IsDigit(_s[_pos])) throw Error("Invalid number");
            if (_s[_pos] == '0') _pos++;
            else while (_pos < _len && _s[_pos] >= '0' && _s[_pos] <= '9') _pos++;
            if (_pos < _len && _s[_pos] == '.')
            {
                _pos++;
                if (_pos >= _len || !char.IsDigit(_s[_pos])) throw Error("Invalid number");
                while (_pos < _len && _s[_pos] >= '0' && _s[_pos] <= '9') _pos++;
            }
            if (_pos < _len && (_s[_pos] == 'e' || _s[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _len && (_s[_pos] == '+' || _s[_pos] == '-')) _pos++;
                if (_pos >= _len || !char.IsDigit(_s[_pos])) throw Error("Invalid number");
                while (_pos < _len && _s[_pos] >= '0' && _s[_pos] <= '9') _pos++;
            }
            return JsonNode.Number(new string(_s, start, _pos - start), _line);
        }
    }
}
