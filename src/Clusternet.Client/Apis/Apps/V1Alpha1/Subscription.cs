using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// Asks for a set of resources (feeds) to be distributed to the clusters its subscribers select,
/// either as full copies or with their replicas divided among the clusters.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["sub", "subs"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "AGE", "date", ".metadata.creationTimestamp")]
public class Subscription : IKubernetesObject<V1ObjectMeta>, ISpec<SubscriptionSpec>, IStatus<SubscriptionStatus?>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "Subscription";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "subscriptions";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Subscription</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What to distribute, where, and how.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public SubscriptionSpec Spec { get; set; } = new();

    /// <summary>Where the feeds were scheduled and how they are doing there.</summary>
    [JsonPropertyName("status")]
    public SubscriptionStatus? Status { get; set; }
}

/// <summary>A page of Subscriptions.</summary>
[KubernetesEntity(Group = Subscription.KubeGroup, ApiVersion = Subscription.KubeApiVersion, Kind = "SubscriptionList", PluralName = Subscription.KubePluralName)]
public class SubscriptionList : ObjectList<Subscription>;

/// <summary>The desired distribution of a Subscription.</summary>
public class SubscriptionSpec
{
    /// <summary>The scheduler that handles this Subscription; the server fills in <c>default</c> when unset.</summary>
    [Default("\"default\"")]
    [JsonPropertyName("schedulerName")]
    public string? SchedulerName { get; set; }

    /// <summary>
    /// When true, each subscriber's clusters are scheduled as one subgroup, bounded by the
    /// subscriber's <see cref="Subscriber.SubGroupStrategy"/>. Works with either strategy.
    /// </summary>
    [JsonPropertyName("schedulingBySubGroup")]
    public bool? SchedulingBySubGroup { get; set; }

    /// <summary>Whether each cluster gets full copies or a share of the replicas; see <see cref="SchedulingStrategyType"/>. The server defaults it to Replication.</summary>
    [Enum(typeof(SchedulingStrategyType))]
    [Default("\"Replication\"")]
    [JsonPropertyName("schedulingStrategy")]
    public string? SchedulingStrategy { get; set; }

    /// <summary>How replicas are split; read only when the strategy is Dividing.</summary>
    [JsonPropertyName("dividingScheduling")]
    public DividingScheduling? DividingScheduling { get; set; }

    /// <summary>The scheduling priority; a larger number is scheduled first.</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>Whether this Subscription may displace lower-priority ones; see <see cref="Apps.V1Alpha1.PreemptionPolicy"/>.</summary>
    [Enum(typeof(PreemptionPolicy))]
    [Default("\"PreemptLowerPriority\"")]
    [JsonPropertyName("preemptionPolicy")]
    public string? PreemptionPolicy { get; set; }

    /// <summary>The selectors of target clusters; a cluster matched by any of them is a candidate.</summary>
    [Required]
    [JsonPropertyName("subscribers")]
    public IList<Subscriber>? Subscribers { get; set; }

    /// <summary>Taints on ManagedClusters that this Subscription tolerates.</summary>
    [JsonPropertyName("clusterTolerations")]
    public IList<V1Toleration>? ClusterTolerations { get; set; }

    /// <summary>The resources to distribute.</summary>
    [Required]
    [JsonPropertyName("feeds")]
    public IList<Feed>? Feeds { get; set; }
}

/// <summary>One selector of target clusters in a Subscription.</summary>
public class Subscriber
{
    /// <summary>A label query over ManagedClusters.</summary>
    [Required]
    [MapType("atomic")]
    [JsonPropertyName("clusterAffinity")]
    public V1LabelSelector ClusterAffinity { get; set; } = new();

    /// <summary>This subscriber's share when replicas are divided statically; unused otherwise.</summary>
    [Range(Minimum = 0)]
    [JsonPropertyName("weight")]
    public int? Weight { get; set; }

    /// <summary>How the clusters this subscriber matches are treated as a subgroup; read only with subgroup scheduling.</summary>
    [JsonPropertyName("subGroupStrategy")]
    public SubGroupStrategy? SubGroupStrategy { get; set; }
}

/// <summary>Bounds on how many clusters are picked from one subscriber's subgroup.</summary>
public class SubGroupStrategy
{
    /// <summary>The fewest clusters to pick from the subgroup; all of them when it has fewer.</summary>
    [Range(Minimum = 0)]
    [JsonPropertyName("minClusters")]
    public int? MinClusters { get; set; }
}

/// <summary>How a Dividing Subscription splits replicas among clusters.</summary>
public class DividingScheduling
{
    /// <summary>Static (by subscriber weight) or Dynamic (by predicted capacity); see <see cref="ReplicaDividingType"/>. The server defaults it to Static.</summary>
    [Required]
    [Enum(typeof(ReplicaDividingType))]
    [Default("\"Static\"")]
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The settings of dynamic dividing; read only when the type is Dynamic.</summary>
    [JsonPropertyName("dynamicDividing")]
    public DynamicDividing? DynamicDividing { get; set; }
}

/// <summary>Settings for dividing replicas by what each cluster can hold.</summary>
public class DynamicDividing
{
    /// <summary>Spread or Binpack; see <see cref="DynamicDividingStrategy"/>. The server defaults it to Spread.</summary>
    [Required]
    [Enum(typeof(DynamicDividingStrategy))]
    [Default("\"Spread\"")]
    [JsonPropertyName("strategy")]
    public string? Strategy { get; set; }

    /// <summary>Constraints, all of which must hold, on how replicas spread over cluster topology; read only with Spread.</summary>
    [JsonPropertyName("topologySpreadConstraints")]
    public IList<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    /// <summary>Weighted cluster preferences: the groups with more weight are filled first.</summary>
    [JsonPropertyName("preferredClusters")]
    public IList<V1PreferredSchedulingTerm>? PreferredClusters { get; set; }

    /// <summary>The fewest clusters to place replicas on.</summary>
    [JsonPropertyName("minClusters")]
    public int? MinClusters { get; set; }

    /// <summary>The most clusters to place replicas on.</summary>
    [JsonPropertyName("maxClusters")]
    public int? MaxClusters { get; set; }
}
