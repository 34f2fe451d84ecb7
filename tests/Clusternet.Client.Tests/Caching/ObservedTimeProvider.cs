using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Clusternet.Client.Tests.Caching;

/// <summary>A FakeTimeProvider that reports every one-shot delay created on it, so a test can advance exactly past a backoff it knows was scheduled.</summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits until a delay is scheduled, then advances the clock past it.</summary>
    public async Task<TimeSpan> AdvancePastNextDelayAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var due = await _delays.Reader.ReadAsync(timeout.Token);
        Advance(due);
        return due;
    }
}
