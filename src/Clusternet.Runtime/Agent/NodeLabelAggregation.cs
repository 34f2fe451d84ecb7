using Clusternet.Known;
using k8s.Models;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Raises node labels to the cluster (upstream §7.2): over worker nodes (control-plane nodes are left out), for every label
/// key with one of the prefixes, the most frequent value is kept when at least <c>threshold</c> of the workers carry it.
/// </summary>
internal static class NodeLabelAggregation
{
    public static Dictionary<string, string> Aggregate(IEnumerable<V1Node> nodes, IList<string> prefixes, double threshold)
    {
        var workers = 0;
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var labels = node.Metadata?.Labels;
            if (labels is not null && (labels.ContainsKey(ClusternetAgentKnown.ControlPlaneNodeRoleLabel) || labels.ContainsKey(ClusternetAgentKnown.MasterNodeRoleLabel)))
            {
                continue;
            }

            workers++;
            if (labels is null)
            {
                continue;
            }

            foreach (var (key, value) in labels)
            {
                if (!HasPrefix(key, prefixes))
                {
                    continue;
                }

                if (!counts.TryGetValue(key, out var values))
                {
                    counts[key] = values = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                values[value] = values.GetValueOrDefault(value) + 1;
            }
        }

        var aggregated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in counts)
        {
            // Ties go to the smaller value so that the result does not depend on enumeration order.
            var (value, count) = values.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value)).First();
            if (workers > 0 && (double)count / workers >= threshold)
            {
                aggregated[key] = value;
            }
        }

        return aggregated;
    }

    public static bool HasPrefix(string key, IList<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
