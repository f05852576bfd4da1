using System;
using System.Collections.Generic;
using RoleTrust.Aws.Live;
using Xunit;

namespace RoleTrust.Aws.Tests
{
    public class EndpointTests
    {
        [Theory]
        [InlineData("iam", "us-east-1", "aws", "https://iam.amazonaws.com/", "us-east-1")]
        [InlineData("iam", "eu-central-2", "aws", "https://iam.amazonaws.com/", "us-east-1")]
        [InlineData("iam", "cn-northwest-1", "aws-cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
        [InlineData("iam", "us-gov-east-1", "aws-us-gov", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
        [InlineData("organizations", "ap-southeast-2", "aws", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
        [InlineData("organizations", "cn-north-1", "aws-cn", "https://organizations.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1")]
        [InlineData("organizations", "us-gov-east-1", "aws-us-gov", "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
        [InlineData("sts", "eu-west-1", "aws", "https://sts.eu-west-1.amazonaws.com/", "eu-west-1")]
        [InlineData("sts", "cn-north-1", "aws-cn", "https://sts.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
        [InlineData("sts", "us-gov-west-1", "aws-us-gov", "https://sts.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
        public void Endpoint_table_gives_url_and_signing_region_per_partition(string service, string region, string partition, string url, string signingRegion)
        {
            var ep = AwsEndpoints.Resolve(service, region, null, _ => null);
            Assert.Equal(partition, ep.Partition);
            Assert.Equal(url, ep.Url.ToString());
            Assert.Equal(signingRegion, ep.SigningRegion);
            Assert.Equal(service, ep.SigningName);
            Assert.Null(ep.OverrideSource);
        }

        [Fact]
        public void Explicit_url_beats_service_variable_which_beats_global_variable_and_signing_scope_is_kept()
        {
            var env = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_IAM"] = "http://iam.local:1/",
                ["AWS_ENDPOINT_URL"] = "http://all.local:2/",
            };
            Func<string, string?> lookup = n => env.TryGetValue(n, out var v) ? v : null;

            var explicitEp = AwsEndpoints.Iam("us-gov-west-1", "http://explicit.local:3/", lookup);
            Assert.Equal("http://explicit.local:3/", explicitEp.Url.ToString());
            Assert.Equal("EndpointUrl", explicitEp.OverrideSource);
            Assert.Equal("us-gov-west-1", explicitEp.SigningRegion);

            var iam = AwsEndpoints.Iam("us-east-1", null, lookup);
            Assert.Equal("http://iam.local:1/", iam.Url.ToString());
            Assert.Equal("AWS_ENDPOINT_URL_IAM", iam.OverrideSource);

            var org = AwsEndpoints.Organizations("us-east-1", null, lookup);
            Assert.Equal("http://all.local:2/", org.Url.ToString());
            Assert.Equal("AWS_ENDPOINT_URL", org.OverrideSource);
            Assert.Equal("us-east-1", org.SigningRegion);

            env["AWS_ENDPOINT_URL_ORGANIZATIONS"] = "http://org.local:4/";
            env["AWS_ENDPOINT_URL_STS"] = "http://sts.local:5/";
            Assert.Equal("http://org.local:4/", AwsEndpoints.Organizations("us-east-1", null, lookup).Url.ToString());
            Assert.Equal("http://sts.local:5/", AwsEndpoints.Sts("eu-west-1", null, lookup).Url.ToString());
        }

        [Fact]
        public void Ignore_configured_endpoint_urls_disables_variables_but_not_explicit_urls()
        {
            Func<string, string?> lookup = n => n switch
            {
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" => "true",
                "AWS_ENDPOINT_URL" => "http://all.local:2/",
                _ => null,
            };
            Assert.Equal("https://iam.amazonaws.com/", AwsEndpoints.Iam("us-east-1", null, lookup).Url.ToString());
            Assert.Equal("http://x.local/", AwsEndpoints.Iam("us-east-1", "http://x.local/", lookup).Url.ToString());
        }

        [Fact]
        public void Invalid_endpoint_url_and_isolated_partitions_are_rejected()
        {
            Assert.Throws<AwsEndpointUrlException>(() => AwsEndpoints.Iam("us-east-1", "not a url", _ => null));
            Assert.Throws<AwsEndpointUrlException>(() => AwsEndpoints.Iam("us-east-1", "ftp://x/", _ => null));
            Assert.Throws<AwsRegionException>(() => AwsEndpoints.Iam("us-iso-east-1", null, _ => null));
        }

        [Fact]
        public void Endpoint_table_lists_nine_rows_for_three_partitions()
        {
            Assert.Equal(9, new List<AwsServiceEndpoint>(AwsEndpoints.Table()).Count);
        }
    }
}
