using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoleTrust.Bench
{
    /// <summary>
    /// Deterministic generator of self-contained cases: every case carries its own policies as JSON objects
    /// (identity policies with their names, a boundary, SCP levels, an RCP, the trust, bucket or key policy and
    /// the request context), about 2 KB per line, with case-specific ARNs, Sids and condition values so that no
    /// two cases share a policy document. This is what a regression suite exported from real accounts looks
    /// like, and the worst case for the policy cache: every document is parsed once.
    /// </summary>
    public sealed class InlineCaseGenerator
    {
        private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly string[] Teams = { "platform", "data", "payments", "web", "ml", "security" };
        private const string OrgId = "o-a1b2c3d4e5";
        private readonly Random _rng;

        public InlineCaseGenerator(int seed) { _rng = new Random(seed); }

        public void Write(TextWriter w, int count)
        {
            for (int i = 0; i < count; i++) w.Write(NextCase(i) + "\n");
        }

        private string Account() => _rng.Next(100000, 999999).ToString() + _rng.Next(100000, 999999).ToString();
        private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
        private bool Chance(double p) => _rng.NextDouble() < p;

        private static JsonArray Strs(params string[] values)
        {
            var a = new JsonArray();
            foreach (var v in values) a.Add(v);
            return a;
        }

        private static JsonObject Doc(params JsonObject[] statements)
        {
            var list = new JsonArray();
            foreach (var s in statements) list.Add(s);
            return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = list };
        }

        private string NextCase(int i)
        {
            string team = Pick(Teams), env = Chance(0.5) ? "prod" : "dev";
            string callerAccount = Account(), targetAccount = Chance(0.6) ? Account() : callerAccount;
            bool session = Chance(0.5);
            string caller = session ? $"arn:aws:sts::{callerAccount}:assumed-role/{team}-ci-{i % 97}/run-{i}" : $"arn:aws:iam::{callerAccount}:user/{team}.user{i}";
            string roleArn = $"arn:aws:iam::{callerAccount}:role/{team}-ci-{i % 97}";
            double kind = _rng.NextDouble();
            string action, resource;
            string? resourceAccount = null;
            JsonObject resourcePolicy;
            string principalArn = session ? roleArn : caller;
            if (kind < 0.7)
            {
                action = "sts:AssumeRole";
                resource = $"arn:aws:iam::{targetAccount}:role/{team}-{env}-deploy-{i}";
                resourcePolicy = Doc(
                    new JsonObject
                    {
                        ["Sid"] = $"Trust{i}", ["Effect"] = "Allow",
                        ["Principal"] = new JsonObject { ["AWS"] = Chance(0.5) ? (JsonNode)$"arn:aws:iam::{callerAccount}:root" : Strs(principalArn, $"arn:aws:iam::{callerAccount}:role/{team}-admin-{i}") },
                        ["Action"] = Strs("sts:AssumeRole", "sts:TagSession"),
                        ["Condition"] = new JsonObject
                        {
                            ["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = OrgId, ["sts:ExternalId"] = $"ext-{i:x6}" },
                            ["IpAddress"] = new JsonObject { ["aws:SourceIp"] = Strs("10.0.0.0/8", $"192.0.{i % 250}.0/24") },
                        },
                    },
                    new JsonObject
                    {
                        ["Sid"] = $"DenyOutside{i}", ["Effect"] = "Deny", ["Principal"] = new JsonObject { ["AWS"] = "*" }, ["Action"] = "sts:AssumeRole",
                        ["Condition"] = new JsonObject { ["StringNotEqualsIfExists"] = new JsonObject { ["aws:PrincipalOrgID"] = OrgId } },
                    });
            }
            else if (kind < 0.9)
            {
                action = "s3:GetObject";
                resource = $"arn:aws:s3:::{team}-artifacts-{i}/builds/{i}/app.zip";
                resourceAccount = targetAccount;
                resourcePolicy = Doc(new JsonObject
                {
                    ["Sid"] = $"ReadBuilds{i}", ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["AWS"] = principalArn },
                    ["Action"] = Strs("s3:GetObject", "s3:GetObjectVersion"), ["Resource"] = $"arn:aws:s3:::{team}-artifacts-{i}/builds/*",
                    ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:PrincipalTag/team"] = team } },
                });
            }
            else
            {
                action = "kms:Decrypt";
                resource = $"arn:aws:kms:us-east-1:{targetAccount}:key/{Guid(i)}";
                resourcePolicy = Doc(new JsonObject
                {
                    ["Sid"] = $"KeyUse{i}", ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{callerAccount}:root" },
                    ["Action"] = Strs("kms:Decrypt", "kms:GenerateDataKey*"), ["Resource"] = "*",
                    ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["kms:ViaService"] = "s3.us-east-1.amazonaws.com" } },
                });
            }

            var identity = new JsonArray
            {
                new JsonObject
                {
                    ["PolicyName"] = $"{team}-access-{i}",
                    ["PolicyDocument"] = Doc(
                        new JsonObject { ["Sid"] = $"Assume{i}", ["Effect"] = "Allow", ["Action"] = Strs("sts:AssumeRole", "sts:TagSession"), ["Resource"] = $"arn:aws:iam::{targetAccount}:role/{team}-*" },
                        new JsonObject { ["Sid"] = "Artifacts", ["Effect"] = "Allow", ["Action"] = Strs("s3:GetObject", "s3:ListBucket"), ["Resource"] = Strs($"arn:aws:s3:::{team}-artifacts-{i}", $"arn:aws:s3:::{team}-artifacts-{i}/*") }),
                },
                new JsonObject
                {
                    ["PolicyName"] = $"guardrail-{i}",
                    ["PolicyDocument"] = Doc(new JsonObject
                    {
                        ["Sid"] = "NoProdUnlessProdEnv", ["Effect"] = "Deny", ["Action"] = "sts:AssumeRole", ["Resource"] = $"arn:aws:iam::*:role/*-prod-*",
                        ["Condition"] = new JsonObject { ["StringNotEquals"] = new JsonObject { ["aws:PrincipalTag/env"] = "prod" } },
                    }),
                },
            };

            var fullAccess = Doc(new JsonObject { ["Sid"] = "FullAWSAccess", ["Effect"] = "Allow", ["Action"] = "*", ["Resource"] = "*" });
            var scps = new JsonArray
            {
                new JsonObject { ["id"] = "r-a1b2", ["policies"] = new JsonArray(fullAccess.DeepClone()) },
                new JsonObject
                {
                    ["id"] = $"ou-a1b2-{i:x8}",
                    ["policies"] = new JsonArray(fullAccess.DeepClone(), Doc(new JsonObject
                    {
                        ["Sid"] = $"Regions{i}", ["Effect"] = "Deny", ["NotAction"] = Strs("iam:*", "sts:*", "organizations:*", "support:*"), ["Resource"] = "*",
                        ["Condition"] = new JsonObject { ["StringNotEquals"] = new JsonObject { ["aws:RequestedRegion"] = Strs("us-east-1", "eu-west-1") } },
                    })),
                },
            };
            if (Chance(0.3)) scps.Add(new JsonObject { ["id"] = callerAccount, ["policies"] = new JsonArray(fullAccess.DeepClone()) });

            var o = new JsonObject
            {
                ["id"] = $"inline-{i:D6}",
                ["principal"] = caller,
                ["action"] = action,
                ["resource"] = resource,
            };
            if (resourceAccount != null) o["resourceAccount"] = resourceAccount;
            o["identityPolicies"] = identity;
            if (Chance(0.5))
                o["permissionBoundaries"] = new JsonArray(Doc(new JsonObject { ["Sid"] = $"Boundary{i}", ["Effect"] = "Allow", ["Action"] = Strs("sts:*", "s3:*", "kms:Decrypt", $"{team}:*"), ["Resource"] = "*" }));
            o["scps"] = scps;
            if (Chance(0.2))
                o["rcps"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"ou-a1b2-{i:x8}",
                    ["policies"] = new JsonArray(Doc(new JsonObject
                    {
                        ["Sid"] = $"Perimeter{i}", ["Effect"] = "Deny", ["Principal"] = "*", ["Action"] = Strs("sts:AssumeRole", "s3:*", "kms:*"), ["Resource"] = "*",
                        ["Condition"] = new JsonObject { ["StringNotEqualsIfExists"] = new JsonObject { ["aws:PrincipalOrgID"] = OrgId }, ["BoolIfExists"] = new JsonObject { ["aws:PrincipalIsAWSService"] = "false" } },
                    })),
                });
            o["resourcePolicy"] = resourcePolicy;
            var context = new JsonObject
            {
                ["aws:SourceIp"] = Chance(0.8) ? $"10.{i % 256}.{_rng.Next(256)}.{_rng.Next(1, 255)}" : $"198.51.100.{_rng.Next(1, 255)}",
                ["aws:PrincipalOrgID"] = Chance(0.9) ? OrgId : "o-zzzzzzzzzz",
                ["aws:PrincipalTag/team"] = team,
                ["aws:PrincipalTag/env"] = env,
                ["aws:RequestedRegion"] = Chance(0.8) ? "us-east-1" : "eu-west-1",
            };
            if (action == "sts:AssumeRole") context["sts:ExternalId"] = Chance(0.85) ? $"ext-{i:x6}" : "ext-wrong";
            if (action == "kms:Decrypt") context["kms:ViaService"] = "s3.us-east-1.amazonaws.com";
            if (session) context["aws:PrincipalArn"] = roleArn;
            o["context"] = context;
            return o.ToJsonString(Compact);
        }

        private string Guid(int i) => $"{i:x8}-{_rng.Next(0x10000):x4}-4{_rng.Next(0x1000):x3}-8{_rng.Next(0x1000):x3}-{_rng.Next():x8}{_rng.Next(0x10000):x4}";
    }
}
