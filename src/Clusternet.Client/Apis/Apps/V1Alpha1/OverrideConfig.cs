using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>One override of a Localization or Globalization: a patch and how to apply it.</summary>
public class OverrideConfig
{
    /// <summary>A free-form label for the override; names may repeat.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The patch, written as YAML or JSON; it is converted to JSON before use, and a blank value is skipped.</summary>
    [Required]
    [JsonPropertyName("value")]
    public string Value { get; set; } = "";

    /// <summary>How <see cref="Value"/> is applied; see <see cref="OverrideType"/>.</summary>
    [Required]
    [Enum(typeof(OverrideType))]
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>
    /// Only with the Helm type: true patches the HelmChart object itself (its version, its labels…),
    /// false merges the value into the chart's values.
    /// </summary>
    [JsonPropertyName("overrideChart")]
    public bool? OverrideChart { get; set; }

    /// <summary>For the field types: a path such as <c>/data/app.conf</c> to the string field whose content is patched.</summary>
    [JsonPropertyName("fieldPath")]
    public string? FieldPath { get; set; }

    /// <summary>For the field types: how the field's content is parsed; see <see cref="FieldFormatType"/>. It has no default and is needed.</summary>
    [Enum(typeof(FieldFormatType))]
    [JsonPropertyName("fieldFormat")]
    public string? FieldFormat { get; set; }
}
