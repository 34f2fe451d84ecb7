using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>Proxy failures are Kubernetes Status objects with the right code, and never a hang.</summary>
[Collection(HubCollection.Name)]
public sealed class ProxyErrorTests(HubFixture hub)
{
    private static JsonNode StatusOf(HttpOperationException error) => JsonNode.Parse(error.Response.Content)!;

    [Fact]
    public async Task UnknownClusterIsNotFound()
    {
        var unknown = Guid.NewGuid().ToString();
        using var child = ClusterRedirection.ForCluster(unknown).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => child.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("no cluster id is " + unknown, (string?)StatusOf(error)["message"]);
    }

    [Fact]
    public async Task ClusterWithoutTunnelSessionIsServiceUnavailable()
    {
        using var child = ClusterRedirection.ForCluster(hub.NoSessionClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => child.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Equal("Status", (string?)StatusOf(error)["kind"]);
        Assert.Contains("agent is not connected", (string?)StatusOf(error)["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentDroppedMidWatchEndsTheClientStreamWithAnError()
    {
        var clusterId = Guid.NewGuid().ToString();
        var ns = "clusternet-drop";
        await hub.RegisterManagedClusterAsync(clusterId, ns, hub.Child.BaseAddress, useSocket: true, HubFixture.DeployerToken, hub.Child.CertificateAuthority.ExportCertificatePem());
        await hub.ParentAdmin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "agent" } }, ns);
        var token = await hub.IssueSocketTokenAsync(ns, "agent", clusterId);
        using var stopAgent = new CancellationTokenSource();
        var agent = Task.Run(() => hub.CreateAgent(clusterId, token).RunAsync(stopAgent.Token));
        await HubFixture.WaitForAsync(() => Task.FromResult(hub.Tunnel.HasSession(clusterId) || agent.IsCompleted), "the agent's session");
        Assert.True(hub.Tunnel.HasSession(clusterId));

        var watched = "drop-" + Guid.NewGuid().ToString("N")[..6];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = watched } });
        using var child = ClusterRedirection.ForCluster(clusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = child.CoreV1.WatchListNamespacedConfigMapAsync(watched, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        await hub.ChildAdmin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, watched);
        Assert.True(await events.MoveNextAsync());

        await stopAgent.CancelAsync();
        var error = await Record.ExceptionAsync(async () =>
        {
            while (await events.MoveNextAsync())
            {
            }
        });
        Assert.NotNull(error);
        Assert.False(timeout.IsCancellationRequested, "the stream should end because the tunnel went away, not by the test's timeout");
    }
}
