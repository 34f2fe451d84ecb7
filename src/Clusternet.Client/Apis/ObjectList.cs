using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Clusternet.Apis;

/// <summary>
/// A page of objects of one kind, as list calls return it: the shape every Clusternet list kind
/// (<c>SubscriptionList</c>, <c>ManagedClusterList</c>, …) shares. Each list kind derives from it and
/// carries its own <see cref="KubernetesEntityAttribute"/>.
/// </summary>
/// <typeparam name="T">The kind of the items.</typeparam>
public abstract class ObjectList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <summary>The group and version of the list, such as <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of the list, such as <c>SubscriptionList</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The list's resourceVersion and, when the list was cut into pages, the continue token.</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The objects on this page.</summary>
    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
