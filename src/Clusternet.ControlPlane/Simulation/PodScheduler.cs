using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// A kube-scheduler for the simulated cluster: binds each pod without a node to the least allocated node that passes
/// the filters (<see cref="NodeFit"/>), through the <c>pods/binding</c> subresource as kube-scheduler does; a pod no node
/// can take stays Pending with <c>PodScheduled=False</c>, reason <c>Unschedulable</c>, and upstream's
/// <c>0/N nodes are available: …</c> message. Any node may be chosen, simulated or not, as with a real scheduler.
/// </summary>
internal sealed class PodScheduler(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    private const string DefaultScheduler = "default-scheduler";

    public override string Name => "simulated-scheduler";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListNodeAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pending = pods
            .Where(p => string.IsNullOrEmpty(p.Spec.NodeName) && p.Metadata.DeletionTimestamp is null && !Terminal(p)
                && (p.Spec.SchedulerName ?? DefaultScheduler) == DefaultScheduler)
            .OrderByDescending(p => p.Spec.Priority ?? 0)
            .ThenBy(p => p.Metadata.CreationTimestamp)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var nodes = (await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var requested = nodes.ToDictionary(n => n.Metadata.Name, _ => new Requests(0, 0, 0), StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => !string.IsNullOrEmpty(p.Spec.NodeName) && !Terminal(p)))
        {
            if (requested.TryGetValue(pod.Spec.NodeName, out var sum))
            {
                requested[pod.Spec.NodeName] = sum + Requests.Of(pod);
            }
        }

        foreach (var pod in pending)
        {
            var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
            V1Node? best = null;
            var bestScore = double.MaxValue;
            foreach (var node in nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
            {
                var failed = NodeFit.Reasons(pod, node, requested[node.Metadata.Name]);
                foreach (var reason in failed)
                {
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                }

                if (failed.Count == 0 && Score(node, requested[node.Metadata.Name] + Requests.Of(pod)) is var score && score < bestScore)
                {
                    (best, bestScore) = (node, score);
                }
            }

            if (best is null)
            {
                await MarkUnschedulableAsync(client, pod, Message(nodes.Count, reasons), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var binding = new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = best.Metadata.Name },
            };
            await client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            requested[best.Metadata.Name] += Requests.Of(pod);
        }
    }

    internal static bool Terminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    // Upstream's FitError wording: each distinct reason with the number of nodes giving it, sorted as strings.
    internal static string Message(int nodes, IReadOnlyDictionary<string, int> reasons) =>
        nodes == 0
            ? "no nodes available to schedule pods"
            : $"0/{nodes} nodes are available: {string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}").Order(StringComparer.Ordinal))}.";

    // NodeResourcesFit's LeastAllocated strategy: prefer the node whose CPU and memory would be least used.
    private static double Score(V1Node node, Requests after)
    {
        var allocatable = Requests.Allocatable(node);
        static double Fraction(long used, long total) => total <= 0 ? 1 : (double)used / total;
        return (Fraction(after.MilliCpu, allocatable.MilliCpu) + Fraction(after.Memory, allocatable.Memory)) / 2;
    }

    private static async Task MarkUnschedulableAsync(IKubernetes client, V1Pod pod, string message, CancellationToken cancellationToken)
    {
        var conditions = pod.Status?.Conditions?.ToList() ?? [];
        var existing = conditions.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message)
        {
            return;
        }

        conditions.RemoveAll(c => c.Type == "PodScheduled");
        conditions.Add(new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "False",
            Reason = "Unschedulable",
            Message = message,
            LastTransitionTime = existing?.Status == "False" ? existing.LastTransitionTime : DateTime.UtcNow,
        });
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase ??= "Pending";
        pod.Status.Conditions = conditions;
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
