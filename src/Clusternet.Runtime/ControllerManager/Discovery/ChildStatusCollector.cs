using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Discovery;

/// <summary>
/// The part of the agent's status collection (§2.1) the parent can do over a child's kubeconfig: version and
/// platform, the three health endpoints, node statistics, capacity and allocatable summed over all nodes (as
/// upstream), and the Ready condition by upstream's rule <c>(livez &amp;&amp; readyz) || healthz</c>.
/// </summary>
internal static class ChildStatusCollector
{
    public static async Task<ManagedClusterStatus> CollectAsync(Kubernetes child, string apiServerUrl, TimeSpan period, DateTime now, CancellationToken cancellationToken)
    {
        var version = await child.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
        var healthz = await ProbeAsync(child, "healthz", cancellationToken).ConfigureAwait(false);
        var livez = await ProbeAsync(child, "livez", cancellationToken).ConfigureAwait(false);
        var readyz = await ProbeAsync(child, "readyz", cancellationToken).ConfigureAwait(false);
        var nodes = await new ClusterResources(child).Nodes().ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

        var statistics = new NodeStatistics();
        var capacity = new Dictionary<string, decimal>();
        var allocatable = new Dictionary<string, decimal>();
        foreach (var node in nodes.Items)
        {
            switch (node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status)
            {
                case "True": statistics.ReadyNodes = (statistics.ReadyNodes ?? 0) + 1; break;
                case "False": statistics.NotReadyNodes = (statistics.NotReadyNodes ?? 0) + 1; break;
                case "Unknown": statistics.UnknownNodes = (statistics.UnknownNodes ?? 0) + 1; break;
                default: statistics.LostNodes = (statistics.LostNodes ?? 0) + 1; break;
            }

            Add(capacity, node.Status?.Capacity);
            Add(allocatable, node.Status?.Allocatable);
        }

        var ready = (livez && readyz) || healthz;
        return new ManagedClusterStatus
        {
            LastObservedTime = now,
            KubernetesVersion = version.GitVersion,
            Platform = version.Platform,
            ApiServerUrl = apiServerUrl,
            Healthz = healthz,
            Livez = livez,
            Readyz = readyz,
            AppPusher = true,
            UseSocket = false,
            NodeStatistics = statistics,
            Capacity = ToQuantities(capacity),
            Allocatable = ToQuantities(allocatable),
            HeartbeatFrequencySeconds = (long)period.TotalSeconds,
            Conditions =
            [
                new V1Condition
                {
                    Type = ClusterConditionType.Ready,
                    Status = ready ? "True" : "False",
                    Reason = ready ? ClusterConditionReasons.ManagedClusterReady : ClusterConditionReasons.ManagedClusterNotReady,
                    Message = ready ? ClusterConditionMessages.ManagedClusterReady : ClusterConditionMessages.ManagedClusterNotReady,
                    LastTransitionTime = now,
                },
            ],
        };
    }

    private static async Task<bool> ProbeAsync(Kubernetes child, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(child.BaseUri, path));
            if (child.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
            }

            using var response = await child.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // Only cpu, memory and (when present) GPUs, as upstream reports.
    private static void Add(Dictionary<string, decimal> sum, IDictionary<string, ResourceQuantity>? quantities)
    {
        foreach (var name in new[] { "cpu", "memory", ClusternetResourceNames.NvidiaGpu })
        {
            if (quantities?.TryGetValue(name, out var quantity) == true)
            {
                sum[name] = sum.GetValueOrDefault(name) + quantity.ToDecimal();
            }
        }
    }

    private static Dictionary<string, ResourceQuantity> ToQuantities(Dictionary<string, decimal> sum) =>
        sum.Where(s => s.Key != ClusternetResourceNames.NvidiaGpu || s.Value != 0)
            .ToDictionary(s => s.Key, s => new ResourceQuantity(s.Value == decimal.Truncate(s.Value)
                ? ((long)s.Value).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{(long)Math.Round(s.Value * 1000)}m"));
}
