namespace Clusternet.Caching;

/// <summary>Decides how long an item waits before it is retried (client-go's workqueue rate limiter).</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IRateLimiter<in T>
{
    /// <summary>The delay before the item's next retry; each call counts as one more retry.</summary>
    TimeSpan When(T item);

    /// <summary>Clears the item's history: it is treated as new.</summary>
    void Forget(T item);

    /// <summary>How many retries the item has had since it was last forgotten.</summary>
    int NumRequeues(T item);
}
