using System.Text.Json;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Writes the collected status to the cluster's ManagedCluster every report period (upstream §2.2): a merge PATCH of the
/// aggregated labels when they changed, then a PUT of <c>/status</c>, re-reading the object on conflicts.
/// </summary>
internal sealed class ClusterStatusReporter(
    ClusternetAgentOptions options,
    ClusterStatusCollector collector,
    Action<Func<ClusternetAgentStatus, ClusternetAgentStatus>> setStatus,
    ILogger logger)
{
    private const int ConflictRetries = 5;

    private ManagedCluster? _cluster;

    /// <summary>Reports until cancelled; throws <see cref="ParentForgotClusterException"/> when the parent forgot the cluster.</summary>
    public async Task RunAsync(ParentConnection parent, string clusterId, CancellationToken cancellationToken)
    {
        var clusters = parent.Kubernetes.Resource<ManagedCluster, ManagedClusterList>(parent.DedicatedNamespace);
        while (true)
        {
            try
            {
                var snapshot = collector.Latest ?? await collector.CollectAsync(cancellationToken).ConfigureAwait(false);
                await ReportAsync(clusters, clusterId, snapshot, cancellationToken).ConfigureAwait(false);
                setStatus(s => s with { LastReportTime = options.TimeProvider.GetUtcNow() });
            }
            catch (UnauthorizedException e)
            {
                throw new ParentForgotClusterException("the parent refuses the cluster's token (401)", e);
            }
            catch (NotFoundException e)
            {
                throw new ParentForgotClusterException("its ManagedCluster was not found (404)", e);
            }
            catch (Exception e) when (e is not (OperationCanceledException or ParentForgotClusterException))
            {
                AgentLog.ReportFailed(logger, parent.DedicatedNamespace!, _cluster?.Metadata.Name, e);
            }

            await Task.Delay(options.StatusReportPeriod, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(IResourceClient<ManagedCluster, ManagedClusterList> clusters, string clusterId, ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (_cluster is null)
        {
            var found = await clusters.ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={clusterId}" }, cancellationToken).ConfigureAwait(false);
            _cluster = found.Items.FirstOrDefault()
                ?? throw new ParentForgotClusterException($"no ManagedCluster labelled {ClusternetLabels.ClusterId}={clusterId} in {clusters.Namespace}");
        }

        if (LabelPatch(_cluster, snapshot.AggregatedLabels) is { } patch)
        {
            _cluster = await clusters.PatchAsync(_cluster.Metadata.Name, new V1Patch(patch, V1Patch.PatchType.MergePatch), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            _cluster.Status = Merge(_cluster.Status, snapshot.Status);
            try
            {
                _cluster = await clusters.UpdateStatusAsync(_cluster, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConflictException) when (attempt < ConflictRetries)
            {
                _cluster = await clusters.GetAsync(_cluster.Metadata.Name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The new status with the object's other conditions kept (the parent's controllers own those). The Ready condition's
    /// lastTransitionTime is refreshed on every report, as upstream does, so it doubles as a heartbeat timestamp.
    /// </summary>
    private static ManagedClusterStatus Merge(ManagedClusterStatus? current, ManagedClusterStatus collected)
    {
        var conditions = new List<V1Condition>();
        foreach (var condition in current?.Conditions ?? [])
        {
            if (condition.Type != ClusterConditionType.Ready)
            {
                conditions.Add(condition);
            }
        }

        conditions.AddRange(collected.Conditions ?? []);
        // A copy: the snapshot is shared with later reports.
        var status = KubernetesJson.Deserialize<ManagedClusterStatus>(KubernetesJson.Serialize(collected));
        status.Conditions = conditions;
        return status;
    }

    /// <summary>A merge patch that makes the labels with an aggregate prefix equal the aggregated ones; null when they already are.</summary>
    private string? LabelPatch(ManagedCluster cluster, IReadOnlyDictionary<string, string> aggregated)
    {
        var current = cluster.Metadata.Labels ?? new Dictionary<string, string>();
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in current)
        {
            if (NodeLabelAggregation.HasPrefix(key, options.LabelAggregatePrefixes) && !aggregated.ContainsKey(key))
            {
                changes[key] = null;
            }
        }

        foreach (var (key, value) in aggregated)
        {
            if (!current.TryGetValue(key, out var existing) || existing != value)
            {
                changes[key] = value;
            }
        }

        return changes.Count == 0 ? null : JsonSerializer.Serialize(new { metadata = new { labels = changes } });
    }
}
