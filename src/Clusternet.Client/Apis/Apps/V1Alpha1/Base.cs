using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// The feeds of one Subscription meant for one cluster. The controller manager writes one Base per
/// Subscription and bound cluster, in that cluster's dedicated namespace.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, Categories = ["clusternet"], EmptySubresources = true)]
[PrinterColumn(0, "AGE", "date", ".metadata.creationTimestamp")]
public class Base : IKubernetesObject<V1ObjectMeta>, ISpec<BaseSpec>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "Base";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "bases";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Base</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The feeds for the cluster.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public BaseSpec Spec { get; set; } = new();
}

/// <summary>A page of Bases.</summary>
[KubernetesEntity(Group = Base.KubeGroup, ApiVersion = Base.KubeApiVersion, Kind = "BaseList", PluralName = Base.KubePluralName)]
public class BaseList : ObjectList<Base>;

/// <summary>The content of a Base.</summary>
public class BaseSpec
{
    /// <summary>The feeds, copied from the Subscription.</summary>
    [Required]
    [JsonPropertyName("feeds")]
    public IList<Feed>? Feeds { get; set; }
}
