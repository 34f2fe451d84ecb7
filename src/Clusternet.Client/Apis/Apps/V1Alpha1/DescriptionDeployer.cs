namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>Which deployer carries a Description into its child cluster (<c>spec.deployer</c>).</summary>
public static class DescriptionDeployer
{
    /// <summary>The Description holds Helm charts; the hub installs them as HelmReleases.</summary>
    public const string Helm = "Helm";

    /// <summary>The Description holds plain serialized objects that are applied as they are.</summary>
    public const string Generic = "Generic";
}
