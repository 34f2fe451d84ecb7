namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>How dynamic dividing places replicas (<c>spec.dividingScheduling.dynamicDividing.strategy</c>).</summary>
public static class DynamicDividingStrategy
{
    /// <summary>Replicas go to as many clusters as possible; the server's default and the only one upstream's scheduler implements.</summary>
    public const string Spread = "Spread";

    /// <summary>Replicas are packed onto as few clusters as possible.</summary>
    public const string Binpack = "Binpack";
}
