using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Tests.Storage;

public abstract partial class ObjectStoreContractTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task<List<StoreEvent>> TakeAsync(IAsyncEnumerator<StoreEvent> watch, int count)
    {
        var events = new List<StoreEvent>();
        while (events.Count < count && await watch.MoveNextAsync().AsTask().WaitAsync(Patience))
        {
            events.Add(watch.Current);
        }

        return events;
    }

    [Fact]
    public async Task WatchFromAResourceVersionReplaysLaterWritesThenLiveOnes()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "1"));
        await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"));
        await store.CreateAsync(Cm("ns", "b"), ConfigMap("b"));
        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync(ConfigMaps, "ns", Rv(created), cts.Token).GetAsyncEnumerator(cts.Token);

        var replayed = await TakeAsync(watch, 2);
        await store.DeleteAsync(Cm("ns", "a"));
        var live = await TakeAsync(watch, 1);

        Assert.Equal([StoreEventType.Modified, StoreEventType.Added], replayed.Select(e => e.Type));
        Assert.Equal("2", Value(replayed[0].Object));
        Assert.Equal("1", Value(replayed[0].PreviousObject!));
        Assert.Equal(StoreEventType.Deleted, live[0].Type);
        Assert.Equal(live[0].ResourceVersion, Rv(live[0].Object));
        Assert.Equal(replayed.Concat(live).Select(e => e.ResourceVersion).Order(), replayed.Concat(live).Select(e => e.ResourceVersion));
    }

    [Fact]
    public async Task WatchWithoutAResourceVersionStartsFromNow()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("ns", "old"), ConfigMap("old"));
        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync(ConfigMaps, null, null, cts.Token).GetAsyncEnumerator(cts.Token);

        await store.CreateAsync(Cm("ns", "new"), ConfigMap("new"));
        var events = await TakeAsync(watch, 1);

        Assert.Equal("new", Name(events[0].Object));
    }

    [Fact]
    public async Task WatchSeesOnlyItsResourceAndNamespace()
    {
        var store = await OpenAsync();
        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync(ConfigMaps, "ns", null, cts.Token).GetAsyncEnumerator(cts.Token);

        await store.CreateAsync(new StorageKey("/secrets", "ns", "s"), ConfigMap("s"));
        await store.CreateAsync(Cm("other", "o"), ConfigMap("o"));
        await store.CreateAsync(Cm("ns", "mine"), ConfigMap("mine"));
        var events = await TakeAsync(watch, 1);

        Assert.Equal("mine", Name(events[0].Object));
    }

    [Fact]
    public async Task WatchFromAResourceVersionOlderThanTheHistoryThrowsExpired()
    {
        var store = await OpenAsync(new ObjectStoreOptions { HistoryCapacity = 2 });
        var first = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
        for (var i = 0; i < 3; i++)
        {
            await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", $"{i}"));
        }

        await using var watch = store.WatchAsync(ConfigMaps, "ns", Rv(first)).GetAsyncEnumerator();

        await Assert.ThrowsAsync<StorageExpiredException>(async () => await watch.MoveNextAsync());
    }

    [Fact]
    public async Task ASlowWatcherDoesNotHoldWritersBackAndIsDroppedWithExpired()
    {
        var store = await OpenAsync(new ObjectStoreOptions { WatcherBufferCapacity = 5 });
        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync(ConfigMaps, "ns", null, cts.Token).GetAsyncEnumerator(cts.Token);
        var firstMove = watch.MoveNextAsync(); // registers the watcher, then waits for the first event

        // Nobody reads the watch while 50 writes go through.
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync(Cm("ns", $"cm{i}"), ConfigMap($"cm{i}")).WaitAsync(Patience);
        }

        Assert.True(await firstMove);
        await Assert.ThrowsAsync<StorageExpiredException>(async () =>
        {
            while (await watch.MoveNextAsync())
            {
            }
        });
    }

    [Fact]
    public async Task ConcurrentGuaranteedUpdatesLoseNoIncrement()
    {
        var store = await OpenAsync();
        var key = Cm("ns", "counter");
        await store.CreateAsync(key, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "counter" }, ["count"] = 0 });

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await store.GuaranteedUpdateAsync(key, current =>
                {
                    current!["count"] = current["count"]!.GetValue<int>() + 1;
                    return current;
                });
            }
        })));

        Assert.Equal(500, (await store.GetAsync(key))!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task GuaranteedUpdateCreatesAMissingObjectWhenTheUpdateReturnsOne()
    {
        var store = await OpenAsync();

        var created = await store.GuaranteedUpdateAsync(Cm("ns", "a"), current => current ?? ConfigMap("a", "made"));

        Assert.Equal("made", Value(created!));
        Assert.Equal("made", Value((await store.GetAsync(Cm("ns", "a")))!));
    }

    [Fact]
    public async Task GuaranteedUpdateReturningNullWritesNothing()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));

        var result = await store.GuaranteedUpdateAsync(Cm("ns", "a"), _ => null);

        Assert.Equal(Rv(created), Rv(result!));
        Assert.Equal(Rv(created), store.CurrentResourceVersion);
    }

    [Fact]
    public async Task GuaranteedUpdateWhoseResultCarriesAnotherResourceVersionThrowsConflict()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
        await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.GuaranteedUpdateAsync(Cm("ns", "a"), current =>
        {
            current!["metadata"]!["resourceVersion"] = Rv(created).ToString();
            return current;
        }));
    }
}
