using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// The API server's storage: objects as <see cref="JsonObject"/> under a <see cref="StorageKey"/>, one
/// resourceVersion counter for the whole store, optimistic concurrency and watch from a resourceVersion.
/// </summary>
/// <remarks>
/// Every write takes the next resourceVersion and writes it, as a string, into the stored object's
/// <c>metadata.resourceVersion</c>. The store copies objects handed to it. The stores in this assembly keep
/// JSON bytes and parse on demand: reads and write results are the caller's own copies, but a watch event's
/// objects are shared by every watcher of that event, so treat what a watch gives as read-only
/// (<see cref="JsonNode.DeepClone"/> first to change it). Refusals are <see cref="StorageException"/>s.
/// </remarks>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>The resourceVersion of the last write readers can see (for lists and bookmarks).</summary>
    long CurrentResourceVersion { get; }

    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(StorageKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists a resource in one namespace (or across all, and for cluster-scoped resources, with null),
    /// ordered by namespace then name. Later pages are served from the first page's snapshot.
    /// </summary>
    /// <exception cref="StorageExpiredException">The continue token's snapshot is older than the history window.</exception>
    /// <exception cref="ArgumentException">The continue token is malformed or belongs to another list.</exception>
    Task<ListResult> ListAsync(string resource, string? @namespace, ListRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stores a new object and returns it as stored.</summary>
    /// <exception cref="StorageAlreadyExistsException">An object exists under the key.</exception>
    Task<JsonObject> CreateAsync(StorageKey key, JsonObject obj, CancellationToken cancellationToken = default);

    /// <summary>Replaces an object and returns it as stored.</summary>
    /// <param name="key">The object's address.</param>
    /// <param name="obj">The new state.</param>
    /// <param name="expectedResourceVersion">When set, the stored object must have this resourceVersion.</param>
    /// <param name="cancellationToken">Cancels the wait; a write already queued may still land.</param>
    /// <exception cref="StorageNotFoundException">No object exists under the key.</exception>
    /// <exception cref="StorageConflictException">The stored resourceVersion differs from <paramref name="expectedResourceVersion"/>.</exception>
    Task<JsonObject> UpdateAsync(StorageKey key, JsonObject obj, long? expectedResourceVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an object and returns its last state, carrying the delete's resourceVersion.</summary>
    /// <exception cref="StorageNotFoundException">No object exists under the key.</exception>
    /// <exception cref="StorageConflictException">A precondition does not hold.</exception>
    Task<JsonObject> DeleteAsync(StorageKey key, DeletePreconditions? preconditions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Read-modify-write that retries when another write got in between: <paramref name="update"/> gets a
    /// private copy of the current object (null when there is none) and returns the new state, or null to
    /// leave the object as it is. It may run several times and may throw to abort.
    /// </summary>
    /// <returns>The object as stored afterwards; null when it does not exist and the update created nothing.</returns>
    /// <exception cref="StorageConflictException">
    /// The update itself changed <c>metadata.resourceVersion</c> to another value (a patch carrying a stale
    /// resourceVersion), which is a conflict the caller asked for and is not retried.
    /// </exception>
    Task<JsonObject?> GuaranteedUpdateAsync(StorageKey key, Func<JsonObject?, JsonObject?> update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every change to a resource (in one namespace, or all with null) after
    /// <paramref name="fromResourceVersion"/> in resourceVersion order, then live changes until cancelled.
    /// Null or 0 starts from now; the caller lists first to get a starting point.
    /// </summary>
    /// <exception cref="StorageExpiredException">
    /// Thrown when enumeration starts and <paramref name="fromResourceVersion"/> is older than the history
    /// window, or later, when this watcher fell too far behind and was dropped.
    /// </exception>
    IAsyncEnumerable<StoreEvent> WatchAsync(string resource, string? @namespace, long? fromResourceVersion, CancellationToken cancellationToken = default);
}
