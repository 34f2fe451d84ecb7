using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// One Helm release to install in one cluster. The controller manager derives HelmReleases from
/// Helm Descriptions, in the cluster's dedicated namespace.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["hr"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "CHART", "string", ".spec.chart", Description = "Name of the chart in its repository")]
[PrinterColumn(1, "VERSION", "string", ".spec.version", Description = "Version of the chart")]
[PrinterColumn(2, "REPO", "string", ".spec.repo", Description = "URL of the chart repository")]
[PrinterColumn(3, "STATUS", "string", ".status.phase", Description = "State of the Helm release")]
[PrinterColumn(4, "AGE", "date", ".metadata.creationTimestamp")]
public class HelmRelease : IKubernetesObject<V1ObjectMeta>, ISpec<HelmReleaseSpec>, IStatus<HelmReleaseStatus?>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "HelmRelease";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "helmreleases";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>HelmRelease</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The chart, its values and how to install it.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public HelmReleaseSpec Spec { get; set; } = new();

    /// <summary>The state of the release in the child cluster.</summary>
    [JsonPropertyName("status")]
    public HelmReleaseStatus? Status { get; set; }
}

/// <summary>A page of HelmReleases.</summary>
[KubernetesEntity(Group = HelmRelease.KubeGroup, ApiVersion = HelmRelease.KubeApiVersion, Kind = "HelmReleaseList", PluralName = HelmRelease.KubePluralName)]
public class HelmReleaseList : ObjectList<HelmRelease>;

/// <summary>The chart of a HelmRelease, its install options, its values and its release name.</summary>
public class HelmReleaseSpec : HelmOptions
{
    /// <summary>The release name in the child cluster; the HelmRelease's own name when unset.</summary>
    [JsonPropertyName("releaseName")]
    public string? ReleaseName { get; set; }

    /// <summary>The namespace in the child cluster to install the release into.</summary>
    [Required]
    [JsonPropertyName("targetNamespace")]
    public string TargetNamespace { get; set; } = "";

    /// <summary>The chart values after overrides, as a JSON document. Base64 on the wire.</summary>
    [JsonPropertyName("overrides")]
    public byte[]? Overrides { get; set; }
}

/// <summary>The observed state of a HelmRelease, as Helm reports it.</summary>
public class HelmReleaseStatus
{
    /// <summary>When the release was first deployed, in Go's <c>time.Time</c> text layout (not RFC 3339), kept as written.</summary>
    [JsonPropertyName("firstDeployed")]
    public string? FirstDeployed { get; set; }

    /// <summary>When the release was last deployed, in the same layout as <see cref="FirstDeployed"/>.</summary>
    [JsonPropertyName("lastDeployed")]
    public string? LastDeployed { get; set; }

    /// <summary>Helm's description of the release.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>Helm's state of the release, such as <c>deployed</c>; see <see cref="HelmReleasePhase"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>The chart's rendered notes, or the error message when the release failed.</summary>
    [JsonPropertyName("notes")]
    public string? Notes { get; set; }

    /// <summary>The release revision.</summary>
    [Format("")]
    [JsonPropertyName("version")]
    public long? Version { get; set; }
}
