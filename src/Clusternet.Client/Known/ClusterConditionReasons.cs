namespace Clusternet.Known;

/// <summary>
/// Reasons of the ManagedCluster conditions Ready and ClusterInit (the types are in
/// <see cref="Clusternet.Apis.Clusters.V1Beta1.ClusterConditionType"/>). A derived taint carries the reason as its value.
/// </summary>
public static class ClusterConditionReasons
{
    /// <summary>Ready is True: the agent found the child's API server live and ready (or healthy, on old servers).</summary>
    public const string ManagedClusterReady = "ManagedClusterReady";

    /// <summary>Ready is False: the agent found the child's API server unhealthy.</summary>
    public const string ManagedClusterNotReady = "ManagedClusterNotReady";

    /// <summary>Ready is Unknown: the grace period passed and the agent has never reported a status.</summary>
    public const string ClusterStatusNeverUpdated = "ClusterStatusNeverUpdated";

    /// <summary>Ready is Unknown: the agent reported before but no heartbeat arrived within the grace period.</summary>
    public const string ClusterStatusUnknown = "ClusterStatusUnknown";

    /// <summary>ClusterInit is False: the cluster waits for its initialisation; also the initial value of the initialization taint.</summary>
    public const string ClusterInitWaiting = "ClusterInitWaiting";

    /// <summary>ClusterInit is True without initialising: the feature is off or the cluster asked to skip it.</summary>
    public const string ClusterInitDisabled = "ClusterInitDisabled";

    /// <summary>ClusterInit is True: the cluster was initialised successfully.</summary>
    public const string ClusterInitDone = "ClusterInitDone";
}
