using System;
using System.IO;
using RoleTrust.Aws.Snapshot;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    /// <summary>
    /// Loading a snapshot, the immutable parts that a file repeats (trust policies, inline policies, attached policies)
    /// are one object each; the rule that matters as much: parts that differ in anything are never merged.
    /// </summary>
    public class SharedEntriesTests
    {
        private static string Role(string name, string trustEffect, string policyName, string attachedArn) => $@"{{
            ""RoleName"": ""{name}"", ""Path"": ""/"", ""RoleId"": ""AROA{name.ToUpperInvariant()}"", ""Arn"": ""arn:aws:iam::123456789012:role/{name}"",
            ""AssumeRolePolicyDocument"": {{ ""Version"": ""2012-10-17"", ""Statement"": [ {{ ""Effect"": ""{trustEffect}"", ""Principal"": {{ ""Service"": ""ec2.amazonaws.com"" }}, ""Action"": ""sts:AssumeRole"" }} ] }},
            ""RolePolicyList"": [ {{ ""PolicyName"": ""{policyName}"", ""PolicyDocument"": {{ ""Version"": ""2012-10-17"", ""Statement"": [] }} }} ],
            ""AttachedManagedPolicies"": [ {{ ""PolicyName"": ""p"", ""PolicyArn"": ""{attachedArn}"" }} ]
        }}";

        [Fact]
        public void RepeatedParts_AreOneObject_DifferentPartsStayApart()
        {
            string folder = Path.Combine(Path.GetTempPath(), "rt-shared-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "accounts"));
            try
            {
                File.WriteAllText(Path.Combine(folder, "accounts", "123456789012.json"), "{ \"UserDetailList\": [], \"GroupDetailList\": [], \"Policies\": [], \"RoleDetailList\": [ "
                    + Role("a", "Allow", "inline", "arn:aws:iam::aws:policy/ReadOnlyAccess") + ", "
                    + Role("b", "Allow", "inline", "arn:aws:iam::aws:policy/ReadOnlyAccess") + ", "
                    + Role("c", "Deny", "other", "arn:aws:iam::aws:policy/ViewOnlyAccess") + " ] }");
                var account = Assert.Single(SnapshotSource.Load(folder).Accounts);
                var (a, b, c) = (account.Roles["a"], account.Roles["b"], account.Roles["c"]);
                Assert.Same(a.TrustPolicy, b.TrustPolicy);
                Assert.Same(a.InlinePolicies[0], b.InlinePolicies[0]);
                Assert.Same(a.AttachedPolicies[0], b.AttachedPolicies[0]);
                Assert.NotEqual(a.TrustPolicy!.Text, c.TrustPolicy!.Text);
                Assert.Equal("other", c.InlinePolicies[0].Name);
                Assert.Equal("arn:aws:iam::aws:policy/ViewOnlyAccess", c.AttachedPolicies[0].Arn);
                Assert.Contains("\"Deny\"", c.TrustPolicy.Text);
            }
            finally { Directory.Delete(folder, true); }
        }
    }
}
