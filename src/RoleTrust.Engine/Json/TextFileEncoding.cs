using System.IO;
using System.Text;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// How the bytes of a JSON file (a snapshot file, a case file) are decoded: by the byte order mark, or else by the
    /// zero bytes around the first character, since JSON starts with ASCII (Windows PowerShell 5.1's <c>&gt;</c> and
    /// <c>Out-File</c> write UTF-16). The decoders throw <see cref="DecoderFallbackException"/> on bytes that are not
    /// valid in their encoding rather than read them as U+FFFD: two different values would then read the same, and a
    /// condition could match that does not.
    /// </summary>
    public readonly struct TextFileEncoding
    {
        private TextFileEncoding(Encoding encoding, int preambleLength, string name)
        {
            Encoding = encoding;
            PreambleLength = preambleLength;
            Name = name;
        }

        public Encoding Encoding { get; }
        /// <summary>Bytes of byte order mark to skip.</summary>
        public int PreambleLength { get; }
        /// <summary>For messages: "UTF-8", "UTF-16 (little-endian, without byte order mark)" ...</summary>
        public string Name { get; }
        public bool IsUtf8 => ReferenceEquals(Encoding, Utf8);

        /// <summary>The encoding of a file that starts with <paramref name="length"/> bytes of <paramref name="b"/> (four are enough).</summary>
        public static TextFileEncoding Detect(byte[] b, int length)
        {
            if (length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return new TextFileEncoding(Utf32Le, 4, "UTF-32 (little-endian)");
            if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) return new TextFileEncoding(Utf32Be, 4, "UTF-32 (big-endian)");
            if (length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return new TextFileEncoding(Utf8, 3, "UTF-8");
            if (length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return new TextFileEncoding(Utf16Le, 2, "UTF-16 (little-endian)");
            if (length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return new TextFileEncoding(Utf16Be, 2, "UTF-16 (big-endian)");
            if (length >= 2 && b[0] != 0 && b[1] == 0) return new TextFileEncoding(Utf16Le, 0, "UTF-16 (little-endian, without byte order mark)");
            if (length >= 2 && b[0] == 0 && b[1] != 0) return new TextFileEncoding(Utf16Be, 0, "UTF-16 (big-endian, without byte order mark)");
            return new TextFileEncoding(Utf8, 0, "UTF-8");
        }

        /// <summary>A reader of the file's text in its encoding, past its byte order mark.</summary>
        public static StreamReader OpenText(string path, int bufferSize, out TextFileEncoding encoding)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            try
            {
                var start = new byte[4];
                int read = 0, n;
                while (read < start.Length && (n = stream.Read(start, read, start.Length - read)) > 0) read += n;
                encoding = Detect(start, read);
                stream.Position = encoding.PreambleLength;
                return new StreamReader(stream, encoding.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize);
            }
            catch { stream.Dispose(); throw; }
        }

        private static readonly Encoding Utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private static readonly Encoding Utf16Le = new UnicodeEncoding(false, false, throwOnInvalidBytes: true);
        private static readonly Encoding Utf16Be = new UnicodeEncoding(true, false, throwOnInvalidBytes: true);
        private static readonly Encoding Utf32Le = new UTF32Encoding(false, false, throwOnInvalidCharacters: true);
        private static readonly Encoding Utf32Be = new UTF32Encoding(true, false, throwOnInvalidCharacters: true);
    }
}
