using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>A Helm chart to distribute as a feed; its name is also the name of the Helm release in each cluster.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["chart", "charts"], Categories = ["clusternet"])]
[StatusSubresource]
[PrinterColumn(0, "CHART", "string", ".spec.chart", Description = "Name of the chart in its repository")]
[PrinterColumn(1, "VERSION", "string", ".spec.version", Description = "Version of the chart")]
[PrinterColumn(2, "REPO", "string", ".spec.repo", Description = "URL of the chart repository")]
[PrinterColumn(3, "STATUS", "string", ".status.phase", Description = "Whether the chart was found in its repository")]
[PrinterColumn(4, "AGE", "date", ".metadata.creationTimestamp")]
public class HelmChart : IKubernetesObject<V1ObjectMeta>, ISpec<HelmChartSpec>, IStatus<HelmChartStatus?>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "HelmChart";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "helmcharts";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>HelmChart</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The chart and how to install it.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public HelmChartSpec Spec { get; set; } = new();

    /// <summary>Whether the chart was found.</summary>
    [JsonPropertyName("status")]
    public HelmChartStatus? Status { get; set; }
}

/// <summary>A page of HelmCharts.</summary>
[KubernetesEntity(Group = HelmChart.KubeGroup, ApiVersion = HelmChart.KubeApiVersion, Kind = "HelmChartList", PluralName = HelmChart.KubePluralName)]
public class HelmChartList : ObjectList<HelmChart>;

/// <summary>The chart of a HelmChart, its install options and the namespace it goes to.</summary>
public class HelmChartSpec : HelmOptions
{
    /// <summary>The namespace in each child cluster to install the release into.</summary>
    [Required]
    [JsonPropertyName("targetNamespace")]
    public string TargetNamespace { get; set; } = "";
}

/// <summary>The observed state of a HelmChart.</summary>
public class HelmChartStatus
{
    /// <summary>Whether the chart and version exist in the repository; see <see cref="HelmChartPhase"/>. Empty while being checked.</summary>
    [Enum(typeof(HelmChartPhase))]
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>Why the HelmChart is in its phase.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
