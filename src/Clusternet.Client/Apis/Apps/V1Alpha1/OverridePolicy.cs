namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>When the overrides of a Localization or Globalization take effect (<c>spec.overridePolicy</c>).</summary>
public static class OverridePolicy
{
    /// <summary>The overrides are applied at once, also to objects already deployed.</summary>
    public const string ApplyNow = "ApplyNow";

    /// <summary>The overrides wait for the next change to the object or for new objects; the server's default.</summary>
    public const string ApplyLater = "ApplyLater";
}
