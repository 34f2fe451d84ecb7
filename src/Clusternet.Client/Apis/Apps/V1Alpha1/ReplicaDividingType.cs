namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>How replicas are split when a Subscription uses the Dividing strategy (<c>spec.dividingScheduling.type</c>).</summary>
public static class ReplicaDividingType
{
    /// <summary>Replicas are split in proportion to each subscriber's static weight; the server's default.</summary>
    public const string Static = "Static";

    /// <summary>Replicas are split by what each cluster's replica predictor reports it can hold.</summary>
    public const string Dynamic = "Dynamic";
}
