using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// A principal's own identity statements that can decide sts:AssumeRole, with their documents: the evidence of its
    /// edges. Principals stamped out alike hold the same documents (a managed policy, an inline policy of one name and
    /// text), so equal lists are one object, shared with the statement references its edges cite.
    /// </summary>
    internal sealed class OwnStatements
    {
        public static readonly OwnStatements None = new OwnStatements(new (PolicyDocument, Statement)[0]);

        public OwnStatements((PolicyDocument Doc, Statement Statement)[] items)
        {
            Items = items;
            Statements = new Statement[items.Length];
            for (int i = 0; i < items.Length; i++) Statements[i] = items[i].Statement;
            _refs = new StatementRef?[items.Length];
        }

        public (PolicyDocument Doc, Statement Statement)[] Items { get; }
        /// <summary>The statements alone, in the same order.</summary>
        public Statement[] Statements { get; }
        public int Length => Items.Length;

        private readonly StatementRef?[] _refs;

        /// <summary>The statement at this position as evidence: one reference for every edge that cites it.</summary>
        public StatementRef Ref(int position) =>
            _refs[position] ??= new StatementRef(PolicyLayer.IdentityPolicy, Items[position].Doc, Items[position].Statement, null);

        /// <summary>Lists are equal when they hold the same documents and statements (by reference), in the same order.</summary>
        internal sealed class Same : IEqualityComparer<(PolicyDocument Doc, Statement Statement)[]>
        {
            public static readonly Same Instance = new Same();

            public bool Equals((PolicyDocument Doc, Statement Statement)[]? a, (PolicyDocument Doc, Statement Statement)[]? b)
            {
                if (ReferenceEquals(a, b)) return true;
                if (a == null || b == null || a.Length != b.Length) return false;
                for (int i = 0; i < a.Length; i++)
                    if (!ReferenceEquals(a[i].Doc, b[i].Doc) || !ReferenceEquals(a[i].Statement, b[i].Statement)) return false;
                return true;
            }

            public int GetHashCode((PolicyDocument Doc, Statement Statement)[] items)
            {
                unchecked
                {
                    int h = items.Length;
                    foreach (var (doc, s) in items) h = (h * 31 + RuntimeHelpers.GetHashCode(doc)) * 31 + RuntimeHelpers.GetHashCode(s);
                    return h;
                }
            }
        }
    }
}
