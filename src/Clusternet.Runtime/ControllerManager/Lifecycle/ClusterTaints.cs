using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Lifecycle;

/// <summary>
/// The taints a cluster's Ready condition implies: <c>clusters.clusternet.io/unschedulable</c> while it is False or
/// Unknown (upstream), and also <c>clusters.clusternet.io/unreachable</c> while it is Unknown (ours). Both
/// <c>NoSchedule</c>, valued with the condition's reason.
/// </summary>
internal static class ClusterTaints
{
    private static readonly string[] Managed = [ClusternetTaints.Unschedulable, ClusternetLifecycleTaints.Unreachable];

    /// <summary>
    /// The full taint list the cluster should have, or null when it already has it. Every managed taint is added,
    /// revalued or removed in this one list, so they change together (upstream removes them one by one from the
    /// same original object, and only the last removal of a pass survives).
    /// </summary>
    public static List<V1Taint>? Desired(ManagedCluster cluster, DateTime now)
    {
        var ready = cluster.Status?.Conditions?.FirstOrDefault(c => c.Type == ClusterConditionType.Ready);
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ready is { Status: "False" or "Unknown" })
        {
            wanted[ClusternetTaints.Unschedulable] = ready.Reason ?? "";
        }

        if (ready is { Status: "Unknown" })
        {
            wanted[ClusternetLifecycleTaints.Unreachable] = ready.Reason ?? "";
        }

        var current = cluster.Spec.Taints ?? [];
        var result = new List<V1Taint>();
        var changed = false;
        foreach (var taint in current)
        {
            if (!Managed.Contains(taint.Key, StringComparer.Ordinal))
            {
                result.Add(taint);
            }
            else if (wanted.TryGetValue(taint.Key, out var value) && taint.Value == value && taint.Effect == ClusternetTaints.Effect)
            {
                result.Add(taint);
                wanted.Remove(taint.Key);
            }
            else
            {
                changed = true;
            }
        }

        foreach (var (key, value) in wanted)
        {
            result.Add(new V1Taint { Key = key, Value = value, Effect = ClusternetTaints.Effect, TimeAdded = now });
            changed = true;
        }

        return changed ? result : null;
    }
}
