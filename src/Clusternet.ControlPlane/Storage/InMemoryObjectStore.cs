using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> that keeps everything in memory and loses it with the process: for tests
/// and throwaway control planes. Writes are visible and acknowledged as soon as they are made.
/// </summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    private readonly ObjectStoreCore _core;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">History and watcher queue sizes; defaults when null.</param>
    public InMemoryObjectStore(ObjectStoreOptions? options = null) =>
        _core = new ObjectStoreCore(new WatchCache(options ?? new ObjectStoreOptions()), journal: null);

    /// <inheritdoc />
    public long CurrentResourceVersion => _core.CurrentResourceVersion;

    /// <inheritdoc />
    public Task<JsonObject?> GetAsync(StorageKey key, CancellationToken cancellationToken = default) =>
        _core.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task<ListResult> ListAsync(string resource, string? @namespace, ListRequest request, CancellationToken cancellationToken = default) =>
        _core.ListAsync(resource, @namespace, request, cancellationToken);

    /// <inheritdoc />
    public Task<JsonObject> CreateAsync(StorageKey key, JsonObject obj, CancellationToken cancellationToken = default) =>
        _core.CreateAsync(key, obj, cancellationToken);

    /// <inheritdoc />
    public Task<JsonObject> UpdateAsync(StorageKey key, JsonObject obj, long? expectedResourceVersion = null, CancellationToken cancellationToken = default) =>
        _core.UpdateAsync(key, obj, expectedResourceVersion, cancellationToken);

    /// <inheritdoc />
    public Task<JsonObject> DeleteAsync(StorageKey key, DeletePreconditions? preconditions = null, CancellationToken cancellationToken = default) =>
        _core.DeleteAsync(key, preconditions, cancellationToken);

    /// <inheritdoc />
    public Task<JsonObject?> GuaranteedUpdateAsync(StorageKey key, Func<JsonObject?, JsonObject?> update, CancellationToken cancellationToken = default) =>
        _core.GuaranteedUpdateAsync(key, update, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoreEvent> WatchAsync(string resource, string? @namespace, long? fromResourceVersion, CancellationToken cancellationToken = default) =>
        _core.WatchAsync(resource, @namespace, fromResourceVersion, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
