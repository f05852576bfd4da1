using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace RoleTrust.Aws.Live
{
    /// <summary>Makes the live clients of one invocation (one region, one set of client options) and disposes them at the end.</summary>
    internal sealed class LiveClients : IDisposable
    {
        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public LiveClients(string region, AwsClientOptions options)
        {
            Region = region;
            Partition = AwsEndpoints.PartitionOf(region);
            Options = options;
        }

        public string Region { get; }
        public string Partition { get; }
        public AwsClientOptions Options { get; }
        /// <summary>AWS managed policies are the same in every account: one read serves every credential set.</summary>
        public ConcurrentDictionary<string, Lazy<Task<EntityRead<Engine.Model.ManagedPolicy>>>> AwsManagedPolicies { get; } =
            new ConcurrentDictionary<string, Lazy<Task<EntityRead<Engine.Model.ManagedPolicy>>>>(StringComparer.Ordinal);

        public StsReader Sts(AWSCredentials credentials, string region) => Own(new StsReader(credentials, region, Options));
        public IamClient Iam(AWSCredentials credentials) => Own(new IamClient(credentials, Region, Options));
        public OrganizationsClient Organizations(AWSCredentials credentials) => Own(new OrganizationsClient(credentials, Region, Options));

        private T Own<T>(T client) where T : IDisposable
        {
            lock (_owned) _owned.Add(client);
            return client;
        }

        public void Dispose()
        {
            lock (_owned)
            {
                foreach (var d in _owned) d.Dispose();
                _owned.Clear();
            }
        }
    }
}
