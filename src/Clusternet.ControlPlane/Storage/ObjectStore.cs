using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// What the stores this library ships have in common: every read and watch is served from one in-memory watch
/// cache, and a write goes through that cache to an optional durable journal. Only this assembly derives from it.
/// </summary>
public abstract class ObjectStore : IObjectStore
{
    private readonly ObjectStoreCore _core;

    private protected ObjectStore(ObjectStoreCore core) => _core = core;

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
