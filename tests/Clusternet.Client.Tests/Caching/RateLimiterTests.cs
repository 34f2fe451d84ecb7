using Clusternet.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Clusternet.Client.Tests.Caching;

public sealed class RateLimiterTests
{
    [Fact]
    public void PerItemBackoffDoublesWithEachFailure()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 4).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();

        Assert.Equal([5, 10, 20, 40], delays);
        Assert.Equal(4, limiter.NumRequeues("a"));
        Assert.Equal(0, limiter.NumRequeues("b"));
    }

    [Fact]
    public void PerItemBackoffIsCapped()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        for (var i = 0; i < 100; i++)
        {
            limiter.When("a");
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
    }

    [Fact]
    public void ForgetResetsAnItemsBackoff()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Fact]
    public void TheTokenBucketAllowsABurstThenSpacesRetriesByItsRate()
    {
        var limiter = new BucketRateLimiter<string>(10, 100, new FakeTimeProvider());

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.When($"item-{i}"));
        }

        Assert.Equal(0.1, limiter.When("x").TotalSeconds, 6);
        Assert.Equal(0.2, limiter.When("y").TotalSeconds, 6);
    }

    [Fact]
    public void TheTokenBucketRefillsOverTime()
    {
        var time = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<string>(10, 100, time);
        for (var i = 0; i < 100; i++)
        {
            limiter.When("a");
        }

        time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.When("a"));
        }

        Assert.True(limiter.When("a") > TimeSpan.Zero);
    }

    [Fact]
    public void TheDefaultLimiterTakesTheLongerOfBackoffAndBucket()
    {
        var limiter = ControllerRateLimiter.Default<string>(new FakeTimeProvider());

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        for (var i = 0; i < 99; i++)
        {
            limiter.When($"item-{i}");
        }

        // The bucket is empty: a fresh item waits for a token although its own backoff would be 5 ms.
        Assert.Equal(0.1, limiter.When("b").TotalSeconds, 6);
        Assert.Equal(1, limiter.NumRequeues("b"));
    }
}
