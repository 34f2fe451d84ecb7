namespace Clusternet.Known;

/// <summary>
/// The exact messages upstream writes with the reasons in <see cref="ClusterConditionReasons"/>, so
/// that status written by this implementation reads the same in <c>kubectl describe</c>.
/// </summary>
public static class ClusterConditionMessages
{
    /// <summary>With <see cref="ClusterConditionReasons.ManagedClusterReady"/>.</summary>
    public const string ManagedClusterReady = "managed cluster is ready.";

    /// <summary>With <see cref="ClusterConditionReasons.ManagedClusterNotReady"/>.</summary>
    public const string ManagedClusterNotReady = "managed cluster is not ready.";

    /// <summary>With <see cref="ClusterConditionReasons.ClusterStatusNeverUpdated"/>.</summary>
    public const string ClusterStatusNeverUpdated = "Clusternet agent never posted cluster status.";

    /// <summary>With <see cref="ClusterConditionReasons.ClusterStatusUnknown"/>.</summary>
    public const string ClusterStatusUnknown = "Clusternet agent stopped posting cluster status.";

    /// <summary>With <see cref="ClusterConditionReasons.ClusterInitDisabled"/> when the ClusterInit feature gate is off.</summary>
    public const string ClusterInitFeatureDisabled = "feature gate ClusterInit is not enabled";

    /// <summary>With <see cref="ClusterConditionReasons.ClusterInitDisabled"/> when the ManagedCluster carries the skip annotation.</summary>
    public const string ClusterInitSkipped = "cluster initialization is skipped";

    /// <summary>With <see cref="ClusterConditionReasons.ClusterInitDone"/>.</summary>
    public const string ClusterInitDone = "cluster has been initialized successfully";
}
