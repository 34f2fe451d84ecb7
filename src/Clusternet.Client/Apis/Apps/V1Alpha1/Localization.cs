using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// Overrides for one feed in one cluster. It lives in the target cluster's dedicated namespace,
/// which is how it names the cluster.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Namespaced, ShortNames = ["loc", "local"], Categories = ["clusternet"], EmptySubresources = true)]
[PrinterColumn(0, "AGE", "date", ".metadata.creationTimestamp")]
public class Localization : IKubernetesObject<V1ObjectMeta>, ISpec<LocalizationSpec>
{
    /// <summary>The API group of the kind.</summary>
    public const string KubeGroup = "apps.clusternet.io";

    /// <summary>The API version of the kind.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind's name.</summary>
    public const string KubeKind = "Localization";

    /// <summary>The resource name in URLs.</summary>
    public const string KubePluralName = "localizations";

    /// <summary>The schema version of this object, <c>apps.clusternet.io/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The kind of this object, <c>Localization</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The object's standard metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The feed and the overrides applied to it.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public LocalizationSpec Spec { get; set; } = new();
}

/// <summary>A page of Localizations.</summary>
[KubernetesEntity(Group = Localization.KubeGroup, ApiVersion = Localization.KubeApiVersion, Kind = "LocalizationList", PluralName = Localization.KubePluralName)]
public class LocalizationList : ObjectList<Localization>;

/// <summary>The overrides of a Localization.</summary>
public class LocalizationSpec
{
    /// <summary>Whether the overrides apply at once or on the next change; see <see cref="Apps.V1Alpha1.OverridePolicy"/>. The server defaults it to ApplyLater.</summary>
    [Enum(typeof(OverridePolicy))]
    [Default("\"ApplyLater\"")]
    [JsonPropertyName("overridePolicy")]
    public string? OverridePolicy { get; set; }

    /// <summary>The overrides, applied in order.</summary>
    [JsonPropertyName("overrides")]
    public IList<OverrideConfig>? Overrides { get; set; }

    /// <summary>
    /// Lower priorities are applied first, so higher ones win. Unset lets the server default it to 500;
    /// an explicit 0 is kept (upstream's Go client cannot send 0).
    /// </summary>
    [Range(Minimum = 0, Maximum = 1000)]
    [Default("500")]
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>
    /// The object the overrides apply to. When present it must carry kind, apiVersion and name:
    /// the server rejects an empty <c>feed: {}</c>.
    /// </summary>
    [JsonPropertyName("feed")]
    public Feed? Feed { get; set; }
}
