using Clusternet.Known;
using k8s;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>
/// Options of the controller manager, cluster side: the registration approver, the cluster lifecycle controller,
/// cluster-api discovery and self-registration. Defaults are upstream's.
/// </summary>
public sealed class ClusternetControllerManagerOptions
{
    /// <summary>
    /// How to reach the parent cluster. Null uses the <see cref="Kubernetes"/> registered in the container
    /// (<c>services.AddClusternetClient(...)</c>).
    /// </summary>
    public KubernetesClientConfiguration? Parent { get; set; }

    /// <summary>Whether only the holder of the Lease <see cref="LeaderElectionNamespace"/>/<see cref="LeaderElectionName"/> runs the controllers (default true).</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>The leader-election Lease's namespace (created when missing); upstream's <c>clusternet-system</c>.</summary>
    public string LeaderElectionNamespace { get; set; } = ClusternetNamespaces.System;

    /// <summary>The leader-election Lease's name; upstream's <c>clusternet-controller-manager</c>.</summary>
    public string LeaderElectionName { get; set; } = ClusternetControllerManagerNames.LeaderElectionLease;

    /// <summary>This replica's identity in the Lease; null uses the host name plus a random suffix.</summary>
    public string? LeaderElectionIdentity { get; set; }

    /// <summary>How long a leader's Lease is valid without renewal (15 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a leader keeps trying to renew before it gives up leadership (10 s).</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader to renew, the Lease (2 s).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent reconciles per controller (default 4).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Whether to create (or correct) at start the ClusterRole and ClusterRoleBinding
    /// <c>clusternet:system:bootstrapping</c> that let bootstrap tokens of group
    /// <c>system:bootstrappers:clusternet:register-cluster-token</c> create registration requests
    /// (the content of <c>deploy/controller-manager/bootstrap-rbac.yaml</c>). Default false: an administrator applies it.
    /// </summary>
    public bool ApplyBootstrapRbac { get; set; }

    /// <summary>
    /// How long after the approver first sees a registration request bootstrap-token holders may read it. The
    /// right ends earlier, as soon as the cluster proves it switched to its own credentials (its agent posted
    /// status or renewed its Lease). Default 10 minutes.
    /// </summary>
    public TimeSpan BootstrapReadWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A cluster is Unknown after this many report periods (<c>status.heartbeatFrequencySeconds</c>) without a
    /// status report; upstream's 3.
    /// </summary>
    public double GraceMultiplier { get; set; } = 3;

    /// <summary>The grace period of a cluster that does not say its report period; upstream's 9 minutes.</summary>
    public TimeSpan DefaultGracePeriod { get; set; } = ClusternetDefaults.ClusterStatusGracePeriod;

    /// <summary>
    /// Whether clusters described by cluster-api <c>Cluster</c> objects (<c>cluster.x-k8s.io/v1beta1</c>) in the
    /// parent are registered automatically, reached through their <c>&lt;name&gt;-kubeconfig</c> Secrets. Default false.
    /// </summary>
    public bool ClusterApiDiscovery { get; set; }

    /// <summary>Whether the parent registers itself as one of its child clusters. Default false.</summary>
    public bool SelfRegistration { get; set; }

    /// <summary>The ManagedCluster name of the parent when <see cref="SelfRegistration"/> is on (default <c>parent</c>).</summary>
    public string SelfRegistrationName { get; set; } = "parent";

    /// <summary>
    /// How often the controller manager reports the status of the clusters it registered itself (cluster-api
    /// and self-registration), which have no agent; upstream's agent default, 3 minutes.
    /// </summary>
    public TimeSpan ParentSideStatusPeriod { get; set; } = ClusternetDefaults.ClusterStatusUpdateFrequency;
}
