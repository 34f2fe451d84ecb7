using Clusternet.ControlPlane.Controllers.Dynamic;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Controllers;

/// <summary>The in-process controllers' lean watch, against the real server over HTTPS.</summary>
public sealed class LoopbackWatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly ApiResource ConfigMaps = new(string.Empty, "v1", "configmaps", "ConfigMap", true, ["list", "watch"]);

    [Fact]
    public async Task Events_arrive_in_order_whole_even_when_one_spans_many_reads()
    {
        var ns = await server.NewNamespaceAsync();
        var from = (await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        var big = new string('x', 300_000); // far more than one read of the response stream
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "big" }, Data = new Dictionary<string, string> { ["k"] = big } }, ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "small" } }, ns);
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("small", ns);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<(WatchEventType, string?, string?)>();
        await foreach (var (type, obj) in LoopbackWatch.WatchAsync(server.Client, ConfigMaps, from, timeout.Token))
        {
            if (type == WatchEventType.Bookmark || (string?)obj["metadata"]?["namespace"] != ns)
            {
                continue;
            }

            seen.Add((type, (string?)obj["metadata"]?["name"], (string?)obj["data"]?["k"]));
            Assert.Null(obj.Parent);
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "big", big), (WatchEventType.Added, "small", null), (WatchEventType.Deleted, "small", null)], seen);
    }

    [Fact]
    public async Task A_refused_watch_throws_with_the_status_code()
    {
        var missing = new ApiResource("example.com", "v1", "nothings", "Nothing", true, ["list", "watch"]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in LoopbackWatch.WatchAsync(server.Client, missing, "0", CancellationToken.None))
            {
            }
        });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }
}
