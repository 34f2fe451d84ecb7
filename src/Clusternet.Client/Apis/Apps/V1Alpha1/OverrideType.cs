namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>How the value of an override is applied (<c>overrides[].type</c>). Strategic merge patches are not offered.</summary>
public static class OverrideType
{
    /// <summary>For HelmCharts: merged into the chart's values, or, with <c>overrideChart</c>, merge-patched into the HelmChart object.</summary>
    public const string Helm = "Helm";

    /// <summary>An RFC 6902 JSON patch applied to the object.</summary>
    public const string JSONPatch = "JSONPatch";

    /// <summary>An RFC 7386 JSON merge patch applied to the object.</summary>
    public const string MergePatch = "MergePatch";

    /// <summary>A JSON patch applied to the document held in one string field (see <c>fieldPath</c> and <c>fieldFormat</c>).</summary>
    public const string FieldJSONPatch = "FieldJSONPatch";

    /// <summary>A merge patch applied to the document held in one string field (see <c>fieldPath</c> and <c>fieldFormat</c>).</summary>
    public const string FieldMergePatch = "FieldMergePatch";
}
