using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// What is actually deployed to one cluster for one Base: either serialized objects with their
/// overrides applied (Generic deployer), or Helm charts with their values (Helm deployer).
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["desc"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "DEPLOYER", "string", ".spec.deployer")]
[PrinterColumn(1, "STATUS", "string", ".status.phase")]
[PrinterColumn(2, "AGE", "date", ".metadata.creationTimestamp")]
public class Description : IKubernetesObject<V1ObjectMeta>, ISpec<DescriptionSpec>, IStatus<DescriptionStatus?>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "Description";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "descriptions";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Description</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What to deploy and with which deployer.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public DescriptionSpec Spec { get; set; } = new();

    /// <summary>How the deployment went.</summary>
    [JsonPropertyName("status")]
    public DescriptionStatus? Status { get; set; }
}

/// <summary>A page of Descriptions.</summary>
[KubernetesEntity(Group = Description.KubeGroup, ApiVersion = Description.KubeApiVersion, Kind = "DescriptionList", PluralName = Description.KubePluralName)]
public class DescriptionList : ObjectList<Description>;

/// <summary>The content of a Description.</summary>
public class DescriptionSpec
{
    /// <summary>Helm or Generic; see <see cref="DescriptionDeployer"/>.</summary>
    [Required]
    [Enum(typeof(DescriptionDeployer))]
    [JsonPropertyName("deployer")]
    public string Deployer { get; set; } = "";

    /// <summary>The HelmCharts to install (Helm deployer).</summary>
    [JsonPropertyName("charts")]
    public IList<ChartReference>? Charts { get; set; }

    /// <summary>
    /// Generic deployer: one serialized JSON object per resource, overrides applied. Helm deployer:
    /// the overridden values of each chart as a JSON document, aligned with <see cref="Charts"/>
    /// (a single space when a chart has no value overrides). Base64 on the wire.
    /// </summary>
    [JsonPropertyName("raw")]
    public IList<byte[]>? Raw { get; set; }

    /// <summary>Helm deployer: each HelmChart object, chart overrides applied, serialized as JSON and aligned with <see cref="Charts"/>. Base64 on the wire.</summary>
    [JsonPropertyName("chartRaw")]
    public IList<byte[]>? ChartRaw { get; set; }
}

/// <summary>A reference to a HelmChart by namespace and name.</summary>
public class ChartReference
{
    /// <summary>The HelmChart's namespace.</summary>
    [Required]
    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = "";

    /// <summary>The HelmChart's name.</summary>
    [Required]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}

/// <summary>The observed state of a Description.</summary>
public class DescriptionStatus
{
    /// <summary>The deployment phase; see <see cref="DescriptionPhase"/>.</summary>
    [Enum(typeof(DescriptionPhase))]
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>Why the Description is in its phase.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>The observed status of each object the Generic deployer applied.</summary>
    [JsonPropertyName("manifestStatuses")]
    public IList<ManifestStatus>? ManifestStatuses { get; set; }
}

/// <summary>The observed status of one deployed object; the object's reference fields sit beside it.</summary>
public class ManifestStatus : Feed
{
    /// <summary>
    /// A copy of the deployed object's own <c>status</c>, kept as arbitrary JSON (a <c>JsonElement</c>
    /// after JSON, dictionaries and lists after YAML). Upstream writes <c>null</c> when it is empty.
    /// </summary>
    [PreserveUnknownFields]
    [JsonPropertyName("observedStatus")]
    public object? ObservedStatus { get; set; }
}
