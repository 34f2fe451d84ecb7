using System.Globalization;
using System.Net;
using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The Deployment controller, with a simplified rollout: the ReplicaSet of the current template (named
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>, labelled and selected by that hash, revision annotated) is scaled
/// to <c>spec.replicas</c> and every older one to zero at once — both strategies behave like Recreate without waiting.
/// Status is summed from the ReplicaSets, with upstream's Available and Progressing conditions and reasons.
/// </summary>
internal sealed class DeploymentController(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public override string Name => "simulated-deployment";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(cancellationToken: ct)),
        Watch(ct => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var deployments = (await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var sets = (await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        foreach (var deployment in deployments.Where(d => d.Metadata.DeletionTimestamp is null))
        {
            await SyncAsync(client, deployment, [.. sets.Where(s => WorkloadPods.IsControlledBy(s.Metadata, deployment.Metadata))], cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SyncAsync(IKubernetes client, V1Deployment deployment, List<V1ReplicaSet> owned, CancellationToken cancellationToken)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var replicas = deployment.Spec.Replicas ?? 1;
        var hash = WorkloadPods.TemplateHash(deployment.Spec.Template, deployment.Status?.CollisionCount);
        var current = owned.FirstOrDefault(s => s.Metadata.Labels?.TryGetValue(HashLabel, out var h) == true && h == hash);
        var created = false;
        if (current is null)
        {
            current = NewReplicaSet(deployment, hash, owned);
            try
            {
                current = await client.AppsV1.CreateNamespacedReplicaSetAsync(current, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                return; // the watch brings it (or a namesake someone else owns) on the next pass
            }
        }
        else if (current.Spec.Replicas != replicas)
        {
            current.Spec.Replicas = replicas;
            current = await client.AppsV1.ReplaceNamespacedReplicaSetAsync(current, current.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var old in owned.Where(s => s.Metadata.Uid != current.Metadata.Uid && s.Spec.Replicas != 0))
        {
            old.Spec.Replicas = 0;
            await client.AppsV1.ReplaceNamespacedReplicaSetAsync(old, old.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var all = owned.Where(s => s.Metadata.Uid != current.Metadata.Uid).Append(current).ToList();
        var available = all.Sum(s => s.Status?.AvailableReplicas ?? 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = WorkloadPods.Count(all.Sum(s => s.Status?.Replicas ?? 0)),
            UpdatedReplicas = WorkloadPods.Count(current.Status?.Replicas ?? 0),
            ReadyReplicas = WorkloadPods.Count(all.Sum(s => s.Status?.ReadyReplicas ?? 0)),
            AvailableReplicas = WorkloadPods.Count(available),
            UnavailableReplicas = WorkloadPods.Count(Math.Max(0, replicas - available)),
            CollisionCount = deployment.Status?.CollisionCount,
        };
        var now = DateTime.UtcNow;
        var previous = deployment.Status?.Conditions;
        var minimum = replicas - MaxUnavailable(deployment, replicas);
        var complete = (status.UpdatedReplicas ?? 0) == replicas && (status.Replicas ?? 0) == replicas && available == replicas;
        status.Conditions =
        [
            available >= minimum
                ? Condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
                : Condition(previous, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now),
            complete
                ? Condition(previous, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{current.Metadata.Name}\" has successfully progressed.", now)
                : created
                    ? Condition(previous, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{current.Metadata.Name}\"", now)
                    : Condition(previous, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{current.Metadata.Name}\" is progressing.", now),
        ];
        if (!WorkloadPods.Same(status, deployment.Status))
        {
            deployment.Status = status;
            await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, deployment.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static V1ReplicaSet NewReplicaSet(V1Deployment deployment, string hash, List<V1ReplicaSet> owned)
    {
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(deployment.Spec.Template));
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [HashLabel] = hash };
        var selector = KubernetesJson.Deserialize<V1LabelSelector>(KubernetesJson.Serialize(deployment.Spec.Selector));
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [HashLabel] = hash };
        var revision = owned.Select(s => s.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var r) == true && long.TryParse(r, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        return new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{deployment.Metadata.Name}-{hash}",
                NamespaceProperty = deployment.Metadata.NamespaceProperty,
                Labels = template.Metadata.Labels,
                Annotations = new Dictionary<string, string>
                {
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/desired-replicas"] = (deployment.Spec.Replicas ?? 1).ToString(CultureInfo.InvariantCulture),
                },
                OwnerReferences = [WorkloadPods.ControllerOf("apps/v1", "Deployment", deployment.Metadata)],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = deployment.Spec.Replicas ?? 1,
                MinReadySeconds = deployment.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
    }

    // maxUnavailable as a count: a percentage of replicas rounded down; zero for Recreate, as upstream counts it.
    private static int MaxUnavailable(V1Deployment deployment, int replicas)
    {
        if (deployment.Spec.Strategy?.Type == "Recreate" || replicas == 0)
        {
            return 0;
        }

        var value = deployment.Spec.Strategy?.RollingUpdate?.MaxUnavailable?.Value ?? "25%";
        var unavailable = value.EndsWith('%')
            ? (int)Math.Floor(replicas * int.Parse(value.TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0)
            : int.Parse(value, CultureInfo.InvariantCulture);
        return Math.Min(unavailable, replicas);
    }

    // A condition keeps lastTransitionTime while its status stays, and lastUpdateTime while nothing about it changes.
    private static V1DeploymentCondition Condition(IList<V1DeploymentCondition>? previous, string type, string status, string reason, string message, DateTime now)
    {
        var old = previous?.FirstOrDefault(c => c.Type == type);
        if (old is not null && old.Status == status && old.Reason == reason && old.Message == message)
        {
            return old;
        }

        return new V1DeploymentCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastUpdateTime = now,
            LastTransitionTime = old is not null && old.Status == status && old.LastTransitionTime is { } since ? since : now,
        };
    }
}
