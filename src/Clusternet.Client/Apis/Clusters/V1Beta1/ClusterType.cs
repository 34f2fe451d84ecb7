namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// The kinds of child cluster an agent may declare in <c>spec.clusterType</c>. The CRDs do not
/// restrict the field, so a reader should accept other strings; the agent only ever sends these two.
/// </summary>
public static class ClusterType
{
    /// <summary>A cluster at the edge, often with a weak or intermittent link to the parent.</summary>
    public const string EdgeCluster = "EdgeCluster";

    /// <summary>An ordinary Kubernetes cluster; the agent's default.</summary>
    public const string StandardCluster = "StandardCluster";
}
