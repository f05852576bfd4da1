using System;
using System.IO;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Cases
{
    /// <summary>
    /// Reads a JSON Lines text (a Test-IamPolicy case file) in large blocks and parses each line where it lies in the
    /// block, so no string is made for a line. Lines end as <see cref="TextReader.ReadLine"/> ends them (\n, \r or
    /// \r\n) and are numbered the same way; lines that are empty or only white space are skipped.
    /// </summary>
    public sealed class CaseLineReader
    {
        private readonly TextReader _reader;
        private char[] _buffer;
        private int _start, _end;
        private bool _eof;
        private int _lineNumber;

        // 32 K characters (64 KB): a block stays off the large object heap, whose allocations start full collections
        // sooner; a longer line grows the buffer.
        public CaseLineReader(TextReader reader, int blockSize = 1 << 15)
        {
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
            _buffer = new char[Math.Max(blockSize, 16)];
        }

        /// <summary>
        /// The next line that is not blank, parsed into <paramref name="tape"/> (its value is the tape's root): its 1-based
        /// number, and the reason it is not JSON, if it is not. False at the end of the text.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public bool TryRead(JsonTape tape, out int lineNumber, out JsonSyntaxException? error)
        {
            if (tape == null) throw new ArgumentNullException(nameof(tape));
            error = null;
            if (!TryReadLine(out lineNumber, out var buffer, out int start, out int length)) return false;
            try { tape.Parse(buffer, start, length); }
            catch (JsonSyntaxException ex) { error = ex; }
            return true;
        }

        /// <summary>
        /// The next line that is not blank, unparsed: its 1-based number and where it lies in <paramref name="buffer"/>,
        /// valid until the next call. False at the end of the text.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public bool TryReadLine(out int lineNumber, out char[] buffer, out int start, out int length)
        {
            buffer = _buffer;
            if (_putBack)
            {
                _putBack = false;
                lineNumber = _lineNumber; start = _lastStart; length = _lastLength;
                return true;
            }
            while (NextLine(out start, out length))
            {
                if (IsBlank(start, length)) continue;
                lineNumber = _lineNumber;
                buffer = _buffer;
                _lastStart = start; _lastLength = length;
                return true;
            }
            lineNumber = _lineNumber;
            return false;
        }

        /// <summary>Makes the next <see cref="TryReadLine"/> return the line it returned last again (a reader that took one line too many).</summary>
        public void PutBack() => _putBack = true;

        private bool _putBack;
        private int _lastStart, _lastLength;

        [MethodImpl(HotPath.Options)]
        private bool IsBlank(int start, int length)
        {
            for (int i = start; i < start + length; i++) if (!char.IsWhiteSpace(_buffer[i])) return false;
            return true;
        }

        /// <summary>The next line's place in the buffer, valid until the next call.</summary>
        [MethodImpl(HotPath.Options)]
        private bool NextLine(out int start, out int length)
        {
            int searched = 0; // characters of the current line already known to hold no line break
            while (true)
            {
                int from = _start + searched;
                int newline = Array.IndexOf(_buffer, '\n', from, _end - from);
                int limit = newline < 0 ? _end : newline;
                int carriage = Array.IndexOf(_buffer, '\r', from, limit - from);
                int stop = carriage >= 0 ? carriage : newline;
                if (stop >= 0 && !(carriage >= 0 && carriage == _end - 1 && !_eof))
                {
                    start = _start; length = stop - _start;
                    _start = stop + 1;
                    if (_buffer[stop] == '\r' && _start < _end && _buffer[_start] == '\n') _start++;
                    _lineNumber++;
                    return true;
                }
                if (_eof)
                {
                    if (_start == _end) { start = length = 0; return false; }
                    start = _start; length = _end - _start;
                    _start = _end;
                    _lineNumber++;
                    return true;
                }
                // A \r at the very end may be followed by \n in the next block: read more before deciding.
                searched = (stop >= 0 ? stop : _end) - _start;
                Fill();
            }
        }

        /// <summary>Moves the unfinished line to the front of the buffer (growing it for a long line) and reads the next block.</summary>
        private void Fill()
        {
            int pending = _end - _start;
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, pending);
                _start = 0; _end = pending;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0) _eof = true;
            else _end += read;
        }
    }
}
