using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;

namespace Clusternet.ControlPlane.Controllers.GarbageCollection;

/// <summary>An ownerReference: who the owner is and whether it must wait for this dependent in a foreground deletion.</summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion)
{
    /// <summary>The API group of the owner's apiVersion.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
}

/// <summary>What the collector keeps of one object: identity, owners, finalizers and whether it is being deleted.</summary>
internal sealed record ObjectNode(ApiResource Resource, string? Namespace, string Name, string Uid, string ResourceVersion, IReadOnlyList<OwnerReference> Owners, IReadOnlyList<string> Finalizers, bool Deleting)
{
    public bool IsDeletingDependents => Deleting && Finalizers.Contains(Api.Rest.DeletionPropagation.ForegroundFinalizer);

    public bool IsOrphaning => Deleting && Finalizers.Contains(Api.Rest.DeletionPropagation.OrphanFinalizer);

    public static ObjectNode? From(ApiResource resource, JsonObject obj)
    {
        var uid = JsonFields.String(obj, "metadata", "uid");
        var name = JsonFields.String(obj, "metadata", "name");
        if (uid is null || name is null)
        {
            return null;
        }

        var owners = JsonFields.Array(obj, "metadata", "ownerReferences").OfType<JsonObject>()
            .Select(o => new OwnerReference(
                JsonFields.String(o, "apiVersion") ?? string.Empty,
                JsonFields.String(o, "kind") ?? string.Empty,
                JsonFields.String(o, "name") ?? string.Empty,
                JsonFields.String(o, "uid") ?? string.Empty,
                o["blockOwnerDeletion"] is JsonValue block && block.TryGetValue<bool>(out var blocks) && blocks))
            .ToList();
        return new ObjectNode(
            resource,
            JsonFields.String(obj, "metadata", "namespace"),
            name,
            uid,
            JsonFields.String(obj, "metadata", "resourceVersion") ?? string.Empty,
            owners,
            [.. JsonFields.Array(obj, "metadata", "finalizers").Select(f => f?.ToString() ?? string.Empty)],
            JsonFields.String(obj, "metadata", "deletionTimestamp") is { Length: > 0 });
    }
}

/// <summary>
/// Every object the collector has seen, by uid, with the reverse index from an owner's uid to its dependents'. The
/// watches write it and the collector's worker reads it; all access is under one lock.
/// </summary>
internal sealed class ObjectGraph
{
    private readonly Dictionary<string, ObjectNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> dependents = new(StringComparer.Ordinal);

    public ObjectNode? Find(string uid)
    {
        lock (nodes)
        {
            return nodes.GetValueOrDefault(uid);
        }
    }

    public IReadOnlyList<ObjectNode> DependentsOf(string uid)
    {
        lock (nodes)
        {
            return dependents.TryGetValue(uid, out var set) ? [.. set.Select(d => nodes.GetValueOrDefault(d)).OfType<ObjectNode>()] : [];
        }
    }

    /// <summary>Stores <paramref name="node"/>; returns what it replaced.</summary>
    public ObjectNode? Upsert(ObjectNode node)
    {
        lock (nodes)
        {
            var old = RemoveLocked(node.Uid);
            nodes[node.Uid] = node;
            foreach (var owner in node.Owners)
            {
                if (!dependents.TryGetValue(owner.Uid, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    dependents[owner.Uid] = set;
                }

                set.Add(node.Uid);
            }

            return old;
        }
    }

    public ObjectNode? Remove(string uid)
    {
        lock (nodes)
        {
            return RemoveLocked(uid);
        }
    }

    /// <summary>The nodes of <paramref name="resource"/> whose uid is not in <paramref name="keep"/> (they vanished between watches).</summary>
    public IReadOnlyList<ObjectNode> Missing(ApiResource resource, IReadOnlySet<string> keep)
    {
        lock (nodes)
        {
            return [.. nodes.Values.Where(n => n.Resource.Group == resource.Group && n.Resource.Resource == resource.Resource && !keep.Contains(n.Uid))];
        }
    }

    private ObjectNode? RemoveLocked(string uid)
    {
        if (!nodes.Remove(uid, out var old))
        {
            return null;
        }

        foreach (var owner in old.Owners)
        {
            if (dependents.TryGetValue(owner.Uid, out var set) && set.Remove(uid) && set.Count == 0)
            {
                dependents.Remove(owner.Uid);
            }
        }

        return old;
    }
}
