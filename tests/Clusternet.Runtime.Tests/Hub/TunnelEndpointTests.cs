using System.Net;
using System.Net.WebSockets;
using Clusternet.Runtime.Tests.Hub.Support;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>The agents' endpoint, <c>sockets/&lt;id&gt;</c>: a session only for the cluster the credentials are bound to.</summary>
[Collection(HubCollection.Name)]
public sealed class TunnelEndpointTests(HubFixture hub)
{
    [Fact]
    public async Task SessionForAnotherClusterIsRefusedThroughTheParent()
    {
        var agent = hub.CreateAgent(hub.NoSessionClusterId, hub.AgentToken);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => agent.RunAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.False(hub.Tunnel.HasSession(hub.NoSessionClusterId));
    }

    [Fact]
    public async Task SessionForAnotherClusterIsRefusedByTheHubItself()
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + hub.AgentToken);
        var uri = new Uri($"wss://{hub.HubAddress.Authority}/apis/proxies.clusternet.io/v1alpha1/sockets/{hub.NoSessionClusterId}");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.False(hub.Tunnel.HasSession(hub.NoSessionClusterId));
    }

    [Fact]
    public async Task ConcurrentProxiedRequestsShareOneSession()
    {
        var dialsBefore = Volatile.Read(ref hub.AgentDials);
        // Straight to the hub over one HTTP/2 connection: the parent's aggregator speaks HTTP/1.1 to backends and would
        // open a connection per concurrent request, which measures the parent, not the hub and its tunnel.
        using var client = hub.HubClient(hub.Parent.CreateAdminConfiguration().AccessToken);
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        client.Timeout = TimeSpan.FromMinutes(2);
        var path = $"apis/proxies.clusternet.io/v1alpha1/sockets/{hub.ClusterId}/proxy/direct/api/v1/namespaces/default";
        var codes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ =>
        {
            using var response = await client.GetAsync(path);
            return (response.StatusCode, Body: response.IsSuccessStatusCode ? string.Empty : await response.Content.ReadAsStringAsync());
        }));

        Assert.All(codes, code => Assert.True(code.StatusCode == HttpStatusCode.OK, code.Body));
        Assert.Single(hub.Tunnel.ClusterIds, id => id == hub.ClusterId);

        // Pooled connections multiplex requests: far fewer tunnel connections than requests.
        Assert.True(Volatile.Read(ref hub.AgentDials) - dialsBefore < 100, $"{Volatile.Read(ref hub.AgentDials) - dialsBefore} tunnel connections for 1000 requests");
    }

    [Fact]
    public async Task DiscoveryIsServedThroughTheParent()
    {
        using var admin = new HttpClient(hub.ParentTrustingHandler()) { BaseAddress = hub.Parent.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", hub.Parent.CreateAdminConfiguration().AccessToken);
        var resources = k8s.KubernetesJson.Deserialize<k8s.Models.V1APIResourceList>(await admin.GetStringAsync("apis/proxies.clusternet.io/v1alpha1"));
        var sockets = Assert.Single(resources.Resources, r => r.Name == "sockets");
        Assert.False(sockets.Namespaced);
        Assert.Equal(["ss"], sockets.ShortNames);
        Assert.Equal(["clusternet"], sockets.Categories);
        Assert.Equal(["create", "delete", "get", "patch", "update"], sockets.Verbs);
        Assert.Contains(resources.Resources, r => r.Name == "sockets/proxy");
    }

    [Fact]
    public async Task HealthNeedsNoCredentialsButDiscoveryDoes()
    {
        using var anonymous = hub.HubClient();
        using var health = await anonymous.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var discovery = await anonymous.GetAsync("apis");
        Assert.Equal(HttpStatusCode.Unauthorized, discovery.StatusCode);
        using var alice = hub.HubClient(HubFixture.AliceToken);
        using var groups = await alice.GetAsync("apis");
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        Assert.Contains("proxies.clusternet.io", await groups.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
