using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema.Models;

/// <summary>A namespaced test kind with an empty subresources block and its own singular.</summary>
[KubernetesEntity(Group = "testing.clusternet.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
[CustomResource(ResourceScope.Namespaced, Singular = "wdgt", EmptySubresources = true)]
public class Widget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [Required] [JsonPropertyName("template")] [PreserveUnknownFields] public object? Template { get; set; }
}

/// <summary>A test kind with no subresources at all.</summary>
[KubernetesEntity(Group = "testing.clusternet.io", ApiVersion = "v1", Kind = "Gizmo", PluralName = "gizmos")]
[CustomResource(ResourceScope.Namespaced)]
public class Gizmo : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
}

/// <summary>Not a custom resource: it lacks [CustomResource].</summary>
[KubernetesEntity(Group = "testing.clusternet.io", ApiVersion = "v1", Kind = "Gadget", PluralName = "gadgets")]
public class GadgetList
{
    [JsonPropertyName("items")] public IList<Gadget> Items { get; set; } = [];
}

/// <summary>A type that contains itself, which no structural schema can express.</summary>
public class Loop
{
    [JsonPropertyName("next")] public Loop? Next { get; set; }
}
