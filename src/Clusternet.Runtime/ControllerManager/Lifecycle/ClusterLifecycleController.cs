using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Lifecycle;

/// <summary>
/// Upstream's cluster lifecycle controller (§2.3): marks a ManagedCluster whose agent went silent Ready=Unknown
/// (health flags false) once its grace period passes, keeps the taints its Ready condition implies, and lifts them
/// when the agent reports Ready again. Each cluster is looked at again when its deadline comes.
/// </summary>
internal sealed class ClusterLifecycleController
{
    private const string Controller = "cluster-lifecycle";

    private readonly ClusterResources _parent;
    private readonly ClusternetControllerManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<ManagedCluster> _clusters;
    private readonly RateLimitingQueue<string> _queue;

    public ClusterLifecycleController(ClusterResources parent, SharedInformerFactory informers, ClusternetControllerManagerOptions options, TimeProvider time, ILogger logger)
    {
        _parent = parent;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(timeProvider: time);
        _clusters = informers.GetInformer(parent.ManagedClusters());
        _clusters.AddEventHandler(new ResourceEventHandler<ManagedCluster>
        {
            Added = (c, _) => _queue.Add(CacheKey.Of(c)),
            Updated = (_, c) => _queue.Add(CacheKey.Of(c)),
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await _clusters.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await ReconcileLoop.RunAsync(_queue, _options.Workers, Controller, ReconcileAsync, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var cluster = _clusters.Lister.Get(key);
        if (cluster is null || cluster.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        // A cluster that has never reported is judged by its creation time alone: a renewed Lease says that an agent
        // runs, not that the cluster's status is known. Not reading it also spares a GET and a LIST on each of the two
        // or three looks at a cluster while it registers.
        var lease = cluster.Status?.LastObservedTime is null ? null : await FindLeaseAsync(cluster, cancellationToken).ConfigureAwait(false);
        var deadline = ClusterHeartbeat.Deadline(cluster, lease, _options.GraceMultiplier, _options.DefaultGracePeriod);
        var lost = now > deadline;

        var status = WithLifecycleConditions(cluster, lost, now);
        if (status is not null)
        {
            var copy = ClusterResources.Copy(cluster);
            copy.Status = status;
            cluster = await _parent.ManagedClusters(cluster.Metadata.NamespaceProperty).UpdateStatusAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            // A cluster that has not reported yet only gains ClusterInit: there is no Ready condition to log.
            if (status.Conditions!.FirstOrDefault(c => c.Type == ClusterConditionType.Ready) is { } ready)
            {
                ControllerManagerLog.ClusterReadiness(_logger, key, ready.Status, ready.Reason);
            }
        }

        if (ClusterTaints.Desired(cluster, now) is { } taints)
        {
            // One merge patch of the whole list, guarded by resourceVersion so a concurrent edit is not overwritten.
            var patch = new { metadata = new { resourceVersion = cluster.Metadata.ResourceVersion }, spec = new { taints } };
            await _parent.ManagedClusters(cluster.Metadata.NamespaceProperty)
                .PatchAsync(cluster.Metadata.Name, new V1Patch(patch, V1Patch.PatchType.MergePatch), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Alive: look again when the deadline comes. Lost: only a report brings it back (an update event); look again
        // after a grace period anyway, in case a Lease resumed.
        return lost ? ClusterHeartbeat.Grace(cluster, _options.GraceMultiplier, _options.DefaultGracePeriod) : deadline - now + TimeSpan.FromMilliseconds(50);
    }

    /// <summary>The new status when the lifecycle conditions must change, else null.</summary>
    private static ManagedClusterStatus? WithLifecycleConditions(ManagedCluster cluster, bool lost, DateTime now)
    {
        var current = cluster.Status;
        var neverReported = current?.LastObservedTime is null;
        var reason = neverReported ? ClusterConditionReasons.ClusterStatusNeverUpdated : ClusterConditionReasons.ClusterStatusUnknown;
        var message = neverReported ? ClusterConditionMessages.ClusterStatusNeverUpdated : ClusterConditionMessages.ClusterStatusUnknown;
        if (!(lost && (!IsSet(current?.Conditions, ClusterConditionType.Ready, "Unknown", reason, message) || current!.Healthz || current.Livez || current.Readyz))
            && current?.Conditions?.Any(c => c.Type == ClusterConditionType.ClusterInit) == true)
        {
            // The usual case, a live cluster that has been initialised: nothing to write, and no copy of its status made
            // (a fleet reconciles every cluster about once per heartbeat grace period, and on every status report).
            return null;
        }

        var status = ClusterResources.Copy(current ?? new ManagedClusterStatus());
        var conditions = status.Conditions ?? [];
        var changed = false;
        if (lost)
        {
            changed |= SetCondition(conditions, ClusterConditionType.Ready, "Unknown", reason, message, now);
            if (status.Healthz || status.Livez || status.Readyz)
            {
                status.Healthz = status.Livez = status.Readyz = false;
                changed = true;
            }
        }

        if (!conditions.Any(c => c.Type == ClusterConditionType.ClusterInit))
        {
            // The ClusterInit feature is not implemented; say so as upstream does with the gate off.
            changed |= SetCondition(conditions, ClusterConditionType.ClusterInit, "True", ClusterConditionReasons.ClusterInitDisabled, ClusterConditionMessages.ClusterInitFeatureDisabled, now);
        }

        status.Conditions = conditions;
        return changed ? status : null;
    }

    private static bool IsSet(IList<V1Condition>? conditions, string type, string value, string reason, string message) =>
        conditions?.FirstOrDefault(c => c.Type == type) is { } existing && existing.Status == value && existing.Reason == reason && existing.Message == message;

    private static bool SetCondition(IList<V1Condition> conditions, string type, string value, string reason, string message, DateTime now)
    {
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == value && existing.Reason == reason && existing.Message == message)
        {
            return false;
        }

        var transition = existing is not null && existing.Status == value ? existing.LastTransitionTime : now;
        if (existing is not null)
        {
            conditions.Remove(existing);
        }

        conditions.Add(new V1Condition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = transition });
        return true;
    }

    /// <summary>
    /// The agent's heartbeat Lease in the dedicated namespace: named by the cluster id, or labelled with it. Absent
    /// for agents that keep none (upstream's), which then are judged by their status reports alone.
    /// </summary>
    private async Task<V1Lease?> FindLeaseAsync(ManagedCluster cluster, CancellationToken cancellationToken)
    {
        var leases = _parent.Leases(cluster.Metadata.NamespaceProperty);
        var lease = await ClusterResources.GetOrNullAsync(leases, cluster.Spec.ClusterId, cancellationToken).ConfigureAwait(false);
        if (lease is not null)
        {
            return lease;
        }

        var list = await leases.ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={cluster.Spec.ClusterId}" }, cancellationToken).ConfigureAwait(false);
        return list.Items.FirstOrDefault();
    }
}
