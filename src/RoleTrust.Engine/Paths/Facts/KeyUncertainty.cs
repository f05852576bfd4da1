using System;
using System.Collections.Generic;
using RoleTrust.Engine.Evaluation;

namespace RoleTrust.Paths.Facts
{
    /// <summary>
    /// Condition keys a real request would carry (or might carry) but whose value this request does not state: the
    /// network a call comes from, the caller's organization when it cannot be read, tags a malformed field hides. A
    /// condition on such a key decides nothing: a statement that depends on one may or may not apply.
    /// </summary>
    public sealed class KeyUncertainty
    {
        /// <summary>Keys every real request carries (or may carry) but that only the caller can tell.</summary>
        internal static readonly HashSet<string> EnvironmentKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:RequestedRegion", "aws:UserAgent",
            "aws:Referer", "aws:TokenIssueTime", "aws:MultiFactorAuthAge", "aws:SourceIdentity", "aws:CalledVia",
            "aws:CalledViaFirst", "aws:CalledViaLast", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4",
            "ec2:SourceInstanceARN", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
        };

        private readonly RequestContext _context;
        private readonly Dictionary<string, string?> _keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _prefixes = new List<string>();
        private readonly HashSet<string> _knownAbsent = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        internal KeyUncertainty(RequestContext context) { _context = context; }

        /// <summary>
        /// A key that is absent or has a value not known (it is not in the context). With <paramref name="otherValue"/>,
        /// the key is either absent or holds a value like it (e.g. another organization's ID): a condition that comes out
        /// the same both ways is certain.
        /// </summary>
        internal void AddKey(string key, string? otherValue = null) => _keys[key] = otherValue;
        /// <summary>
        /// The organization keys of an account outside the organization the data describes: absent, or another
        /// organization's (never the described one's).
        /// </summary>
        internal void AddOtherOrganization(string idKey, string pathsKey)
        {
            AddKey(idKey, OtherOrganizationId);
            AddKey(pathsKey, OtherOrganizationId + "/r-unknown/");
        }

        /// <summary>A value no real organization has: an account outside the known organization is in none or in another one.</summary>
        private const string OtherOrganizationId = "o-unknownother";

        /// <summary>A key the request certainly does not carry, though requests in general might (aws:SourceIp through a VPC endpoint).</summary>
        internal void KnownAbsent(string key) => _knownAbsent.Add(key);

        /// <summary>Every key under a prefix, e.g. aws:PrincipalTag/ when the principal's tags cannot be read.</summary>
        internal void AddPrefix(string prefix) => _prefixes.Add(prefix);

        /// <summary>True when the outcome of the condition depends on a key the request does not state.</summary>
        public bool Decides(RoleTrust.Engine.Policies.Condition condition, bool outcomeWithKeyAbsent)
        {
            if (!IsUncertain(condition.Key)) return true;
            if (!_keys.TryGetValue(condition.Key, out var other) || other == null) return false;
            var alternative = new RequestContext(_context);
            if (condition.Key.EndsWith("Paths", StringComparison.OrdinalIgnoreCase)) alternative.SetMany(condition.Key, new[] { other });
            else alternative.Set(condition.Key, other);
            return condition.Evaluate(alternative) == outcomeWithKeyAbsent;
        }

        /// <summary>True when the request does not state the key and a real request might carry it.</summary>
        public bool IsUncertain(string key)
        {
            if (_context.Contains(key) || _knownAbsent.Contains(key)) return false;
            if (EnvironmentKeys.Contains(key) || _keys.ContainsKey(key)) return true;
            foreach (var p in _prefixes) if (key.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
