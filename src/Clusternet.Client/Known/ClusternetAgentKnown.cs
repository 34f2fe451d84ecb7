namespace Clusternet.Known;

/// <summary>Names and values the Clusternet agent puts on the wire besides those shared with the other components.</summary>
public static class ClusternetAgentKnown
{
    /// <summary>Annotation on the agent's leader-election Lease whose value, when present, is the cluster id (agents up to v0.14 kept it there).</summary>
    public const string LegacyClusterIdAnnotation = "legacy-cluster-id";

    /// <summary>ClusterRoleBinding in the child that binds the <see cref="ClusternetNames.AppDeployerServiceAccount"/> to <c>cluster-admin</c>.</summary>
    public const string AppDeployerClusterRoleBinding = "clusternet:app:deployer";

    /// <summary>Label prefix node-feature-discovery uses for the features it detects on nodes.</summary>
    public const string NodeFeatureLabelPrefix = "feature.node.kubernetes.io/";

    /// <summary>Node label of control-plane nodes, left out of label aggregation.</summary>
    public const string ControlPlaneNodeRoleLabel = "node-role.kubernetes.io/control-plane";

    /// <summary>Older node label of control-plane nodes, left out of label aggregation.</summary>
    public const string MasterNodeRoleLabel = "node-role.kubernetes.io/master";

    /// <summary>
    /// Seconds a parent-side heartbeat Lease (<c>&lt;dedicated namespace&gt;/&lt;cluster id&gt;</c>) stays valid after its
    /// <c>renewTime</c>; the agent renews it about every quarter of that.
    /// </summary>
    public const int HeartbeatLeaseDurationSeconds = 40;
}
