using Clusternet.Caching;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

public sealed class SharedInformerTests
{
    private readonly FakeResourceServer _server = new();
    private readonly ObservedTimeProvider _time = new();

    private SharedInformer<V1ConfigMap> NewInformer(SharedInformerOptions? options = null)
        => SharedInformer.Create(_server, options, _time);

    private async Task<(SharedInformer<V1ConfigMap> Informer, RecordingHandler Handler)> StartSyncedAsync(SharedInformerOptions? options = null)
    {
        var informer = NewInformer(options);
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await informer.StartAsync();
        Assert.True(await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        await _server.NextWatchAsync();
        return (informer, handler);
    }

    [Fact]
    public async Task HasSyncedFlipsOnceTheFirstListIsStored()
    {
        _server.Put("a");
        _server.ListGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var informer = NewInformer();

        await informer.StartAsync();
        await _server.ListStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(informer.HasSynced);

        _server.ListGate.SetResult();
        Assert.True(await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(informer.HasSynced);
        Assert.Same(informer.Lister.Get("default/a"), informer.Lister.List().Single());
        Assert.Equal(_server.ResourceVersion, informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task TheInitialListIsReadInPages()
    {
        for (var i = 0; i < 12; i++)
        {
            _server.Put($"cm-{i:D2}");
        }

        await using var informer = NewInformer(new SharedInformerOptions { PageSize = 5 });
        await informer.StartAsync();
        await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _server.ListCalls);
        Assert.Equal(12, informer.Lister.Count);
    }

    [Fact]
    public async Task TheWatchStartsFromTheListResourceVersionWithBookmarksAndABoundedTimeout()
    {
        _server.Put("a");
        await using var informer = NewInformer();
        await informer.StartAsync();

        var watch = await _server.NextWatchAsync();

        Assert.Equal(_server.ResourceVersion, watch.ResourceVersion);
        Assert.True(watch.AllowWatchBookmarks);
        Assert.InRange(watch.TimeoutSeconds!.Value, 300, 599);
    }

    [Fact]
    public async Task InitialObjectsArriveAsAddsInTheInitialList()
    {
        _server.Put("a");
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;

        Assert.Equal("add a 1 initial", await handler.NextAsync());
    }

    [Fact]
    public async Task AddUpdateAndDeleteArriveInOrder()
    {
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;

        _server.Put("a");
        _server.Put("a", "changed");
        _server.Remove("a");

        Assert.Equal(["add a 1", "update a 1->2", "delete a 3"], await handler.TakeAsync(3));
        Assert.Equal(0, informer.Lister.Count);
        Assert.Equal("3", informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task AWatchThatEndsIsReopenedFromTheLastResourceVersion()
    {
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;
        _server.Put("a");
        await handler.NextAsync();

        _server.EndWatches();
        var watch = await _server.NextWatchAsync();

        Assert.Equal("1", watch.ResourceVersion);
    }

    [Fact]
    public async Task AWatchThatEndsAtOnceWithoutEventsIsReopenedOnlyAfterABackoff()
    {
        var (informer, _) = await StartSyncedAsync();
        await using var __ = informer;

        _server.EndWatches();
        var delay = await _time.AdvancePastNextDelayAsync();

        Assert.True(delay > TimeSpan.Zero);
        Assert.Equal("0", (await _server.NextWatchAsync()).ResourceVersion);
    }

    [Fact]
    public async Task ADisposedRegistrationReceivesNothingMore()
    {
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;
        var removed = new RecordingHandler();
        var registration = informer.AddEventHandler(removed);

        registration.Dispose();
        _server.Put("a");

        Assert.Equal("add a 1", await handler.NextAsync());
        Assert.Equal(0, removed.Pending);
    }

    [Fact]
    public async Task ADroppedWatchResumesWithoutLosingOrRepeatingEvents()
    {
        _server.Put("a");
        _server.Put("b");
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;
        await handler.TakeAsync(2);
        _server.Put("a", "a2");
        Assert.Equal("update a 1->3", await handler.NextAsync());

        _server.BreakWatches();
        _server.Put("c");
        _server.Put("b", "b2");
        await _time.AdvancePastNextDelayAsync();

        Assert.Equal("3", (await _server.NextWatchAsync()).ResourceVersion);
        _server.Put("d");
        Assert.Equal(["add c 4", "update b 2->5", "add d 6"], await handler.TakeAsync(3));
    }

    [Fact]
    public async Task AnExpiredResourceVersionRelistsAndReportsTheDifference()
    {
        _server.Put("a");
        _server.Put("b");
        _server.Put("c");
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;
        await handler.TakeAsync(3);

        _server.BreakWatches();
        _server.Put("a", "a2");
        _server.Remove("b");
        _server.Put("d");
        _server.Compact();
        await _time.AdvancePastNextDelayAsync();

        Assert.Equal(["update a 1->4", "add d 6", "delete b 2 tombstone"], await handler.TakeAsync(3));
        Assert.Equal(2, _server.ListCalls);
        Assert.Equal(["a", "c", "d"], informer.Lister.List().Select(c => c.Name()).Order());
    }

    [Fact]
    public async Task AfterARelistTheWatchContinuesFromTheNewList()
    {
        _server.Put("a");
        var (informer, handler) = await StartSyncedAsync();
        await using var _ = informer;
        await handler.NextAsync();

        _server.BreakWatches();
        _server.Put("b");
        _server.Compact();
        await _time.AdvancePastNextDelayAsync();
        await handler.NextAsync();

        Assert.Equal("2", (await _server.NextWatchAsync()).ResourceVersion);
        _server.Put("c");
        Assert.Equal("add c 3", await handler.NextAsync());
    }

    [Fact]
    public async Task ABookmarkAdvancesTheResumePoint()
    {
        var (informer, _) = await StartSyncedAsync();
        await using var __ = informer;

        var bookmark = _server.Bookmark();
        _server.EndWatches();

        // The reopened watch starts at the bookmark: it was applied before the stream ended.
        Assert.Equal(bookmark, (await _server.NextWatchAsync()).ResourceVersion);
        Assert.Equal(bookmark, informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task ResyncRedeliversEveryObjectAsAnUpdateToItself()
    {
        _server.Put("a");
        _server.Put("b");
        var (informer, handler) = await StartSyncedAsync(new SharedInformerOptions { ResyncPeriod = TimeSpan.FromMinutes(1) });
        await using var _ = informer;
        await handler.TakeAsync(2);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["update a 1->1", "update b 2->2"], (await handler.TakeAsync(2)).Order());
        Assert.All(handler.Updates, u => Assert.Same(u.Old, u.New));
    }

    [Fact]
    public async Task AHandlerAddedLateGetsTheCurrentContents()
    {
        _server.Put("a");
        _server.Put("b");
        var (informer, _) = await StartSyncedAsync();
        await using var __ = informer;

        var late = new RecordingHandler();
        var registration = informer.AddEventHandler(late);

        Assert.Equal(["add a 1 initial", "add b 2 initial"], (await late.TakeAsync(2)).Order());
        _server.Put("c");
        Assert.Equal("add c 3", await late.NextAsync());
        Assert.True(registration.HasSynced);
    }

    [Fact]
    public async Task ASlowHandlerDoesNotHoldBackOthers()
    {
        var (informer, fast) = await StartSyncedAsync();
        await using var _ = informer;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingHandler();
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>
        {
            Added = (obj, initial) =>
            {
                release.Task.Wait();
                slow.OnAdd(obj, initial);
            },
        });

        _server.Put("a");
        _server.Put("b");
        _server.Put("c");

        Assert.Equal(["add a 1", "add b 2", "add c 3"], await fast.TakeAsync(3));
        release.SetResult();
        Assert.Equal(["add a 1", "add b 2", "add c 3"], await slow.TakeAsync(3));
    }

    [Fact]
    public async Task AHandlerThatThrowsKeepsReceivingEvents()
    {
        var (informer, _) = await StartSyncedAsync();
        await using var __ = informer;
        var handler = new RecordingHandler();
        var first = true;
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>
        {
            Added = (obj, initial) =>
            {
                if (first)
                {
                    first = false;
                    throw new InvalidOperationException("handler bug");
                }

                handler.OnAdd(obj, initial);
            },
        });

        _server.Put("a");
        _server.Put("b");

        Assert.Equal("add b 2", await handler.NextAsync());
    }

    [Fact]
    public async Task StopEndsTheWatch()
    {
        var (informer, _) = await StartSyncedAsync();

        await informer.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _server.OpenWatches);
        Assert.Throws<ObjectDisposedException>(() => informer.AddEventHandler(new RecordingHandler()));
    }

    [Fact]
    public async Task RunAsyncReturnsWhenCancelled()
    {
        using var cts = new CancellationTokenSource();
        await using var informer = NewInformer();
        var run = informer.RunAsync(cts.Token);
        await _server.NextWatchAsync();

        await cts.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _server.OpenWatches);
    }

    [Fact]
    public async Task WaitingForSyncReturnsFalseWhenStoppedFirst()
    {
        _server.ListGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var informer = NewInformer();
        await informer.StartAsync();
        var wait = informer.WaitForCacheSyncAsync();

        await informer.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AFailedListIsRetriedAfterABackoff()
    {
        var failing = new FailingFirstListServer(_server);
        _server.Put("a");
        await using var informer = SharedInformer.Create(failing, null, _time);
        await informer.StartAsync();

        var delay = await _time.AdvancePastNextDelayAsync();

        Assert.InRange(delay, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800));
        Assert.True(await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, informer.Lister.Count);
    }

    [Fact]
    public async Task AnIndexerAddedToTheInformerIsServedByItsLister()
    {
        _server.Put("a", "x");
        await using var informer = NewInformer();
        informer.AddIndexer("value", cm => [cm.Data["k"]]);
        await informer.StartAsync();
        await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("a", informer.Lister.ByIndex("value", "x").Single().Name());
    }

    /// <summary>Fails the first list with an IOException, then behaves as the server it wraps.</summary>
    private sealed class FailingFirstListServer(FakeResourceServer inner) : Clusternet.Clients.IResourceClient<V1ConfigMap, V1ConfigMapList>
    {
        private int _lists;

        public string? Namespace => inner.Namespace;

        public Task<V1ConfigMapList> ListAsync(Clusternet.Clients.ListOptions? options = null, CancellationToken cancellationToken = default)
            => Interlocked.Increment(ref _lists) == 1 ? Task.FromException<V1ConfigMapList>(new IOException("refused")) : inner.ListAsync(options, cancellationToken);

        public IAsyncEnumerable<Clusternet.Clients.WatchEvent<V1ConfigMap>> WatchStreamAsync(Clusternet.Clients.WatchOptions options, CancellationToken cancellationToken = default)
            => inner.WatchStreamAsync(options, cancellationToken);

        public Task<V1ConfigMap> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public IAsyncEnumerable<V1ConfigMap> ListAllAsync(Clusternet.Clients.ListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAllAsync(options, cancellationToken);

        public IAsyncEnumerable<Clusternet.Clients.WatchEvent<V1ConfigMap>> WatchAsync(Clusternet.Clients.WatchOptions? options = null, CancellationToken cancellationToken = default) => inner.WatchAsync(options, cancellationToken);

        public Task<V1ConfigMap> CreateAsync(V1ConfigMap item, Clusternet.Clients.WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.CreateAsync(item, options, cancellationToken);

        public Task<V1ConfigMap> UpdateAsync(V1ConfigMap item, Clusternet.Clients.WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.UpdateAsync(item, options, cancellationToken);

        public Task<V1ConfigMap> UpdateStatusAsync(V1ConfigMap item, Clusternet.Clients.WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(item, options, cancellationToken);

        public Task<V1ConfigMap> PatchAsync(string name, V1Patch patch, Clusternet.Clients.PatchOptions? options = null, CancellationToken cancellationToken = default) => inner.PatchAsync(name, patch, options, cancellationToken);

        public Task<V1ConfigMap> PatchStatusAsync(string name, V1Patch patch, Clusternet.Clients.PatchOptions? options = null, CancellationToken cancellationToken = default) => inner.PatchStatusAsync(name, patch, options, cancellationToken);

        public Task<V1ConfigMap?> DeleteAsync(string name, Clusternet.Clients.DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, options, cancellationToken);

        public Task DeleteCollectionAsync(Clusternet.Clients.ListOptions? listOptions = null, Clusternet.Clients.DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteCollectionAsync(listOptions, options, cancellationToken);
    }
}
