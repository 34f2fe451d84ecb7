using System.Collections.Concurrent;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Answers of TokenReview and SubjectAccessReview kept for a short time, so that a burst of proxied requests costs
/// the parent one review. Bounded: when full, expired entries go first, then everything (a cache, not a store).
/// </summary>
internal sealed class ReviewCache<T>
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, (T Value, long Expires)> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _inflight = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;

    public ReviewCache(TimeProvider time, TimeSpan duration)
    {
        _time = time;
        _duration = duration;
    }

    /// <summary>
    /// The cached answer, or the answer of <paramref name="review"/>, which runs once for all callers that ask for the
    /// same key at the same time (a burst of requests must not become a burst of reviews). Failures are not cached.
    /// </summary>
    public async ValueTask<T> GetOrReviewAsync(string key, Func<CancellationToken, Task<T>> review, CancellationToken cancellationToken)
    {
        if (TryGet(key, out var cached))
        {
            return cached;
        }

        var inflight = _inflight.GetOrAdd(key, k => new Lazy<Task<T>>(() => ReviewOnceAsync(k, review)));
        return await inflight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool TryGet(string key, out T value)
    {
        if (_entries.TryGetValue(key, out var entry) && _time.GetTimestamp() < entry.Expires)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private async Task<T> ReviewOnceAsync(string key, Func<CancellationToken, Task<T>> review)
    {
        try
        {
            // Shared by every waiting caller, so no single caller's cancellation may end it; the client's own timeout bounds it.
            var value = await review(CancellationToken.None).ConfigureAwait(false);
            Set(key, value);
            return value;
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }

    public void Set(string key, T value)
    {
        if (_duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (value, now + (long)(_duration.TotalSeconds * _time.TimestampFrequency));
    }
}
