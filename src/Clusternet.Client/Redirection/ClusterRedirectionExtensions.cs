using k8s;

namespace Clusternet.Redirection;

/// <summary>The configuration form of <see cref="ClusterRedirection"/>.</summary>
public static class ClusterRedirectionExtensions
{
    /// <summary>
    /// A copy of <paramref name="parent"/> whose <c>Host</c> is
    /// <c>&lt;parent&gt;/apis/proxies.clusternet.io/v1alpha1/sockets/&lt;clusterId&gt;/proxy/direct</c>: a
    /// <see cref="Kubernetes"/> built from it sends every call, watch and websocket to the child through the hub,
    /// authenticated to the parent as the parent configuration is (identity passthrough). For child credentials use
    /// <see cref="ClusterRedirection.CreateKubernetes"/>.
    /// </summary>
    /// <param name="parent">The parent cluster's configuration (not changed).</param>
    /// <param name="clusterId">The child cluster's id: a UUID or a DNS-1123 label.</param>
    public static KubernetesClientConfiguration ForCluster(this KubernetesClientConfiguration parent, string clusterId) =>
        ClusterRedirection.ForCluster(clusterId).Configure(parent);
}
