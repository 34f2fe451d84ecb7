using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// A child cluster that has joined the parent. It lives in the cluster's dedicated namespace in the
/// parent; the approver creates it, and the agent keeps its status current.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["mcls"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "CLUSTER ID", "string", ".spec.clusterId", Description = "The cluster's unique ID")]
[PrinterColumn(1, "CLUSTER TYPE", "string", ".spec.clusterType", Priority = 100, Description = "The kind of cluster")]
[PrinterColumn(2, "SYNC MODE", "string", ".spec.syncMode", Description = "How resources reach the cluster")]
[PrinterColumn(3, "KUBERNETES", "string", ".status.k8sVersion")]
[PrinterColumn(4, "STATUS", "string", ".status.conditions[?(@.type=='Ready')].status")]
[PrinterColumn(5, "AGE", "date", ".metadata.creationTimestamp")]
[PrinterColumn(6, "AGENT VERSION", "string", ".status.agentVersion", Priority = 100, Description = "The version of the cluster's agent")]
public class ManagedCluster : IKubernetesObject<V1ObjectMeta>, ISpec<ManagedClusterSpec>, IStatus<ManagedClusterStatus?>
{
    /// <summary>The API group of ManagedCluster.</summary>
    public const string KubeGroup = "clusters.clusternet.io";

    /// <summary>The API version of ManagedCluster.</summary>
    public const string KubeApiVersion = "v1beta1";

    /// <summary>The kind name.</summary>
    public const string KubeKind = "ManagedCluster";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "managedclusters";

    /// <summary>The group and version of this object, <c>clusters.clusternet.io/v1beta1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>ManagedCluster</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The standard object metadata; the name is the cluster's name.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Who the cluster is and how it is served.</summary>
    [JsonPropertyName("spec")]
    public ManagedClusterSpec Spec { get; set; } = new();

    /// <summary>What the agent last observed about the cluster.</summary>
    [JsonPropertyName("status")]
    public ManagedClusterStatus? Status { get; set; }
}

/// <summary>A page of ManagedClusters.</summary>
[KubernetesEntity(Group = ManagedCluster.KubeGroup, ApiVersion = ManagedCluster.KubeApiVersion, Kind = "ManagedClusterList", PluralName = ManagedCluster.KubePluralName)]
public class ManagedClusterList : ObjectList<ManagedCluster>;

/// <summary>The identity of a child cluster and how the parent reaches it.</summary>
[ValidationRule("!has(oldSelf.clusterInitBaseName) || has(self.clusterInitBaseName)", "clusterInitBaseName is required once set")]
public class ManagedClusterSpec
{
    /// <summary>
    /// The random (version 4) UUID that names the child cluster everywhere; the agent picks it once,
    /// when it first creates its Lease in the child, and it never changes afterwards.
    /// </summary>
    [Required]
    [Pattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    [JsonPropertyName("clusterId")]
    public string ClusterId { get; set; } = "";

    /// <summary>The kind of cluster; see <see cref="V1Beta1.ClusterType"/> for the values the agent uses.</summary>
    [JsonPropertyName("clusterType")]
    public string? ClusterType { get; set; }

    /// <summary>
    /// The Base in this namespace that initialises the cluster. The controller manager fills it in
    /// once and it may not change afterwards; it stays unset when the cluster opts out of initialisation.
    /// </summary>
    [Length(Max = 512)]
    [ValidationRule("self == oldSelf", "clusterInitBaseName is immutable")]
    [JsonPropertyName("clusterInitBaseName")]
    public string? ClusterInitBaseName { get; set; }

    /// <summary>How resources travel from the parent to this cluster; see <see cref="ClusterSyncMode"/>.</summary>
    [Required]
    [Enum(typeof(ClusterSyncMode))]
    [JsonPropertyName("syncMode")]
    public string SyncMode { get; set; } = "";

    /// <summary>Taints that keep away every Subscription that does not tolerate them.</summary>
    [JsonPropertyName("taints")]
    public IList<V1Taint>? Taints { get; set; }
}
