using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// The replica needs of each feed of a Subscription, which dividing scheduling reads. It has the
/// Subscription's name and namespace, and neither a status nor printer columns.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["finv"], Categories = ["clusternet"])]
public class FeedInventory : IKubernetesObject<V1ObjectMeta>, ISpec<FeedInventorySpec>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "FeedInventory";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "feedinventories";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>FeedInventory</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The feeds and what their replicas need.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public FeedInventorySpec Spec { get; set; } = new();
}

/// <summary>A page of FeedInventories.</summary>
[KubernetesEntity(Group = FeedInventory.KubeGroup, ApiVersion = FeedInventory.KubeApiVersion, Kind = "FeedInventoryList", PluralName = FeedInventory.KubePluralName)]
public class FeedInventoryList : ObjectList<FeedInventory>;

/// <summary>The content of a FeedInventory.</summary>
public class FeedInventorySpec
{
    /// <summary>One entry per feed of the Subscription, in the same order.</summary>
    [Required]
    [JsonPropertyName("feeds")]
    public IList<FeedOrder>? Feeds { get; set; }
}

/// <summary>A feed with its replica count and per-replica needs; the feed's reference fields sit beside them.</summary>
public class FeedOrder : Feed
{
    /// <summary>The total replicas wanted; unset for feeds that have no replicas.</summary>
    [JsonPropertyName("desiredReplicas")]
    public int? DesiredReplicas { get; set; }

    /// <summary>What a single replica needs from a cluster.</summary>
    [JsonPropertyName("replicaRequirements")]
    public ReplicaRequirements? ReplicaRequirements { get; set; }

    /// <summary>A JSON pointer to the replicas field in the feed, such as <c>/spec/replicas</c>; set whenever <see cref="DesiredReplicas"/> is.</summary>
    [JsonPropertyName("replicaJsonPath")]
    public string? ReplicaJsonPath { get; set; }
}

/// <summary>What one replica of a workload needs: placement rules and resources.</summary>
public class ReplicaRequirements
{
    /// <summary>The pod template's node selector.</summary>
    [MapType("atomic")]
    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    /// <summary>The pod template's tolerations.</summary>
    [JsonPropertyName("tolerations")]
    public IList<V1Toleration>? Tolerations { get; set; }

    /// <summary>The pod template's affinity.</summary>
    [JsonPropertyName("affinity")]
    public V1Affinity? Affinity { get; set; }

    /// <summary>
    /// The pod's effective resources: the containers' sum, raised per resource to the largest
    /// init container; a request left unset counts as its limit.
    /// </summary>
    [JsonPropertyName("resources")]
    public V1ResourceRequirements? Resources { get; set; }
}
