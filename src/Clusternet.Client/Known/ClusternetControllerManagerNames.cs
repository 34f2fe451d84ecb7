namespace Clusternet.Known;

/// <summary>Names the controller manager gives to objects in the parent cluster.</summary>
public static class ClusternetControllerManagerNames
{
    /// <summary>The leader-election Lease, in <see cref="ClusternetNamespaces.System"/>.</summary>
    public const string LeaderElectionLease = "clusternet-controller-manager";

    /// <summary>
    /// The per-request ClusterRole and ClusterRoleBinding that let bootstrap-token holders read one registration
    /// request (<c>clusternet:bootstrapping:&lt;request name&gt;</c>) until its cluster has switched to its own credentials.
    /// </summary>
    public static string BootstrapReaderName(string requestName)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestName);
        return "clusternet:bootstrapping:" + requestName;
    }

    /// <summary>The value of <see cref="ClusternetLabels.ClusterBootstrapping"/> on those per-request reader grants.</summary>
    public const string BootstrapReaderLabelValue = "bootstrap-reader";

    /// <summary>The key of a cluster-api kubeconfig Secret's kubeconfig (<c>&lt;cluster&gt;-kubeconfig</c>, data key <c>value</c>).</summary>
    public const string ClusterApiKubeconfigKey = "value";

    /// <summary>The suffix of the Secret holding a cluster-api cluster's kubeconfig.</summary>
    public const string ClusterApiKubeconfigSuffix = "-kubeconfig";

    /// <summary>The label cluster-api puts on objects of one cluster; copied onto discovered ManagedClusters.</summary>
    public const string ClusterApiClusterNameLabel = "cluster.x-k8s.io/cluster-name";
}
