using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

[Collection(ShadowCollection.Name)]
public sealed class ShadowWatchTests(ShadowFixture fixture)
{
    private static V1ConfigMap ConfigMap(string name, string value) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["value"] = value } };

    [Fact]
    public async Task A_watch_streams_events_in_the_original_kind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var start = await fixture.Shadow.CoreV1.ListNamespacedConfigMapAsync("watched", cancellationToken: timeout.Token);
        await using var events = fixture.Shadow.CoreV1.WatchListNamespacedConfigMapAsync(
            "watched", resourceVersion: start.Metadata.ResourceVersion, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);

        await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("seen", "1"), "watched", cancellationToken: timeout.Token);
        await fixture.Shadow.CoreV1.DeleteNamespacedConfigMapAsync("seen", "watched", cancellationToken: timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, events.Current.Item1);
        Assert.Equal("ConfigMap", events.Current.Item2.Kind);
        Assert.Equal("v1", events.Current.Item2.ApiVersion);
        Assert.Equal("seen", events.Current.Item2.Name());
        Assert.Equal("1", events.Current.Item2.Data["value"]);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Deleted, events.Current.Item1);
    }

    [Fact]
    public async Task A_watch_resumes_from_an_objects_resource_version()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await fixture.Shadow.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("resumed", "1"), "resume", cancellationToken: timeout.Token);
        created.Data["value"] = "2";
        var updated = await fixture.Shadow.CoreV1.ReplaceNamespacedConfigMapAsync(created, "resumed", "resume", cancellationToken: timeout.Token);

        await using var events = fixture.Shadow.CoreV1.WatchListNamespacedConfigMapAsync(
            "resume", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Modified, events.Current.Item1);
        Assert.Equal("2", events.Current.Item2.Data["value"]);
        Assert.Equal(updated.Metadata.ResourceVersion, events.Current.Item2.Metadata.ResourceVersion);
    }
}
