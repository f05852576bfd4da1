using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;

namespace RoleTrust.Engine.Policies
{
    public enum Effect { Allow, Deny }

    /// <summary>One statement, compiled for evaluation, with its original text kept as evidence.</summary>
    public sealed class Statement
    {
        public Statement(int index, string? sid, Effect effect, ActionPattern action, bool notAction,
            ResourcePattern? resource, bool notResource, PrincipalPattern? principal, bool notPrincipal,
            IReadOnlyList<Condition> conditions, string text)
        {
            Index = index; Sid = sid; Effect = effect; Action = action; IsNotAction = notAction;
            Resource = resource; IsNotResource = notResource; Principal = principal; IsNotPrincipal = notPrincipal;
            Conditions = conditions; _text = text;
        }

        /// <summary>
        /// A statement whose text is cut from its document's compact text (<paramref name="documentText"/>, from
        /// <paramref name="start"/>) only when asked for: most statements evaluated are never shown.
        /// </summary>
        internal Statement(int index, string? sid, Effect effect, ActionPattern action, bool notAction,
            ResourcePattern? resource, bool notResource, PrincipalPattern? principal, bool notPrincipal,
            IReadOnlyList<Condition> conditions, string documentText, int start, int length)
        {
            Index = index; Sid = sid; Effect = effect; Action = action; IsNotAction = notAction;
            Resource = resource; IsNotResource = notResource; Principal = principal; IsNotPrincipal = notPrincipal;
            Conditions = conditions;
            if (start == 0 && length == documentText.Length) _text = documentText;
            else { _documentText = documentText; _start = start; _length = length; }
        }

        private string? _text;
        // Dropped once the text is cut, so that a statement kept without its document (an index's) does not keep the document's text.
        private string? _documentText;
        private readonly int _start, _length;

        /// <summary>0-based position in the policy's Statement list.</summary>
        public int Index { get; }
        public string? Sid { get; }
        public Effect Effect { get; }
        public ActionPattern Action { get; }
        public bool IsNotAction { get; }
        /// <summary>Null when the statement has no Resource element (trust policies).</summary>
        public ResourcePattern? Resource { get; }
        public bool IsNotResource { get; }
        /// <summary>Null when the statement has no Principal element (identity-based policies, SCPs).</summary>
        public PrincipalPattern? Principal { get; }
        public bool IsNotPrincipal { get; }
        public IReadOnlyList<Condition> Conditions { get; }
        /// <summary>The statement as compact JSON.</summary>
        public string Text
        {
            get
            {
                var text = _text;
                if (text != null) return text;
                var document = Volatile.Read(ref _documentText);
                // Null only after another thread has set the text (it is written before the document is dropped).
                if (document == null) return _text!;
                text = document.Substring(_start, _length);
                _text = text;
                Volatile.Write(ref _documentText, null);
                return text;
            }
        }

        [MethodImpl(HotPath.Options)]
        public bool MatchesAction(string action) => Action.Matches(action) != IsNotAction;

        [MethodImpl(HotPath.Options)]
        public bool MatchesResource(string resource, RequestContext context) =>
            Resource == null || Resource.Matches(resource, context) != IsNotResource;

        /// <summary>How the Principal element admits the caller (Wildcard when the statement has none).</summary>
        [MethodImpl(HotPath.Options)]
        public PrincipalMatch MatchPrincipal(PrincipalIdentity caller)
        {
            if (Principal == null) return PrincipalMatch.Wildcard;
            if (!IsNotPrincipal) return Principal.Match(caller);
            return Principal.ReachThroughUnlisted(caller);
        }

        [MethodImpl(HotPath.Options)]
        public bool ConditionsHold(RequestContext context)
        {
            // Indexed, not foreach: an interface's enumerator is an allocation per statement evaluated.
            var conditions = Conditions;
            for (int i = 0; i < conditions.Count; i++) if (!conditions[i].Evaluate(context)) return false;
            return true;
        }

        /// <summary>The first condition that fails, for explanations; null when all hold.</summary>
        public Condition? FirstFailingCondition(RequestContext context)
        {
            var conditions = Conditions;
            for (int i = 0; i < conditions.Count; i++) if (!conditions[i].Evaluate(context)) return conditions[i];
            return null;
        }

        public override string ToString() => Sid == null ? $"#{Index} {Effect}" : $"#{Index} {Sid} {Effect}";
    }
}
