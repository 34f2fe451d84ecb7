namespace Clusternet.Caching;

/// <summary>
/// Exponential backoff with jitter, capped: the n-th consecutive failure waits a random time in
/// [d/2, d) with d = min(initial × 2ⁿ, max). The jitter spreads the retries of many informers that
/// lost the same server at the same moment.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    public void Reset() => _failures = 0;
}
