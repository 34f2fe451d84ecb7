using Clusternet.Apis.Clusters.V1Beta1;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Lifecycle;

/// <summary>
/// When a cluster counts as lost. Two signals, as for Kubernetes nodes: the status report (upstream's only one:
/// <c>lastObservedTime</c>, every <c>heartbeatFrequencySeconds</c>, 3 minutes by default) and, when the agent keeps
/// one, a Lease in the dedicated namespace renewed every few seconds, which lets the parent notice a loss quickly
/// without status rewrites.
/// </summary>
internal static class ClusterHeartbeat
{
    /// <summary>
    /// The moment after which the cluster is lost. With a Lease: the later of its renewal and the last status report,
    /// plus <c>multiplier × leaseDurationSeconds</c>. Without: the last report (or the creation, if none) plus
    /// <c>multiplier × heartbeatFrequencySeconds</c>, or <paramref name="defaultGrace"/> when the cluster does not say its period.
    /// </summary>
    public static DateTime Deadline(ManagedCluster cluster, V1Lease? lease, double multiplier, TimeSpan defaultGrace)
    {
        var observed = cluster.Status?.LastObservedTime?.ToUniversalTime();
        if (lease?.Spec?.RenewTime is { } renewed && lease.Spec.LeaseDurationSeconds is > 0 and { } seconds)
        {
            var last = renewed.ToUniversalTime();
            if (observed > last)
            {
                last = observed.Value;
            }

            return last + TimeSpan.FromSeconds(seconds * multiplier);
        }

        var probe = observed ?? cluster.Metadata.CreationTimestamp?.ToUniversalTime() ?? DateTime.UtcNow;
        return probe + Grace(cluster, multiplier, defaultGrace);
    }

    /// <summary>The status-report grace period: <c>multiplier × heartbeatFrequencySeconds</c>, else the default.</summary>
    public static TimeSpan Grace(ManagedCluster cluster, double multiplier, TimeSpan defaultGrace) =>
        cluster.Status?.HeartbeatFrequencySeconds is > 0 and { } seconds ? TimeSpan.FromSeconds(seconds * multiplier) : defaultGrace;
}
