namespace Clusternet.Known;

/// <summary>Namespaces Clusternet reserves in the parent and child clusters.</summary>
public static class ClusternetNamespaces
{
    /// <summary>
    /// Where the components run, in the parent and in children: hub, controller manager, scheduler,
    /// agent, the hub's proxy ServiceAccount and the agent's Secrets. Configurable upstream through
    /// <c>--leader-elect-resource-namespace</c>.
    /// </summary>
    public const string System = "clusternet-system";

    /// <summary>
    /// Where Manifests (the stored templates) live in the parent, and where the shadow API dry-runs
    /// namespaced objects. Configurable through <c>--reserved-namespace</c> on the hub and controller manager.
    /// </summary>
    public const string Reserved = "clusternet-reserved";

    /// <summary>The namespace the hub's deployment manifest creates for multi-cluster-service objects; no code uses it.</summary>
    public const string MultiClusterService = "clusternet-mcs";

    /// <summary>The Cluster API system namespace, where the template Secret for Cluster API-provisioned agents lives.</summary>
    public const string ClusterApiSystem = "capi-system";
}
