using System.Collections.Concurrent;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using k8s;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// Prints what happens while the clusters register — each agent's phase and tunnel as it reports them, each
/// ManagedCluster as the parent's watch delivers it — and completes when every cluster is Ready with its capacity
/// reported and its tunnel connected.
/// </summary>
internal static class FleetProgress
{
    public static async Task<IReadOnlyList<ManagedCluster>> WaitForReadyAsync(Fleet fleet, TextWriter output, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        void Line(string name, string text)
        {
            lock (output)
            {
                output.WriteLine($"   {(DateTime.UtcNow - started).TotalSeconds,5:0.0}s  {name,-12} {text}");
            }
        }

        var handlers = new List<(ClusternetAgent, Action<ClusternetAgentStatus>)>();
        foreach (var (cluster, _, agent) in fleet.Children)
        {
            ClusternetAgentStatus? last = null;
            void OnChanged(ClusternetAgentStatus status)
            {
                lock (handlers)
                {
                    if (status.Phase == ClusternetAgentPhase.Stopped
                        || (last is not null && last.Phase == status.Phase && last.TunnelConnected == status.TunnelConnected))
                    {
                        return;
                    }

                    var tunnel = last is not null && last.TunnelConnected != status.TunnelConnected
                        ? status.TunnelConnected ? "tunnel to the hub connected" : "tunnel to the hub lost"
                        : null;
                    last = status;
                    Line(cluster.Name, tunnel ?? $"agent {status.Phase.ToString().ToLowerInvariant()}" +
                        (status.ClusterId is null ? string.Empty : $" (cluster id {status.ClusterId})") +
                        (string.IsNullOrEmpty(status.Message) ? string.Empty : $": {status.Message}"));
                }
            }

            agent.StatusChanged += OnChanged;
            handlers.Add((agent, OnChanged));
            OnChanged(agent.Status);
        }

        try
        {
            var ready = await WatchUntilReadyAsync(fleet, Line, cancellationToken);
            foreach (var cluster in ready)
            {
                await WaitForDeployerCredentialsAsync(fleet, cluster, Line, cancellationToken);
            }

            return ready;
        }
        finally
        {
            foreach (var (agent, handler) in handlers)
            {
                agent.StatusChanged -= handler;
            }
        }
    }

    private static async Task<IReadOnlyList<ManagedCluster>> WatchUntilReadyAsync(Fleet fleet, Action<string, string> line, CancellationToken cancellationToken)
    {
        var clusters = new ClusternetClient(fleet.ParentAdmin).ClustersV1Beta1.ManagedClusters(null);
        var latest = new ConcurrentDictionary<string, ManagedCluster>();
        var said = new Dictionary<string, string>();
        while (true)
        {
            // The typed watch lists first, then follows changes; it is re-opened should the server end it.
            await foreach (var e in clusters.WatchAsync(cancellationToken: cancellationToken))
            {
                var cluster = e.Object;
                var name = cluster.Metadata.Labels is { } labels && labels.TryGetValue(ClusternetLabels.ClusterName, out var n) ? n : cluster.Metadata.Name;
                var state = Describe(cluster);
                if (!said.TryGetValue(cluster.Metadata.Uid, out var before) || before != state)
                {
                    said[cluster.Metadata.Uid] = state;
                    line(name, $"ManagedCluster {cluster.Metadata.NamespaceProperty}/{cluster.Metadata.Name} {e.Type.ToString().ToLowerInvariant()}: {state}");
                }

                latest[cluster.Spec?.ClusterId ?? cluster.Metadata.Uid] = cluster;
                var ready = fleet.Children
                    .Select(c => c.Agent.Status.ClusterId is { } id && latest.TryGetValue(id, out var m) && IsReady(m) && c.Agent.Status.TunnelConnected ? m : null)
                    .ToList();
                if (ready.All(m => m is not null))
                {
                    return ready!;
                }
            }
        }
    }

    /// <summary>
    /// The hub passes callers' identities through to a child with the credentials the agent pushes after it registered
    /// (Dual sync mode); until that Secret exists the hub refuses to proxy without child credentials.
    /// </summary>
    private static async Task WaitForDeployerCredentialsAsync(Fleet fleet, ManagedCluster cluster, Action<string, string> line, CancellationToken cancellationToken)
    {
        var ns = cluster.Metadata.NamespaceProperty;
        while (true)
        {
            try
            {
                await fleet.ParentAdmin.CoreV1.ReadNamespacedSecretAsync(ClusternetNames.ChildClusterSecret, ns, cancellationToken: cancellationToken);
                line(cluster.Metadata.Name, $"deployer credentials in {ns}/{ClusternetNames.ChildClusterSecret}: the hub can pass identities through");
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    public static bool IsReady(ManagedCluster cluster) =>
        cluster.Status?.Conditions?.Any(c => c.Type == ClusterConditionType.Ready && c.Status == "True") == true && cluster.Status.Allocatable is not null;

    private static string Describe(ManagedCluster cluster)
    {
        var ready = cluster.Status?.Conditions?.FirstOrDefault(c => c.Type == ClusterConditionType.Ready);
        return ready is null
            ? "waiting for the agent's first status report"
            : $"Ready={ready.Status} ({ready.Reason})" + (cluster.Status?.Allocatable is null ? string.Empty : ", capacity reported");
    }
}
