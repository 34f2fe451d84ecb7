using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The DaemonSet controller: one pod per eligible node (node selector and affinity match, NoSchedule and NoExecute
/// taints tolerated), pinned by a required node affinity on <c>metadata.name</c> and placed by the scheduler, as
/// upstream does since 1.12. Pods get the tolerations upstream adds to daemon pods. A pod stays while its node exists,
/// still matches and has no untolerated NoExecute taint; a template change replaces all pods at once.
/// </summary>
internal sealed class DaemonSetController(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    private const string HashLabel = "controller-revision-hash";

    // Daemon pods tolerate node problems and unschedulable nodes: they are what keeps a node working.
    private static readonly V1Toleration[] DaemonTolerations =
    [
        new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
    ];

    public override string Name => "simulated-daemonset";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListNodeAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var sets = (await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var nodes = (await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var now = DateTime.UtcNow;
        foreach (var set in sets.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            var ns = set.Metadata.NamespaceProperty;
            var hash = WorkloadPods.TemplateHash(set.Spec.Template);
            var owned = pods.Where(p => WorkloadPods.IsControlledBy(p.Metadata, set.Metadata) && WorkloadPods.IsActive(p)).ToList();
            var desired = 0;
            var scheduled = 0;
            var misscheduled = 0;
            var ready = 0;
            var available = 0;
            var updated = 0;
            foreach (var node in nodes)
            {
                var probe = DaemonPod(set, node.Metadata.Name, hash);
                var shouldRun = NodeFit.MatchesNodeSelector(probe, node) && !Untolerated(probe, node, "NoSchedule", "NoExecute");
                var mayContinue = NodeFit.MatchesNodeSelector(probe, node) && !Untolerated(probe, node, "NoExecute");
                var mine = owned.Where(p => TargetNode(p) == node.Metadata.Name).ToList();
                desired += shouldRun ? 1 : 0;
                if (mine.Count == 0)
                {
                    if (shouldRun)
                    {
                        await client.CoreV1.CreateNamespacedPodAsync(probe, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                var surplus = mayContinue ? mine.Where(p => Hash(p) != hash).Concat(mine.Where(p => Hash(p) == hash).Skip(1)) : mine;
                foreach (var pod in surplus)
                {
                    await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                if (!mayContinue)
                {
                    misscheduled++;
                    continue;
                }

                scheduled++;
                ready += mine.Any(WorkloadPods.IsReady) ? 1 : 0;
                available += mine.Any(p => WorkloadPods.IsAvailable(p, set.Spec.MinReadySeconds, now)) ? 1 : 0;
                updated += mine.Any(p => Hash(p) == hash) ? 1 : 0;
            }

            foreach (var orphan in owned.Where(p => nodes.All(n => n.Metadata.Name != TargetNode(p))))
            {
                await client.CoreV1.DeleteNamespacedPodAsync(orphan.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var status = new V1DaemonSetStatus
            {
                ObservedGeneration = set.Metadata.Generation,
                DesiredNumberScheduled = desired,
                CurrentNumberScheduled = scheduled,
                NumberMisscheduled = misscheduled,
                NumberReady = ready,
                NumberAvailable = WorkloadPods.Count(available),
                UpdatedNumberScheduled = WorkloadPods.Count(updated),
                NumberUnavailable = WorkloadPods.Count(Math.Max(0, desired - available)),
            };
            if (!WorkloadPods.Same(status, set.Status))
            {
                set.Status = status;
                await client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(set, set.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static V1Pod DaemonPod(V1DaemonSet set, string node, string hash)
    {
        var pod = WorkloadPods.FromTemplate(set.Spec.Template, set.Metadata.NamespaceProperty, WorkloadPods.ControllerOf("apps/v1", "DaemonSet", set.Metadata),
            new Dictionary<string, string> { [HashLabel] = hash, ["pod-template-generation"] = (set.Metadata.Generation ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var tolerations = pod.Spec.Tolerations?.ToList() ?? [];
        tolerations.AddRange(DaemonTolerations.Where(d => !tolerations.Any(t => t.Key == d.Key && t.Effect == d.Effect)));
        pod.Spec.Tolerations = tolerations;

        // Upstream replaces any node-name term of the template's required affinity with one naming this node.
        var pin = new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [node] }] };
        pod.Spec.Affinity ??= new V1Affinity();
        pod.Spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
        var required = pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required?.NodeSelectorTerms is { Count: > 0 } terms)
        {
            foreach (var term in terms)
            {
                term.MatchFields = pin.MatchFields;
            }
        }
        else
        {
            pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [pin] };
        }

        return pod;
    }

    private static bool Untolerated(V1Pod pod, V1Node node, params string[] effects) =>
        node.Spec?.Taints?.Any(t => effects.Contains(t.Effect) && !NodeFit.Tolerates(pod.Spec.Tolerations, t)) == true;

    private static string? TargetNode(V1Pod pod) =>
        !string.IsNullOrEmpty(pod.Spec.NodeName)
            ? pod.Spec.NodeName
            : pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?
                .SelectMany(t => t.MatchFields ?? []).FirstOrDefault(f => f.Key == "metadata.name")?.Values?.FirstOrDefault();

    private static string? Hash(V1Pod pod) => pod.Metadata.Labels?.TryGetValue(HashLabel, out var h) == true ? h : null;
}
