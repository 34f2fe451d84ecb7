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
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;

    public ReviewCache(TimeProvider time, TimeSpan duration)
    {
        _time = time;
        _duration = duration;
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
