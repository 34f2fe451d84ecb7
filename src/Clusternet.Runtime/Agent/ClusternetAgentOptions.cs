using System.Security.Cryptography.X509Certificates;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;
using k8s;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Settings of the Clusternet agent. Defaults are upstream clusternet-agent's flag defaults; the flag each property
/// stands for is named in its documentation.
/// </summary>
public sealed record ClusternetAgentOptions
{
    /// <summary>The parent cluster's API server URL (<c>--cluster-reg-parent-url</c>). Required.</summary>
    public Uri? ParentUrl { get; set; }

    /// <summary>
    /// The token the agent registers with (<c>--cluster-reg-token</c>): a bootstrap token <c>&lt;id&gt;.&lt;secret&gt;</c> whose
    /// Secret carries the group <c>system:bootstrappers:clusternet:register-cluster-token</c>, or a ServiceAccount token. Required.
    /// Only used until the parent approved the cluster, and again when the dedicated credentials stop working.
    /// </summary>
    public string? BootstrapToken { get; set; }

    /// <summary>
    /// The parent's CA certificates. When set, every connection to the parent is verified against them, registration included.
    /// When null, registration (before the parent returned its CA) runs without TLS verification, as upstream does — see
    /// <see cref="InsecureSkipParentTlsVerifyOnBootstrap"/>; after approval the CA from the registration request is used.
    /// </summary>
    public X509Certificate2Collection? ParentCertificateAuthority { get; set; }

    /// <summary>
    /// Whether registration may talk to the parent without verifying its certificate when <see cref="ParentCertificateAuthority"/>
    /// is not set (default true, upstream's behaviour; a warning is logged). A man in the middle can then see the bootstrap token and
    /// hand back credentials of its own. Set false to refuse to start without a CA.
    /// </summary>
    public bool InsecureSkipParentTlsVerifyOnBootstrap { get; set; } = true;

    /// <summary>How the agent reaches its own (child) cluster's API server. Required; its host is also reported as <c>apiserverURL</c>.</summary>
    public KubernetesClientConfiguration? Child { get; set; }

    /// <summary>Cluster name (<c>--cluster-reg-name</c>); when empty, <see cref="ClusterNamePrefix"/> plus 5 random characters, kept across restarts through the registration request's label.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Prefix of generated cluster names (<c>--cluster-reg-name-prefix</c>, default <c>clusternet-cluster</c>).</summary>
    public string ClusterNamePrefix { get; set; } = ClusternetNames.DefaultClusterNamePrefix;

    /// <summary>Dedicated namespace requested in the parent (<c>--cluster-reg-namespace</c>); empty lets the parent generate one.</summary>
    public string? ClusterNamespace { get; set; }

    /// <summary>Cluster type (<c>--cluster-reg-type</c>, default <see cref="Apis.Clusters.V1Beta1.ClusterType.StandardCluster"/>).</summary>
    public string ClusterType { get; set; } = Apis.Clusters.V1Beta1.ClusterType.StandardCluster;

    /// <summary>Sync mode (<c>--cluster-sync-mode</c>, default <see cref="ClusterSyncMode.Pull"/>). Push and Dual make the agent hand the parent credentials for the child.</summary>
    public string SyncMode { get; set; } = ClusterSyncMode.Pull;

    /// <summary>Labels requested for the ManagedCluster (<c>--cluster-labels</c>).</summary>
    public IDictionary<string, string> ClusterLabels { get; set; } = new Dictionary<string, string>();

    /// <summary>How often the child's state is collected (<c>--cluster-status-collect-frequency</c>, default 20 s).</summary>
    public TimeSpan StatusCollectPeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the ManagedCluster status is written (<c>--cluster-status-update-frequency</c>, default 3 min); reported as <c>heartbeatFrequencySeconds</c>.</summary>
    public TimeSpan StatusReportPeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How often the parent-side heartbeat Lease <c>&lt;dedicated namespace&gt;/&lt;cluster id&gt;</c> is renewed (default 10 s). Its
    /// <c>leaseDurationSeconds</c> is four times this, at least 1 s. Null turns the Lease off.
    /// </summary>
    public TimeSpan? HeartbeatLeaseRenewPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of worker nodes that must agree on a label value before it is raised to the cluster (<c>--labels-aggregate-threshold</c>, default 0.8).</summary>
    public double LabelAggregateThreshold { get; set; } = 0.8;

    /// <summary>
    /// Node label prefixes raised to the cluster (<c>--labels-aggregate-prefix</c>). Default: upstream's <c>node.clusternet.io/</c> and,
    /// beyond upstream, node-feature-discovery's <c>feature.node.kubernetes.io/</c>, so NFD labels reach the cluster without an NFD rule.
    /// </summary>
    public IList<string> LabelAggregatePrefixes { get; set; } = [ClusternetLabels.NodeLabelsKeyPrefix, ClusternetAgentKnown.NodeFeatureLabelPrefix];

    /// <summary>Leader election among agent replicas; its Lease is also the anchor of the cluster id.</summary>
    public ClusternetAgentLeaderElectionOptions LeaderElection { get; set; } = new();

    /// <summary>Whether the agent keeps a tunnel to the hub (the <c>SocketConnection</c> feature gate; default true). Reported as <c>useSocket</c>.</summary>
    public bool Tunnel { get; set; } = true;

    /// <summary>Requests per second the agent allows itself against the child (<c>--kube-api-qps</c>, default 50); reported as <c>kubeQPS</c>.</summary>
    public float KubeQps { get; set; } = 50;

    /// <summary>Burst of requests against the child (<c>--kube-api-burst</c>, default 100); reported as <c>kubeBurst</c>.</summary>
    public int KubeBurst { get; set; } = 100;

    /// <summary>Base delay between registration attempts and polls (upstream: 5 s with jitter).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>Lease-based leader election among agent replicas (upstream's <c>--leader-elect*</c> flags).</summary>
public sealed record ClusternetAgentLeaderElectionOptions
{
    /// <summary>Whether replicas elect a leader (default true). When false the Lease is still created, without a holder, because it anchors the cluster id.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Namespace of the Lease in the child, also where <c>parent-cluster</c> is stored (default <c>clusternet-system</c>).</summary>
    public string Namespace { get; set; } = ClusternetNamespaces.System;

    /// <summary>Name of the Lease (default <c>clusternet-agent</c>).</summary>
    public string Name { get; set; } = ClusternetNames.AgentLease;

    /// <summary>How long a non-leader waits after the last observed renewal before taking over (default 15 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading (default 10 s).</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Period of acquire and renew attempts (default 2 s).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's identity in the Lease (default: host name plus a random suffix).</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid()}";
}
