namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>How a Subscription places its feeds on the matched clusters (<c>spec.schedulingStrategy</c>).</summary>
public static class SchedulingStrategyType
{
    /// <summary>Every matched cluster gets a full copy of each feed; the server's default.</summary>
    public const string Replication = "Replication";

    /// <summary>The desired replicas of each workload feed are split across the matched clusters.</summary>
    public const string Dividing = "Dividing";
}
