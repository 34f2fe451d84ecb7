using System.Threading.Channels;

namespace Clusternet.ControlPlane.Controllers;

/// <summary>
/// A de-duplicating queue of keys, as client-go's work queue: a key added while already waiting is queued once, and a
/// key may be re-added after a delay (to look again at something that is not finished yet).
/// </summary>
internal sealed class WorkQueue<TKey>(TimeProvider time)
    where TKey : notnull
{
    private readonly Channel<TKey> channel = Channel.CreateUnbounded<TKey>();
    private readonly HashSet<TKey> waiting = [];

    public void Add(TKey key)
    {
        lock (waiting)
        {
            if (!waiting.Add(key))
            {
                return;
            }
        }

        channel.Writer.TryWrite(key);
    }

    public void AddAfter(TKey key, TimeSpan delay, CancellationToken cancellationToken) =>
        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(_ => Add(key), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    /// <summary>The next key; it may be added again from now on.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        var key = await channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (waiting)
        {
            waiting.Remove(key);
        }

        return key;
    }
}
