using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// The text of the raw members of many parses (a snapshot's policy documents, see <see cref="JsonParser.Parse(char[], int, ICollection{string}, RawTextPool)"/>),
    /// stored once per distinct document and without the indentation the files carry. Thread-safe: one pool serves
    /// the parallel parse of every file of a snapshot.
    /// <para>
    /// An account file repeats the same documents (an AWS-managed policy in every account, a trust policy stamped out on
    /// many roles, a group's policy), and pretty-printed policy text is mostly indentation: kept verbatim as .NET strings,
    /// the documents of a 500 MB snapshot took more than a gigabyte and most of the load's time went into copying them.
    /// </para>
    /// <para>
    /// Only spaces, tabs and carriage returns between tokens are dropped, and only from text that is certainly valid JSON
    /// as <see cref="JsonParser"/> reads it: line breaks stay, so every later parse of the text gives the same tree, the
    /// same lines in its messages and the same result. Text that is not certainly valid (it will fail when parsed, with
    /// a line and column) and text longer than the limit given (the policy parser refuses it by its length) are kept
    /// exactly as written, so their errors do not change either.
    /// </para>
    /// </summary>
    public sealed class RawTextPool
    {
        // Deeper documents are kept as written: far below the parser's own limit, so the compact text never reaches it.
        private const int MaxCompactDepth = 32;

        private readonly int _maxCompactLength;
        // A fixed number of buckets, each a list pushed to without locks: a snapshot of 100,000 roles has some 45,000
        // distinct documents, so the lists stay short.
        private readonly Entry?[] _buckets = new Entry?[1 << 16];
        private int _texts, _reused;

        [ThreadStatic] private static char[]? _scratch;

        /// <param name="maxCompactLength">Text longer than this is kept as written (the length a later check refuses).</param>
        public RawTextPool(int maxCompactLength)
        {
            _maxCompactLength = maxCompactLength;
        }

        /// <summary>Distinct texts stored.</summary>
        public int Count => _texts;
        /// <summary>Requests answered with a text already stored.</summary>
        public int Reused => _reused;

        /// <summary>
        /// Reads the JSON object or array that starts at <paramref name="start"/>: when it is certainly valid JSON and not
        /// longer than the pool's limit, returns its compact text (shared when seen before), the index after it, and the
        /// line breaks in it (how many, and the index after the last). Otherwise returns null and reads nothing: the
        /// caller finds the value's end itself and stores it as written with <see cref="Get"/>.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public string? TryRead(char[] source, int start, int limit, out int end, out int lineBreaks, out int lastLineStart)
        {
            var scratch = _scratch;
            if (scratch == null) _scratch = scratch = new char[_maxCompactLength + 1];
            int scanLimit = Math.Min(limit, start + _maxCompactLength);
            int count = Compact(source, start, scanLimit, scratch, out end, out lineBreaks, out lastLineStart);
            return count < 0 ? null : Store(scratch, 0, count);
        }

        /// <summary>The text as written, shared when seen before.</summary>
        public string Get(char[] source, int start, int length) => Store(source, start, length);

        [MethodImpl(HotPath.Options)]
        private string Store(char[] text, int from, int count)
        {
            int hash = Hash(text, from, count);
            ref Entry? bucket = ref _buckets[hash & (_buckets.Length - 1)];
            // No locks: on a busy machine a worker holding one can be descheduled (or stopped by a collection) and the
            // others would spin waiting. Entries are only ever pushed at the head of their bucket's list.
            var head = Volatile.Read(ref bucket);
            if (Find(head, null, hash, text, from, count) is string known) { Interlocked.Increment(ref _reused); return known; }
            var entry = new Entry(hash, new string(text, from, count), head);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref bucket, entry, entry.Next);
                if (seen == entry.Next) break;
                // Another worker pushed first: its entries may hold this text.
                if (Find(seen, entry.Next, hash, text, from, count) is string raced) { Interlocked.Increment(ref _reused); return raced; }
                entry.Next = seen;
            }
            Interlocked.Increment(ref _texts);
            return entry.Text;
        }

        /// <summary>The text among the entries from <paramref name="first"/> up to (not including) <paramref name="stop"/>.</summary>
        [MethodImpl(HotPath.Options)]
        private static string? Find(Entry? first, Entry? stop, int hash, char[] text, int from, int count)
        {
            for (var e = first; e != null && e != stop; e = e.Next)
                if (e.Hash == hash && JsonText.Same(e.Text, text, from, count)) return e.Text;
            return null;
        }

        private sealed class Entry
        {
            public Entry(int hash, string text, Entry? next) { Hash = hash; Text = text; Next = next; }
            public readonly int Hash;
            public readonly string Text;
            public Entry? Next;
        }

        [MethodImpl(HotPath.Options)]
        private static int Hash(char[] text, int start, int length)
        {
            // Four interleaved FNV-1a lanes: one lane's multiplications wait on each other, four keep the core busy
            // (every document of a snapshot is hashed, most of its characters).
            unchecked
            {
                uint h0 = 2166136261, h1 = 2166136261 ^ 1, h2 = 2166136261 ^ 2, h3 = 2166136261 ^ 3;
                int end = start + length, i = start;
                for (; i + 4 <= end; i += 4)
                {
                    h0 = (h0 ^ text[i]) * 16777619;
                    h1 = (h1 ^ text[i + 1]) * 16777619;
                    h2 = (h2 ^ text[i + 2]) * 16777619;
                    h3 = (h3 ^ text[i + 3]) * 16777619;
                }
                for (; i < end; i++) h0 = (h0 ^ text[i]) * 16777619;
                uint h = ((h0 * 16777619) ^ h1) * 16777619;
                h = ((h ^ h2) * 16777619 ^ h3) * 16777619;
                return (int)(h ^ (uint)length);
            }
        }

        /// <summary>
        /// Copies the object or array at <paramref name="start"/> without the spaces, tabs and carriage returns between its
        /// tokens, checking it as <see cref="JsonParser"/> would; returns the length written, or -1 when the value is not
        /// certainly valid JSON or does not end before <paramref name="limit"/> (then the caller keeps the text as written).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static int Compact(char[] s, int start, int limit, char[] into, out int end, out int lineBreaks, out int lastLineStart)
        {
            int o = 0, i = start, depth = 0;
            end = start; lineBreaks = 0; lastLineStart = -1;
            // What may come next: a value, a member name (or the object's end), a ':' or a ',' / closing bracket.
            const int Value = 0, NameOrEnd = 1, Colon = 2, After = 3, ValueOrEnd = 4, Name = 5;
            int expect = Value;
            // One bit a level: set for objects, clear for arrays.
            ulong objects = 0;
            if (i >= limit || (s[i] != '{' && s[i] != '[')) return -1;
            while (i < limit)
            {
                char c = s[i];
                if (c == ' ' || c == '\t' || c == '\r') { i++; continue; }
                if (c == '\n')
                {
                    into[o++] = c; i++; lineBreaks++; lastLineStart = i;
                    // The indentation that follows a line break, most of a pretty-printed document, in a loop of its own.
                    while (i < limit && s[i] == ' ') i++;
                    continue;
                }
                switch (expect)
                {
                    case Colon:
                        if (c != ':') return -1;
                        into[o++] = c; i++; expect = Value;
                        continue;
                    case After:
                        if (c == ',') { into[o++] = c; i++; expect = (objects & (1UL << depth)) != 0 ? Name : Value; continue; }
                        if (c == ((objects & (1UL << depth)) != 0 ? '}' : ']')) break;
                        return -1;
                    case NameOrEnd:
                    case Name:
                        if (c == '}' && expect == NameOrEnd) break;
                        if (c != '"') return -1;
                        if ((i = CopyString(s, i, limit, into, ref o)) < 0) return -1;
                        expect = Colon;
                        continue;
                    default: // Value, ValueOrEnd
                        if (c == ']' && expect == ValueOrEnd) break;
                        if (c == '{' || c == '[')
                        {
                            if (++depth > MaxCompactDepth) return -1;
                            if (c == '{') objects |= 1UL << depth; else objects &= ~(1UL << depth);
                            into[o++] = c; i++;
                            expect = c == '{' ? NameOrEnd : ValueOrEnd;
                            continue;
                        }
                        if (c == '"') { if ((i = CopyString(s, i, limit, into, ref o)) < 0) return -1; }
                        else if (c == '-' || (c >= '0' && c <= '9')) { if ((i = CopyNumber(s, i, limit, into, ref o)) < 0) return -1; }
                        else if (c == 't') { if ((i = CopyWord(s, i, limit, "true", into, ref o)) < 0) return -1; }
                        else if (c == 'f') { if ((i = CopyWord(s, i, limit, "false", into, ref o)) < 0) return -1; }
                        else if (c == 'n') { if ((i = CopyWord(s, i, limit, "null", into, ref o)) < 0) return -1; }
                        else return -1;
                        expect = After;
                        continue;
                }
                // A container closes (the cases above break out of the switch only for that).
                into[o++] = c; i++;
                expect = After;
                if (--depth == 0) { end = i; return o; }
            }
            return -1;
        }

        /// <summary>Copies a string token from its opening quote; returns the index after it, or -1 when the parser would refuse it.</summary>
        [MethodImpl(HotPath.Options)]
        private static int CopyString(char[] s, int i, int end, char[] into, ref int o)
        {
            into[o++] = s[i++];
            while (i < end)
            {
                char c = s[i++];
                into[o++] = c;
                // Most characters are above '"' (so neither the quote nor a control character) and not a backslash.
                if (c > '"' && c != '\\') continue;
                if (c == '"') return i;
                if (c < 0x20) return -1;
                if (c != '\\') continue;
                if (i >= end) return -1;
                char e = s[i++];
                into[o++] = e;
                switch (e)
                {
                    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
                    case 'u':
                        if (i + 4 > end) return -1;
                        for (int k = 0; k < 4; k++)
                        {
                            char h = s[i++];
                            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return -1;
                            into[o++] = h;
                        }
                        break;
                    default: return -1;
                }
            }
            return -1;
        }

        /// <summary>Copies a number token (RFC 8259 grammar, ASCII digits only); -1 when it is not one.</summary>
        [MethodImpl(HotPath.Options)]
        private static int CopyNumber(char[] s, int i, int end, char[] into, ref int o)
        {
            int start = i;
            if (s[i] == '-') i++;
            if (i >= end || s[i] < '0' || s[i] > '9') return -1;
            if (s[i] == '0') i++;
            else while (i < end && s[i] >= '0' && s[i] <= '9') i++;
            if (i < end && s[i] == '.')
            {
                i++;
                if (i >= end || s[i] < '0' || s[i] > '9') return -1;
                while (i < end && s[i] >= '0' && s[i] <= '9') i++;
            }
            if (i < end && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                if (i < end && (s[i] == '+' || s[i] == '-')) i++;
                if (i >= end || s[i] < '0' || s[i] > '9') return -1;
                while (i < end && s[i] >= '0' && s[i] <= '9') i++;
            }
            // The parser ends a number at the first character that cannot continue it; the next token must then fit.
            Array.Copy(s, start, into, o, i - start);
            o += i - start;
            return i;
        }

        private static int CopyWord(char[] s, int i, int end, string word, char[] into, ref int o)
        {
            if (i + word.Length > end) return -1;
            for (int k = 0; k < word.Length; k++) if (s[i + k] != word[k]) return -1;
            for (int k = 0; k < word.Length; k++) into[o++] = word[k];
            return i + word.Length;
        }
    }
}
