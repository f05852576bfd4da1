using RoleTrust.Engine.Cases;
using RoleTrust.Engine.Json;
using Xunit;

namespace RoleTrust.Engine.Tests
{
    public class SmokeTests
    {
        [Fact]
        public void SameAccountUserNamedInTrust_NeedsNoIdentityPolicy()
        {
            var c = PolicyCase.FromJson(JsonParser.Parse(@"{""principal"":""arn:aws:iam::111122223333:user/Bob"",""resource"":""arn:aws:iam::111122223333:role/Alice"",
              ""trustPolicy"":{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""AWS"":""arn:aws:iam::111122223333:user/Bob""},""Action"":""sts:AssumeRole""}]}}"));
            var r = Evaluation.PolicyEvaluator.Evaluate(new PolicyCaseBuilder().Build(c, System.DateTimeOffset.UtcNow));
            Assert.Equal(Decision.Allowed, r.Decision);
        }
    }
}
