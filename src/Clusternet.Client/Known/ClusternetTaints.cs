namespace Clusternet.Known;

/// <summary>
/// Taint keys the controller manager sets on ManagedClusters from their conditions. Both use effect
/// <c>NoSchedule</c>, and the taint's value is the reason of the condition behind it.
/// </summary>
public static class ClusternetTaints
{
    /// <summary>Present while the cluster's Ready condition is False or Unknown.</summary>
    public const string Unschedulable = "clusters.clusternet.io/unschedulable";

    /// <summary>
    /// Present while the cluster is not yet initialised (ClusterInit False or Unknown, with the
    /// ClusterInit feature on); a new cluster starts with it, valued <see cref="ClusterConditionReasons.ClusterInitWaiting"/>.
    /// </summary>
    public const string Initialization = "clusters.clusternet.io/initialization";

    /// <summary>The effect of every taint above.</summary>
    public const string Effect = "NoSchedule";
}
