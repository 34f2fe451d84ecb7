using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;

namespace Clusternet.ControlPlane.Controllers.GarbageCollection;

/// <content>What the collector does with one object.</content>
internal sealed partial class GarbageCollector
{
    private enum OwnerState
    {
        Solid,
        Dangling,
        WaitingForDependents,
    }

    /// <summary>Acts on the object with <paramref name="uid"/>; false when it must be looked at again later.</summary>
    private async Task<bool> AttemptAsync(IKubernetes client, string uid, CancellationToken cancellationToken)
    {
        if (graph.Find(uid) is not { } node)
        {
            return true;
        }

        if (node.IsOrphaning)
        {
            return await OrphanDependentsAsync(client, node, cancellationToken).ConfigureAwait(false);
        }

        if (node.IsDeletingDependents)
        {
            return await FinishForegroundAsync(client, node, cancellationToken).ConfigureAwait(false);
        }

        if (node.Deleting || node.Owners.Count == 0)
        {
            return true;
        }

        var states = new List<(OwnerReference Owner, OwnerState State)>();
        foreach (var owner in node.Owners)
        {
            if (await StateOfAsync(client, node, owner, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return false; // the owner's kind is not known (yet): a CRD may be on its way
            }

            states.Add((owner, state));
        }

        if (states.Any(s => s.State == OwnerState.Solid))
        {
            var stale = states.Where(s => s.State != OwnerState.Solid).Select(s => s.Owner.Uid).ToHashSet(StringComparer.Ordinal);
            var done = stale.Count == 0 || await RemoveOwnersAsync(client, node, stale, cancellationToken).ConfigureAwait(false);

            // An owner found only by asking the server is not in the graph yet, so its deletion would go unnoticed:
            // look again until the watches have caught up with it (client-go's collector keeps "virtual" nodes for this).
            return done && !states.Any(s => s.State == OwnerState.Solid && graph.Find(s.Owner.Uid) is null);
        }

        // No owner keeps the object: it goes. An owner waiting for its dependents makes the deletion foreground when
        // this object has dependents of its own, so the wait reaches down the whole tree.
        var policy = states.Any(s => s.State == OwnerState.WaitingForDependents) && graph.DependentsOf(node.Uid).Count > 0
            ? "Foreground"
            : node.Finalizers.Contains(DeletionPropagation.OrphanFinalizer) ? "Orphan"
            : node.Finalizers.Contains(DeletionPropagation.ForegroundFinalizer) ? "Foreground"
            : "Background";
        await DynamicObjects.DeleteAsync(client, node.Resource, node.Namespace, node.Name, node.Uid, policy, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the owner exists with the uid the reference names (null when its kind is unknown).</summary>
    private async Task<OwnerState?> StateOfAsync(IKubernetes client, ObjectNode dependent, OwnerReference owner, CancellationToken cancellationToken)
    {
        if (graph.Find(owner.Uid) is { } cached && cached.Name == owner.Name)
        {
            return cached.IsDeletingDependents ? OwnerState.WaitingForDependents : OwnerState.Solid;
        }

        if (known.FirstOrDefault(r => r.Group == owner.Group && r.Kind == owner.Kind) is not { } resource)
        {
            return null;
        }

        // Not seen (yet) by the watches: ask the server, so that a dependent created right after its owner is not
        // taken for dangling. A namespaced owner can only be in the dependent's namespace.
        if (resource.Namespaced && dependent.Namespace is null)
        {
            return OwnerState.Dangling;
        }

        var live = await DynamicObjects.GetAsync(client, resource, resource.Namespaced ? dependent.Namespace : null, owner.Name, cancellationToken).ConfigureAwait(false);
        if (live is null || ObjectNode.From(resource, live) is not { } node || node.Uid != owner.Uid)
        {
            return OwnerState.Dangling;
        }

        return node.IsDeletingDependents ? OwnerState.WaitingForDependents : OwnerState.Solid;
    }

    private async Task<bool> OrphanDependentsAsync(IKubernetes client, ObjectNode owner, CancellationToken cancellationToken)
    {
        foreach (var dependent in graph.DependentsOf(owner.Uid))
        {
            if (!await RemoveOwnersAsync(client, dependent, new HashSet<string>(StringComparer.Ordinal) { owner.Uid }, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return await RemoveFinalizerAsync(client, owner, DeletionPropagation.OrphanFinalizer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the dependents of an owner in foreground deletion; drops its finalizer once no blocking dependent is left.</summary>
    private async Task<bool> FinishForegroundAsync(IKubernetes client, ObjectNode owner, CancellationToken cancellationToken)
    {
        var dependents = graph.DependentsOf(owner.Uid);
        if (!dependents.Any(d => d.Owners.Any(o => o.Uid == owner.Uid && o.BlockOwnerDeletion)))
        {
            return await RemoveFinalizerAsync(client, owner, DeletionPropagation.ForegroundFinalizer, cancellationToken).ConfigureAwait(false);
        }

        foreach (var dependent in dependents.Where(d => !d.Deleting))
        {
            queue.Add(dependent.Uid);
        }

        return true; // the dependents' deletions bring the owner back to the queue
    }

    private static async Task<bool> RemoveOwnersAsync(IKubernetes client, ObjectNode node, IReadOnlySet<string> uids, CancellationToken cancellationToken)
    {
        var live = await DynamicObjects.GetAsync(client, node.Resource, node.Namespace, node.Name, cancellationToken).ConfigureAwait(false);
        if (live is null || Api.Discovery.JsonFields.String(live, "metadata", "uid") != node.Uid)
        {
            return true;
        }

        var references = Api.Discovery.JsonFields.Array(live, "metadata", "ownerReferences").OfType<JsonObject>().ToList();
        var kept = references.Where(r => !uids.Contains(Api.Discovery.JsonFields.String(r, "uid") ?? string.Empty)).ToList();
        if (kept.Count == references.Count)
        {
            return true;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = Api.Discovery.JsonFields.String(live, "metadata", "resourceVersion"),
                ["ownerReferences"] = kept.Count == 0 ? null : new JsonArray([.. kept.Select(k => k.DeepClone())]),
            },
        };
        return await DynamicObjects.MergePatchAsync(client, node.Resource, node.Namespace, node.Name, patch, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> RemoveFinalizerAsync(IKubernetes client, ObjectNode node, string finalizer, CancellationToken cancellationToken)
    {
        var live = await DynamicObjects.GetAsync(client, node.Resource, node.Namespace, node.Name, cancellationToken).ConfigureAwait(false);
        if (live is null || Api.Discovery.JsonFields.String(live, "metadata", "uid") != node.Uid)
        {
            return true;
        }

        var finalizers = Api.Discovery.JsonFields.Array(live, "metadata", "finalizers").Select(f => f?.ToString() ?? string.Empty).ToList();
        if (!finalizers.Remove(finalizer))
        {
            return true;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = Api.Discovery.JsonFields.String(live, "metadata", "resourceVersion"),
                ["finalizers"] = finalizers.Count == 0 ? null : new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
            },
        };
        return await DynamicObjects.MergePatchAsync(client, node.Resource, node.Namespace, node.Name, patch, cancellationToken).ConfigureAwait(false);
    }
}
