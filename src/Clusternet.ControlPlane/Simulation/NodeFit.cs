using k8s.Models;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The scheduler's filters that matter for a simulated cluster, in kube-scheduler's order (NodeUnschedulable,
/// TaintToleration, NodeAffinity, NodeResourcesFit), each giving the reason upstream reports when a node fails it.
/// </summary>
internal static class NodeFit
{
    /// <summary>The reasons <paramref name="node"/> cannot take <paramref name="pod"/>; empty when it can.</summary>
    /// <param name="pod">The pod to place.</param>
    /// <param name="node">The candidate node.</param>
    /// <param name="requested">What pods already on the node request (cpu in millicores, memory in bytes, pod count).</param>
    public static IReadOnlyList<string> Reasons(V1Pod pod, V1Node node, Requests requested)
    {
        if (node.Spec?.Unschedulable == true && !Tolerates(pod.Spec.Tolerations, new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" }))
        {
            return ["node(s) were unschedulable"];
        }

        var untolerated = node.Spec?.Taints?.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !Tolerates(pod.Spec.Tolerations, t));
        if (untolerated is not null)
        {
            return [$"node(s) had untolerated taint {{{untolerated.Key}: {untolerated.Value}}}"];
        }

        if (!MatchesNodeSelector(pod, node))
        {
            return ["node(s) didn't match Pod's node affinity/selector"];
        }

        var allocatable = Requests.Allocatable(node);
        var wanted = Requests.Of(pod);
        var reasons = new List<string>();
        if (requested.Pods + 1 > allocatable.Pods)
        {
            reasons.Add("Too many pods");
        }

        if (wanted.MilliCpu > 0 && requested.MilliCpu + wanted.MilliCpu > allocatable.MilliCpu)
        {
            reasons.Add("Insufficient cpu");
        }

        if (wanted.Memory > 0 && requested.Memory + wanted.Memory > allocatable.Memory)
        {
            reasons.Add("Insufficient memory");
        }

        return reasons;
    }

    /// <summary>Whether some toleration matches the taint: same effect (or any), and same key and value, or Exists on the key (or on everything).</summary>
    public static bool Tolerates(IList<V1Toleration>? tolerations, V1Taint taint) =>
        tolerations?.Any(t =>
            (string.IsNullOrEmpty(t.Effect) || t.Effect == taint.Effect)
            && (t.OperatorProperty == "Exists"
                ? string.IsNullOrEmpty(t.Key) || t.Key == taint.Key
                : t.Key == taint.Key && (t.Value ?? string.Empty) == (taint.Value ?? string.Empty))) == true;

    /// <summary><c>spec.nodeSelector</c> and the required node affinity (terms ORed, expressions ANDed; <c>matchFields</c> on <c>metadata.name</c>).</summary>
    public static bool MatchesNodeSelector(V1Pod pod, V1Node node)
    {
        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        if (pod.Spec.NodeSelector?.Any(s => !labels.TryGetValue(s.Key, out var value) || value != s.Value) == true)
        {
            return false;
        }

        var terms = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null || terms.Count == 0)
        {
            return true;
        }

        return terms.Any(term =>
            (term.MatchExpressions?.All(e => Matches(e, labels.TryGetValue(e.Key, out var v) ? v : null)) ?? true)
            && (term.MatchFields?.All(f => f.Key == "metadata.name" && Matches(f, node.Metadata.Name)) ?? true)
            && (term.MatchExpressions is { Count: > 0 } || term.MatchFields is { Count: > 0 }));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value) => requirement.OperatorProperty switch
    {
        "In" => value is not null && requirement.Values?.Contains(value) == true,
        "NotIn" => value is null || requirement.Values?.Contains(value) != true,
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => long.TryParse(value, out var gt) && long.TryParse(requirement.Values?.FirstOrDefault(), out var bound) && gt > bound,
        "Lt" => long.TryParse(value, out var lt) && long.TryParse(requirement.Values?.FirstOrDefault(), out var upper) && lt < upper,
        _ => false,
    };
}
