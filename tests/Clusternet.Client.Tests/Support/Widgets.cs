using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Support;

// Test-only kinds: a namespaced custom resource with spec and status, and a cluster-scoped one.

[KubernetesEntity(Group = "test.clusternet.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
[CustomResource(ResourceScope.Namespaced)]
[StatusSubresource]
public sealed class Widget : IKubernetesObject<V1ObjectMeta>, ISpec<WidgetSpec>, IStatus<WidgetStatus>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = null!;
    [JsonPropertyName("kind")] public string Kind { get; set; } = null!;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public WidgetSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public WidgetStatus Status { get; set; } = null!;

    public static Widget Named(string name, string? @namespace = "default", int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new WidgetSpec { Size = size },
    };
}

public sealed class WidgetSpec
{
    [JsonPropertyName("size")] public int Size { get; set; }
}

public sealed class WidgetStatus
{
    [JsonPropertyName("ready")] public bool Ready { get; set; }
}

[KubernetesEntity(Group = "test.clusternet.io", ApiVersion = "v1", Kind = "WidgetList", PluralName = "widgets")]
public sealed class WidgetList : IKubernetesObject<V1ListMeta>, IItems<Widget>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = null!;
    [JsonPropertyName("kind")] public string Kind { get; set; } = null!;
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<Widget> Items { get; set; } = [];
}

[KubernetesEntity(Group = "test.clusternet.io", ApiVersion = "v1", Kind = "Gadget", PluralName = "gadgets")]
[CustomResource(ResourceScope.Cluster)]
public sealed class Gadget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = null!;
    [JsonPropertyName("kind")] public string Kind { get; set; } = null!;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
}

[KubernetesEntity(Group = "test.clusternet.io", ApiVersion = "v1", Kind = "GadgetList", PluralName = "gadgets")]
public sealed class GadgetList : IKubernetesObject<V1ListMeta>, IItems<Gadget>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = null!;
    [JsonPropertyName("kind")] public string Kind { get; set; } = null!;
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<Gadget> Items { get; set; } = [];
}
