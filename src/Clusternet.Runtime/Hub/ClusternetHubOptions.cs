using Clusternet.Known;
using Clusternet.Runtime.Tunnel;
using k8s;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Settings of the hub: the aggregated API server that serves <c>proxies.clusternet.io/v1alpha1</c> (the agents'
/// tunnel endpoint and the sockets proxy to child clusters) and mounts <c>shadow/v1alpha1</c>.
/// </summary>
public sealed record ClusternetHubOptions
{
    /// <summary>
    /// How the hub reaches the parent cluster (TokenReview, SubjectAccessReview, ManagedClusters, the
    /// <c>child-cluster-deployer</c> Secrets, the requestheader ConfigMap). Takes precedence over <see cref="KubeconfigPath"/>.
    /// </summary>
    public KubernetesClientConfiguration? ParentConfiguration { get; set; }

    /// <summary>A kubeconfig file for the parent cluster; used when <see cref="ParentConfiguration"/> is null. Neither set: in-cluster configuration.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Where the shadow API keeps Manifests (upstream's <c>--reserved-namespace</c>).</summary>
    public string ReservedNamespace { get; set; } = ClusternetNamespaces.Reserved;

    /// <summary>
    /// Register the hub's APIServices, Service and Endpoints in the parent at start; null (the default) leaves
    /// registration to manifests (deploy/hub/), as on a real cluster.
    /// </summary>
    public HubSelfRegistration? SelfRegistration { get; set; }

    /// <summary>
    /// Proxy straight to a child's API server, without the tunnel, when its ManagedCluster says
    /// <c>status.useSocket: false</c>. Upstream always dials through the tunnel. Default true.
    /// </summary>
    public bool AllowDirectProxy { get; set; } = true;

    /// <summary>
    /// Whether the hub serves the shadow API (<c>shadow/v1alpha1</c>: templates of any parent resource stored as
    /// Manifests in <see cref="ReservedNamespace"/>; docs/shadow-api.md), upstream's <c>ShadowAPI</c> feature. On by default.
    /// </summary>
    public bool ShadowApi { get; set; } = true;

    /// <summary>
    /// Let callers that bring no child credentials reach a child with the cluster's registered credentials,
    /// impersonating their parent identity there ("dynamic RBAC"). Default true; false refuses such requests with 403.
    /// </summary>
    public bool IdentityPassthrough { get; set; } = true;

    /// <summary>How often the requestheader CA and header names are re-read from <c>kube-system/extension-apiserver-authentication</c>. Default one minute.</summary>
    public TimeSpan RequestHeaderRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long TokenReview and SubjectAccessReview answers are reused. Default ten seconds, as k8s.io/apiserver's delegated authn/authz.</summary>
    public TimeSpan ReviewCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a long-running proxied request (watch, log follow, exec, port-forward) may go without any bytes moving before it is aborted. Default 30 minutes.</summary>
    public TimeSpan ProxyIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a request that is not long-running (not a watch, log follow or upgrade) may wait for the child's response headers and between body reads. Default 90 seconds.</summary>
    public TimeSpan ProxyResponseTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Whether tunnel connections are pooled across proxied requests (default) or opened per request as upstream's hub does; the latter is for comparison.</summary>
    public TunnelConnectionReuse ProxyConnectionReuse { get; set; } = TunnelConnectionReuse.Pooled;

    /// <summary>How long connecting (tunnel dial plus TLS) to a child may take. Default 30 seconds.</summary>
    public TimeSpan ProxyConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hub peering, for running several hub replicas behind one Service (upstream does it whenever leader election is
    /// on). Null (the default): a single replica, which reaches only the clusters whose agents hold their tunnel with it.
    /// </summary>
    public Peering.HubPeeringOptions? Peering { get; set; }

    /// <summary>Time source for caches; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
