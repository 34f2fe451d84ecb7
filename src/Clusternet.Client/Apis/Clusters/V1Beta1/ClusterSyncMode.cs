namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// How resources travel from the parent cluster to a child cluster (<c>spec.syncMode</c> of
/// ManagedCluster and ClusterRegistrationRequest). These are exactly the CRDs' enum values.
/// </summary>
public static class ClusterSyncMode
{
    /// <summary>The parent writes resources into the child cluster itself.</summary>
    public const string Push = "Push";

    /// <summary>The agent in the child cluster fetches and applies resources; the registration request's default.</summary>
    public const string Pull = "Pull";

    /// <summary>Both directions: the parent pushes and the agent pulls.</summary>
    public const string Dual = "Dual";
}
