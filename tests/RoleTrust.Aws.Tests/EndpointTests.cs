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
        public void Shared_config_endpoints_come_after_the_variables_the_services_section_before_the_profiles_endpoint_url()
        {
            // AWS SDKs and Tools Reference Guide, service-specific endpoints: explicit, AWS_ENDPOINT_URL_<SERVICE>,
            // AWS_ENDPOINT_URL, the services section's endpoint_url, the profile's endpoint_url, the default.
            var config = ConfiguredEndpoints.Of("dev", "http://profile.local:6/", new Dictionary<string, string> { ["iam"] = "http://section-iam.local:7/" }, ignore: false);
            var env = new Dictionary<string, string>();
            Func<string, string?> lookup = n => env.TryGetValue(n, out var v) ? v : null;

            var iam = AwsEndpoints.Iam("us-east-1", null, lookup, config);
            Assert.Equal("http://section-iam.local:7/", iam.Url.ToString());
            Assert.Equal("endpoint_url for iam (profile dev)", iam.OverrideSource);
            Assert.Equal("us-east-1", iam.SigningRegion);
            var sts = AwsEndpoints.Sts("eu-west-1", null, lookup, config);
            Assert.Equal("http://profile.local:6/", sts.Url.ToString());
            Assert.Equal("endpoint_url (profile dev)", sts.OverrideSource);
            Assert.Equal("eu-west-1", sts.SigningRegion);

            env["AWS_ENDPOINT_URL"] = "http://all.local:2/";
            Assert.Equal("http://all.local:2/", AwsEndpoints.Iam("us-east-1", null, lookup, config).Url.ToString());
            env["AWS_ENDPOINT_URL_IAM"] = "http://iam.local:1/";
            Assert.Equal("http://iam.local:1/", AwsEndpoints.Iam("us-east-1", null, lookup, config).Url.ToString());
            Assert.Equal("http://explicit.local:3/", AwsEndpoints.Iam("us-east-1", "http://explicit.local:3/", lookup, config).Url.ToString());
        }

        [Fact]
        public void The_profiles_ignore_configured_endpoint_urls_disables_the_config_and_the_variables_but_not_explicit_urls()
        {
            var config = ConfiguredEndpoints.Of("dev", "http://profile.local:6/", new Dictionary<string, string> { ["iam"] = "http://section-iam.local:7/" }, ignore: true);
            Func<string, string?> lookup = n => n == "AWS_ENDPOINT_URL" ? "http://all.local:2/" : null;
            Assert.Equal("https://iam.amazonaws.com/", AwsEndpoints.Iam("us-east-1", null, lookup, config).Url.ToString());
            Assert.Null(AwsEndpoints.Iam("us-east-1", null, lookup, config).OverrideSource);
            Assert.Equal("http://x.local/", AwsEndpoints.Iam("us-east-1", "http://x.local/", lookup, config).Url.ToString());
        }

        [Fact]
        public void A_configured_endpoint_url_that_is_not_a_url_is_refused_naming_the_profile()
        {
            var config = ConfiguredEndpoints.Of("dev", "localhost:4566", new Dictionary<string, string>(), ignore: false);
            var e = Assert.Throws<AwsEndpointUrlException>(() => AwsEndpoints.Iam("us-east-1", null, _ => null, config));
            Assert.Contains("profile dev", e.Message);
        }

        [Fact]
        public void The_services_section_gives_each_services_endpoint_url_and_nothing_from_other_sections()
        {
            string file = System.IO.Path.GetTempFileName();
            try
            {
                System.IO.File.WriteAllText(file, string.Join("\n",
                    "[profile dev]", "services = local", "region = us-east-1",
                    "[services other]", "iam =", "  endpoint_url = http://other.local/",
                    "# the section the profile names", "[services local]", "iam =", "  endpoint_url = http://iam.local:1/", "  ; a comment",
                    "organizations =", "\tendpoint_url=http://org.local:2/", "sts =", "  region = eu-west-1",
                    "[profile x]", "iam =", "  endpoint_url = http://wrong.local/"));
                var urls = ConfiguredEndpoints.ReadServicesSection(file, "local");
                Assert.Equal(2, urls.Count);
                Assert.Equal("http://iam.local:1/", urls["iam"]);
                Assert.Equal("http://org.local:2/", urls["organizations"]);
                Assert.Empty(ConfiguredEndpoints.ReadServicesSection(file, "missing"));
                Assert.Empty(ConfiguredEndpoints.ReadServicesSection(file + ".absent", "local"));
            }
            finally { System.IO.File.Delete(file); }
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
