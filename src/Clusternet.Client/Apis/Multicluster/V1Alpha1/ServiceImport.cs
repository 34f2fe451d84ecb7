using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Multicluster.V1Alpha1;

/// <summary>
/// A service made of the same-named Services exported from several clusters (Kubernetes
/// multi-cluster services API). Clusternet finds the source Service through the
/// <c>services.clusternet.io/multi-cluster-service-name</c> and <c>…-namespace</c> labels and
/// derives a local Service and EndpointSlices from it.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["svcim"])]
[StatusSubresource]
[PrinterColumn(0, "Type", "string", ".spec.type", Description = "How the imported service is addressed")]
[PrinterColumn(1, "IP", "string", ".spec.ips", Description = "The virtual IP of the imported service")]
[PrinterColumn(2, "Age", "date", ".metadata.creationTimestamp")]
public class ServiceImport : IKubernetesObject<V1ObjectMeta>, ISpec<ServiceImportSpec>, IStatus<ServiceImportStatus?>
{
    /// <summary>The API group of ServiceImport.</summary>
    public const string KubeGroup = "multicluster.x-k8s.io";

    /// <summary>The API version of ServiceImport.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind name.</summary>
    public const string KubeKind = "ServiceImport";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "serviceimports";

    /// <summary>The group and version of this object, <c>multicluster.x-k8s.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>ServiceImport</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>How the imported service is exposed.</summary>
    [JsonPropertyName("spec")]
    public ServiceImportSpec Spec { get; set; } = new();

    /// <summary>Which clusters currently export the service.</summary>
    [JsonPropertyName("status")]
    public ServiceImportStatus? Status { get; set; }
}

/// <summary>A page of ServiceImports.</summary>
[KubernetesEntity(Group = ServiceImport.KubeGroup, ApiVersion = ServiceImport.KubeApiVersion, Kind = "ServiceImportList", PluralName = ServiceImport.KubePluralName)]
public class ServiceImportList : ObjectList<ServiceImport>;

/// <summary>How an imported multi-cluster service is exposed.</summary>
public class ServiceImportSpec
{
    /// <summary>The ports the service offers; replaced as a whole on apply.</summary>
    [Required]
    [ListType("atomic")]
    [JsonPropertyName("ports")]
    public IList<ServicePort> Ports { get; set; } = [];

    /// <summary>The virtual IP of the service when its type is ClusterSetIP; at most one.</summary>
    [Length(Max = 1)]
    [JsonPropertyName("ips")]
    public IList<string>? Ips { get; set; }

    /// <summary>How the service is addressed; see <see cref="ServiceImportType"/>.</summary>
    [Required]
    [Enum(typeof(ServiceImportType))]
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>Whether a client's connections stick to one backend: <c>ClientIP</c> or <c>None</c>. Ignored for headless services.</summary>
    [JsonPropertyName("sessionAffinity")]
    public string? SessionAffinity { get; set; }

    /// <summary>Settings of client-IP session affinity.</summary>
    [JsonPropertyName("sessionAffinityConfig")]
    public SessionAffinityConfig? SessionAffinityConfig { get; set; }
}

/// <summary>One port an imported service offers.</summary>
public class ServicePort
{
    /// <summary>The port's name, unique among the service's ports; it matches the name in the EndpointSlices.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The IP protocol: <c>TCP</c>, <c>UDP</c> or <c>SCTP</c>. The CRD sets no default; consumers treat unset as TCP.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>The application protocol spoken on the port, in label syntax: an IANA service name or a prefixed custom name.</summary>
    [JsonPropertyName("appProtocol")]
    public string? AppProtocol { get; set; }

    /// <summary>The port number the service exposes.</summary>
    [Required]
    [JsonPropertyName("port")]
    public int Port { get; set; }
}

/// <summary>
/// Session-affinity settings of an imported service. The schema is Kubernetes' own
/// SessionAffinityConfig as the MCS CRD embeds it, written out here so the CRD can be generated from it.
/// </summary>
public class SessionAffinityConfig
{
    /// <summary>Settings for affinity by client IP.</summary>
    [JsonPropertyName("clientIP")]
    public ClientIPConfig? ClientIP { get; set; }
}

/// <summary>Settings for session affinity by client IP.</summary>
public class ClientIPConfig
{
    /// <summary>How long, in seconds, a client stays on the same backend (Kubernetes allows 1 to 86400 and assumes 10800).</summary>
    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; set; }
}

/// <summary>Which clusters currently export an imported service.</summary>
public class ServiceImportStatus
{
    /// <summary>The exporting clusters, one entry per cluster.</summary>
    [ListType("map", MapKeys = ["cluster"])]
    [JsonPropertyName("clusters")]
    public IList<ClusterStatus>? Clusters { get; set; }
}

/// <summary>One cluster that exports the service.</summary>
public class ClusterStatus
{
    /// <summary>The exporting cluster's name, a DNS label.</summary>
    [Required]
    [JsonPropertyName("cluster")]
    public string Cluster { get; set; } = "";
}
