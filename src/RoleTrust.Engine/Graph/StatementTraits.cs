using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RoleTrust.Engine;
using RoleTrust.Engine.Evaluation;
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

        public readonly HashSet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Conditions on aws:PrincipalArn, aws:username or aws:userid: their outcome per principal is part of a decision's inputs.</summary>
        public readonly List<Condition> PrincipalConditions = new List<Condition>();
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
                Keys.Add(c.Key);
                ReadsPrincipalAccount |= string.Equals(c.Key, "aws:PrincipalAccount", StringComparison.OrdinalIgnoreCase);
                ReadsResourceAccount |= string.Equals(c.Key, "aws:ResourceAccount", StringComparison.OrdinalIgnoreCase);
                if (PrincipalSpecific.Contains(c.Key) && !PrincipalConditions.Contains(c)) PrincipalConditions.Add(c);
                if (doc.VariablesEnabled) foreach (var v in c.Values) if (PolicyVariables.ContainsVariable(v)) Variables = true;
            }
            if (s.Resource != null && doc.VariablesEnabled) foreach (var p in s.Resource.Patterns) if (PolicyVariables.ContainsVariable(p)) Variables = true;
        }

        [MethodImpl(HotPath.Options)]
        public void Add(StatementTraits other)
        {
            Keys.UnionWith(other.Keys);
            foreach (var c in other.PrincipalConditions) if (!PrincipalConditions.Contains(c)) PrincipalConditions.Add(c);
            Variables |= other.Variables;
            ReadsPrincipalAccount |= other.ReadsPrincipalAccount;
            ReadsResourceAccount |= other.ReadsResourceAccount;
            ResourceInTrust |= other.ResourceInTrust;
        }

        /// <summary>
        /// True when the decision cannot be shared between principals: policy variables (whose values name the principal
        /// or its tags) or too many principal-naming conditions to keep their outcomes as bits.
        /// </summary>
        public bool Unshareable => Variables || PrincipalConditions.Count > 64;

        /// <summary>The outcome of each principal-naming condition for the principal whose keys the context holds, as bits.</summary>
        [MethodImpl(HotPath.Options)]
        public ulong PrincipalBits(RequestContext principalKeys)
        {
            ulong bits = 0;
            for (int i = 0; i < PrincipalConditions.Count && i < 64; i++)
                if (PrincipalConditions[i].Evaluate(principalKeys)) bits |= 1UL << i;
            return bits;
        }

        [MethodImpl(HotPath.Options)]
        public bool Reads(string key) => Keys.Contains(key);

        [MethodImpl(HotPath.Options)]
        public bool ReadsPrefix(string prefix)
        {
            foreach (var k in Keys) if (k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
