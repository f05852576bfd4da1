using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;

namespace RoleTrust.Graph
{
    /// <summary>
    /// What the statements that can decide an sts:AssumeRole request read: the condition keys they test, the conditions
    /// on keys that name one principal, and whether they use policy variables. Two requests that differ only in values no
    /// such statement reads, and whose principal-naming conditions come out the same, get the same decision.
    /// </summary>
    internal sealed class StatementTraits
    {
        /// <summary>Keys that name one principal: a statement reading them decides per principal, never per group.</summary>
        private static readonly HashSet<string> PrincipalSpecific = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:PrincipalArn", "aws:username", "aws:userid",
        };

        // Exact-size arrays (a shared empty one when there is nothing) rather than a set and a list: the index keeps some
        // 38,000 traits, a few keys and conditions each, and a set with its entries and buckets and a list with its array
        // were some 100,000 objects every full collection marked. A few keys are found as fast by a scan.
        private string[] _keys = NoKeys;
        private Condition[] _principalConditions = NoConditions;
        private static readonly string[] NoKeys = new string[0];
        private static readonly Condition[] NoConditions = new Condition[0];

        /// <summary>The condition keys the statements test, each once (compared case-insensitively).</summary>
        public FixedList<string> Keys => new FixedList<string>(_keys);
        /// <summary>Conditions on aws:PrincipalArn, aws:username or aws:userid: their outcome per principal is part of a decision's inputs.</summary>
        public FixedList<Condition> PrincipalConditions => new FixedList<Condition>(_principalConditions);
        public bool Variables;
        /// <summary>Some statement reads aws:PrincipalAccount / aws:ResourceAccount (a pair's key holds that account then: asked for every pair).</summary>
        public bool ReadsPrincipalAccount, ReadsResourceAccount;
        /// <summary>A trust statement with a Resource element (IAM rejects those; the path checks point them out).</summary>
        public bool ResourceInTrust;

        [MethodImpl(HotPath.Options)]
        public static bool Decides(Statement s) => s.MatchesAction("sts:AssumeRole");

        /// <summary>True for aws:PrincipalArn, aws:username and aws:userid.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool NamesPrincipal(string key) => PrincipalSpecific.Contains(key);

        [MethodImpl(HotPath.Options)]
        public void Add(PolicyDocument doc, Statement s)
        {
            foreach (var c in s.Conditions)
            {
                AddKey(c.Key);
                ReadsPrincipalAccount |= string.Equals(c.Key, "aws:PrincipalAccount", StringComparison.OrdinalIgnoreCase);
                ReadsResourceAccount |= string.Equals(c.Key, "aws:ResourceAccount", StringComparison.OrdinalIgnoreCase);
                if (PrincipalSpecific.Contains(c.Key)) AddPrincipalCondition(c);
                if (doc.VariablesEnabled) foreach (var v in c.Values) if (PolicyVariables.ContainsVariable(v)) Variables = true;
            }
            if (s.Resource != null && doc.VariablesEnabled) foreach (var p in s.Resource.Patterns) if (PolicyVariables.ContainsVariable(p)) Variables = true;
        }

        [MethodImpl(HotPath.Options)]
        public void Add(StatementTraits other)
        {
            foreach (var k in other._keys) AddKey(k);
            foreach (var c in other._principalConditions) AddPrincipalCondition(c);
            Variables |= other.Variables;
            ReadsPrincipalAccount |= other.ReadsPrincipalAccount;
            ReadsResourceAccount |= other.ReadsResourceAccount;
            ResourceInTrust |= other.ResourceInTrust;
        }

        /// <summary>
        /// True when the decision cannot be shared between principals: policy variables (whose values name the principal
        /// or its tags) or too many principal-naming conditions to keep their outcomes as bits.
        /// </summary>
        public bool Unshareable => Variables || _principalConditions.Length > 64;

        /// <summary>The outcome of each principal-naming condition for the principal whose keys the context holds, as bits.</summary>
        [MethodImpl(HotPath.Options)]
        public ulong PrincipalBits(RequestContext principalKeys)
        {
            ulong bits = 0;
            var conditions = _principalConditions;
            for (int i = 0; i < conditions.Length && i < 64; i++)
                if (conditions[i].Evaluate(principalKeys)) bits |= 1UL << i;
            return bits;
        }

        [MethodImpl(HotPath.Options)]
        public bool Reads(string key)
        {
            foreach (var k in _keys) if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        [MethodImpl(HotPath.Options)]
        public bool ReadsPrefix(string prefix)
        {
            foreach (var k in _keys) if (k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>Traits are filled while the index is built (by one thread each) and only read once shared.</summary>
        private void AddKey(string key)
        {
            if (!Reads(key)) _keys = FixedArray.Append(_keys, key);
        }

        /// <summary>Each condition once (the same condition object: statements are shared between policies of the same text).</summary>
        private void AddPrincipalCondition(Condition c)
        {
            foreach (var known in _principalConditions) if (ReferenceEquals(known, c)) return;
            _principalConditions = FixedArray.Append(_principalConditions, c);
        }
    }
}
