using Clusternet.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Clusternet.Client.Tests.Caching;

public sealed class RateLimitingQueueTests
{
    private readonly FakeTimeProvider _time = new();

    private RateLimitingQueue<string> NewQueue() => new(timeProvider: _time);

    private static async Task<string> GetItemAsync(IWorkQueue<string> queue)
    {
        var (item, shutDown) = await queue.GetAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(shutDown);
        return item;
    }

    [Fact]
    public async Task AnItemAddedTwiceIsQueuedOnce()
    {
        using var queue = NewQueue();

        queue.Add("a");
        queue.Add("a");

        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await GetItemAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ItemsAreHandedOutInOrder()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", await GetItemAsync(queue));
        Assert.Equal("b", await GetItemAsync(queue));
    }

    [Fact]
    public async Task AnItemAddedWhileProcessingIsRequeuedOnDone()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var item = await GetItemAsync(queue);

        queue.Add(item);
        Assert.Equal(0, queue.Count);

        queue.Done(item);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await GetItemAsync(queue));
    }

    [Fact]
    public async Task DoneWithoutAReAddLeavesTheQueueEmpty()
    {
        using var queue = NewQueue();
        queue.Add("a");

        queue.Done(await GetItemAsync(queue));

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task AWaitingGetReceivesTheNextItemAdded()
    {
        using var queue = NewQueue();
        var get = queue.GetAsync();
        Assert.False(get.IsCompleted);

        queue.Add("a");

        Assert.Equal(("a", false), await get.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AddAfterQueuesItemsWhenTheirDelaysPassInOrder()
    {
        using var queue = NewQueue();
        queue.AddAfter("late", TimeSpan.FromSeconds(2));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("early", await GetItemAsync(queue));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("late", await GetItemAsync(queue));
    }

    [Fact]
    public void TheEarlierOfTwoDelaysForAnItemWins()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimitedWaitsLongerAfterEachFailureUntilForgotten()
    {
        using var queue = new RateLimitingQueue<string>(new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), _time);

        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.Done(await GetItemAsync(queue));

        queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.NumRequeues("a"));

        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }

    [Fact]
    public async Task ShutDownWakesWaitersAtOnce()
    {
        using var queue = NewQueue();
        var get = queue.GetAsync();

        queue.ShutDown();

        var (_, shutDown) = await get.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(shutDown);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task AfterShutDownQueuedItemsAreStillHandedOutAndNewOnesIgnored()
    {
        using var queue = NewQueue();
        queue.Add("a");

        queue.ShutDown();
        queue.Add("b");

        Assert.Equal("a", await GetItemAsync(queue));
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task DelayedItemsAreDroppedByShutDown()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, queue.Count);
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task ShutDownWithDrainWaitsForItemsInProcessing()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var item = await GetItemAsync(queue);

        var drain = queue.ShutDownWithDrainAsync();
        Assert.False(drain.IsCompleted);

        queue.Done(item);
        await drain.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ShutDownWithDrainReturnsAtOnceWhenNothingIsProcessing()
    {
        using var queue = NewQueue();

        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task ACancelledGetDoesNotSwallowTheNextItem()
    {
        using var queue = NewQueue();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        queue.Add("a");

        Assert.Equal("a", await GetItemAsync(queue));
    }
}
