namespace Clusternet.Known;

/// <summary>Finalizers Clusternet adds, so it can clean up before an object goes away.</summary>
public static class ClusternetFinalizers
{
    /// <summary>
    /// Clusternet's general finalizer, on Subscriptions, Bases, Descriptions, HelmReleases,
    /// Localizations, Globalizations, ServiceImports and the agent's deployer Secret.
    /// </summary>
    public const string App = "apps.clusternet.io/finalizer";

    /// <summary>
    /// On Manifests and HelmCharts while Subscriptions still use them (FeedInUseProtection); it holds
    /// back deletion. The same string as <see cref="ClusternetAnnotations.FeedProtection"/>.
    /// </summary>
    public const string FeedProtection = "apps.clusternet.io/feed-protection";
}
