using k8s;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// The typed client of one resource (one kind, in one namespace or cluster-wide), the shape every
/// Clusternet kind shares, as client-go's generated clientsets do. Implemented over KubernetesClient's
/// own HTTP pipeline (kubeconfig, authentication, TLS, delegating handlers) by <c>ResourceClient</c>.
/// </summary>
/// <typeparam name="T">The object type, such as <c>Subscription</c>.</typeparam>
/// <typeparam name="TList">Its list type, such as <c>SubscriptionList</c>.</typeparam>
public interface IResourceClient<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <summary>The namespace this client is bound to, or null for cluster-scoped kinds and all-namespace reads.</summary>
    string? Namespace { get; }

    /// <summary>Reads one object.</summary>
    /// <exception cref="NotFoundException">No such object.</exception>
    Task<T> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of objects (<c>limit</c>/<c>continue</c> in <paramref name="options"/>).</summary>
    Task<TList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every object, following <c>continue</c> tokens page by page (pages of <see cref="ListOptions.Limit"/>, 500 when unset).</summary>
    IAsyncEnumerable<T> ListAllAsync(ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches changes for as long as the caller enumerates: resumes from the last resourceVersion seen
    /// (including BOOKMARK events, which it consumes) when the server closes the stream or the connection
    /// drops, and re-lists when the server answers 410 Expired, reporting what changed in between.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens exactly one watch request and yields its events, BOOKMARKs included, until the server ends
    /// the stream. The building block of <see cref="WatchAsync"/> and of informers.
    /// </summary>
    /// <exception cref="ExpiredException">The requested resourceVersion is too old (HTTP 410, or an ERROR event with code 410).</exception>
    IAsyncEnumerable<WatchEvent<T>> WatchStreamAsync(WatchOptions options, CancellationToken cancellationToken = default);

    /// <summary>Creates an object.</summary>
    /// <exception cref="AlreadyExistsException">An object with that name exists.</exception>
    Task<T> CreateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces an object (PUT); its <c>metadata.resourceVersion</c> makes it a compare-and-swap.</summary>
    /// <exception cref="ConflictException">The object changed since it was read.</exception>
    Task<T> UpdateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces an object's status through the <c>/status</c> subresource.</summary>
    Task<T> UpdateStatusAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Patches an object (JSON patch, merge patch, strategic merge patch or server-side apply, by <see cref="V1Patch.Type"/>).</summary>
    Task<T> PatchAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Patches an object's status through the <c>/status</c> subresource.</summary>
    Task<T> PatchStatusAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object, with preconditions and a propagation policy; returns the object when the server returns it (finalizers pending), else null.</summary>
    Task<T?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object matched by <paramref name="listOptions"/>.</summary>
    Task DeleteCollectionAsync(ListOptions? listOptions = null, DeleteOptions? options = null, CancellationToken cancellationToken = default);
}
