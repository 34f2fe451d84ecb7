using System.Globalization;
using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The StatefulSet controller: pods named <c>&lt;set&gt;-0</c> to <c>&lt;set&gt;-(replicas-1)</c>, with stable hostnames under
/// <c>spec.serviceName</c>. With <c>OrderedReady</c> (the default) pod N is created only once 0..N-1 are Running and
/// Ready, and scale-down removes the highest ordinal first, one at a time; <c>Parallel</c> does all at once. A template
/// change replaces pods whose <c>controller-revision-hash</c> is stale, highest ordinal first. No ControllerRevisions and
/// no volume claims are made.
/// </summary>
internal sealed class StatefulSetController(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    public override string Name => "simulated-statefulset";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var sets = (await client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var now = DateTime.UtcNow;
        foreach (var set in sets.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            var owned = pods.Where(p => WorkloadPods.IsControlledBy(p.Metadata, set.Metadata)).ToList();
            var revision = $"{set.Metadata.Name}-{WorkloadPods.TemplateHash(set.Spec.Template)}";
            await ManageAsync(client, set, owned, revision, cancellationToken).ConfigureAwait(false);

            var active = owned.Where(WorkloadPods.IsActive).ToList();
            var updated = active.Count(p => Revision(p) == revision);
            var status = new V1StatefulSetStatus
            {
                ObservedGeneration = set.Metadata.Generation,
                Replicas = active.Count,
                ReadyReplicas = WorkloadPods.Count(active.Count(WorkloadPods.IsReady)),
                AvailableReplicas = active.Count(p => WorkloadPods.IsAvailable(p, set.Spec.MinReadySeconds, now)),
                CurrentReplicas = WorkloadPods.Count(updated),
                UpdatedReplicas = WorkloadPods.Count(updated),
                CurrentRevision = revision,
                UpdateRevision = revision,
                CollisionCount = 0,
            };
            if (!WorkloadPods.Same(status, set.Status))
            {
                set.Status = status;
                await client.AppsV1.ReplaceNamespacedStatefulSetStatusAsync(set, set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ManageAsync(IKubernetes client, V1StatefulSet set, List<V1Pod> owned, string revision, CancellationToken cancellationToken)
    {
        var ns = set.Metadata.NamespaceProperty;
        var ordered = set.Spec.PodManagementPolicy != "Parallel";
        var replicas = set.Spec.Replicas ?? 1;
        var byOrdinal = owned.Where(p => p.Metadata.DeletionTimestamp is null)
            .Select(p => (Ordinal: Ordinal(set, p), Pod: p)).Where(x => x.Ordinal >= 0).ToDictionary(x => x.Ordinal, x => x.Pod);
        var owner = WorkloadPods.ControllerOf("apps/v1", "StatefulSet", set.Metadata);

        // Create missing ordinals in order; OrderedReady waits for each predecessor to be Running and Ready.
        for (var i = 0; i < replicas; i++)
        {
            if (byOrdinal.TryGetValue(i, out var existing))
            {
                if (ordered && !WorkloadPods.IsReady(existing))
                {
                    return;
                }

                continue;
            }

            var name = $"{set.Metadata.Name}-{i}";
            var pod = WorkloadPods.FromTemplate(set.Spec.Template, ns, owner, new Dictionary<string, string>
            {
                ["controller-revision-hash"] = revision,
                ["statefulset.kubernetes.io/pod-name"] = name,
                ["apps.kubernetes.io/pod-index"] = i.ToString(CultureInfo.InvariantCulture),
            }, name);
            pod.Spec.Hostname = name;
            pod.Spec.Subdomain = set.Spec.ServiceName;
            await client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (ordered)
            {
                return;
            }
        }

        // Surplus ordinals, then stale revisions, highest first.
        var doomed = byOrdinal.Where(x => x.Key >= replicas).Select(x => x.Value)
            .Concat(byOrdinal.Where(x => x.Key < replicas && Revision(x.Value) != revision).Select(x => x.Value))
            .OrderByDescending(p => Ordinal(set, p))
            .ToList();
        foreach (var pod in ordered ? doomed.Take(1) : doomed)
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Revision(V1Pod pod) => pod.Metadata.Labels?.TryGetValue("controller-revision-hash", out var r) == true ? r : null;

    private static int Ordinal(V1StatefulSet set, V1Pod pod)
    {
        var prefix = set.Metadata.Name + "-";
        return pod.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(pod.Metadata.Name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
