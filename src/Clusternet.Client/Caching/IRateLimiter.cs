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

/// <summary>Delays an item by <c>baseDelay × 2^(retries)</c>, at most <c>maxDelay</c>.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="baseDelay">The first delay.</param>
/// <param name="maxDelay">The cap.</param>
public sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures = [];

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            _failures[item] = exponent + 1;
        }

        // Computed in doubles: 2^exponent overflows long ticks long before the failure count overflows.
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    /// <inheritdoc />
    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}

/// <summary>
/// An overall token bucket: <c>qps</c> tokens a second, holding at most <c>burst</c>. Each retry takes a token, waiting
/// for it when the bucket is empty. It does not track items, so <see cref="Forget"/> does nothing.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class BucketRateLimiter<T> : IRateLimiter<T>
{
    private readonly Lock _lock = new();
    private readonly double _qps;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="qps">Tokens added per second.</param>
    /// <param name="burst">The bucket's size.</param>
    /// <param name="timeProvider">The clock.</param>
    public BucketRateLimiter(double qps, int burst, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _qps = qps;
        _burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _qps));
            _last = now;

            // Taking a token the bucket does not have yet reserves it: the debt is paid back at qps, so the
            // n-th retry beyond the burst waits n / qps.
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
    }

    /// <inheritdoc />
    public int NumRequeues(T item) => 0;
}

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
