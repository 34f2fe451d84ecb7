namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>Whether a HelmChart's chart and version exist in its repository (<c>status.phase</c>); empty while still being checked.</summary>
public static class HelmChartPhase
{
    /// <summary>The chart and version were found.</summary>
    public const string Found = "Found";

    /// <summary>The chart or version is missing from the repository.</summary>
    public const string NotFound = "NotFound";
}
