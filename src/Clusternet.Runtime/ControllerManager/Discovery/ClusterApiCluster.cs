using System.Text.Json.Serialization;
using Clusternet.Apis;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Discovery;

/// <summary>The fields of a cluster-api <c>Cluster</c> (<c>cluster.x-k8s.io/v1beta1</c>) that discovery reads.</summary>
[KubernetesEntity(Group = "cluster.x-k8s.io", ApiVersion = "v1beta1", Kind = "Cluster", PluralName = "clusters")]
internal sealed class ClusterApiCluster : IKubernetesObject<V1ObjectMeta>
{
    public static readonly Clients.ResourceDescriptor Descriptor = new("cluster.x-k8s.io", "v1beta1", "clusters", "Cluster", Namespaced: true);

    /// <summary>cluster-api's phase once the control plane is reachable and its kubeconfig written.</summary>
    public const string ProvisionedPhase = "Provisioned";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("status")]
    public ClusterApiClusterStatus? Status { get; set; }
}

/// <summary>The status of a cluster-api <c>Cluster</c>.</summary>
internal sealed class ClusterApiClusterStatus
{
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }
}

/// <summary>A list of cluster-api <c>Cluster</c>s.</summary>
internal sealed class ClusterApiClusterList : ObjectList<ClusterApiCluster>;
