using System.Text;
using System.Text.Json;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>
/// A control plane with a test backend registered for <c>test.clusternet.io/v1</c> through a Service, its Endpoints
/// and an APIService carrying the backend's CA, as an administrator would register an extension API server; ready once
/// the availability controller reports the APIService Available. Static token <see cref="AliceToken"/> is user
/// <c>alice</c> in group <c>developers</c>; authorization is off so that alice may reach the backend.
/// </summary>
public sealed class AggregationFixture : ServerFixture, IAsyncLifetime
{
    public const string Group = "test.clusternet.io";
    public const string AliceToken = "alice-token-0123456789";
    public const string Namespace = "aggregation";

    internal TestBackend Backend { get; private set; } = null!;

    protected override ControlPlaneOptions Options => base.Options with
    {
        Security = new ControlPlaneSecurityOptions
        {
            Authorization = false,
            Tokens = new Dictionary<string, StaticTokenUser> { [AliceToken] = new StaticTokenUser("alice", ["developers"]) { Uid = "alice-uid" } },
        },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        Backend = await RegisterBackendAsync(Group, "test-backend");
        await WaitForAvailableAsync("v1." + Group, "True");
    }

    public new async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Starts a backend for <paramref name="group"/> and registers it with a Service, Endpoints and an APIService.</summary>
    /// <param name="group">The API group it serves.</param>
    /// <param name="serviceName">The Service and Endpoints to create.</param>
    /// <param name="caBundle">The APIService's CA bundle; the backend's own CA when null.</param>
    internal async Task<TestBackend> RegisterBackendAsync(string group, string serviceName, byte[]? caBundle = null)
    {
        var configMap = await Client.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system");
        var allowed = JsonSerializer.Deserialize<string[]>(configMap.Data["requestheader-allowed-names"])!;
        var backend = await TestBackend.StartAsync(group, serviceName, Namespace, configMap.Data["requestheader-client-ca-file"], allowed);
        await Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = serviceName },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = backend.Port }] },
            },
            Namespace);
        await Client.CoreV1.CreateNamespacedEndpointsAsync(
            new V1Endpoints
            {
                Metadata = new V1ObjectMeta { Name = serviceName },
                Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Name = "https", Port = backend.Port }] }],
            },
            Namespace);
        await CreateApiServiceAsync(group, serviceName, caBundle ?? Encoding.UTF8.GetBytes(backend.CaPem));
        return backend;
    }

    internal Task CreateApiServiceAsync(string group, string serviceName, byte[]? caBundle) =>
        Client.ApiregistrationV1.CreateAPIServiceAsync(new V1APIService
        {
            Metadata = new V1ObjectMeta { Name = "v1." + group },
            Spec = new V1APIServiceSpec
            {
                Group = group,
                Version = "v1",
                GroupPriorityMinimum = 1000,
                VersionPriority = 100,
                CaBundle = caBundle,
                Service = new Apiregistrationv1ServiceReference { Name = serviceName, NamespaceProperty = Namespace, Port = 443 },
            },
        });

    /// <summary>Polls (at most 20 s) until the APIService's Available condition has <paramref name="status"/>; returns that condition.</summary>
    internal async Task<V1APIServiceCondition> WaitForAvailableAsync(string name, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        V1APIServiceCondition? condition = null;
        while (DateTime.UtcNow < deadline)
        {
            var apiService = await Client.ApiregistrationV1.ReadAPIServiceAsync(name);
            condition = apiService.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available");
            if (condition?.Status == status)
            {
                return condition;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"APIService {name} did not become Available={status}; last: {condition?.Status} {condition?.Reason} {condition?.Message}");
    }
}
