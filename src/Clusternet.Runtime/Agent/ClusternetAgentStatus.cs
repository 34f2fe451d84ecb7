namespace Clusternet.Runtime.Agent;

/// <summary>Where an agent stands; read it from <see cref="ClusternetAgent.Status"/> for health checks and dashboards.</summary>
public enum ClusternetAgentPhase
{
    /// <summary>Not started, or stopped.</summary>
    Stopped,

    /// <summary>Another replica holds the leader-election Lease; this one waits.</summary>
    Standby,

    /// <summary>Leading, and sending or polling the registration request.</summary>
    Registering,

    /// <summary>The parent refused the agent's credentials or request (for example 401 for a wrong or expired bootstrap token); retried.</summary>
    Refused,

    /// <summary>The parent answered the registration request with <c>Denied</c> or <c>Failed</c>; the message says why. Polled again.</summary>
    Denied,

    /// <summary>Approved; the agent reports status with its dedicated credentials.</summary>
    Registered,
}

/// <summary>A snapshot of the agent's state. Every change produces a new instance.</summary>
public sealed record ClusternetAgentStatus
{
    /// <summary>The phase.</summary>
    public ClusternetAgentPhase Phase { get; init; }

    /// <summary>The cluster id (uid of the leader-election Lease in the child), once known.</summary>
    public string? ClusterId { get; init; }

    /// <summary>The cluster name used in the registration request, once known.</summary>
    public string? ClusterName { get; init; }

    /// <summary>The dedicated namespace in the parent, once approved.</summary>
    public string? DedicatedNamespace { get; init; }

    /// <summary>Why the agent is in this phase when it is not a happy one (the parent's answer or the error), else null.</summary>
    public string? Message { get; init; }

    /// <summary>Whether a tunnel session with the hub is open.</summary>
    public bool TunnelConnected { get; init; }

    /// <summary>When the ManagedCluster status was last written successfully.</summary>
    public DateTimeOffset? LastReportTime { get; init; }
}
