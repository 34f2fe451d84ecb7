using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Multicluster.V1Alpha1;

/// <summary>
/// Marks the Service of the same name and namespace as one that other clusters may consume
/// (Kubernetes multi-cluster services API). It has no spec: its existence is the request.
/// Clusternet copies its <c>apps.clusternet.io/subs.namespace</c> label onto the EndpointSlices it mirrors.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["svcex"])]
[StatusSubresource]
[PrinterColumn(0, "Age", "date", ".metadata.creationTimestamp")]
public class ServiceExport : IKubernetesObject<V1ObjectMeta>, IStatus<ServiceExportStatus?>
{
    /// <summary>The API group of ServiceExport.</summary>
    public const string KubeGroup = "multicluster.x-k8s.io";

    /// <summary>The API version of ServiceExport.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind name.</summary>
    public const string KubeKind = "ServiceExport";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "serviceexports";

    /// <summary>The group and version of this object, <c>multicluster.x-k8s.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>ServiceExport</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The standard object metadata; the name is that of the exported Service.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>How the export is going, as reported by the multi-cluster services controller.</summary>
    [JsonPropertyName("status")]
    public ServiceExportStatus? Status { get; set; }
}

/// <summary>A page of ServiceExports.</summary>
[KubernetesEntity(Group = ServiceExport.KubeGroup, ApiVersion = ServiceExport.KubeApiVersion, Kind = "ServiceExportList", PluralName = ServiceExport.KubePluralName)]
public class ServiceExportList : ObjectList<ServiceExport>;

/// <summary>The observed state of a ServiceExport.</summary>
public class ServiceExportStatus
{
    /// <summary>The export's conditions, at most one per type.</summary>
    [ListType("map", MapKeys = ["type"])]
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }
}
