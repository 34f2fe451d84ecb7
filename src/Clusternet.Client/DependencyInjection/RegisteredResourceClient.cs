using k8s;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// What the container hands out for <see cref="IResourceClient{T, TList}"/>: the cluster-wide (or
/// all-namespaces) client of the kind, described by the type's attributes. An open generic registration
/// needs one plain constructor, which <see cref="ResourceClient{T, TList}"/> does not have.
/// </summary>
internal sealed class RegisteredResourceClient<T, TList>(ResourceClientFactory factory) : IResourceClient<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ResourceClient<T, TList> inner = factory.Create<T, TList>();

    public string? Namespace => inner.Namespace;

    public Task<T> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public Task<TList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAsync(options, cancellationToken);

    public IAsyncEnumerable<T> ListAllAsync(ListOptions? options = null, CancellationToken cancellationToken = default) => inner.ListAllAsync(options, cancellationToken);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions? options = null, CancellationToken cancellationToken = default) => inner.WatchAsync(options, cancellationToken);

    public IAsyncEnumerable<WatchEvent<T>> WatchStreamAsync(WatchOptions options, CancellationToken cancellationToken = default) => inner.WatchStreamAsync(options, cancellationToken);

    public Task<T> CreateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.CreateAsync(item, options, cancellationToken);

    public Task<T> UpdateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.UpdateAsync(item, options, cancellationToken);

    public Task<T> UpdateStatusAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(item, options, cancellationToken);

    public Task<T> PatchAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => inner.PatchAsync(name, patch, options, cancellationToken);

    public Task<T> PatchStatusAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => inner.PatchStatusAsync(name, patch, options, cancellationToken);

    public Task<T?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, options, cancellationToken);

    public Task DeleteCollectionAsync(ListOptions? listOptions = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) => inner.DeleteCollectionAsync(listOptions, options, cancellationToken);
}
