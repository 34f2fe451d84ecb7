using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Clients;

/// <summary>
/// Builds typed clients over one <see cref="Kubernetes"/> instance with a shared clock and logger factory;
/// registered by <c>AddClusternetClient</c>. Clients are cheap: build one per namespace as needed.
/// </summary>
/// <param name="kubernetes">The instance whose pipeline carries every request.</param>
/// <param name="timeProvider">The clock of watch backoffs; the system clock when null.</param>
/// <param name="loggerFactory">The source of the clients' loggers; none when null.</param>
public sealed class ResourceClientFactory(Kubernetes kubernetes, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
{
    /// <summary>The client of <typeparamref name="T"/>, described by its attributes.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <typeparam name="TList">Its list type.</typeparam>
    /// <param name="namespace">The namespace to bind to; null for cluster-scoped kinds or all namespaces.</param>
    public ResourceClient<T, TList> Create<T, TList>(string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        Create<T, TList>(ResourceDescriptor.For<T>(), @namespace);

    /// <summary>The client of the kind <paramref name="descriptor"/> describes.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <typeparam name="TList">Its list type.</typeparam>
    /// <param name="descriptor">Where the kind lives.</param>
    /// <param name="namespace">The namespace to bind to; null for cluster-scoped kinds or all namespaces.</param>
    public ResourceClient<T, TList> Create<T, TList>(ResourceDescriptor descriptor, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        new(kubernetes, descriptor, @namespace, timeProvider, loggerFactory?.CreateLogger($"Clusternet.Clients.{descriptor.Plural}"));
}
