namespace Clusternet.Caching;

/// <summary>The rate limiter controllers use unless they have a reason to choose another.</summary>
public static class ControllerRateLimiter
{
    /// <summary>
    /// The larger of a per-item exponential backoff (5 ms doubling to 1000 s) and an overall token bucket (10 retries
    /// per second, bursts of 100): one failing item backs off on its own, and many failing together cannot flood the server.
    /// </summary>
    public static IRateLimiter<T> Default<T>(TimeProvider? timeProvider = null)
        where T : notnull
        => new MaxOfRateLimiter<T>(
            new ExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketRateLimiter<T>(10, 100, timeProvider));
}
