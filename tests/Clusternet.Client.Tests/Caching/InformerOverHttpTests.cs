using Clusternet.Caching;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

/// <summary>
/// The informer end to end: ResourceClient over real HTTP (KubernetesClient's pipeline) against the
/// Kestrel test API server, with connections dropped and history compacted underneath it.
/// </summary>
public sealed class InformerOverHttpTests : IAsyncLifetime
{
    private static readonly ResourceDescriptor ConfigMaps = ResourceDescriptor.For<V1ConfigMap>(namespaced: true);

    private TestApiServer _server = null!;
    private Kubernetes _kubernetes = null!;
    private SharedInformer<V1ConfigMap> _informer = null!;
    private readonly RecordingHandler _handler = new();

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(ConfigMaps);
        _kubernetes = _server.CreateKubernetes();
        _server.Put(ConfigMaps, ConfigMap("a", "1"));
        _server.Put(ConfigMaps, ConfigMap("b", "1"));

        var client = _kubernetes.Resource<V1ConfigMap, V1ConfigMapList>(ConfigMaps, "default");
        _informer = SharedInformer.Create(client, new SharedInformerOptions { PageSize = 1, InitialBackoff = TimeSpan.FromMilliseconds(20) });
        _informer.AddEventHandler(_handler);
        await _informer.StartAsync(CancellationToken.None);
        Assert.True(await _informer.WaitForCacheSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        await _server.WaitForOpenWatchesAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _informer.DisposeAsync();
        _kubernetes.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TheInitialSyncListsEveryObjectPageByPage()
    {
        Assert.Equal(["add a 1 initial", "add b 2 initial"], (await _handler.TakeAsync(2)).Select(Normalize).Order());
        Assert.Equal(["default/a", "default/b"], _informer.Lister.List().Select(CacheKey.Of).Order());
        Assert.Equal(2, Lists());
    }

    [Fact]
    public async Task AddsUpdatesAndDeletesArriveInOrder()
    {
        await _handler.TakeAsync(2);

        _server.Put(ConfigMaps, ConfigMap("c", "1"));
        _server.Put(ConfigMaps, ConfigMap("a", "2"));
        _server.Remove(ConfigMaps, "default", "b");

        Assert.Equal(["add c", "update a", "delete b"], (await _handler.TakeAsync(3)).Select(Verb));
        Assert.Equal("2", _informer.Lister.Get("default/a")!.Data["v"]);
        Assert.Null(_informer.Lister.Get("default/b"));
    }

    [Fact]
    public async Task ADroppedWatchResumesWithoutLosingOrRepeatingEvents()
    {
        await _handler.TakeAsync(2);
        var watchesBefore = _server.WatchRequests().Count;

        _server.DropWatches();
        _server.Put(ConfigMaps, ConfigMap("c", "1"));
        _server.Put(ConfigMaps, ConfigMap("a", "2"));
        await WaitUntilAsync(() => _server.WatchRequests().Count > watchesBefore);
        _server.Put(ConfigMaps, ConfigMap("d", "1"));

        Assert.Equal(["add c", "update a", "add d"], (await _handler.TakeAsync(3)).Select(Verb));
        var resumed = _server.WatchRequests().Last();
        Assert.Contains("resourceVersion=", resumed.Query);
        Assert.Equal(0, await PendingAfterQuietAsync());
        Assert.Equal(4, _informer.Lister.Count);
    }

    [Fact]
    public async Task AfterHistoryIsCompactedTheInformerRelistsAndReportsOnlyTheDifference()
    {
        await _handler.TakeAsync(2);
        var listsBefore = Lists();
        _server.HoldWatches();
        _server.DropWatches();

        // Changes made while the informer cannot watch, then history forgotten: the resume gets 410.
        _server.Put(ConfigMaps, ConfigMap("a", "2"));
        _server.Remove(ConfigMaps, "default", "b");
        _server.Put(ConfigMaps, ConfigMap("c", "1"));
        _server.Compact();
        _server.ReleaseWatches();

        var events = (await _handler.TakeAsync(3)).Select(Verb).Order().ToArray();
        Assert.Equal(["add c", "delete b", "update a"], events);
        Assert.True(Lists() > listsBefore, "the informer did not re-list after 410 Expired");
        Assert.Equal(0, await PendingAfterQuietAsync());
        Assert.Equal(["default/a", "default/c"], _informer.Lister.List().Select(CacheKey.Of).Order());
    }

    [Fact]
    public async Task BookmarksMoveTheResumePointWithoutEvents()
    {
        await _handler.TakeAsync(2);
        _server.BumpResourceVersion();
        _server.BumpResourceVersion();
        _server.SendBookmarks();
        await WaitUntilAsync(() => _informer.LastSyncResourceVersion == _server.ResourceVersion.ToString());

        Assert.Equal(0, await PendingAfterQuietAsync());
    }

    private int Lists() => _server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true"));

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["v"] = value },
    };

    // "add a 7 initial" → "add a 1 initial" style lines are compared by name and verb; resourceVersions
    // come from the server's global counter.
    private static string Normalize(string line)
    {
        var parts = line.Split(' ');
        return parts.Length == 4 ? $"{parts[0]} {parts[1]} {(parts[1] == "a" ? 1 : 2)} {parts[3]}" : line;
    }

    private static string Verb(string line) => string.Join(' ', line.Split(' ').Take(2));

    private async Task<int> PendingAfterQuietAsync()
    {
        // Nothing more may arrive: give the delivery loop a moment to surface a duplicate.
        await Task.Delay(200);
        return _handler.Pending;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
