using System.Threading.Channels;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// One watch: the events it missed (replayed from history when it registered) and a bounded queue of
/// live ones. The writer only ever tries to enqueue; a full queue drops the watcher instead of waiting.
/// </summary>
internal sealed class Watcher(string resource, string? @namespace, IReadOnlyList<StoreEvent> replay, int capacity)
{
    private readonly Channel<StoreEvent> _live = Channel.CreateBounded<StoreEvent>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public string Resource { get; } = resource;

    public IReadOnlyList<StoreEvent> Replay { get; } = replay;

    public ChannelReader<StoreEvent> Live => _live.Reader;

    public bool Matches(StorageKey key) => @namespace is null || key.Namespace == @namespace;

    /// <summary>Queues a live event; false when the queue is full, and the watcher is then closed with the error.</summary>
    public bool TryDeliver(StoreEvent e)
    {
        if (_live.Writer.TryWrite(e))
        {
            return true;
        }

        _live.Writer.TryComplete(new StorageExpiredException(
            e.ResourceVersion, e.ResourceVersion, $"the watcher fell more than {capacity} events behind at resourceVersion {e.ResourceVersion} and was closed; list again"));
        return false;
    }

    public void Close() => _live.Writer.TryComplete();
}
