using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using RoleTrust.Engine.Model;
using RoleTrust.Engine.Policies;
using RoleTrust.Graph;

namespace RoleTrust.Paths.Tests
{
    /// <summary>
    /// Compares a trust graph with the path checks pair by pair: every user and role of the data against every role.
    /// An unconditional edge must be an open path; a conditional edge a closed path that some request values for the keys
    /// its conditions name open (each key tried with the values the conditions name and with a value they do not); every
    /// other pair a closed path.
    /// </summary>
    internal static class Differential
    {
        internal sealed class Report
        {
            public readonly ConcurrentBag<string> Bag = new ConcurrentBag<string>();
            public List<string> Mismatches => Bag.OrderBy(m => m, StringComparer.Ordinal).ToList();
            public int Pairs, Open, Conditional, Closed;
        }

        public static Report Compare(IAccountDataSource data, TrustGraph graph, DateTimeOffset now)
        {
            var accounts = ((RoleTrust.Aws.Snapshot.SnapshotSource)data).Accounts;
            var principals = accounts.SelectMany(a => a.Users.Values.Select(u => u.Arn).Concat(a.Roles.Values.Select(r => r.Arn))).ToList();
            var roles = accounts.SelectMany(a => a.Roles.Values.Select(r => r.Arn)).ToList();
            var edges = graph.Edges.Where(e => e.Source.InData).ToDictionary(e => (e.Source.Id, e.Role.Id));
            var report = new Report { Pairs = principals.Count * roles.Count };
            int open = 0, conditional = 0, closed = 0;
            Parallel.ForEach(principals, p =>
            {
                foreach (var r in roles)
                {
                    var checks = PathDiagnosis.Run(new PathRequest { SourceArn = p, RoleArn = r, Now = now }, data);
                    bool isOpen = checks.All(c => c.Passed);
                    edges.TryGetValue((p, r), out var edge);
                    string blocking = string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Check} {c.Status}: {c.Summary}"));
                    if (edge == null)
                    {
                        System.Threading.Interlocked.Increment(ref closed);
                        if (isOpen) report.Bag.Add($"{p} -> {r}: path open, no edge");
                        // Closed for any request: a user who signs in with MFA does not open it either.
                        else if (p.Contains(":user/") && PathDiagnosis.Run(new PathRequest { SourceArn = p, RoleArn = r, Now = now, MfaPresent = true }, data).All(c => c.Passed))
                            report.Bag.Add($"{p} -> {r}: no edge, but the path opens with MFA");
                    }
                    else if (!edge.Conditional)
                    {
                        System.Threading.Interlocked.Increment(ref open);
                        if (!isOpen) report.Bag.Add($"{p} -> {r}: unconditional edge, path closed: {blocking}");
                    }
                    else
                    {
                        System.Threading.Interlocked.Increment(ref conditional);
                        if (isOpen) report.Bag.Add($"{p} -> {r}: conditional edge, but the path is open without its conditions");
                        else if (edge.Conditions.Concat(edge.Avoided).Any(c => c.Key.StartsWith("aws:Principal", StringComparison.OrdinalIgnoreCase)))
                            report.Bag.Add($"{p} -> {r}: a condition names who the caller is: {string.Join(", ", edge.Conditions)}");
                        else if (!OpensWithConditionValues(data, p, r, edge.Conditions.Concat(edge.Avoided).ToList(), now))
                            report.Bag.Add($"{p} -> {r}: conditional edge ({string.Join(", ", edge.Conditions)}; not {string.Join(", ", edge.Avoided)}) that no request with those keys opens: {blocking}");
                    }
                }
            });
            report.Open = open; report.Conditional = conditional; report.Closed = closed;
            return report;
        }

        /// <summary>Whether some assignment of the condition keys (to values the conditions name, or to one they do not) opens the path.</summary>
        public static bool OpensWithConditionValues(IAccountDataSource data, string source, string role, IReadOnlyList<Condition> conditions, DateTimeOffset now)
        {
            var candidates = conditions.GroupBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => (Key: g.Key, Values: g.SelectMany(Candidates).Distinct().ToList())).ToList();
            int combinations = candidates.Aggregate(1, (n, c) => n * c.Values.Count);
            if (combinations > 512) throw new InvalidOperationException($"too many request values to try for {source} -> {role}");
            for (int i = 0; i < combinations; i++)
            {
                var request = new PathRequest { SourceArn = source, RoleArn = role, Now = now };
                int rest = i;
                foreach (var (key, values) in candidates)
                {
                    string value = values[rest % values.Count];
                    rest /= values.Count;
                    Set(request, key, value);
                }
                if (PathDiagnosis.Run(request, data).All(c => c.Passed)) return true;
            }
            return false;
        }

        private static void Set(PathRequest request, string key, string value)
        {
            switch (key.ToLowerInvariant())
            {
                case "sts:externalid": request.ExternalId = value; break;
                case "aws:sourceip": request.SourceIp = value; break;
                case "aws:sourcevpce": request.SourceVpce = value; break;
                case "aws:multifactorauthpresent": request.MfaPresent = value == "true"; break;
                case "sts:rolesessionname": request.RoleSessionName = value; break;
                case "sts:sourceidentity": request.SourceIdentity = value; break;
                default: request.Context.Set(key, value); break;
            }
        }

        /// <summary>Values for a condition's key: each value it names (patterns made concrete) and one it does not name.</summary>
        private static IEnumerable<string> Candidates(Condition c)
        {
            switch (c.Operator.Family)
            {
                case OperatorFamily.Bool: return new[] { "true", "false" };
                case OperatorFamily.Numeric:
                    return c.Values.SelectMany(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        ? new[] { (d - 1).ToString(CultureInfo.InvariantCulture), (d + 1).ToString(CultureInfo.InvariantCulture) } : new string[0]).Concat(new[] { "0" });
                case OperatorFamily.IpAddress:
                    return c.Values.Select(v => v.Split('/')[0]).Concat(new[] { "198.51.100.77" });
                default:
                    return c.Values.Select(v => v.Replace("*", "x").Replace("?", "x")).Concat(new[] { "zz-not-named-by-the-policy" });
            }
        }
    }
}
