using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>The observed state of a Subscription, written by the scheduler and the status aggregator.</summary>
public class SubscriptionStatus
{
    /// <summary>The clusters the feeds were bound to, each as <c>namespace/name</c> of its ManagedCluster.</summary>
    [JsonPropertyName("bindingClusters")]
    public IList<string>? BindingClusters { get; set; }

    /// <summary>
    /// Replicas per feed, keyed by the feed key (<c>apiVersion/kind[/namespace]/name</c>); each list is
    /// aligned index by index with <see cref="BindingClusters"/>, and empty for feeds without replicas.
    /// </summary>
    [JsonPropertyName("replicas")]
    public IDictionary<string, IList<int>>? Replicas { get; set; }

    /// <summary>A hash of the spec the scheduler last acted on, used to notice spec changes.</summary>
    [JsonPropertyName("specHash")]
    public long? SpecHash { get; set; }

    /// <summary>How many Helm releases the Subscription should produce in all.</summary>
    [Format("")]
    [JsonPropertyName("desiredReleases")]
    public long? DesiredReleases { get; set; }

    /// <summary>How many of those Helm releases have completed.</summary>
    [Format("")]
    [JsonPropertyName("completedReleases")]
    public long? CompletedReleases { get; set; }

    /// <summary>The state of each feed, summed over clusters and per cluster.</summary>
    [JsonPropertyName("aggregatedStatuses")]
    public IList<AggregatedStatus>? AggregatedStatuses { get; set; }
}

/// <summary>The state of one feed across all the clusters it was sent to; the feed's reference fields sit beside the status.</summary>
public class AggregatedStatus : Feed
{
    /// <summary>The feed's state summed over all clusters.</summary>
    [JsonPropertyName("feedStatusSummary")]
    public FeedStatus? FeedStatusSummary { get; set; }

    /// <summary>The feed's state in each cluster.</summary>
    [JsonPropertyName("feedStatusDetails")]
    public IList<FeedStatusPerCluster>? FeedStatusDetails { get; set; }
}

/// <summary>The state of a feed: whether it is in place, and its replica counts when it is a workload.</summary>
public class FeedStatus
{
    /// <summary>Whether the feed's status has been collected from its Description.</summary>
    [JsonPropertyName("available")]
    public bool? Available { get; set; }

    /// <summary>Replica counts of a workload feed, such as a Deployment, StatefulSet or Job.</summary>
    [JsonPropertyName("replicaStatus")]
    public ReplicaStatus? ReplicaStatus { get; set; }
}

/// <summary>The state of a feed in one cluster; the feed status fields sit beside the cluster's identity.</summary>
public class FeedStatusPerCluster : FeedStatus
{
    /// <summary>The cluster's ID, a UUID.</summary>
    [Pattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    [JsonPropertyName("clusterId")]
    public string? ClusterId { get; set; }

    /// <summary>The cluster's name.</summary>
    [Length(Max = 30)]
    [Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?([a-z0-9]([-a-z0-9]*[a-z0-9]))*")]
    [JsonPropertyName("clusterName")]
    public string? ClusterName { get; set; }
}

/// <summary>Replica counts reported by a workload's controller.</summary>
public class ReplicaStatus
{
    /// <summary>The workload generation its controller last saw.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Pods not terminated that the workload selects.</summary>
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    /// <summary>Pods that run the current template.</summary>
    [JsonPropertyName("updatedReplicas")]
    public int? UpdatedReplicas { get; set; }

    /// <summary>Pods at the current revision (StatefulSets).</summary>
    [JsonPropertyName("currentReplicas")]
    public int? CurrentReplicas { get; set; }

    /// <summary>Pods whose Ready condition is true.</summary>
    [JsonPropertyName("readyReplicas")]
    public int? ReadyReplicas { get; set; }

    /// <summary>Pods that have been ready for at least the minimum ready time.</summary>
    [JsonPropertyName("availableReplicas")]
    public int? AvailableReplicas { get; set; }

    /// <summary>Pods still missing before the workload is fully available.</summary>
    [JsonPropertyName("unavailableReplicas")]
    public int? UnavailableReplicas { get; set; }

    /// <summary>Pods pending or running (Jobs).</summary>
    [JsonPropertyName("active")]
    public int? Active { get; set; }

    /// <summary>Pods that finished successfully (Jobs).</summary>
    [JsonPropertyName("succeeded")]
    public int? Succeeded { get; set; }

    /// <summary>Pods that failed (Jobs).</summary>
    [JsonPropertyName("failed")]
    public int? Failed { get; set; }
}
