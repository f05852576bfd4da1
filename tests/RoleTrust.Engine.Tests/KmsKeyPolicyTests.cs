using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// docs/evaluation-rules.md, "KMS key policies" (AWS KMS Developer Guide, key policies; IAM User Guide, How AWS
    /// enforcement code logic evaluates requests): every key has a key policy, and identity-based policies grant nothing
    /// on a key unless its key policy allows, in the key's own account too.
    /// </summary>
    public class KmsKeyPolicyTests
    {
        private const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        private const string ForeignKey = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        private static string KeyPolicy(string principal, string effect = "Allow") => ResourcePolicy(principal, "kms:*", effect: effect);

        [Fact]
        public void SameAccount_IdentityAllow_WithoutKeyPolicy_IsImplicitlyDenied()
        {
            var r = Run(UserBob, resource: Key, action: "kms:Decrypt", identity: Allow("kms:*"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Contains("key policy", r[PolicyLayer.ResourcePolicy]!.Note);
            Assert.EndsWith("because no resource-based policy allows the kms:Decrypt action", r.ErrorText);
        }

        [Fact]
        public void SameAccount_IdentityAllow_KeyPolicyNamingSomeoneElse_IsImplicitlyDenied()
        {
            var r = Run(UserBob, resource: Key, action: "kms:Decrypt", identity: Allow("kms:*"), trust: KeyPolicy("arn:aws:iam::111122223333:user/Other"));
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
        }

        [Fact]
        public void KeyPolicyNamingTheAccount_LetsIdentityPoliciesGrant()
        {
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: Key, action: "kms:Decrypt", identity: Allow("kms:Decrypt"), trust: KeyPolicy("arn:aws:iam::111122223333:root")).Decision);
            var noIdentity = Run(UserBob, resource: Key, action: "kms:Decrypt", trust: KeyPolicy("arn:aws:iam::111122223333:root"));
            Assert.Equal(Decision.ImplicitlyDenied, noIdentity.Decision);
            Assert.Equal(PolicyLayer.IdentityPolicy, noIdentity.DecidingLayer);
        }

        [Fact]
        public void KeyPolicyNamingTheCaller_AllowsWithoutAnIdentityPolicy()
        {
            var r = Run(UserBob, resource: Key, action: "kms:Decrypt", trust: KeyPolicy(UserBob));
            Assert.Equal(Decision.Allowed, r.Decision);
            Assert.Equal(LayerOutcome.NotRequired, r.OutcomeOf(PolicyLayer.IdentityPolicy));
        }

        [Fact]
        public void ExplicitDenyInTheKeyPolicy_Wins()
        {
            var r = Run(UserBob, resource: Key, action: "kms:Decrypt", identity: Allow("kms:*"), trust: KeyPolicy(UserBob, "Deny"));
            Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        }

        [Fact]
        public void CrossAccount_KeyPolicyNamingTheCallersAccount_AndIdentityAllow_IsAllowed()
        {
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: ForeignKey, action: "kms:Decrypt", identity: Allow("kms:Decrypt"), trust: KeyPolicy(A)).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: ForeignKey, action: "kms:Decrypt", trust: KeyPolicy(UserBob)).Decision);
            Assert.Equal(Decision.ImplicitlyDenied, Run(UserBob, resource: ForeignKey, action: "kms:Decrypt", identity: Allow("kms:Decrypt")).Decision);
        }

        [Fact]
        public void RootUser_IsNotExemptFromTheKeyPolicy()
        {
            var r = Run("arn:aws:iam::111122223333:root", resource: Key, action: "kms:ScheduleKeyDeletion");
            Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
            Assert.Equal(PolicyLayer.ResourcePolicy, r.DecidingLayer);
            Assert.Equal(Decision.Allowed, Run("arn:aws:iam::111122223333:root", resource: Key, action: "kms:ScheduleKeyDeletion", trust: KeyPolicy(A)).Decision);
        }

        [Theory]
        [InlineData("kms:CreateKey")]
        [InlineData("kms:ListKeys")]
        [InlineData("kms:GenerateRandom")]
        public void ActionsOnNoKey_NeedOnlyTheIdentityAllow(string action)
        {
            Assert.Equal(Decision.Allowed, Run(UserBob, resource: "*", action: action, identity: Allow("kms:*")).Decision);
        }

        [Fact]
        public void Aliases_AreGovernedByIdentityPoliciesAlone()
        {
            var r = Run(UserBob, resource: "arn:aws:kms:us-east-1:111122223333:alias/app", action: "kms:CreateAlias", identity: Allow("kms:CreateAlias"));
            Assert.Equal(Decision.Allowed, r.Decision);
        }
    }
}
