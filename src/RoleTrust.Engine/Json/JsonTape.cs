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

        internal JsonKind[] Kinds;
        internal int[] Lines;
        internal string?[] Texts;
        // First slot and slot count of an object or array.
        internal int[] Starts;
        internal int[] Counts;
        // Where an object or array lies in Source when its text there is already compact (no white space, no escape), else -1.
        internal int[] From;
        internal int[] To;
        internal int NodeCount;

        /// <summary>The characters the last text was parsed from (null for values added from trees); valid until the next parse.</summary>
        internal char[]? Source;

        // Slots: an object's member names and values, an array's items (names null).
        internal string?[] Names;
        internal int[] Values;
        internal int SlotCount;

        // The members and items of the objects and arrays being parsed, innermost last (kept with the tape for its next parse).
        internal string?[] StackNames = new string?[64];
        internal int[] StackValues = new int[64];

        public JsonTape() : this(1024) { }

        /// <summary>A tape with room for <paramref name="capacity"/> values before it grows (a case bound from parameters holds a few dozen).</summary>
        public JsonTape(int capacity)
        {
            capacity = Math.Max(capacity, 4);
            Kinds = new JsonKind[capacity]; Lines = new int[capacity]; Texts = new string?[capacity];
            Starts = new int[capacity]; Counts = new int[capacity]; From = new int[capacity]; To = new int[capacity];
            Names = new string?[capacity]; Values = new int[capacity];
        }

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
            Source = buffer;
            Root = JsonTapeParser.Parse(this, buffer, 0, length, rawMembers ?? throw new ArgumentNullException(nameof(rawMembers)),
                rawPool ?? throw new ArgumentNullException(nameof(rawPool)), strings: null);
        }

        /// <summary>
        /// Parses <paramref name="length"/> characters of a buffer from <paramref name="start"/> into this tape, replacing what
        /// it held (one line of a JSON Lines file read in blocks): as <see cref="JsonParser.Parse(char[], int, int, ICollection{string})"/>
        /// reads it, lines and columns in errors counted from <paramref name="start"/>.
        /// </summary>
        public void Parse(char[] buffer, int start, int length)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (start < 0 || length < 0 || start + length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(length));
            Clear();
            Source = buffer;
            Root = JsonTapeParser.Parse(this, buffer, start, start + length, null, null, strings: null);
        }

        /// <summary>As <see cref="Parse(char[], int, int)"/>, short strings taken from (and added to) <paramref name="strings"/>, which texts parsed one after another share.</summary>
        internal void Parse(char[] buffer, int length, StringTable? strings)
        {
            Clear();
            Source = buffer;
            Root = JsonTapeParser.Parse(this, buffer, 0, length, null, null, strings);
        }

        /// <summary>
        /// Adds a tree's values to the tape after those it holds, without clearing it (a case bound from parameters, a policy
        /// PowerShell built); returns the tree's value. Lines are the tree's.
        /// </summary>
        public int Append(JsonNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            int top = 0;
            return Append(node, ref top, 0);
        }

        private int Append(JsonNode node, ref int top, int depth)
        {
            // Trees come from the parser (64 levels at most) or from PowerShell objects (bounded by the converter); this guards the stack.
            if (depth > 256) throw new ArgumentException("The JSON value is nested too deeply.", nameof(node));
            switch (node.Kind)
            {
                case JsonKind.Object:
                {
                    int first = top;
                    foreach (var m in node.Members!)
                    {
                        int value = Append(m.Value, ref top, depth + 1);
                        PushStack(m.Key, value, ref top);
                    }
                    int added = AddContainer(JsonKind.Object, node.Line, StackNames, StackValues, first, top - first, -1, -1);
                    Array.Clear(StackNames, first, top - first);
                    top = first;
                    return added;
                }
                case JsonKind.Array:
                {
                    int first = top;
                    foreach (var item in node.Items!) PushStack(null, Append(item, ref top, depth + 1), ref top);
                    int added = AddContainer(JsonKind.Array, node.Line, null, StackValues, first, top - first, -1, -1);
                    top = first;
                    return added;
                }
                default:
                    return AddValue(node.Kind, node.Text, node.Line);
            }
        }

        private void PushStack(string? name, int value, ref int top)
        {
            if (top == StackValues.Length)
            {
                Array.Resize(ref StackNames, top * 2);
                Array.Resize(ref StackValues, top * 2);
            }
            StackNames[top] = name;
            StackValues[top++] = value;
        }

        /// <summary>Whether any object within a value repeats a member name (rare: the policy parser's warning pass runs only then).</summary>
        [MethodImpl(HotPath.Options)]
        public bool HasDuplicateNames(int value)
        {
            var kind = Kinds[value];
            if (kind != JsonKind.Object && kind != JsonKind.Array) return false;
            int start = Starts[value], end = start + Counts[value];
            for (int i = start; i < end; i++)
            {
                if (kind == JsonKind.Object)
                    for (int j = start; j < i; j++) if (Names[j] == Names[i]) return true;
                if (HasDuplicateNames(Values[i])) return true;
            }
            return false;
        }

        /// <summary>Forgets the text parsed last, so that the tape holds none of its strings alive.</summary>
        public void Clear()
        {
            Array.Clear(Texts, 0, NodeCount);
            Array.Clear(Names, 0, SlotCount);
            NodeCount = 0; SlotCount = 0; Root = None; Source = null;
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

        /// <summary>
        /// Where an object or array lies in <see cref="Source"/>, when its text there is already the compact text
        /// <see cref="JsonWriter"/> would write: copying it is cheaper than writing it. False otherwise.
        /// </summary>
        internal bool TryCompactSpan(int value, out int from, out int to)
        {
            from = From[value]; to = To[value];
            return from >= 0 && Source != null && (Kinds[value] == JsonKind.Object || Kinds[value] == JsonKind.Array);
        }

        /// <summary>
        /// A closed object or array whose slots are <paramref name="count"/> names and values from the given stacks;
        /// <paramref name="compactFrom"/> and <paramref name="compactTo"/> its compact text in the source, or -1.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal int AddContainer(JsonKind kind, int line, string?[]? names, int[] values, int from, int count, int compactFrom, int compactTo)
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
            Starts[n] = start; Counts[n] = count; From[n] = compactFrom; To[n] = compactTo;
            return n;
        }

        private void GrowNodes()
        {
            int size = Kinds.Length * 2;
            Array.Resize(ref Kinds, size); Array.Resize(ref Lines, size); Array.Resize(ref Texts, size);
            Array.Resize(ref Starts, size); Array.Resize(ref Counts, size); Array.Resize(ref From, size); Array.Resize(ref To, size);
        }

        private void GrowSlots(int needed)
        {
            int size = Math.Max(needed, Values.Length * 2);
            Array.Resize(ref Names, size); Array.Resize(ref Values, size);
        }
    }
}
