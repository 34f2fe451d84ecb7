namespace Clusternet.Caching;

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
