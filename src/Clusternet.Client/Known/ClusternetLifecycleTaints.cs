namespace Clusternet.Known;

/// <summary>
/// Taints of the .NET controller manager beyond upstream's <see cref="ClusternetTaints"/>.
/// </summary>
public static class ClusternetLifecycleTaints
{
    /// <summary>
    /// Present, besides <see cref="ClusternetTaints.Unschedulable"/>, while the cluster's Ready condition is Unknown
    /// (its agent stopped reporting), so a workload can tolerate a NotReady cluster without tolerating a lost one
    /// (as <c>node.kubernetes.io/not-ready</c> and <c>node.kubernetes.io/unreachable</c> do for nodes). Effect <c>NoSchedule</c>.
    /// </summary>
    public const string Unreachable = "clusters.clusternet.io/unreachable";
}
