using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// A whole Kubernetes object kept as a template in the hub's reserved namespace. The shadow API
/// writes Manifests; Subscriptions refer to them as feeds. A Manifest has no spec and no status.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, Categories = ["clusternet"], EmptySubresources = true)]
[PrinterColumn(0, "AGE", "date", ".metadata.creationTimestamp")]
public class Manifest : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "Manifest";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "manifests";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Manifest</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>
    /// The stored object, apiVersion, kind, metadata and all, kept as arbitrary JSON (a
    /// <c>JsonElement</c> after JSON, dictionaries and lists after YAML).
    /// </summary>
    [Required]
    [PreserveUnknownFields]
    [JsonPropertyName("template")]
    public object? Template { get; set; }
}

/// <summary>A page of Manifests.</summary>
[KubernetesEntity(Group = Manifest.KubeGroup, ApiVersion = Manifest.KubeApiVersion, Kind = "ManifestList", PluralName = Manifest.KubePluralName)]
public class ManifestList : ObjectList<Manifest>;
