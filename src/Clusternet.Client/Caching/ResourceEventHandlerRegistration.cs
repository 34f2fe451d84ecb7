namespace Clusternet.Caching;

/// <summary>A handler added to an informer: tells when it has seen the cache's content, and removes it when disposed.</summary>
public sealed class ResourceEventHandlerRegistration : IDisposable
{
    private readonly Action<ResourceEventHandlerRegistration> _remove;
    private volatile bool _hasSynced;
    private int _disposed;

    internal ResourceEventHandlerRegistration(Action<ResourceEventHandlerRegistration> remove) => _remove = remove;

    /// <summary>
    /// True once this handler has been given every object of the informer's first list (or, for a handler added
    /// later, of the cache at the time it was added). A controller that registers late waits for this, not
    /// for the informer's own <c>HasSynced</c>.
    /// </summary>
    public bool HasSynced => _hasSynced;

    internal void MarkSynced() => _hasSynced = true;

    /// <summary>Removes the handler; notifications not yet delivered to it are dropped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _remove(this);
        }
    }
}
