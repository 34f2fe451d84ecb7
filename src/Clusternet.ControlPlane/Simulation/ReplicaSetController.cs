using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The ReplicaSet controller: keeps <c>spec.replicas</c> active pods controlled by each ReplicaSet (creating from the
/// template, deleting the least useful first: unscheduled, then not ready, then the newest) and reports replicas,
/// fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration. Pods are owned through their controller
/// owner reference; orphans are not adopted.
/// </summary>
internal sealed class ReplicaSetController(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    public override string Name => "simulated-replicaset";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var sets = (await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var now = DateTime.UtcNow;
        foreach (var set in sets.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            var owned = pods.Where(p => WorkloadPods.IsControlledBy(p.Metadata, set.Metadata) && WorkloadPods.IsActive(p)).ToList();
            var desired = set.Spec.Replicas ?? 1;
            if (owned.Count < desired)
            {
                var owner = WorkloadPods.ControllerOf("apps/v1", "ReplicaSet", set.Metadata);
                for (var i = owned.Count; i < desired; i++)
                {
                    await client.CoreV1.CreateNamespacedPodAsync(WorkloadPods.FromTemplate(set.Spec.Template, set.Metadata.NamespaceProperty, owner), set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            else if (owned.Count > desired)
            {
                var victims = owned
                    .OrderBy(p => string.IsNullOrEmpty(p.Spec.NodeName) ? 0 : 1)
                    .ThenBy(p => WorkloadPods.IsReady(p) ? 1 : 0)
                    .ThenByDescending(p => p.Metadata.CreationTimestamp)
                    .Take(owned.Count - desired);
                foreach (var pod in victims)
                {
                    await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            var status = new V1ReplicaSetStatus
            {
                Replicas = owned.Count,
                FullyLabeledReplicas = WorkloadPods.Count(owned.Count(p => set.Spec.Template.Metadata?.Labels?.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value) ?? true)),
                ReadyReplicas = WorkloadPods.Count(owned.Count(WorkloadPods.IsReady)),
                AvailableReplicas = WorkloadPods.Count(owned.Count(p => WorkloadPods.IsAvailable(p, set.Spec.MinReadySeconds, now))),
                ObservedGeneration = set.Metadata.Generation,
                Conditions = set.Status?.Conditions,
            };
            if (!WorkloadPods.Same(status, set.Status))
            {
                set.Status = status;
                await client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(set, set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
