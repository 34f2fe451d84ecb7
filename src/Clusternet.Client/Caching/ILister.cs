using k8s;
using k8s.Models;

namespace Clusternet.Caching;

/// <summary>
/// Reads a cache of objects: the lister of client-go. Every call answers from memory, never from the server.
/// </summary>
/// <remarks>
/// The objects returned are the cached instances themselves, shared with every other reader and with the
/// informer's event handlers. Callers must not mutate them: copy one (for example through JSON) before
/// changing it and sending it back to the server.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
public interface ILister<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The number of cached objects.</summary>
    int Count { get; }

    /// <summary>The object cached under <paramref name="key"/> (see <see cref="CacheKey"/>), or null.</summary>
    T? Get(string key);

    /// <summary>A snapshot of every cached object, in no particular order.</summary>
    IReadOnlyList<T> List();

    /// <summary>A snapshot of the cached objects in <paramref name="namespace"/> (empty string for cluster-scoped objects).</summary>
    IReadOnlyList<T> List(string @namespace);

    /// <summary>A snapshot of the cached objects whose index <paramref name="indexName"/> holds <paramref name="indexedValue"/>.</summary>
    /// <exception cref="ArgumentException">No index has that name.</exception>
    IReadOnlyList<T> ByIndex(string indexName, string indexedValue);
}
