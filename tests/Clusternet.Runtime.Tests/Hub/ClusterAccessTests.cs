using System.Text;
using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>KubernetesClient, redirected with <c>ForCluster</c>, reaches the child through parent → aggregator → hub → tunnel.</summary>
[Collection(HubCollection.Name)]
public sealed class ClusterAccessTests(HubFixture hub)
{
    private Kubernetes ChildThroughHub(string? token = null, ChildCredentials? credentials = null)
    {
        var parent = token is null ? hub.Parent.CreateAdminConfiguration() : hub.ParentConfiguration(token);
        return ClusterRedirection.ForCluster(hub.ClusterId, credentials).CreateKubernetes(parent);
    }

    [Fact]
    public async Task ConfigMapCrudReachesTheChildOnly()
    {
        using var child = ChildThroughHub();
        var ns = "crud-" + Guid.NewGuid().ToString("N")[..8];
        await child.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await child.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns);

        var read = await hub.ChildAdmin.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.Equal("1", read.Data["a"]);
        await Assert.ThrowsAsync<HttpOperationException>(() => hub.ParentAdmin.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));

        read.Data["a"] = "2";
        var updated = await child.CoreV1.ReplaceNamespacedConfigMapAsync(read, "cm", ns);
        Assert.Equal("2", updated.Data["a"]);
        var listed = await child.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Contains(listed.Items, c => c.Metadata.Name == "cm");
        await child.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => hub.ChildAdmin.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task WatchEventsArriveWhileStreaming()
    {
        using var child = ChildThroughHub();
        var ns = "watch-" + Guid.NewGuid().ToString("N")[..8];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = child.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        for (var i = 0; i < 3; i++)
        {
            var name = "cm" + i;
            await hub.ChildAdmin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, ns);
            while (true)
            {
                Assert.True(await events.MoveNextAsync());
                var (type, item) = events.Current;
                if (type == WatchEventType.Added && item.Metadata.Name == name)
                {
                    break;
                }
            }
        }
    }

    [Fact]
    public async Task ServerSideApplyGoesThroughTheHub()
    {
        using var child = ChildThroughHub();
        var ns = "apply-" + Guid.NewGuid().ToString("N")[..8];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var body = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "applied", NamespaceProperty = ns }, Data = new Dictionary<string, string> { ["k"] = "v" } };
        var applied = await child.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "hub-test", force: true);
        Assert.Equal("v", applied.Data["k"]);
        Assert.Contains(applied.Metadata.ManagedFields, f => f.Manager == "hub-test" && f.Operation == "Apply");
    }

    [Fact]
    public async Task TenMebibyteListStreamsThrough()
    {
        using var child = ChildThroughHub();
        var ns = "big-" + Guid.NewGuid().ToString("N")[..8];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var value = new string('x', 512 * 1024);
        await Task.WhenAll(Enumerable.Range(0, 21).Select(i => hub.ChildAdmin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "big" + i }, Data = new Dictionary<string, string> { ["v"] = value } }, ns)));

        var list = await child.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal(21, list.Items.Count);
        Assert.True(list.Items.Sum(c => c.Data["v"].Length) >= 10 * 1024 * 1024);
    }

    [Fact]
    public async Task WatchHeadersArriveBeforeAnyEvent()
    {
        var ns = "quiet-" + Guid.NewGuid().ToString("N")[..8];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        using var client = hub.HubClient(hub.Parent.CreateAdminConfiguration().AccessToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await client.GetAsync(
            $"apis/proxies.clusternet.io/v1alpha1/sockets/{hub.ClusterId}/proxy/direct/api/v1/namespaces/{ns}/configmaps?watch=true",
            HttpCompletionOption.ResponseHeadersRead,
            timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
