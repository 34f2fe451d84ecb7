namespace Clusternet.Caching;

/// <summary>Combines rate limiters: the delay is the longest any of them gives.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="limiters">The rate limiters; each is asked on every retry, so each keeps its own count.</param>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
{
    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest)
            {
                longest = delay;
            }
        }

        return longest;
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    /// <inheritdoc />
    public int NumRequeues(T item)
    {
        var most = 0;
        foreach (var limiter in limiters)
        {
            most = Math.Max(most, limiter.NumRequeues(item));
        }

        return most;
    }
}
