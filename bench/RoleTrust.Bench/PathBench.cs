using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using RoleTrust.Aws.Snapshot;
using RoleTrust.Engine.Cases;
using RoleTrust.Paths;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Test-AssumeRolePath at organization scale: writes a snapshot of many accounts and roles, measures the
    /// load (MB/s) and the path diagnoses per second once loaded (single thread).
    /// </summary>
    internal static class PathBench
    {
        public static void Run(int accounts, int rolesPerAccount, int usersPerAccount, int paths, int seed)
        {
            string dir = Path.Combine(Path.GetTempPath(), "roletrust-snapshot-" + Environment.ProcessId);
            try
            {
                var watch = Stopwatch.StartNew();
                Write(dir, accounts, rolesPerAccount, usersPerAccount, seed);
                Console.WriteLine($"Generated a snapshot of {accounts} accounts, {accounts * rolesPerAccount:N0} roles, {accounts * usersPerAccount:N0} users in {watch.Elapsed.TotalSeconds:N1} s");

                // Cold load once (file cache warm after writing), then the median of 3.
                var loads = new List<double>();
                SnapshotSource source = null!;
                for (int i = 0; i < 3; i++)
                {
                    GC.Collect();
                    source = SnapshotSource.Load(dir);
                    loads.Add(source.LoadTime.TotalSeconds);
                }
                double first = loads[0];
                loads.Sort();
                double mb = source.Bytes / 1e6;
                Console.WriteLine($"Snapshot load: {mb:N1} MB; first load in the process (JIT included) {first * 1000:N0} ms = {mb / first:N0} MB/s; " +
                    $"then {loads[1] * 1000:N0} ms (median of 3) = {mb / loads[1]:N0} MB/s");

                var rng = new Random(seed);
                var requests = new List<PathRequest>(paths);
                for (int i = 0; i < paths; i++)
                {
                    int sa = rng.Next(accounts), ra = rng.Next(accounts);
                    string source1 = rng.Next(2) == 0 ? $"arn:aws:iam::{Id(sa)}:user/user{rng.Next(usersPerAccount)}" : $"arn:aws:iam::{Id(sa)}:role/app/role{rng.Next(rolesPerAccount)}";
                    requests.Add(new PathRequest { SourceArn = source1, RoleArn = $"arn:aws:iam::{Id(ra)}:role/app/role{rng.Next(rolesPerAccount)}", Now = DateTimeOffset.UtcNow });
                }
                var cache = new PolicyCache();
                foreach (var r in requests.GetRange(0, Math.Min(2000, paths))) PathDiagnosis.Run(r, source, cache); // warm up
                var rates = new List<double>();
                int open = 0;
                for (int round = 0; round < 3; round++)
                {
                    open = 0;
                    watch.Restart();
                    foreach (var r in requests)
                    {
                        bool pathOpen = true;
                        foreach (var c in PathDiagnosis.Run(r, source, cache)) pathOpen &= c.Passed;
                        if (pathOpen) open++;
                    }
                    rates.Add(paths / watch.Elapsed.TotalSeconds);
                }
                rates.Sort();
                Console.WriteLine($"Path diagnoses: {rates[1]:N0} paths/s (median of 3 rounds of {paths:N0}; 15 checks each; {open:N0} open)");
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        private static string Id(int i) => (100000000000L + i).ToString();

        private static void Write(string dir, int accounts, int roles, int users, int seed)
        {
            var rng = new Random(seed);
            Directory.CreateDirectory(Path.Combine(dir, "accounts"));
            var org = new StringBuilder();
            org.Append("{\"Organization\":{\"Id\":\"o-benchorg01\",\"ManagementAccountId\":\"").Append(Id(0)).Append("\"},\"Roots\":[{\"Id\":\"r-b001\"}],");
            org.Append("\"OrganizationalUnits\":[{\"Id\":\"ou-b001-00000001\",\"Name\":\"Workloads\",\"ParentId\":\"r-b001\"}],\"Accounts\":[");
            for (int a = 0; a < accounts; a++)
            {
                if (a > 0) org.Append(',');
                org.Append("{\"Id\":\"").Append(Id(a)).Append("\",\"ParentId\":\"").Append(a == 0 ? "r-b001" : "ou-b001-00000001").Append("\"}");
                var sb = new StringBuilder(1 << 20);
                sb.Append("{\"UserDetailList\":[");
                for (int u = 0; u < users; u++)
                {
                    if (u > 0) sb.Append(',');
                    sb.Append($"{{\"Path\":\"/\",\"UserName\":\"user{u}\",\"UserId\":\"AIDABENCH{a:D4}{u:D6}\",\"Arn\":\"arn:aws:iam::{Id(a)}:user/user{u}\",\"GroupList\":[\"devs\"],");
                    sb.Append("\"UserPolicyList\":[{\"PolicyName\":\"assume\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/app/*\"}]}}],");
                    sb.Append($"\"AttachedManagedPolicies\":[{{\"PolicyName\":\"ReadOnly\",\"PolicyArn\":\"arn:aws:iam::{Id(a)}:policy/ReadOnly\"}}],\"Tags\":[{{\"Key\":\"team\",\"Value\":\"t{u % 7}\"}}]}}");
                }
                sb.Append("],\"GroupDetailList\":[{\"GroupName\":\"devs\",\"Arn\":\"arn:aws:iam::").Append(Id(a)).Append(":group/devs\",\"GroupPolicyList\":[{\"PolicyName\":\"deny-prod\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/prod/*\"}]}}],\"AttachedManagedPolicies\":[]}],\"RoleDetailList\":[");
                for (int r = 0; r < roles; r++)
                {
                    if (r > 0) sb.Append(',');
                    int other = rng.Next(accounts);
                    string principal = (r % 3) switch
                    {
                        0 => $"arn:aws:iam::{Id(other)}:root",
                        1 => $"arn:aws:iam::{Id(other)}:user/user{rng.Next(users)}",
                        _ => $"arn:aws:iam::{Id(other)}:role/app/role{rng.Next(roles)}",
                    };
                    string condition = (r % 4) switch
                    {
                        0 => ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-benchorg01\"}}",
                        1 => ",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/team\":\"t*\"}}",
                        2 => ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
                        _ => "",
                    };
                    sb.Append($"{{\"Path\":\"/app/\",\"RoleName\":\"role{r}\",\"RoleId\":\"AROABENCH{a:D4}{r:D6}\",\"Arn\":\"arn:aws:iam::{Id(a)}:role/app/role{r}\",\"MaxSessionDuration\":3600,");
                    sb.Append($"\"AssumeRolePolicyDocument\":{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"{principal}\"}},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]{condition}}}]}},");
                    sb.Append("\"RolePolicyList\":[{\"PolicyName\":\"chain\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}}],\"AttachedManagedPolicies\":[],\"Tags\":[{\"Key\":\"app\",\"Value\":\"a").Append(r % 13).Append("\"}]}");
                }
                sb.Append("],\"Policies\":[{\"PolicyName\":\"ReadOnly\",\"Arn\":\"arn:aws:iam::").Append(Id(a)).Append(":policy/ReadOnly\",\"DefaultVersionId\":\"v1\",\"PolicyVersionList\":[{\"VersionId\":\"v1\",\"IsDefaultVersion\":true,\"Document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"iam:Get*\"],\"Resource\":\"*\"}]}}]}]}");
                File.WriteAllText(Path.Combine(dir, "accounts", Id(a) + ".json"), sb.ToString());
            }
            org.Append("],\"Policies\":[{\"Id\":\"p-FullAWSAccess\",\"Name\":\"FullAWSAccess\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\",\"Targets\":[\"r-b001\",\"ou-b001-00000001\"");
            for (int a = 0; a < accounts; a++) org.Append(",\"").Append(Id(a)).Append('"');
            org.Append("]},{\"Id\":\"p-denyregions\",\"Name\":\"DenyOutsideRegions\",\"Type\":\"SERVICE_CONTROL_POLICY\",\"Content\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Deny\\\",\\\"NotAction\\\":[\\\"iam:*\\\",\\\"sts:*\\\"],\\\"Resource\\\":\\\"*\\\"}]}\",\"Targets\":[\"ou-b001-00000001\"]}]}");
            File.WriteAllText(Path.Combine(dir, "organization.json"), org.ToString());
        }
    }
}
