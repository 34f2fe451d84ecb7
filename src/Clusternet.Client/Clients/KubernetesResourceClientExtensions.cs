using k8s;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>Builds typed clients over a <see cref="Kubernetes"/> instance, sharing its HTTP pipeline.</summary>
public static class KubernetesResourceClientExtensions
{
    /// <summary>
    /// The client of <typeparamref name="T"/>, described by its <see cref="KubernetesEntityAttribute"/> and
    /// <see cref="Apis.Schema.CustomResourceAttribute"/>.
    /// </summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <typeparam name="TList">Its list type.</typeparam>
    /// <param name="kubernetes">The instance whose pipeline carries the requests.</param>
    /// <param name="namespace">The namespace to bind to; null for cluster-scoped kinds or all namespaces.</param>
    /// <exception cref="InvalidOperationException">The type's attributes do not describe it; use the overload taking a <see cref="ResourceDescriptor"/>.</exception>
    public static ResourceClient<T, TList> Resource<T, TList>(this Kubernetes kubernetes, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        new(kubernetes, ResourceDescriptor.For<T>(), @namespace);

    /// <summary>The client of the kind <paramref name="descriptor"/> describes (for types without <c>[CustomResource]</c>, such as <c>V1ConfigMap</c>).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <typeparam name="TList">Its list type.</typeparam>
    /// <param name="kubernetes">The instance whose pipeline carries the requests.</param>
    /// <param name="descriptor">Where the kind lives, such as <c>ResourceDescriptor.For&lt;V1ConfigMap&gt;(namespaced: true)</c>.</param>
    /// <param name="namespace">The namespace to bind to; null for cluster-scoped kinds or all namespaces.</param>
    public static ResourceClient<T, TList> Resource<T, TList>(this Kubernetes kubernetes, ResourceDescriptor descriptor, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T> =>
        new(kubernetes, descriptor, @namespace);
}
