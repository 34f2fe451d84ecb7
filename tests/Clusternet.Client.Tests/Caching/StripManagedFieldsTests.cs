using Clusternet.Caching;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

/// <summary><see cref="SharedInformerOptions.StripManagedFields"/> over real HTTP: listed and watched objects alike.</summary>
public sealed class StripManagedFieldsTests
{
    private static readonly ResourceDescriptor ConfigMaps = ResourceDescriptor.For<V1ConfigMap>(namespaced: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListedAndWatchedObjectsAreCachedWithoutManagedFieldsOnlyWhenAsked(bool strip)
    {
        await using var server = await TestApiServer.StartAsync(ConfigMaps);
        using var kubernetes = server.CreateKubernetes();
        server.Put(ConfigMaps, ConfigMap("listed"));
        await using var informer = SharedInformer.Create(
            kubernetes.Resource<V1ConfigMap, V1ConfigMapList>(ConfigMaps, "default"), new SharedInformerOptions { StripManagedFields = strip });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await informer.StartAsync(CancellationToken.None);
        Assert.True(await informer.WaitForCacheSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        await server.WaitForOpenWatchesAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        server.Put(ConfigMaps, ConfigMap("watched"));
        await handler.TakeAsync(2).WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var name in new[] { "listed", "watched" })
        {
            var cached = informer.Lister.Get("default/" + name);
            Assert.NotNull(cached);
            Assert.Equal(strip, cached.Metadata.ManagedFields is null);
            Assert.Equal("v", Assert.Single(cached.Data).Key);
        }
    }

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply", ApiVersion = "v1", FieldsType = "FieldsV1" }],
        },
        Data = new Dictionary<string, string> { ["v"] = "1" },
    };
}
