using k8s;
using k8s.Models;

namespace Clusternet.Caching;

/// <summary>
/// The key an object is cached under: <c>namespace/name</c>, or <c>name</c> for cluster-scoped kinds.
/// It is the same key client-go's <c>MetaNamespaceKeyFunc</c> produces, so keys logged or queued by
/// Go controllers and ours read alike.
/// </summary>
public static class CacheKey
{
    /// <summary>The key of <paramref name="obj"/>.</summary>
    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj.Metadata ?? throw new ArgumentException("The object has no metadata.", nameof(obj));
        return Of(metadata.NamespaceProperty, metadata.Name ?? throw new ArgumentException("The object has no name.", nameof(obj)));
    }

    /// <summary>The key of the object <paramref name="name"/> in <paramref name="namespace"/> (null or empty for cluster-scoped).</summary>
    public static string Of(string? @namespace, string name)
        => string.IsNullOrEmpty(@namespace) ? name : string.Concat(@namespace, "/", name);

    /// <summary>Splits a key into its namespace (null for cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
