using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Caching;

/// <summary>One page of a list, without the list type: what the reflector loop needs.</summary>
internal readonly record struct ListPage<T>(IList<T> Items, string? ResourceVersion, string? Continue);

/// <summary>The two calls an informer makes, detached from the list type so that the informer is generic over <typeparamref name="T"/> only.</summary>
internal interface IListWatch<T>
{
    string? Namespace { get; }

    Task<ListPage<T>> ListAsync(ListOptions options, CancellationToken cancellationToken);

    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IListWatch{T}"/> over a typed resource client.</summary>
internal sealed class ResourceClientListWatch<T, TList>(IResourceClient<T, TList> client) : IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    public string? Namespace => client.Namespace;

    public async Task<ListPage<T>> ListAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(options, cancellationToken).ConfigureAwait(false);
        return new ListPage<T>(list.Items ?? [], list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, CancellationToken cancellationToken)
        => client.WatchStreamAsync(options, cancellationToken);
}
