namespace Clusternet.Known;

/// <summary>Default periods, sizes and limits upstream's components use; a compatible component starts from the same values.</summary>
public static class ClusternetDefaults
{
    /// <summary>How often informers resync their whole cache.</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromHours(12);

    /// <summary>The resync period meaning "never resync".</summary>
    public static readonly TimeSpan NoResync = TimeSpan.Zero;

    /// <summary>How long to wait before retrying a failed step.</summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How many workers a controller runs.</summary>
    public const int Threadiness = 10;

    /// <summary>The longest note an event may carry; longer notes are cut.</summary>
    public const int NoteLengthLimit = 1024;

    /// <summary>The length of the random suffixes in generated names, such as <c>clusternet-5l82l</c>.</summary>
    public const int RandomIdLength = 5;

    /// <summary>The longest cluster name the agent's flag check accepts; the CRD's 30 is the limit that actually applies.</summary>
    public const int AgentClusterNameMaxLength = 60;

    /// <summary>The longest cluster name a registration request may ask for, as the CRD enforces.</summary>
    public const int ClusterNameMaxLength = 30;

    /// <summary>The longest dedicated namespace name a registration request may ask for.</summary>
    public const int ClusterNamespaceMaxLength = 63;

    /// <summary>The port on which the agent serves HTTPS.</summary>
    public const int AgentSecurePort = 10650;

    /// <summary>The port of the agent's built-in replica predictor (<c>--predictor-port</c>).</summary>
    public const int PredictorPort = 8080;

    /// <summary>How often the agent collects its cluster's status (<c>--cluster-status-collect-frequency</c>).</summary>
    public static readonly TimeSpan ClusterStatusCollectFrequency = TimeSpan.FromSeconds(20);

    /// <summary>How often the agent writes its ManagedCluster status (<c>--cluster-status-update-frequency</c>), hence a heartbeat of 180 seconds.</summary>
    public static readonly TimeSpan ClusterStatusUpdateFrequency = TimeSpan.FromMinutes(3);

    /// <summary>How long without a heartbeat before Ready turns Unknown when the cluster reports no heartbeat frequency; otherwise three heartbeats.</summary>
    public static readonly TimeSpan ClusterStatusGracePeriod = TimeSpan.FromMinutes(9);

    /// <summary>The longest Subscription name that still gets a subs.name label on its Bases.</summary>
    public const int SubscriptionNameLabelMaxLength = 57;
}
