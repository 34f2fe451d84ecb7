using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// A child cluster's request to join the parent. The agent creates it, named
/// <c>clusternet-&lt;clusterId&gt;</c> (see <see cref="Clusternet.Known.ClusternetNames.RegistrationRequestName"/>);
/// the controller manager's approver answers in its status with the dedicated namespace and credentials.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Cluster, ShortNames = ["clsrr"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "CLUSTER ID", "string", ".spec.clusterId", Description = "The cluster's unique ID")]
[PrinterColumn(1, "STATUS", "string", ".status.result", Description = "The approver's answer to the request")]
[PrinterColumn(2, "AGE", "date", ".metadata.creationTimestamp")]
public class ClusterRegistrationRequest : IKubernetesObject<V1ObjectMeta>, ISpec<ClusterRegistrationRequestSpec>, IStatus<ClusterRegistrationRequestStatus?>
{
    /// <summary>The API group of ClusterRegistrationRequest.</summary>
    public const string KubeGroup = "clusters.clusternet.io";

    /// <summary>The API version of ClusterRegistrationRequest.</summary>
    public const string KubeApiVersion = "v1beta1";

    /// <summary>The kind name.</summary>
    public const string KubeKind = "ClusterRegistrationRequest";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "clusterregistrationrequests";

    /// <summary>The group and version of this object, <c>clusters.clusternet.io/v1beta1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>ClusterRegistrationRequest</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What the child cluster asks for.</summary>
    [JsonPropertyName("spec")]
    public ClusterRegistrationRequestSpec Spec { get; set; } = new();

    /// <summary>The approver's answer.</summary>
    [JsonPropertyName("status")]
    public ClusterRegistrationRequestStatus? Status { get; set; }
}

/// <summary>A page of ClusterRegistrationRequests.</summary>
[KubernetesEntity(Group = ClusterRegistrationRequest.KubeGroup, ApiVersion = ClusterRegistrationRequest.KubeApiVersion, Kind = "ClusterRegistrationRequestList", PluralName = ClusterRegistrationRequest.KubePluralName)]
public class ClusterRegistrationRequestList : ObjectList<ClusterRegistrationRequest>;

/// <summary>What a child cluster asks for when it joins.</summary>
public class ClusterRegistrationRequestSpec
{
    /// <summary>
    /// The child cluster's UUID, the same value as in its ManagedCluster. The approver denies the
    /// request when the object's name is not <c>clusternet-</c> followed by this ID.
    /// </summary>
    [Required]
    [Pattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    [JsonPropertyName("clusterId")]
    public string ClusterId { get; set; } = "";

    /// <summary>The kind of cluster; see <see cref="V1Beta1.ClusterType"/>.</summary>
    [JsonPropertyName("clusterType")]
    public string? ClusterType { get; set; }

    /// <summary>The name wanted for the ManagedCluster: lower-case letters, digits and dashes, at most 30 characters.</summary>
    [Length(Max = 30)]
    [Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?([a-z0-9]([-a-z0-9]*[a-z0-9]))*")]
    [JsonPropertyName("clusterName")]
    public string? ClusterName { get; set; }

    /// <summary>The dedicated namespace wanted in the parent; when unset the approver generates one starting with <c>clusternet-</c>.</summary>
    [Length(Max = 63)]
    [Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?")]
    [JsonPropertyName("clusterNamespace")]
    public string? ClusterNamespace { get; set; }

    /// <summary>Labels the approver copies onto the ManagedCluster.</summary>
    [JsonPropertyName("clusterLabels")]
    public IDictionary<string, string>? ClusterLabels { get; set; }

    /// <summary>How resources should travel from the parent to the child; the server assumes Pull when unset.</summary>
    [Enum(typeof(ClusterSyncMode))]
    [Default("\"Pull\"")]
    [JsonPropertyName("syncMode")]
    public string? SyncMode { get; set; }
}

/// <summary>The approver's answer to a registration request.</summary>
public class ClusterRegistrationRequestStatus
{
    /// <summary>The namespace in the parent that belongs to this child cluster.</summary>
    [JsonPropertyName("dedicatedNamespace")]
    public string? DedicatedNamespace { get; set; }

    /// <summary>The service-account token (the raw JWT bytes) with full rights in the dedicated namespace; set once approved.</summary>
    [JsonPropertyName("token")]
    public byte[]? Token { get; set; }

    /// <summary>The PEM bytes of the parent cluster's certificate authority.</summary>
    [JsonPropertyName("caCertificate")]
    public byte[]? CaCertificate { get; set; }

    /// <summary>The outcome; see <see cref="ApprovedResult"/>.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary>Why the request was not approved.</summary>
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }

    /// <summary>The name of the ManagedCluster created for the child.</summary>
    [JsonPropertyName("managedClusterName")]
    public string? ManagedClusterName { get; set; }
}
