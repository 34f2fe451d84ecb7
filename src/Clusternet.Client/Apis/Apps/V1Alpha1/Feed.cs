using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// A reference to one resource to distribute. Used by Subscription, Base, Localization and
/// Globalization, and inlined (through inheritance) into AggregatedStatus, ManifestStatus and FeedOrder.
/// </summary>
public class Feed
{
    /// <summary>The kind of the referenced resource, in CamelCase, such as <c>Deployment</c>.</summary>
    [Required]
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <summary>The group and version of the referenced resource, such as <c>v1</c> or <c>apps/v1</c>.</summary>
    [Required]
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    /// <summary>The namespace of the referenced resource; empty for cluster-scoped resources.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>The name of the referenced resource.</summary>
    [Required]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}
