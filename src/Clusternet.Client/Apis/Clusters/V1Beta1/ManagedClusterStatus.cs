using System.Text.Json.Serialization;
using Clusternet.Apis.Serialization;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// What the agent last observed about its cluster, written through the status subresource at every
/// heartbeat.
/// </summary>
/// <remarks>
/// KubernetesYaml takes YAML names from [JsonPropertyName] only for KubernetesClient's own models and
/// camel-cases ours, so the properties whose C# name does not camel-case to the wire name repeat it in
/// a [YamlMember] alias.
/// </remarks>
public class ManagedClusterStatus
{
    /// <summary>When the agent last collected this status.</summary>
    [JsonPropertyName("lastObservedTime")]
    public DateTime? LastObservedTime { get; set; }

    /// <summary>The git version of the child's Kubernetes API server, such as <c>v1.28.3</c>.</summary>
    [JsonPropertyName("k8sVersion")]
    [YamlMember(Alias = "k8sVersion", ApplyNamingConventions = false)]
    public string? KubernetesVersion { get; set; }

    /// <summary>The git version of the agent running in the child.</summary>
    [JsonPropertyName("agentVersion")]
    public string? AgentVersion { get; set; }

    /// <summary>The operating system and architecture the child's API server reports, such as <c>linux/amd64</c>.</summary>
    [JsonPropertyName("platform")]
    public string? Platform { get; set; }

    /// <summary>The URL at which the child's API server is advertised.</summary>
    [JsonPropertyName("apiserverURL")]
    [YamlMember(Alias = "apiserverURL", ApplyNamingConventions = false)]
    public string? ApiServerUrl { get; set; }

    /// <summary>Whether the child's <c>/healthz</c> answered OK; kept only for older servers that lack livez and readyz.</summary>
    [JsonPropertyName("healthz")]
    public bool Healthz { get; set; }

    /// <summary>Whether the child's <c>/livez</c> answered OK.</summary>
    [JsonPropertyName("livez")]
    public bool Livez { get; set; }

    /// <summary>Whether the child's <c>/readyz</c> answered OK.</summary>
    [JsonPropertyName("readyz")]
    public bool Readyz { get; set; }

    /// <summary>Whether the agent lets the parent push applications into the child (Push or Dual mode).</summary>
    [JsonPropertyName("appPusher")]
    public bool? AppPusher { get; set; }

    /// <summary>Whether the parent reaches the child through the agent's websocket tunnel.</summary>
    [JsonPropertyName("useSocket")]
    public bool? UseSocket { get; set; }

    /// <summary>The queries per second the parent's deployer may send to the child.</summary>
    [JsonPropertyName("kubeQPS")]
    [YamlMember(Alias = "kubeQPS", ApplyNamingConventions = false)]
    public float? KubeQps { get; set; }

    /// <summary>The burst of queries the parent's deployer may send to the child above its QPS.</summary>
    [JsonPropertyName("kubeBurst")]
    public int? KubeBurst { get; set; }

    /// <summary>The allocatable resources summed over the child's nodes.</summary>
    [JsonPropertyName("allocatable")]
    [JsonConverter(typeof(SharedResourceListConverter))]
    public IDictionary<string, ResourceQuantity>? Allocatable { get; set; }

    /// <summary>The capacity summed over the child's nodes.</summary>
    [JsonPropertyName("capacity")]
    [JsonConverter(typeof(SharedResourceListConverter))]
    public IDictionary<string, ResourceQuantity>? Capacity { get; set; }

    /// <summary>The child's pod network range.</summary>
    [JsonPropertyName("clusterCIDR")]
    [YamlMember(Alias = "clusterCIDR", ApplyNamingConventions = false)]
    public string? ClusterCidr { get; set; }

    /// <summary>The child's service network range.</summary>
    [JsonPropertyName("serviceCIDR")]
    [YamlMember(Alias = "serviceCIDR", ApplyNamingConventions = false)]
    public string? ServiceCidr { get; set; }

    /// <summary>How many of the child's nodes are in each readiness state.</summary>
    [JsonPropertyName("nodeStatistics")]
    public NodeStatistics? NodeStatistics { get; set; }

    /// <summary>How many pods the child runs; reported only when the agent reads the metrics server.</summary>
    [JsonPropertyName("podStatistics")]
    public PodStatistics? PodStatistics { get; set; }

    /// <summary>The CPU and memory in use in the child; reported only when the agent reads the metrics server.</summary>
    [JsonPropertyName("resourceUsage")]
    public ResourceUsage? ResourceUsage { get; set; }

    /// <summary>The cluster's conditions; see <see cref="ClusterConditionType"/>.</summary>
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    /// <summary>How often, in seconds, the agent writes this status; the parent derives its heartbeat deadline from it.</summary>
    [JsonPropertyName("heartbeatFrequencySeconds")]
    public long? HeartbeatFrequencySeconds { get; set; }

    /// <summary>Whether the agent runs a replica predictor for the scheduler.</summary>
    [JsonPropertyName("predictorEnabled")]
    public bool? PredictorEnabled { get; set; }

    /// <summary>The URL of the replica predictor.</summary>
    [JsonPropertyName("predictorAddress")]
    public string? PredictorAddress { get; set; }

    /// <summary>Whether the scheduler may call the predictor directly; otherwise it goes through the socket proxy.</summary>
    [JsonPropertyName("predictorDirectAccess")]
    public bool PredictorDirectAccess { get; set; }
}

/// <summary>Counts of a child cluster's nodes by the state of their Ready condition.</summary>
public class NodeStatistics
{
    /// <summary>Nodes whose Ready condition is True.</summary>
    [JsonPropertyName("readyNodes")]
    public int? ReadyNodes { get; set; }

    /// <summary>Nodes whose Ready condition is False.</summary>
    [JsonPropertyName("notReadyNodes")]
    public int? NotReadyNodes { get; set; }

    /// <summary>Nodes whose Ready condition is Unknown.</summary>
    [JsonPropertyName("unknownNodes")]
    public int? UnknownNodes { get; set; }

    /// <summary>Nodes that report no Ready condition at all.</summary>
    [JsonPropertyName("lostNodes")]
    public int? LostNodes { get; set; }
}

/// <summary>Counts of a child cluster's pods, taken from the metrics server.</summary>
public class PodStatistics
{
    /// <summary>Pods for which the metrics server has container metrics.</summary>
    [JsonPropertyName("runningPods")]
    public int? RunningPods { get; set; }

    /// <summary>All pods the metrics server knows about.</summary>
    [JsonPropertyName("totalPods")]
    public int? TotalPods { get; set; }
}

/// <summary>CPU and memory in use across a child cluster's nodes, taken from the metrics server.</summary>
public class ResourceUsage
{
    /// <summary>The CPU in use, summed over the nodes' metrics (system reservations excluded).</summary>
    [JsonPropertyName("cpuUsage")]
    [JsonConverter(typeof(SharedQuantityConverter))]
    public ResourceQuantity? CpuUsage { get; set; }

    /// <summary>The memory in use, summed over the nodes' metrics (system reservations excluded).</summary>
    [JsonPropertyName("memoryUsage")]
    [JsonConverter(typeof(SharedQuantityConverter))]
    public ResourceQuantity? MemoryUsage { get; set; }
}
