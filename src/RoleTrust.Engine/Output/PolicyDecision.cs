using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust
{
    /// <summary>
    /// What Test-IamPolicy writes: the decision for one request, layer by layer, with the deciding statements.
    /// Decisions, layers and outcomes are strings holding their names, so ConvertTo-Json writes names in Windows
    /// PowerShell 5.1 and PowerShell 7 alike; list properties are <see cref="ReadableList{T}"/>, so Export-Csv cells
    /// read as text while ConvertTo-Json still writes arrays.
    /// </summary>
    public sealed class PolicyDecision
    {
        [MethodImpl(HotPath.Options)]
        public PolicyDecision(string? id, EvaluationRequest request, EvaluationResult result, IReadOnlyList<string> warnings, string? expected)
        {
            Id = id;
            Decision = OutputNames.Of(result.Decision);
            Action = request.Action;
            Resource = request.Resource;
            Principal = request.Principal.Arn;
            SameAccount = result.SameAccount;
            DecidingLayer = result.DecidingLayer is PolicyLayer deciding ? OutputNames.Of(deciding) : null;
            // One output object per statement, shared by its layer's lists and the decision's: each layer's allowing
            // statements, then its denying ones, in layer order (as result.Allowing and result.Denying list them).
            var layers = new LayerFacts[result.Layers.Count];
            int count = result.Allowing.Count + result.Denying.Count;
            var statements = count == 0 ? NoStatements : new PolicyStatementRef[count];
            int next = 0;
            for (int i = 0; i < layers.Length; i++)
            {
                var layer = result.Layers[i];
                int allowing = next;
                for (int k = 0; k < layer.Allowing.Count; k++) statements[next++] = new PolicyStatementRef(layer.Allowing[k]);
                int denying = next;
                for (int k = 0; k < layer.Denying.Count; k++) statements[next++] = new PolicyStatementRef(layer.Denying[k]);
                layers[i] = new LayerFacts(layer, allowing, denying, next);
            }
            _layers = layers;
            _statements = statements;
            ServiceControlPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ServiceControlPolicy));
            ResourceControlPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ResourceControlPolicy));
            VpcEndpointPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.VpcEndpointPolicy));
            ResourcePolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.ResourcePolicy));
            IdentityPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.IdentityPolicy));
            PermissionsBoundary = OutputNames.Of(result.OutcomeOf(PolicyLayer.PermissionsBoundary));
            SessionPolicy = OutputNames.Of(result.OutcomeOf(PolicyLayer.SessionPolicy));
            ErrorText = result.ErrorText;
            Warnings = warnings.Count == 0 ? ReadableList<string>.Empty : ReadableList.From(warnings);
            if (expected != null)
            {
                Expected = expected;
                AsExpected = Matches(expected, result.Decision);
            }
        }

        // The layers as flat facts, their list objects made when first read. A suite's decisions are mostly kept in a
        // variable and never shown in full, and every object they hold is work for each garbage collection that runs
        // while Test-IamPolicy -Path goes on: ten list objects per decision made 3,000 cases markedly slower.
        private static readonly PolicyStatementRef[] NoStatements = new PolicyStatementRef[0];
        private readonly LayerFacts[] _layers;
        private readonly PolicyStatementRef[] _statements;
        private Lists? _lists;

        private readonly struct LayerFacts
        {
            public LayerFacts(LayerResult layer, int allowing, int denying, int end)
            {
                Layer = OutputNames.Of(layer.Layer); Outcome = OutputNames.Of(layer.Outcome); Note = layer.Note;
                Allowing = allowing; Denying = denying; End = end;
            }
            public readonly string Layer, Outcome;
            public readonly string? Note;
            /// <summary>Where the layer's allowing statements start in _statements, where its denying ones start, and where they end.</summary>
            public readonly int Allowing, Denying, End;
        }

        private sealed class Lists
        {
            public Lists(ReadableList<PolicyLayerResult> layers, ReadableList<PolicyStatementRef> allowedBy, ReadableList<PolicyStatementRef> deniedBy)
            {
                Layers = layers; AllowedBy = allowedBy; DeniedBy = deniedBy;
            }
            public readonly ReadableList<PolicyLayerResult> Layers;
            public readonly ReadableList<PolicyStatementRef> AllowedBy, DeniedBy;
        }

        private Lists Made
        {
            get
            {
                var lists = _lists;
                if (lists != null) return lists;
                var layers = new PolicyLayerResult[_layers.Length];
                var allowed = new List<PolicyStatementRef>();
                var denied = new List<PolicyStatementRef>();
                for (int i = 0; i < layers.Length; i++)
                {
                    var f = _layers[i];
                    var allowedBy = Slice(f.Allowing, f.Denying);
                    var deniedBy = Slice(f.Denying, f.End);
                    allowed.AddRange(allowedBy);
                    denied.AddRange(deniedBy);
                    layers[i] = new PolicyLayerResult(f.Layer, f.Outcome, f.Note, allowedBy, deniedBy);
                }
                lists = new Lists(layers.Length == 0 ? ReadableList<PolicyLayerResult>.Empty : new ReadableList<PolicyLayerResult>(layers),
                    allowed.Count == 0 ? ReadableList<PolicyStatementRef>.Empty : new ReadableList<PolicyStatementRef>(allowed.ToArray()),
                    denied.Count == 0 ? ReadableList<PolicyStatementRef>.Empty : new ReadableList<PolicyStatementRef>(denied.ToArray()));
                // Two threads reading at once keep the same lists: whichever made them first.
                return System.Threading.Interlocked.CompareExchange(ref _lists, lists, null) ?? lists;
            }
        }

        private ReadableList<PolicyStatementRef> Slice(int start, int end)
        {
            if (start == end) return ReadableList<PolicyStatementRef>.Empty;
            var items = new PolicyStatementRef[end - start];
            System.Array.Copy(_statements, start, items, 0, items.Length);
            return new ReadableList<PolicyStatementRef>(items);
        }

        public string? Id { get; }
        /// <summary>Allowed, ImplicitlyDenied or ExplicitlyDenied.</summary>
        public string Decision { get; }
        public string Action { get; }
        public string Resource { get; }
        public string Principal { get; }
        public bool SameAccount { get; }
        /// <summary>The layer AWS names in the AccessDenied message; null when allowed.</summary>
        public string? DecidingLayer { get; }
        /// <summary>The SCP layer's outcome: NotPresent, Allowed, ImplicitlyDenied, ExplicitlyDenied, NotRequired or Exempt (so for every layer below).</summary>
        public string ServiceControlPolicy { get; }
        public string ResourceControlPolicy { get; }
        public string VpcEndpointPolicy { get; }
        public string ResourcePolicy { get; }
        public string IdentityPolicy { get; }
        public string PermissionsBoundary { get; }
        public string SessionPolicy { get; }
        /// <summary>Every layer that took part, in evaluation order.</summary>
        public ReadableList<PolicyLayerResult> Layers => Made.Layers;
        /// <summary>Statements that allowed (policy name and 0-based index).</summary>
        public ReadableList<PolicyStatementRef> AllowedBy => Made.AllowedBy;
        /// <summary>Statements that explicitly denied.</summary>
        public ReadableList<PolicyStatementRef> DeniedBy => Made.DeniedBy;
        /// <summary>The AccessDenied message AWS would return; empty when allowed.</summary>
        public string? ErrorText { get; }
        public ReadableList<string> Warnings { get; }
        public string? Expected { get; }
        /// <summary>Whether the decision matched the case's expect value; null when the case had none.</summary>
        public bool? AsExpected { get; }

        /// <summary>Accepts Allowed/Allow, Denied/Deny (either kind), ImplicitlyDenied/ImplicitDeny, ExplicitlyDenied/ExplicitDeny.</summary>
        public static bool Matches(string expected, Decision decision)
        {
            switch (Normalize(expected))
            {
                case "allowed": case "allow": return decision == RoleTrust.Decision.Allowed;
                case "denied": case "deny": return decision != RoleTrust.Decision.Allowed;
                case "implicitlydenied": case "implicitdeny": return decision == RoleTrust.Decision.ImplicitlyDenied;
                case "explicitlydenied": case "explicitdeny": return decision == RoleTrust.Decision.ExplicitlyDenied;
                default: return false;
            }
        }

        public static bool IsKnownExpectation(string expected)
        {
            string e = Normalize(expected);
            return e == "allowed" || e == "allow" || e == "denied" || e == "deny" || e == "implicitlydenied" || e == "implicitdeny" || e == "explicitlydenied" || e == "explicitdeny";
        }

        private static string Normalize(string expected)
        {
            var chars = new char[expected.Length];
            int n = 0;
            foreach (char c in expected) if (char.IsLetter(c)) chars[n++] = char.ToLowerInvariant(c);
            return new string(chars, 0, n);
        }

        public override string ToString() => Id == null ? Decision : $"{Id}: {Decision}";
    }
}
