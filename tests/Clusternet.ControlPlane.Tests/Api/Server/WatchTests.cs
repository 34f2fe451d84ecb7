using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>Watch over HTTP: live events, resuming, selectors, bookmarks, 410 as an ERROR event.</summary>
public sealed class WatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static V1ConfigMap ConfigMap(string name, string? app = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } },
    };

    [Fact]
    public async Task LiveAddedModifiedDeletedArrive()
    {
        var ns = await server.NewNamespaceAsync();
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}");
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), ns);
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"b"}}""", V1Patch.PatchType.MergePatch), "w", ns);
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("w", ns);
        Assert.Equal("ADDED", (await watch.NextAsync())!.Value.Type);
        Assert.Equal("MODIFIED", (await watch.NextAsync())!.Value.Type);
        Assert.Equal("DELETED", (await watch.NextAsync())!.Value.Type);
    }

    [Fact]
    public async Task ResourceVersionZeroReplaysCurrentStateAsAdded()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("existing"), ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion=0");
        var first = (await watch.NextAsync())!.Value;
        Assert.Equal("ADDED", first.Type);
        Assert.Equal("existing", (string?)first.Object["metadata"]!["name"]);
    }

    [Fact]
    public async Task ResumingFromAResourceVersionSendsOnlyLaterEvents()
    {
        var ns = await server.NewNamespaceAsync();
        var a = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={a.Metadata.ResourceVersion}");
        var next = (await watch.NextAsync())!.Value;
        Assert.Equal("ADDED", next.Type);
        Assert.Equal("b", (string?)next.Object["metadata"]!["name"]);
    }

    [Fact]
    public async Task ObjectLeavingTheSelectionIsDeletedForTheWatcher()
    {
        var ns = await server.NewNamespaceAsync();
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&labelSelector=app%3Ddemo&resourceVersion={list.Metadata.ResourceVersion}");
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", "other"), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("s", "demo"), ns);
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"gone"}}}""", V1Patch.PatchType.MergePatch), "s", ns);
        var added = (await watch.NextAsync())!.Value;
        Assert.Equal(("ADDED", "s"), (added.Type, (string?)added.Object["metadata"]!["name"]));
        Assert.Equal("DELETED", (await watch.NextAsync())!.Value.Type);
    }

    [Fact]
    public async Task WatchPinnedToANameSeesOnlyThatObjectReplayedAndLive()
    {
        // Storage passes over other objects by their key for metadata.name=x; the events of the pinned object, in the
        // replay from an old resourceVersion and live, must still all arrive, and combined selectors still apply.
        var ns = await server.NewNamespaceAsync();
        var mine = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mine", "demo"), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("theirs", "demo"), ns);
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "theirs", ns);
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "mine", ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&fieldSelector=metadata.name%3Dmine&labelSelector=app%3Ddemo&resourceVersion={mine.Metadata.ResourceVersion}");
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("theirs", ns);
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"gone"}}}""", V1Patch.PatchType.MergePatch), "mine", ns);
        var replayed = (await watch.NextAsync())!.Value;
        Assert.Equal(("MODIFIED", "mine", "1"), (replayed.Type, (string?)replayed.Object["metadata"]!["name"], (string?)replayed.Object["data"]!["a"]));
        var left = (await watch.NextAsync())!.Value;
        Assert.Equal(("DELETED", "mine"), (left.Type, (string?)left.Object["metadata"]!["name"]));
    }

    [Fact]
    public async Task ListPinnedToANameReturnsOnlyThatObject()
    {
        var ns = await server.NewNamespaceAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), ns);
        }

        var one = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=b", limit: 1);
        Assert.Equal(["b"], one.Items.Select(i => i.Metadata.Name));
        Assert.Null(one.Metadata.ContinueProperty);
        Assert.Empty((await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=z")).Items);
        var all = await server.Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name=c,metadata.namespace={ns}");
        Assert.Equal([(ns, "c")], all.Items.Select(i => (i.Metadata.NamespaceProperty, i.Metadata.Name)));
    }

    [Fact]
    public async Task TimeoutSecondsEndsTheStreamAfterABookmark()
    {
        var ns = await server.NewNamespaceAsync();
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion={list.Metadata.ResourceVersion}");
        var bookmark = (await watch.NextAsync())!.Value;
        Assert.Equal("BOOKMARK", bookmark.Type);
        Assert.False(string.IsNullOrEmpty((string?)bookmark.Object["metadata"]!["resourceVersion"]));
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task TooOldResourceVersionIsAnExpiredErrorEvent()
    {
        var ns = await server.NewNamespaceAsync();
        var first = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("old"), ns);
        for (var i = 0; i < 60; i++)
        {
            await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($$$"""{"data":{"i":"{{{i}}}"}}""", V1Patch.PatchType.MergePatch), "old", ns);
        }

        await using var watch = await WatchStream.OpenAsync(server.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={first.Metadata.ResourceVersion}");
        var error = (await watch.NextAsync())!.Value;
        Assert.Equal("ERROR", error.Type);
        Assert.Equal(410, (int?)error.Object["code"]);
        Assert.Equal("Expired", (string?)error.Object["reason"]);
        Assert.Null(await watch.NextAsync());
    }
}
