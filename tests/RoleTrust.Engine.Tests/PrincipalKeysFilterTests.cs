using System.Linq;
using RoleTrust.Engine.Evaluation;
using RoleTrust.Engine.Model;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// The trust graph sets only the principal keys a pair's statements read (ContextKeys.AddPrincipalKeys with a
    /// filter): each key it sets must have the value the unfiltered call gives, and it must set no key it was not asked for.
    /// </summary>
    public class PrincipalKeysFilterTests
    {
        private readonly struct Only : ContextKeys.IKeyFilter
        {
            private readonly string[] _keys;
            public Only(params string[] keys) { _keys = keys; }
            public bool Wants(string key) => _keys.Contains(key);
        }

        [Theory]
        [InlineData("arn:aws:iam::111122223333:user/ops/alice")]
        [InlineData("arn:aws:sts::111122223333:assumed-role/deployer/run-1")]
        [InlineData("arn:aws:iam::111122223333:root")]
        [InlineData("arn:aws:sts::111122223333:federated-user/bob")]
        public void FilteredKeys_AreTheUnfilteredValues_AndNoOthers(string arn)
        {
            var id = PrincipalIdentity.Parse(arn).With(uniqueId: "AIDAEXAMPLE");
            var all = new RequestContext();
            ContextKeys.AddPrincipalKeys(all, id, "444455556666");
            Assert.True(all.Count >= 3);
            var wanted = new[] { "aws:PrincipalArn", "aws:userid", "aws:ResourceAccount" };
            var some = new RequestContext();
            ContextKeys.AddPrincipalKeys(some, id, "444455556666", new Only(wanted));

            var expected = all.Entries.Where(e => wanted.Contains(e.Key)).Select(e => $"{e.Key}={all.GetSingle(e.Key)}").OrderBy(x => x);
            var actual = some.Entries.Select(e => $"{e.Key}={some.GetSingle(e.Key)}").OrderBy(x => x);
            Assert.Equal(expected, actual);
        }
    
        [Theory]
        [InlineData("arn:aws:iam::111122223333:user/ops/alice")]
        [InlineData("arn:aws:sts::111122223333:assumed-role/deployer/run-1")]
        [InlineData("arn:aws:iam::111122223333:root")]
        [InlineData("arn:aws:sts::111122223333:federated-user/bob")]
        [InlineData("lambda.amazonaws.com")]
        public void AccountValuesGivenByTheCaller_AreSetAsGiven_AndEveryKeyHasTheSameValueAsWithout(string arn)
        {
            var id = PrincipalIdentity.Parse(arn).With(uniqueId: "AIDAEXAMPLE");
            var plain = new RequestContext();
            ContextKeys.AddPrincipalKeys(plain, id, "444455556666");
            var principalAccount = ContextValue.Single("111122223333");
            var resourceAccount = ContextValue.Single("444455556666");
            var shared = new RequestContext();
            ContextKeys.AddPrincipalKeys(shared, id, "444455556666", new Only(plain.Entries.Select(e => e.Key).ToArray()), principalAccount, resourceAccount);

            Assert.Equal(Describe(plain), Describe(shared));
            Assert.Same(resourceAccount, Value(shared, "aws:ResourceAccount"));
            if (plain.Contains("aws:PrincipalAccount")) Assert.Same(principalAccount, Value(shared, "aws:PrincipalAccount"));
        }

        private static ContextValue Value(RequestContext c, string key) { Assert.True(c.TryGet(key, out var value), key); return value; }

        private static string[] Describe(RequestContext c) =>
            c.Entries.Select(e => $"{e.Key}={e.Value}").OrderBy(x => x, System.StringComparer.Ordinal).ToArray();
    }
}
