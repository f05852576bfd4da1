using System.Collections.Generic;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Policies
{
    /// <summary>A parsed, validated policy ready for evaluation.</summary>
    public sealed class PolicyDocument
    {
        private string? _text;

        public PolicyDocument(string name, PolicyType type, string? version, IReadOnlyList<Statement> statements, IReadOnlyList<string> warnings, string text, string? arn)
            : this(name, type, version, statements, warnings, arn, text, null)
        {
        }

        private PolicyDocument(string name, PolicyType type, string? version, IReadOnlyList<Statement> statements, IReadOnlyList<string> warnings, string? arn,
            string? text, string? source)
        {
            Name = name; Type = type; Version = version; Statements = statements; Warnings = warnings; Arn = arn; _text = text; _source = source;
        }

        /// <summary>
        /// A document whose compact text is written from the text it was parsed from (<paramref name="source"/>) only when
        /// asked for: an index keeps tens of thousands of documents, rarely shows one whole, and the source text is kept
        /// anyway (by the snapshot).
        /// </summary>
        internal static PolicyDocument FromSource(string name, PolicyType type, string? version, IReadOnlyList<Statement> statements, IReadOnlyList<string> warnings,
            string? arn, string source) =>
            new PolicyDocument(name, type, version, statements, warnings, arn, null, source);

        private readonly string? _source;

        /// <summary>Policy name as shown in evidence (inline name, managed policy name, SCP name ...).</summary>
        public string Name { get; }
        public PolicyType Type { get; }
        public string? Version { get; }
        public IReadOnlyList<Statement> Statements { get; }
        /// <summary>Problems that do not stop evaluation but change what AWS does, e.g. duplicate JSON keys.</summary>
        public IReadOnlyList<string> Warnings { get; }
        /// <summary>The policy as compact JSON text.</summary>
        public string Text => _text ??= JsonWriter.Write(JsonParser.Parse(PolicyParser.DecodePolicyText(_source!)));
        /// <summary>Managed policy, SCP or RCP ARN, when known (AWS appends it to some denial messages).</summary>
        public string? Arn { get; }
        /// <summary>Policy variables are only substituted with "Version":"2012-10-17".</summary>
        public bool VariablesEnabled => Version == "2012-10-17";

        /// <summary>The same document under another name, sharing its statements (the trust graph names one trust text per role).</summary>
        internal PolicyDocument Renamed(string name) => new PolicyDocument(name, Type, Version, Statements, Warnings, Arn, _text, _source);

        public override string ToString() => Name;
    }
}
