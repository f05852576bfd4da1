using System;
using System.Linq;
using Xunit;
using static RoleTrust.Engine.Tests.T;

namespace RoleTrust.Engine.Tests
{
    /// <summary>
    /// Output a scheduled script can trust: PolicyDecision carries names as strings (ConvertTo-Json writes enums as
    /// numbers) and lists whose text form is readable (Export-Csv writes a property's ToString()).
    /// </summary>
    public class PolicyDecisionOutputTests
    {
        [Fact]
        public void EveryDecisionLayerAndOutcome_IsWrittenAsItsName()
        {
            foreach (Decision d in Enum.GetValues(typeof(Decision))) Assert.Equal(d.ToString(), OutputNames.Of(d));
            foreach (PolicyLayer l in Enum.GetValues(typeof(PolicyLayer))) Assert.Equal(l.ToString(), OutputNames.Of(l));
            foreach (LayerOutcome o in Enum.GetValues(typeof(LayerOutcome))) Assert.Equal(o.ToString(), OutputNames.Of(o));
            foreach (RoleTrust.Graph.TrustNodeKind k in Enum.GetValues(typeof(RoleTrust.Graph.TrustNodeKind))) Assert.Equal(k.ToString(), OutputNames.Of(k));
        }

        [Fact]
        public void NoPublicPropertyOfTheOutputTypes_IsAnEnum()
        {
            foreach (var type in new[] { typeof(PolicyDecision), typeof(PolicyLayerResult), typeof(PolicyStatementRef) })
                foreach (var p in type.GetProperties())
                    Assert.False((Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).IsEnum, $"{type.Name}.{p.Name} is an enum");
        }

        [Fact]
        public void ExplicitDenial_NamesDecisionLayerAndStatements()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Sid\":\"NoBob\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}]}";
            var d = Decide(CaseJson(UserBob, trust: trust, scps: "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]}]"));
            Assert.Equal("ExplicitlyDenied", d.Decision);
            Assert.Equal("ResourcePolicy", d.DecidingLayer);
            Assert.Equal("ExplicitlyDenied", d.ResourcePolicy);
            Assert.Equal("Allowed", d.ServiceControlPolicy);
            Assert.Equal("NotPresent", d.SessionPolicy);
            var deny = Assert.Single(d.DeniedBy);
            Assert.Equal("ResourcePolicy", deny.Layer);
            Assert.Equal("Deny", deny.Effect);
            Assert.Equal(1, deny.Index);
            Assert.Equal("NoBob", deny.Sid);
            Assert.Contains("\"NoBob\"", deny.Text);
        }

        [Fact]
        public void ListProperties_ReadAsText()
        {
            var d = Decide(CaseJson(UserBob, trust: Trust(UserBob), scps: "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]}]", identity: Allow()));
            Assert.Equal("ServiceControlPolicy=Allowed; ResourcePolicy=Allowed; IdentityPolicy=Allowed", d.Layers.ToString());
            Assert.Equal("ServiceControlPolicy: r-root policy 0[0] at r-root; ResourcePolicy: ResourcePolicy[0]; IdentityPolicy: IdentityPolicy[0][0]", d.AllowedBy.ToString());
            Assert.Equal("", d.DeniedBy.ToString());
            Assert.Equal("", d.Warnings.ToString());
            Assert.Equal("ResourcePolicy: ResourcePolicy[0]", d.Layers.Single(l => l.Layer == "ResourcePolicy").AllowedBy.ToString());
        }

        [Fact]
        public void EachStatement_IsOneObject_InItsLayersListsAndTheDecisions()
        {
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}," +
                "{\"Sid\":\"NoBob\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + UserBob + "\"},\"Action\":\"sts:AssumeRole\"}]}";
            var d = Decide(CaseJson(UserBob, trust: trust, scps: "[{\"id\":\"r-root\",\"policies\":[" + FullAccess + "]}]", identity: Allow()));
            var layerAllowing = d.Layers.SelectMany(l => l.AllowedBy).ToList();
            var layerDenying = d.Layers.SelectMany(l => l.DeniedBy).ToList();
            Assert.Equal(new[] { "ServiceControlPolicy", "ResourcePolicy", "IdentityPolicy" }, d.AllowedBy.Select(s => s.Layer));
            Assert.Equal(layerAllowing.Count, d.AllowedBy.Count);
            for (int i = 0; i < layerAllowing.Count; i++) Assert.Same(layerAllowing[i], d.AllowedBy[i]);
            Assert.Same(Assert.Single(layerDenying), Assert.Single(d.DeniedBy));
            Assert.Equal("NoBob", d.DeniedBy[0].Sid);
            // Made once: reading a list again gives the same objects.
            Assert.Same(d.Layers, d.Layers);
            Assert.Same(d.AllowedBy, d.AllowedBy);
        }

        [Fact]
        public void AllowedDecision_HasNoDecidingLayer()
        {
            var d = Decide(CaseJson(UserBob, trust: Trust(UserBob)));
            Assert.Equal("Allowed", d.Decision);
            Assert.Null(d.DecidingLayer);
            Assert.Null(d.ErrorText);
        }
    }
}
