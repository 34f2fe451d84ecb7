using System.Globalization;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;
using Clusternet.Runtime.Tunnel;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Clusternet.Samples.QuickStart;

/// <summary>The clusters as the parent sees them: one row per ManagedCluster, from its status as its agent reports it.</summary>
internal static class ClusterTable
{
    public static void Write(Fleet fleet, IReadOnlyList<ManagedCluster> clusters, TextWriter output)
    {
        var tunnels = fleet.SystemHost.Services.GetRequiredService<RemoteDialerServer>();
        string[] header = ["CLUSTER ID", "NAME", "VERSION", "PLATFORM", "READY", "NODES", "CPU", "MEMORY", "TUNNEL"];
        var rows = clusters.Select(c =>
        {
            var status = c.Status!;
            var nodes = status.NodeStatistics;
            var total = (nodes?.ReadyNodes ?? 0) + (nodes?.NotReadyNodes ?? 0) + (nodes?.UnknownNodes ?? 0);
            return new string[]
            {
                c.Spec.ClusterId,
                (c.Metadata.Labels is { } labels && labels.TryGetValue(ClusternetLabels.ClusterName, out var name) ? name : c.Metadata.Name),
                status.KubernetesVersion ?? "?",
                status.Platform ?? "?",
                FleetProgress.IsReady(c) ? "True" : "False",
                $"{nodes?.ReadyNodes ?? 0}/{total}",
                Quantity(status.Allocatable, "cpu"),
                Memory(status.Allocatable),
                tunnels.HasSession(c.Spec.ClusterId) ? "connected" : "no",
            };
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine("   " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        // Node-feature-discovery labels shared by most of a cluster's nodes are raised to the ManagedCluster by its agent,
        // so a Subscription can select clusters by hardware.
        foreach (var c in clusters)
        {
            var features = c.Metadata.Labels?.Where(l => l.Key.StartsWith("feature.node.kubernetes.io/", StringComparison.Ordinal))
                .Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal).ToList() ?? [];
            if (features.Count > 0)
            {
                output.WriteLine($"   cluster labels of {c.Metadata.Name} from its nodes: {string.Join(", ", features)}");
            }
        }
    }

    private static string Quantity(IDictionary<string, ResourceQuantity>? values, string name) =>
        values?.TryGetValue(name, out var quantity) == true ? quantity.ToString() : "?";

    /// <summary>Memory in GiB, easier to compare across clusters than the raw quantity.</summary>
    private static string Memory(IDictionary<string, ResourceQuantity>? values) =>
        values?.TryGetValue("memory", out var quantity) == true
            ? (quantity.ToDecimal() / (1024m * 1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + "Gi"
            : "?";
}
