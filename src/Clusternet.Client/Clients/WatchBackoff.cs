namespace Clusternet.Clients;

/// <summary>
/// The delay before a failed watch is reopened: 200 ms doubling up to 30 s, each delay drawn at random
/// between half and all of its step so that many clients cut off together do not return together.
/// </summary>
internal sealed class WatchBackoff
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    private int failures;

    /// <summary>The next delay; <paramref name="serverAsked"/> (a 429's Retry-After) wins when it is longer.</summary>
    public TimeSpan Next(TimeSpan? serverAsked = null)
    {
        var step = Initial * Math.Pow(2, Math.Min(failures, 16));
        failures++;
        if (step > Maximum)
        {
            step = Maximum;
        }

        var delay = step * (0.5 + (Random.Shared.NextDouble() / 2));
        return serverAsked is { } asked && asked > delay ? asked : delay;
    }

    /// <summary>Forgets past failures after a healthy stream.</summary>
    public void Reset() => failures = 0;
}
