using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>The aggregator keeps backend addresses between requests, and a changed Endpoints object retires them.</summary>
public sealed class BackendAddressTests(AggregationFixture fixture) : IClassFixture<AggregationFixture>
{
    private const string Path = "apis/test.clusternet.io/v1/namespaces/default/widgets/w1";

    [Fact]
    public async Task RequestAfterAnEndpointsChangeGoesToTheNewAddress()
    {
        var configMap = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system");
        var allowed = JsonSerializer.Deserialize<string[]>(configMap.Data["requestheader-allowed-names"])!;
        await using var twin = await TestBackend.StartAsync(
            AggregationFixture.Group, "test-backend", AggregationFixture.Namespace, configMap.Data["requestheader-client-ca-file"], allowed, twinOf: fixture.Backend);
        Assert.Equal(fixture.Backend.Port, await ServingPortAsync());
        Assert.True(fixture.Plane.Aggregator.Addresses.Following);

        await MoveEndpointsAsync(twin.Port);
        var answeredBy = await ServingPortAsync();
        await MoveEndpointsAsync(fixture.Backend.Port);

        Assert.Equal(twin.Port, answeredBy);
    }

    // Replaces the Endpoints and waits until the aggregator has seen that write.
    private async Task MoveEndpointsAsync(int port)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var key = new StorageKey("endpoints", AggregationFixture.Namespace, "test-backend");
        void OnInvalidated(object? sender, StorageKey changed)
        {
            if (changed == key)
            {
                seen.TrySetResult();
            }
        }

        fixture.Plane.Aggregator.Addresses.Invalidated += OnInvalidated;
        try
        {
            var endpoints = await fixture.Client.CoreV1.ReadNamespacedEndpointsAsync("test-backend", AggregationFixture.Namespace);
            endpoints.Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Name = "https", Port = port }] }];
            await fixture.Client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "test-backend", AggregationFixture.Namespace);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            fixture.Plane.Aggregator.Addresses.Invalidated -= OnInvalidated;
        }
    }

    // The Host header a backend receives names the address the aggregator dialed.
    private async Task<int> ServingPortAsync()
    {
        var echo = JsonNode.Parse(await fixture.Http.GetStringAsync(Path))!;
        var host = echo["headers"]!["host"]![0]!.GetValue<string>();
        return int.Parse(host[(host.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
