namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// The condition types found in <c>status.conditions</c> of a ManagedCluster. The reasons that go
/// with them are in <see cref="Clusternet.Known.ClusterConditionReasons"/>.
/// </summary>
public static class ClusterConditionType
{
    /// <summary>Whether the child cluster is healthy, as reported by its agent (and turned Unknown when heartbeats stop).</summary>
    public const string Ready = "Ready";

    /// <summary>Whether the child cluster has been initialised with its cluster-init Base.</summary>
    public const string ClusterInit = "ClusterInit";
}
