namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// How the string field targeted by a field override is parsed (<c>overrides[].fieldFormat</c>).
/// There is no default: a field override without a format fails when it is applied.
/// </summary>
public static class FieldFormatType
{
    /// <summary>The field holds YAML.</summary>
    public const string YAML = "YAML";

    /// <summary>The field holds JSON.</summary>
    public const string JSON = "JSON";
}
