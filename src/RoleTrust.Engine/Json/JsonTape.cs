using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace RoleTrust.Engine.Json
{
    /// <summary>
    /// A parsed JSON text held in a few arrays instead of a tree of objects: a value is a number (its index), and the
    /// members of an object and items of an array are consecutive slots. One tape is reused for text after text, so
    /// reading a large file allocates only the strings it keeps.
    /// <para>
    /// What a snapshot load reads its account files with: as <see cref="JsonNode"/> trees, a 500 MB snapshot allocated
    /// some 260 MB of nodes and lists that were garbage once each file was read, and the collections they caused copied
    /// the entities already read over and over. The text is read exactly as <see cref="JsonParser"/> reads it (the same
    /// grammar, errors with the same messages, lines and columns; duplicate member names kept; raw members kept as text).
    /// </para>
    /// </summary>
    public sealed class JsonTape
    {
        /// <summary>The value that is not there (an absent member).</summary>
        public const int None = -1;

        internal JsonKind[] Kinds = new JsonKind[1024];
        internal int[] Lines = new int[1024];
        internal string?[] Texts = new string?[1024];
        // First slot and slot count of an object or array.
        internal int[] Starts = new int[1024];
        internal int[] Counts = new int[1024];
        internal int NodeCount;

        // Slots: an object's member names and values, an array's items (names null).
        internal string?[] Names = new string?[1024];
        internal int[] Values = new int[1024];
        internal int SlotCount;

        // The members and items of the objects and arrays being parsed, innermost last (kept with the tape for its next parse).
        internal string?[] StackNames = new string?[64];
        internal int[] StackValues = new int[64];

        /// <summary>The top-level value of the last text parsed.</summary>
        public int Root { get; internal set; } = None;

        /// <summary>
        /// Parses JSON text into this tape, replacing what it held. As <see cref="JsonParser.Parse(char[], int, ICollection{string}, RawTextPool)"/>:
        /// object or array values of members named in <paramref name="rawMembers"/> are kept as their text (a String value),
        /// stored in <paramref name="rawPool"/>; member names and short values are each created once per parse.
        /// </summary>
        public void Parse(char[] buffer, int length, ICollection<string> rawMembers, RawTextPool rawPool)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (length < 0 || length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
            Clear();
            Root = JsonTapeParser.Parse(this, buffer, length, rawMembers ?? throw new ArgumentNullException(nameof(rawMembers)),
                rawPool ?? throw new ArgumentNullException(nameof(rawPool)));
        }

        /// <summary>Forgets the text parsed last, so that the tape holds none of its strings alive.</summary>
        public void Clear()
        {
            Array.Clear(Texts, 0, NodeCount);
            Array.Clear(Names, 0, SlotCount);
            NodeCount = 0; SlotCount = 0; Root = None;
        }

        public JsonKind Kind(int value) => Kinds[value];

        /// <summary>String content, number literal, or "true"/"false"/"null"; null for an object or array.</summary>
        public string? Text(int value) => Texts[value];

        /// <summary>1-based source line.</summary>
        public int Line(int value) => Lines[value];

        /// <summary>Members of an object or items of an array (0 for other values).</summary>
        public int Count(int value) => Counts[value];

        /// <summary>An array's item (or an object's member value) by position.</summary>
        public int Item(int value, int index) => Values[Starts[value] + index];

        /// <summary>An object's member name by position, duplicates included.</summary>
        public string MemberName(int value, int index) => Names[Starts[value] + index]!;

        /// <summary>The last member with this name (AWS semantics for duplicates), or <see cref="None"/>; None also when the value is not an object.</summary>
        [MethodImpl(HotPath.Options)]
        public int Get(int value, string name)
        {
            if (Kinds[value] != JsonKind.Object) return None;
            for (int i = Starts[value] + Counts[value] - 1; i >= Starts[value]; i--)
                if (Names[i] == name) return Values[i];
            return None;
        }

        [MethodImpl(HotPath.Options)]
        internal int AddValue(JsonKind kind, string? text, int line)
        {
            int n = NodeCount;
            if (n == Kinds.Length) GrowNodes();
            Kinds[n] = kind; Texts[n] = text; Lines[n] = line; Starts[n] = 0; Counts[n] = 0;
            NodeCount = n + 1;
            return n;
        }

        /// <summary>A closed object or array whose slots are <paramref name="count"/> names and values from the given stacks.</summary>
        [MethodImpl(HotPath.Options)]
        internal int AddContainer(JsonKind kind, int line, string?[]? names, int[] values, int from, int count)
        {
            int start = SlotCount;
            if (start + count > Values.Length) GrowSlots(start + count);
            // Loops rather than Array.Copy: most containers have a few slots, fewer than a call to Array.Copy costs.
            int[] toValues = Values;
            for (int i = 0; i < count; i++) toValues[start + i] = values[from + i];
            if (names != null)
            {
                string?[] toNames = Names;
                for (int i = 0; i < count; i++) toNames[start + i] = names[from + i];
            }
            SlotCount = start + count;
            int n = AddValue(kind, null, line);
            Starts[n] = start; Counts[n] = count;
            return n;
        }

        private void GrowNodes()
        {
            int size = Kinds.Length * 2;
            Array.Resize(ref Kinds, size); Array.Resize(ref Lines, size); Array.Resize(ref Texts, size);
            Array.Resize(ref Starts, size); Array.Resize(ref Counts, size);
        }

        private void GrowSlots(int needed)
        {
            int size = Math.Max(needed, Values.Length * 2);
            Array.Resize(ref Names, size); Array.Resize(ref Values, size);
        }
    }
}
