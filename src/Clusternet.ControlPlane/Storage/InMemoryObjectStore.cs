namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> that keeps everything in memory and loses it with the process: for tests
/// and throwaway control planes. Writes are visible and acknowledged as soon as they are made.
/// </summary>
public sealed class InMemoryObjectStore : ObjectStore
{
    /// <summary>Creates an empty store.</summary>
    /// <param name="options">History and watcher queue sizes; defaults when null.</param>
    public InMemoryObjectStore(ObjectStoreOptions? options = null)
        : base(new ObjectStoreCore(new WatchCache(options ?? new ObjectStoreOptions()), journal: null))
    {
    }
}
